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
      };
      await s.files.save(f);
      assert.deepEqual(await s.files.find(appId, f.uuid), f);
      assert.equal(await s.files.find(appId + 1000, f.uuid), undefined);
      assert.equal(await s.files.find(appId, 'missing'), undefined);
    });
  });
}
