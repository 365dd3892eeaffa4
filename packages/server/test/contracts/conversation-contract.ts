// Storage contract for per-user conversation state (read pointer, pin, marks, one-way deletes), edits,
// reports and pinned messages: every adapter runs it, like storage-contract.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { NewMessage, Storage } from '../../src/domain/ports/storage.js';
import { directConversation } from '../../src/domain/conversations/direct-conversation.js';
import type { StorageFixture } from './storage-contract.js';

export function conversationContract(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`conversation contract: ${name}`, skip, () => {
    let s: Storage;
    let appId: number;
    const kit = contractKit(make, (storage, id) => ((s = storage), (appId = id)), { timeStep: 1000 });
    const { msg } = kit;
    const send = async (m: NewMessage) => (await kit.append(m)).message;
    const key = directConversation('alice', 'bob').key;
    const ids = (list: { id: bigint }[]) => list.map((m) => m.id);
    const summary = async (owner: string, k = key) =>
      (await s.conversations.summaries(appId, owner)).find((c) => c.key === k);
    const up = (owner: string) => s.conversations.history(appId, owner, key, { direction: 'up', limit: 50 });

    test('summaries: last visible message, unread from the peer, monotone read pointer', async () => {
      const a = await send(msg('alice', 'bob'));
      const b = await send(msg('alice', 'bob'));
      await send(msg('bob', 'alice', { chatType: 4, refId: undefined })); // a read ack is no message
      let bob = await summary('bob');
      assert.equal(bob?.queue, 'alice');
      assert.equal(bob?.lastMessage?.id, b.id);
      assert.equal(bob?.unread, 2);
      assert.equal((await summary('alice'))?.unread, 0, 'own messages are never unread');
      await s.conversations.markRead(appId, 'bob', key, a.seq);
      assert.equal((await summary('bob'))?.unread, 1);
      await s.conversations.markRead(appId, 'bob', key, b.seq);
      await s.conversations.markRead(appId, 'bob', key, a.seq); // never lowered
      bob = await summary('bob');
      assert.equal(bob?.unread, 0);
      // A recalled last message leaves the one before as the last.
      await send(msg('alice', 'bob', { chatType: 6, refId: b.id }));
      assert.equal((await summary('bob'))?.lastMessage?.id, a.id);
      assert.deepEqual(await s.conversations.summaries(appId, 'carol'), []);
    });

    test('read pointer and recalled messages for a new device (issue 18)', async () => {
      const a = await send(msg('alice', 'bob'));
      const b = await send(msg('alice', 'bob'));
      const c = await send(msg('bob', 'alice'));
      assert.equal(await s.conversations.readSeq(appId, 'bob', key), 0n);
      await s.conversations.markRead(appId, 'bob', key, a.seq);
      assert.equal(await s.conversations.readSeq(appId, 'bob', key), a.seq);
      assert.equal(await s.conversations.readSeq(appId, 'carol', key), undefined, 'no member');
      assert.deepEqual(await s.conversations.recalledMessages(appId, 'alice', key, 10), []);
      await send(msg('alice', 'bob', { chatType: 6, refId: b.id }));
      await send(msg('bob', 'alice', { chatType: 6, refId: c.id }));
      const recalled = await s.conversations.recalledMessages(appId, 'alice', key, 10);
      assert.deepEqual(ids(recalled), [c.id, b.id], 'newest first');
      assert.equal(recalled[1]?.sender, 'alice');
      assert.equal(recalled[1]?.createdAt, b.createdAt);
      assert.deepEqual(ids(await s.conversations.recalledMessages(appId, 'alice', key, 1)), [c.id]);
      // One-way deletions are the owner's: gone for alice only.
      await s.conversations.deleteMessages(appId, 'alice', key, [c.id]);
      assert.deepEqual(ids(await s.conversations.recalledMessages(appId, 'alice', key, 10)), [b.id]);
      assert.deepEqual(ids(await s.conversations.recalledMessages(appId, 'bob', key, 10)), [c.id, b.id]);
      assert.deepEqual(await s.conversations.recalledMessages(appId, 'carol', key, 10), []);
    });

    test('pin and marks per user; false for a conversation the user is not in', async () => {
      await send(msg('alice', 'bob'));
      assert.equal(await s.conversations.setPinned(appId, 'alice', key, 1234), true);
      assert.equal((await summary('alice'))?.pinnedAt, 1234);
      assert.equal((await summary('bob'))?.pinnedAt, undefined);
      assert.equal(await s.conversations.setMark(appId, 'alice', key, 3, true), true);
      assert.equal(await s.conversations.setMark(appId, 'alice', key, 0, true), true);
      assert.deepEqual((await summary('alice'))?.marks, [0, 3]);
      await s.conversations.setMark(appId, 'alice', key, 3, false);
      assert.deepEqual((await summary('alice'))?.marks, [0]);
      await s.conversations.setPinned(appId, 'alice', key, undefined);
      assert.equal((await summary('alice'))?.pinnedAt, undefined);
      assert.equal(await s.conversations.setPinned(appId, 'carol', key, 1), false);
      assert.equal(await s.conversations.setMark(appId, 'carol', key, 1, true), false);
      assert.equal(await s.conversations.hide(appId, 'carol', key, true), false);
    });

    test('one-way deletes: messages by id, before a time, the whole conversation', async () => {
      const a = await send(msg('alice', 'bob'));
      const b = await send(msg('bob', 'alice'));
      const c = await send(msg('alice', 'bob'));
      await s.conversations.deleteMessages(appId, 'alice', key, [b.id, 999n]);
      assert.deepEqual(ids(await up('alice')), [c.id, a.id]);
      assert.deepEqual(ids(await up('bob')), [c.id, b.id, a.id], 'the peer keeps everything');
      await s.conversations.deleteBefore(appId, 'bob', key, c.createdAt);
      assert.deepEqual(ids(await up('bob')), [c.id]);
      await s.conversations.deleteBefore(appId, 'bob', key, 0); // never lowered
      assert.deepEqual(ids(await up('bob')), [c.id]);
      assert.deepEqual(await s.conversations.history(appId, 'carol', key, { direction: 'up', limit: 9 }), []);

      // Deleting the conversation without history hides it until a newer message; with history clears it.
      assert.equal(await s.conversations.hide(appId, 'alice', key, false), true);
      const hidden = await summary('alice');
      assert.ok(hidden && hidden.lastMessage && hidden.lastMessage.seq <= hidden.hiddenSeq);
      assert.deepEqual(ids(await up('alice')), [c.id, a.id]);
      assert.equal(await s.conversations.hide(appId, 'alice', key, true), true);
      assert.deepEqual(await up('alice'), []);
      assert.equal((await summary('alice'))?.lastMessage, undefined);
      const d = await send(msg('bob', 'alice'));
      const back = await summary('alice');
      assert.equal(back?.lastMessage?.id, d.id);
      assert.ok(back.lastMessage.seq > back.hiddenSeq);
      assert.deepEqual(ids(await up('alice')), [d.id]);
      assert.deepEqual(
        ids(await s.conversations.history(appId, 'bob', key, { direction: 'down', from: c.id, limit: 5 })),
        [d.id],
      );
    });

    test('edits: compare-and-set count, the current body in history and summaries', async () => {
      const a = await send(msg('alice', 'bob'));
      assert.equal(await s.conversations.editOf(appId, a.id), undefined);
      const first = { count: 1, meta: new Uint8Array([7, 7]), editedAt: 10, operator: 'alice' };
      assert.equal(await s.conversations.recordEdit(appId, a.id, first, 0), true);
      assert.equal(await s.conversations.recordEdit(appId, a.id, first, 0), false);
      const second = { count: 2, meta: new Uint8Array([8]), editedAt: 20, operator: 'alice' };
      assert.equal(await s.conversations.recordEdit(appId, a.id, second, 0), false);
      assert.equal(await s.conversations.recordEdit(appId, a.id, second, 1), true);
      const got = await s.conversations.editOf(appId, a.id);
      assert.deepEqual({ ...got, meta: [...got!.meta] }, { ...second, meta: [8] });
      assert.deepEqual([...(await up('bob'))[0]!.meta], [8]);
      assert.deepEqual([...(await summary('bob'))!.lastMessage!.meta], [8]);
      assert.equal(await s.conversations.editOf(appId + 1000, a.id), undefined);
    });

    test('reports are stored; pinned messages newest first, recalled ones left out', async () => {
      const a = await send(msg('alice', 'bob'));
      const b = await send(msg('bob', 'alice'));
      const report = {
        appId,
        reporter: 'bob',
        messageId: a.id,
        reportType: 'spam',
        reason: 'x',
        createdAt: 1,
      };
      await s.conversations.saveReport(report);
      await s.conversations.pinMessage(appId, key, a.id, 'alice', 100);
      await s.conversations.pinMessage(appId, key, b.id, 'bob', 200);
      let pins = await s.conversations.pinnedMessages(appId, key, 10, 0);
      assert.deepEqual(
        pins.map((p) => [p.message.id, p.operator, p.pinnedAt]),
        [
          [b.id, 'bob', 200],
          [a.id, 'alice', 100],
        ],
      );
      assert.deepEqual(ids((await s.conversations.pinnedMessages(appId, key, 1, 1)).map((p) => p.message)), [
        a.id,
      ]);
      await s.conversations.pinMessage(appId, key, a.id, 'bob', 300); // again: refreshed
      pins = await s.conversations.pinnedMessages(appId, key, 10, 0);
      assert.deepEqual(pins[0]?.operator, 'bob');
      assert.equal(await s.conversations.unpinMessage(appId, key, a.id), true);
      assert.equal(await s.conversations.unpinMessage(appId, key, a.id), false);
      await send(msg('bob', 'alice', { chatType: 6, refId: b.id }));
      assert.deepEqual(await s.conversations.pinnedMessages(appId, key, 10, 0), []);
      assert.deepEqual(await s.conversations.pinnedMessages(appId, 'u:x:y', 10, 0), []);
    });
  });
}
