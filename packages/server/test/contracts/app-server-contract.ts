// Storage contract for the app-server stores (domain/ports/app-server.ts): global mutes, the callback outbox
// (dedupe by event key, one head per stream in order, leases, retries, the row cap, the age cap), report
// review, and retention deletes. Every adapter runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Storage } from '../../src/domain/ports/storage.js';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { StorageFixture } from './storage-contract.js';

export function appServerContract(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`app server stores contract: ${name}`, skip, () => {
    let s: Storage;
    let appId: number;
    const kit = contractKit(make, (storage, id) => ((s = storage), (appId = id)));
    const clearOutbox = () => s.callbackOutbox.dropOlderThan(Number.MAX_SAFE_INTEGER);

    test('global mutes: set replaces, get, list only those muted now (or forever), per app', async () => {
      await s.userMutes.set(appId, { username: 'bob', chatUntil: 5000, groupchatUntil: 0, chatroomUntil: 0 });
      await s.userMutes.set(appId, { username: 'ann', chatUntil: 0, groupchatUntil: -1, chatroomUntil: 0 });
      await s.userMutes.set(appId, { username: 'cat', chatUntil: 100, groupchatUntil: 0, chatroomUntil: 0 });
      assert.deepEqual(await s.userMutes.get(appId, 'bob'), {
        username: 'bob',
        chatUntil: 5000,
        groupchatUntil: 0,
        chatroomUntil: 0,
      });
      assert.equal(await s.userMutes.get(appId, 'dan'), undefined);
      assert.deepEqual(
        (await s.userMutes.list(appId, 1000, 0, 10)).map((m) => m.username),
        ['ann', 'bob'],
      );
      assert.deepEqual(
        (await s.userMutes.list(appId, 1000, 1, 10)).map((m) => m.username),
        ['bob'],
      );
      await s.userMutes.set(appId, { username: 'bob', chatUntil: 0, groupchatUntil: 0, chatroomUntil: 0 });
      assert.deepEqual(
        (await s.userMutes.list(appId, 1000, 0, 10)).map((m) => m.username),
        ['ann'],
      );
      assert.deepEqual(await s.userMutes.list(appId + 1_000_000, 1000, 0, 10), []);
    });

    test('outbox: an event key once; one head per stream, in id order; leased; done and retry', async () => {
      await clearOutbox();
      const e = (eventKey: string, stream: string) => ({
        appId,
        eventKey,
        stream,
        body: `{"k":"${eventKey}"}`,
        createdAt: 10,
      });
      assert.deepEqual(await s.callbackOutbox.enqueue(e('a1', 'A'), 100), { added: true, dropped: 0 });
      assert.deepEqual(await s.callbackOutbox.enqueue(e('a1', 'A'), 100), { added: false, dropped: 0 });
      await s.callbackOutbox.enqueue(e('b1', 'B'), 100);
      await s.callbackOutbox.enqueue(e('a2', 'A'), 100);
      assert.equal(await s.callbackOutbox.count(), 3);
      const first = await s.callbackOutbox.claim(20, 1000, 10);
      assert.deepEqual(
        first.map((x) => x.eventKey),
        ['a1', 'b1'],
      );
      assert.equal(first[0]!.body, '{"k":"a1"}');
      assert.deepEqual(await s.callbackOutbox.claim(20, 1000, 10), [], 'heads are leased until 1000');
      await s.callbackOutbox.done(first[0]!.id);
      await s.callbackOutbox.retry(first[1]!.id, 1, 500);
      const second = await s.callbackOutbox.claim(30, 1000, 10);
      assert.deepEqual(
        second.map((x) => x.eventKey),
        ['a2'],
        'B waits for its retry time; A moves on',
      );
      const third = await s.callbackOutbox.claim(600, 2000, 10);
      assert.deepEqual(
        third.map((x) => [x.eventKey, x.attempts]),
        [['b1', 1]],
      );
    });

    test('outbox: the row cap drops the oldest; the age cap drops old ones', async () => {
      await clearOutbox();
      for (let i = 0; i < 5; i++)
        await s.callbackOutbox.enqueue(
          { appId, eventKey: `k${i}`, stream: `S${i}`, body: '{}', createdAt: i },
          3,
        );
      assert.equal(await s.callbackOutbox.count(), 3);
      const left = await s.callbackOutbox.claim(100, 100, 10);
      assert.deepEqual(
        left.map((x) => x.eventKey),
        ['k2', 'k3', 'k4'],
      );
      assert.equal(await s.callbackOutbox.dropOlderThan(4), 2);
      assert.equal(await s.callbackOutbox.count(), 1);
    });

    test('reports: listed newest first, filtered by status, resolved once per app', async () => {
      for (const [i, reason] of ['spam', 'rude'].entries())
        await s.conversations.saveReport({
          appId,
          reporter: 'ann',
          messageId: 77n + BigInt(i),
          reportType: 'ad',
          reason,
          createdAt: 100 + i,
        });
      const all = await s.moderation.listReports(appId, undefined, 0, 10);
      assert.deepEqual(
        all.map((r) => [r.reason, r.status, r.messageId]),
        [
          ['rude', 'open', 78n],
          ['spam', 'open', 77n],
        ],
      );
      assert.equal(
        await s.moderation.resolveReport(appId + 1_000_000, all[0]!.id, 'resolved', 'x', '', 1),
        false,
      );
      assert.equal(
        await s.moderation.resolveReport(appId, all[0]!.id, 'dismissed', 'admin', 'fine', 500),
        true,
      );
      const open = await s.moderation.listReports(appId, 'open', 0, 10);
      assert.deepEqual(
        open.map((r) => r.reason),
        ['spam'],
      );
      const [closed] = await s.moderation.listReports(appId, 'dismissed', 0, 10);
      assert.deepEqual(
        [closed!.status, closed!.resolvedBy, closed!.note, closed!.resolvedAt],
        ['dismissed', 'admin', 'fine', 500],
      );
    });

    test('retention: messages below an id are deleted in batches, of that app only', async () => {
      const ids: bigint[] = [];
      for (let i = 0; i < 5; i++) ids.push((await kit.append(kit.msg('ann', 'bob'))).message.id);
      assert.equal(await s.moderation.deleteMessagesBefore(appId, ids[3]!, 2), 2);
      assert.equal(await s.moderation.deleteMessagesBefore(appId + 1_000_000, ids[3]!, 10), 0);
      assert.equal(await s.moderation.deleteMessagesBefore(appId, ids[3]!, 2), 1);
      assert.equal(await s.moderation.deleteMessagesBefore(appId, ids[3]!, 2), 0);
      assert.equal(await s.messages.findById(appId, ids[0]!), undefined);
      assert.ok(await s.messages.findById(appId, ids[3]!));
    });
  });
}
