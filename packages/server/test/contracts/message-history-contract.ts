// Storage contract for the messages issue (recall references, chat files): every adapter runs it, like
// storage-contract.ts. (History pages are the conversation contract's: ConversationStore.history.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { NewMessage, Storage } from '../../src/domain/ports/storage.js';
import { directConversation } from '../../src/domain/conversations/direct-conversation.js';
import type { StorageFixture } from './storage-contract.js';

export function messageHistoryContract(
  name: string,
  make: () => Promise<StorageFixture>,
  skip?: string,
): void {
  adapterSuite(`message history contract: ${name}`, skip, () => {
    let s: Storage;
    let appId: number;
    const kit = contractKit(make, (storage, id) => ((s = storage), (appId = id)), { timeStep: 1 });
    const { msg } = kit;
    const send = async (m: NewMessage) => (await kit.append(m)).message;
    const key = directConversation('alice', 'bob').key;
    const ids = (list: { id: bigint }[]) => list.map((m) => m.id);

    test('history pages both ways, chat messages only (CHAT_TYPES_SQL), recalled ones left out', async () => {
      const a = await send(msg('alice', 'bob'));
      const b = await send(msg('bob', 'alice'));
      await send(msg('alice', 'bob', { chatType: 4 })); // a read ack: not history
      const c = await send(msg('alice', 'bob'));
      const d = await send(msg('bob', 'alice'));
      assert.deepEqual(
        ids(await s.conversations.history(appId, 'alice', key, { direction: 'up', limit: 10 })),
        [d.id, c.id, b.id, a.id],
      );
      assert.deepEqual(
        ids(await s.conversations.history(appId, 'alice', key, { direction: 'up', limit: 2 })),
        [d.id, c.id],
      );
      assert.deepEqual(
        ids(await s.conversations.history(appId, 'alice', key, { direction: 'up', from: c.id, limit: 2 })),
        [b.id, a.id],
      );
      assert.deepEqual(
        ids(await s.conversations.history(appId, 'alice', key, { direction: 'down', limit: 2 })),
        [a.id, b.id],
      );
      assert.deepEqual(
        ids(await s.conversations.history(appId, 'alice', key, { direction: 'down', from: b.id, limit: 5 })),
        [c.id, d.id],
      );
      const recall = await send(msg('alice', 'bob', { chatType: 6, refId: c.id }));
      assert.equal(recall.refId, c.id);
      assert.deepEqual(
        ids(await s.conversations.history(appId, 'alice', key, { direction: 'up', limit: 10 })),
        [d.id, b.id, a.id],
      );
      assert.deepEqual(
        await s.conversations.history(appId, 'alice', 'u:nobody:none', { direction: 'up', limit: 10 }),
        [],
      );
    });

    test('findById tells whether a message was recalled', async () => {
      const a = await send(msg('alice', 'bob'));
      const found = await s.messages.findById(appId, a.id);
      assert.equal(found?.recalled, false);
      assert.equal(found?.message.sender, 'alice');
      assert.equal(found?.message.createdAt, a.createdAt);
      await send(msg('alice', 'bob', { chatType: 6, refId: a.id }));
      assert.equal((await s.messages.findById(appId, a.id))?.recalled, true);
      assert.equal(await s.messages.findById(appId, 999_999_999n), undefined);
      assert.equal(await s.messages.findById(appId + 1000, a.id), undefined);
    });

    test('offline count and delivery: from the furthest device cursor; listByIdRange by id', async () => {
      const a = await send(msg('alice', 'bob'));
      const b = await send(msg('alice', 'bob'));
      assert.equal(await s.messages.offlineCount(appId, 'bob'), 2);
      assert.equal(await s.messages.deliveredTo(appId, 'bob', a.id), false);
      const phone = { appId, owner: 'bob', resource: 'phone' };
      await s.messages.touchDevice(phone, 1);
      await s.messages.ackQueue(phone, 'alice', a.seq);
      assert.equal(await s.messages.offlineCount(appId, 'bob'), 1);
      assert.equal(await s.messages.deliveredTo(appId, 'bob', a.id), true);
      assert.equal(await s.messages.deliveredTo(appId, 'bob', b.id), false);
      // Another device that took both: the furthest cursor counts.
      const pad = { appId, owner: 'bob', resource: 'pad' };
      await s.messages.touchDevice(pad, 1);
      await s.messages.ackQueue(pad, 'alice', b.seq);
      assert.equal(await s.messages.offlineCount(appId, 'bob'), 0);
      assert.equal(await s.messages.deliveredTo(appId, 'bob', b.id), true);
      assert.equal(await s.messages.offlineCount(appId, 'nobody'), 0);
      assert.equal(await s.messages.deliveredTo(appId, 'bob', 999_999_999n), false);
      assert.deepEqual(ids(await s.messages.listByIdRange(appId, a.id, b.id + 1n, 10)), [a.id, b.id]);
      assert.deepEqual(ids(await s.messages.listByIdRange(appId, a.id, b.id, 10)), [a.id]);
      assert.deepEqual(ids(await s.messages.listByIdRange(appId, a.id, b.id + 1n, 1)), [a.id]);
      assert.deepEqual(await s.messages.listByIdRange(appId + 1000, a.id, b.id + 1n, 10), []);
    });

    test('chat files: save and find per app', async () => {
      const f = {
        uuid: `f-${Math.random()}`,
        appId,
        owner: 'alice',
        chatType: 'CHAT',
        chatTarget: 'bob',
        secret: 'sec',
        filename: '../../etc/passwd',
        contentType: 'image/png',
        size: 12345,
        storageKey: 'ab/cdef',
        createdAt: 10,
        expiresAt: 20,
        holder: 3,
      };
      assert.equal(await s.files.save(f), 'saved');
      assert.deepEqual(await s.files.find(appId, f.uuid), f);
      assert.equal(await s.files.find(appId + 1000, f.uuid), undefined);
      assert.equal(await s.files.find(appId, 'missing'), undefined);
    });

    /** A file record of this app; `at` is its creation, `ttl` how long until it expires. */
    const file = (owner: string, size: number, at: number, ttl: number) => ({
      uuid: `f-${Math.random()}`,
      appId,
      owner,
      chatType: '',
      chatTarget: '',
      secret: 's',
      filename: '',
      contentType: 'application/octet-stream',
      size,
      storageKey: `k-${Math.random()}`,
      createdAt: at,
      expiresAt: at + ttl,
      holder: 1,
    });

    test('chat files: usage counts unexpired bytes per owner and per app; save refuses past a quota', async () => {
      await s.files.save(file('alice', 100, 1000, 4000));
      await s.files.save(file('bob', 50, 1000, 4000));
      await s.files.save(file('alice', 30, 1000, 500));
      assert.equal(await s.files.usage(appId, 'alice', 1000), 130);
      assert.equal(await s.files.usage(appId, 'alice', 2000), 100, 'expired at 1500');
      assert.equal(await s.files.usage(appId, 'carol', 2000), 0);
      assert.equal(await s.files.usage(appId, undefined, 2000), 150);
      assert.equal(await s.files.usage(appId + 1000, undefined, 2000), 0);
      // At 2000 alice has 100 bytes: 31 more pass a 131-byte quota only when they fit.
      const quota = { perOwnerBytes: 131, perAppBytes: 0 };
      assert.equal(await s.files.save(file('alice', 32, 2000, 4000), quota), 'owner-quota');
      assert.equal(await s.files.save(file('alice', 31, 2000, 4000), quota), 'saved');
      assert.equal(await s.files.usage(appId, 'alice', 2000), 131);
      // The app: 181 bytes live at 2000.
      const app = { perOwnerBytes: 0, perAppBytes: 200 };
      assert.equal(await s.files.save(file('bob', 20, 2000, 4000), app), 'app-quota');
      assert.equal(await s.files.save(file('bob', 19, 2000, 4000), app), 'saved');
      assert.equal(await s.files.usage(appId, undefined, 2000), 200);
      const refused = file('dave', 1, 2000, 4000);
      assert.equal(await s.files.save(refused, { perOwnerBytes: 10, perAppBytes: 200 }), 'app-quota');
      assert.equal(await s.files.find(appId, refused.uuid), undefined, 'a refused record is not saved');
    });

    test('chat files: uploads saved at once never pass the quota together', async () => {
      const quota = { perOwnerBytes: 50, perAppBytes: 0 };
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, () => s.files.save(file('erin', 10, 5000, 4000), quota)),
      );
      assert.equal(outcomes.filter((o) => o === 'saved').length, 5);
      assert.equal(await s.files.usage(appId, 'erin', 5000), 50);
    });

    test('chat files: expired ones in expiry order and in batches; remove deletes records', async () => {
      // Long before any other test's files, so the batches hold only these.
      const t0 = -9e12 - appId * 1e6;
      const a = file('fay', 1, t0, 100);
      const b = file('fay', 2, t0, 200);
      const c = file('fay', 3, t0, 300);
      for (const f of [c, a, b]) await s.files.save(f);
      const uuids = (list: { uuid: string }[]) => list.map((f) => f.uuid);
      assert.deepEqual(uuids(await s.files.expired(t0 + 250, 10, 1)), [a.uuid, b.uuid]);
      assert.deepEqual(uuids(await s.files.expired(t0 + 250, 1, 1)), [a.uuid]);
      assert.deepEqual(await s.files.expired(t0 + 50, 10, 1), []);
      await s.files.remove([a.uuid, b.uuid]);
      await s.files.remove([]);
      assert.equal(await s.files.find(appId, a.uuid), undefined);
      assert.equal(await s.files.find(appId, b.uuid), undefined);
      assert.deepEqual(uuids(await s.files.expired(t0 + 1000, 10, 1)), [c.uuid]);
    });
  });
}
