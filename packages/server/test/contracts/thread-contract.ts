// Storage contract for chat threads (domain/ports/threads.ts). Every adapter runs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { StorageFixture } from './storage-contract.js';
import type { Storage } from '../../src/domain/ports/storage.js';
import type { NewThread, ThreadStore } from '../../src/domain/ports/threads.js';

export function threadContract(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`thread contract: ${name}`, skip, () => {
    let s: ThreadStore;
    let storage: Storage;
    let appId: number;
    contractKit(make, (st, id) => ((storage = st), (s = st.threads), (appId = id)));
    const thread = (id: string, over: Partial<NewThread> = {}): NewThread => ({
      appId,
      id,
      groupId: 'g1',
      msgId: `m${id}`,
      name: `t${id}`,
      owner: 'ann',
      createdAt: 100 + Number(id),
      ...over,
    });

    test('create: owner is the first member; one thread per message; a taken id is told apart', async () => {
      const r = await s.create(thread('1'));
      assert.equal(r.ok, true);
      const t = await s.get(appId, '1');
      assert.equal(t?.memberCount, 1);
      assert.equal(t?.messageCount, 0);
      assert.equal(t?.lastMessageId, '');
      assert.equal(t?.groupId, 'g1');
      assert.deepEqual(await s.memberNames(appId, '1'), ['ann']);
      assert.deepEqual(await s.create(thread('2', { msgId: 'm1' })), { ok: false, reason: 'message' });
      assert.deepEqual(await s.create(thread('1', { msgId: 'other' })), { ok: false, reason: 'id' });
      assert.equal((await s.byMessage(appId, 'm1'))?.id, '1');
      assert.equal(await s.byMessage(appId, 'nope'), undefined);
      assert.equal(await s.count(appId), 1);
    });

    test('join, leave and members pages in join order; delivery rows follow membership', async () => {
      await s.create(thread('1'));
      assert.equal(await s.join(appId, '1', 'bob', 200), 'joined');
      assert.equal(await s.join(appId, '1', 'bob', 201), 'already');
      assert.equal(await s.join(appId, '1', 'cat', 202), 'joined');
      assert.equal(await s.join(appId, '9', 'cat', 202), 'gone');
      assert.equal((await s.get(appId, '1'))?.memberCount, 3);
      const p1 = await s.members(appId, '1', 2);
      assert.deepEqual(
        p1.items.map((m) => m.username),
        ['ann', 'bob'],
      );
      assert.ok(p1.cursor);
      const p2 = await s.members(appId, '1', 2, p1.cursor);
      assert.deepEqual(p2.items, [{ username: 'cat', joinedAt: 202 }]);
      assert.equal(p2.cursor, undefined);
      assert.ok((await storage.messages.unreadQueues({ appId, owner: 'bob', resource: 'r' })) !== undefined);
      assert.deepEqual(await s.removeMembers(appId, '1', ['bob', 'zed', 'bob']), ['bob']);
      assert.equal(await s.member(appId, '1', 'bob'), undefined);
      assert.equal((await s.member(appId, '1', 'cat'))?.joinedAt, 202);
      assert.equal((await s.get(appId, '1'))?.memberCount, 2);
    });

    test('lists: a group, the app, a user (optionally per group) with cursors', async () => {
      await s.create(thread('1'));
      await s.create(thread('2', { groupId: 'g2' }));
      await s.create(thread('3'));
      await s.join(appId, '2', 'bob', 300);
      await s.join(appId, '3', 'bob', 300);
      const g = await s.ofGroup(appId, 'g1', 1);
      assert.deepEqual(
        g.items.map((t) => t.id),
        ['1'],
      );
      const g2 = await s.ofGroup(appId, 'g1', 1, g.cursor);
      assert.deepEqual(
        g2.items.map((t) => t.id),
        ['3'],
      );
      assert.deepEqual(
        (await s.ofGroup(appId, 'g1', 1, g2.cursor)).items.map((t) => t.id),
        [],
      );
      assert.deepEqual(
        (await s.all(appId, 10)).items.map((t) => t.id),
        ['1', '2', '3'],
      );
      assert.deepEqual(
        (await s.joinedBy(appId, 'bob', { limit: 10 })).items.map((t) => t.id),
        ['2', '3'],
      );
      assert.deepEqual(
        (await s.joinedBy(appId, 'bob', { groupId: 'g2', limit: 10 })).items.map((t) => t.id),
        ['2'],
      );
      assert.deepEqual(
        (await s.getMany(appId, ['3', 'x', '1'])).map((t) => t.id),
        ['3', '1'],
      );
    });

    test("leaving a group leaves its threads; a destroyed group's threads go", async () => {
      await s.create(thread('1'));
      await s.create(thread('2'));
      await s.create(thread('3', { groupId: 'g2' }));
      for (const id of ['1', '2', '3']) await s.join(appId, id, 'bob', 300);
      assert.equal(await s.forgetGroupMembers(appId, 'g1', ['bob', 'zed']), 2);
      assert.deepEqual(await s.memberNames(appId, '1'), ['ann']);
      assert.equal((await s.get(appId, '2'))?.memberCount, 1);
      assert.deepEqual(
        (await s.joinedBy(appId, 'bob', { limit: 10 })).items.map((t) => t.id),
        ['3'],
      );
      assert.deepEqual((await s.destroyOfGroup(appId, 'g1')).sort(), ['1', '2']);
      assert.equal(await s.get(appId, '1'), undefined);
      assert.equal((await s.get(appId, '3'))?.memberCount, 2);
      assert.deepEqual(await s.destroyOfGroup(appId, 'g1'), []);
    });

    test('rename, record messages, destroy', async () => {
      await s.create(thread('1'));
      assert.equal((await s.rename(appId, '1', 'new', 500))?.name, 'new');
      assert.equal(await s.rename(appId, '9', 'new', 500), undefined);
      await s.recordMessage(appId, '1', '77', 600);
      const t = await s.recordMessage(appId, '1', '78', 601);
      assert.equal(t?.messageCount, 2);
      assert.equal(t?.lastMessageId, '78');
      assert.equal(await s.recordMessage(appId, '9', '78', 601), undefined);
      assert.equal(await s.destroy(appId, '1'), true);
      assert.equal(await s.destroy(appId, '1'), false);
      assert.equal(await s.get(appId, '1'), undefined);
      assert.deepEqual(await s.memberNames(appId, '1'), []);
      assert.deepEqual((await s.joinedBy(appId, 'ann', { limit: 10 })).items, []);
      assert.equal((await s.create(thread('2', { msgId: 'm1' }))).ok, true, 'the message is free again');
    });
  });
}
