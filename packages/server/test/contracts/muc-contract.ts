// Storage contract for groups (MucStore): records, members with roles and counts, delivery rows written
// with the membership, requests, listing and paging. Every adapter runs it, like storage-contract.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { MucMember, NewMuc } from '../../src/domain/ports/mucs.js';
import type { Storage } from '../../src/domain/ports/storage.js';
import type { StorageFixture } from './storage-contract.js';

export function mucContract(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`muc contract: ${name}`, skip, () => {
    let s: Storage;
    let appId: number;
    const kit = contractKit(make, (storage, id) => ((s = storage), (appId = id)));
    let n = 0;
    const newMuc = (over: Partial<NewMuc> = {}): NewMuc => ({
      appId,
      kind: 'group',
      id: `10000000000${String(++n).padStart(4, '0')}`,
      name: 'team',
      description: 'the team',
      avatar: 'https://a/b.png',
      owner: 'owner',
      public: true,
      approval: false,
      allowInvites: false,
      inviteNeedConfirm: false,
      maxUsers: 200,
      custom: '{"k":1}',
      announcement: '',
      allMuted: false,
      disabled: false,
      createdAt: 1_700_000_000_000,
      ...over,
    });
    const member = (username: string, role: MucMember['role'] = 'member', joinedAt = 1): MucMember => ({
      username,
      role,
      joinedAt,
    });
    const create = async (over: Partial<NewMuc> = {}, others: string[] = []) => {
      const muc = newMuc(over);
      const made = await s.mucs.create(muc, [
        member(muc.owner, 'owner', muc.createdAt),
        ...others.map((u, i) => member(u, 'member', muc.createdAt + i + 1)),
      ]);
      assert.ok(made);
      return made;
    };
    const names = async (id: string) =>
      (await s.mucs.members(appId, id, 0, 1000)).map((m) => `${m.role}:${m.username}`);
    const groupMessage = (sender: string, id: string) =>
      s.messages.append(kit.msg(sender, id, { chatType: 2 }), { key: `g:${id}`, members: [] });

    test('create: the record as given, owner and members with delivery rows; a taken id writes nothing', async () => {
      const muc = newMuc();
      const g = await s.mucs.create(muc, [
        member('owner', 'owner', muc.createdAt),
        member('bob', 'member', muc.createdAt + 1),
        member('carol', 'member', muc.createdAt + 2),
      ]);
      assert.deepEqual(g, { ...muc, memberCount: 3, modifiedAt: muc.createdAt });
      assert.deepEqual(await s.mucs.get(appId, g.id), g);
      assert.deepEqual(await names(g.id), ['owner:owner', 'member:bob', 'member:carol']);
      assert.deepEqual((await s.mucs.memberNames(appId, g.id)).sort(), ['bob', 'carol', 'owner']);
      for (const u of ['owner', 'bob', 'carol']) assert.equal(await s.mucs.deliveryStart(appId, g.id, u), 0n);
      const queues = (await s.conversations.summaries(appId, 'bob')).map((c) => c.queue);
      assert.deepEqual(queues, [`g:${g.id}`]);

      assert.equal(
        await s.mucs.create(newMuc({ id: g.id, owner: 'mallory' }), [member('mallory', 'owner')]),
        undefined,
      );
      assert.equal((await s.mucs.get(appId, g.id))?.owner, 'owner');
      assert.equal(await s.mucs.member(appId, g.id, 'mallory'), undefined);
      assert.equal(await s.mucs.get(appId, '999'), undefined);
      assert.equal(await s.mucs.get(appId + 1000, g.id), undefined, 'records are per app');
    });

    test('getMany keeps the order asked and leaves unknown ids out; update patches and stamps', async () => {
      const a = await create();
      const b = await create({ name: 'b' });
      assert.deepEqual(
        (await s.mucs.getMany(appId, [b.id, 'nope', a.id])).map((g) => g.id),
        [b.id, a.id],
      );
      assert.deepEqual(await s.mucs.getMany(appId, []), []);
      const u = await s.mucs.update(
        appId,
        a.id,
        {
          name: 'renamed',
          public: false,
          approval: true,
          maxUsers: 50,
          custom: '',
          disabled: true,
          allMuted: true,
        },
        1_700_000_000_500,
      );
      assert.ok(u);
      assert.deepEqual(
        [u.name, u.public, u.approval, u.maxUsers, u.custom, u.disabled, u.allMuted, u.modifiedAt],
        ['renamed', false, true, 50, '', true, true, 1_700_000_000_500],
      );
      assert.equal(u.description, a.description, 'what the patch leaves out stays');
      assert.deepEqual(await s.mucs.get(appId, a.id), u);
      assert.equal(await s.mucs.update(appId, 'nope', { name: 'x' }, 1), undefined);
    });

    test('addMembers: new ones added with delivery rows at the log end, the already-members reported, counts exact', async () => {
      const g = await create({ maxUsers: 4 }, ['bob']);
      await groupMessage('owner', g.id);
      await groupMessage('bob', g.id);
      const r = await s.mucs.addMembers(appId, g.id, ['carol', 'bob', 'carol'], 1_700_000_000_100);
      assert.deepEqual(r, { ok: true, added: ['carol'], already: ['bob'] });
      assert.equal((await s.mucs.get(appId, g.id))?.memberCount, 3);
      assert.deepEqual(await s.mucs.member(appId, g.id, 'carol'), {
        username: 'carol',
        role: 'member',
        joinedAt: 1_700_000_000_100,
      });
      assert.equal(
        await s.mucs.deliveryStart(appId, g.id, 'carol'),
        2n,
        'a new member starts after the backlog',
      );
      assert.equal(await s.mucs.deliveryStart(appId, g.id, 'bob'), 0n);
      // Full: owner + bob + carol + one more = 4; two more would pass it, and nothing is written.
      assert.deepEqual(await s.mucs.addMembers(appId, g.id, ['dave', 'erin'], 2), {
        ok: false,
        reason: 'full',
      });
      assert.equal(await s.mucs.member(appId, g.id, 'dave'), undefined);
      assert.equal(await s.mucs.deliveryStart(appId, g.id, 'dave'), undefined);
      assert.deepEqual(await s.mucs.addMembers(appId, g.id, ['dave'], 2), {
        ok: true,
        added: ['dave'],
        already: [],
      });
      assert.equal((await s.mucs.get(appId, g.id))?.memberCount, 4);
      assert.deepEqual(await s.mucs.addMembers(appId, g.id, ['bob'], 3), {
        ok: true,
        added: [],
        already: ['bob'],
      });
      assert.deepEqual(await s.mucs.addMembers(appId, 'nope', ['bob'], 3), { ok: false, reason: 'gone' });
    });

    test('concurrent joins never pass maxUsers (the owner counts) and the count stays exact', async () => {
      const g = await create({ maxUsers: 10 });
      const users = Array.from({ length: 25 }, (_, i) => `u${i}`);
      const results = await Promise.all(users.map((u) => s.mucs.addMembers(appId, g.id, [u], 5)));
      assert.equal(results.filter((r) => r.ok).length, 9);
      assert.equal(results.filter((r) => !r.ok && r.reason === 'full').length, 16);
      const after = await s.mucs.get(appId, g.id);
      assert.equal(after?.memberCount, 10);
      assert.equal((await s.mucs.memberNames(appId, g.id)).length, 10);
      // Concurrent removals and re-joins keep it exact too.
      const joined = (await s.mucs.memberNames(appId, g.id)).filter((u) => u !== 'owner');
      await Promise.all([
        ...joined.map((u) => s.mucs.removeMembers(appId, g.id, [u])),
        ...joined.map((u) => s.mucs.removeMembers(appId, g.id, [u])),
      ]);
      assert.equal((await s.mucs.get(appId, g.id))?.memberCount, 1);
    });

    test('removeMembers: never the owner; delivery rows go; rejoining starts at the log end again', async () => {
      const g = await create({}, ['bob', 'carol']);
      assert.deepEqual(await s.mucs.removeMembers(appId, g.id, ['carol', 'owner', 'zed', 'carol']), [
        'carol',
      ]);
      assert.equal((await s.mucs.get(appId, g.id))?.memberCount, 2);
      assert.equal(await s.mucs.member(appId, g.id, 'carol'), undefined);
      assert.equal(await s.mucs.deliveryStart(appId, g.id, 'carol'), undefined);
      assert.deepEqual(await s.conversations.summaries(appId, 'carol'), []);
      assert.ok(await s.mucs.member(appId, g.id, 'owner'));
      await groupMessage('bob', g.id);
      await s.mucs.addMembers(appId, g.id, ['carol'], 9);
      assert.equal(await s.mucs.deliveryStart(appId, g.id, 'carol'), 1n);
      assert.deepEqual(await s.mucs.removeMembers(appId, 'nope', ['bob']), []);
    });

    test('members are listed owner first, then admins, then members, each by join time, paged', async () => {
      const g = await create({}, []);
      await s.mucs.addMembers(appId, g.id, ['m2'], 30);
      await s.mucs.addMembers(appId, g.id, ['m1'], 20);
      await s.mucs.addMembers(appId, g.id, ['a1'], 40);
      await s.mucs.addMembers(appId, g.id, ['a0'], 50);
      assert.equal(await s.mucs.setRole(appId, g.id, 'a1', 'admin'), true);
      assert.equal(await s.mucs.setRole(appId, g.id, 'a0', 'admin'), true);
      assert.deepEqual(await names(g.id), ['owner:owner', 'admin:a1', 'admin:a0', 'member:m1', 'member:m2']);
      const page = await s.mucs.members(appId, g.id, 1, 2);
      assert.deepEqual(
        page.map((m) => [m.username, m.role, m.joinedAt]),
        [
          ['a1', 'admin', 40],
          ['a0', 'admin', 50],
        ],
      );
      assert.equal(
        await s.mucs.setRole(appId, g.id, 'owner', 'member'),
        false,
        'the owner is no admin/member',
      );
      assert.equal(await s.mucs.setRole(appId, g.id, 'zed', 'admin'), false, 'not a member');
      assert.equal(await s.mucs.setRole(appId, g.id, 'a0', 'member'), true);
      assert.equal((await s.mucs.member(appId, g.id, 'a0'))?.role, 'member');
    });

    test('transferOwner: to a member only; the old owner becomes a member', async () => {
      const g = await create({}, ['bob']);
      assert.equal(await s.mucs.transferOwner(appId, g.id, 'zed', 5), false);
      assert.equal(await s.mucs.transferOwner(appId, g.id, 'owner', 5), false);
      assert.equal(await s.mucs.transferOwner(appId, g.id, 'bob', 1_700_000_000_900), true);
      const after = await s.mucs.get(appId, g.id);
      assert.deepEqual([after?.owner, after?.modifiedAt, after?.memberCount], ['bob', 1_700_000_000_900, 2]);
      assert.deepEqual(await names(g.id), ['owner:bob', 'member:owner']);
      assert.deepEqual(
        await s.mucs.removeMembers(appId, g.id, ['bob']),
        [],
        'the new owner cannot be removed',
      );
      assert.equal(await s.mucs.transferOwner(appId, 'nope', 'bob', 5), false);
    });

    test('requests: saved per (type, user), replaced, found, deleted', async () => {
      const g = await create();
      await s.mucs.saveRequest(appId, g.id, {
        type: 'apply',
        username: 'bob',
        reason: 'let me in',
        createdAt: 5,
      });
      await s.mucs.saveRequest(appId, g.id, {
        type: 'invite',
        username: 'bob',
        inviter: 'owner',
        reason: 'join us',
        createdAt: 6,
      });
      assert.deepEqual(await s.mucs.findRequest(appId, g.id, 'apply', 'bob'), {
        type: 'apply',
        username: 'bob',
        reason: 'let me in',
        createdAt: 5,
      });
      await s.mucs.saveRequest(appId, g.id, {
        type: 'apply',
        username: 'bob',
        reason: 'again',
        createdAt: 7,
      });
      assert.equal((await s.mucs.findRequest(appId, g.id, 'apply', 'bob'))?.reason, 'again');
      assert.deepEqual(await s.mucs.findRequest(appId, g.id, 'invite', 'bob'), {
        type: 'invite',
        username: 'bob',
        inviter: 'owner',
        reason: 'join us',
        createdAt: 6,
      });
      assert.equal(await s.mucs.deleteRequest(appId, g.id, 'apply', 'bob'), true);
      assert.equal(await s.mucs.deleteRequest(appId, g.id, 'apply', 'bob'), false);
      assert.equal(await s.mucs.findRequest(appId, g.id, 'apply', 'bob'), undefined);
      assert.ok(await s.mucs.findRequest(appId, g.id, 'invite', 'bob'));
    });

    test('destroy removes the record, members, delivery rows and requests; messages stay', async () => {
      const g = await create({}, ['bob']);
      const sent = await groupMessage('bob', g.id);
      await s.mucs.saveRequest(appId, g.id, { type: 'apply', username: 'carol', reason: '', createdAt: 1 });
      assert.equal(await s.mucs.destroy(appId, g.id), true);
      assert.equal(await s.mucs.get(appId, g.id), undefined);
      assert.deepEqual(await s.mucs.memberNames(appId, g.id), []);
      assert.equal(await s.mucs.deliveryStart(appId, g.id, 'bob'), undefined);
      assert.deepEqual(await s.conversations.summaries(appId, 'bob'), []);
      assert.equal(await s.mucs.findRequest(appId, g.id, 'apply', 'carol'), undefined);
      assert.equal(await s.mucs.joinedCount(appId, 'group', 'bob'), 0);
      assert.ok(await s.messages.findById(appId, sent.message.id), 'messages stay');
      assert.equal(await s.mucs.destroy(appId, g.id), false);
    });

    test('list: by id after the cursor, all or public only; joinedBy newest join first with role and total', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await create({ public: i % 2 === 0 })).id);
      const all1 = await s.mucs.list(appId, 'group', { publicOnly: false, limit: 3 });
      assert.deepEqual(
        all1.items.map((g) => g.id),
        ids.slice(0, 3),
      );
      assert.ok(all1.cursor);
      const all2 = await s.mucs.list(appId, 'group', { publicOnly: false, limit: 3, cursor: all1.cursor });
      assert.deepEqual(
        all2.items.map((g) => g.id),
        ids.slice(3),
      );
      assert.equal(all2.cursor, undefined, 'the last page has no cursor');
      const pub = await s.mucs.list(appId, 'group', { publicOnly: true, limit: 10 });
      assert.deepEqual(
        pub.items.map((g) => g.id),
        [ids[0], ids[2], ids[4]],
      );
      assert.deepEqual((await s.mucs.list(appId, 'room', { publicOnly: false, limit: 10 })).items, []);
      assert.equal(await s.mucs.count(appId, 'group'), 5);
      assert.equal(await s.mucs.count(appId, 'room'), 0);

      await s.mucs.addMembers(appId, ids[1]!, ['bob'], 100);
      await s.mucs.addMembers(appId, ids[3]!, ['bob'], 300);
      await s.mucs.addMembers(appId, ids[0]!, ['bob'], 200);
      await s.mucs.setRole(appId, ids[0]!, 'bob', 'admin');
      const joined = await s.mucs.joinedBy(appId, 'group', 'bob', 0, 2);
      assert.equal(joined.total, 3);
      assert.deepEqual(
        joined.items.map((g) => [g.id, g.role, g.memberCount]),
        [
          [ids[3], 'member', 2],
          [ids[0], 'admin', 2],
        ],
      );
      const rest = await s.mucs.joinedBy(appId, 'group', 'bob', 2, 2);
      assert.deepEqual(
        rest.items.map((g) => g.id),
        [ids[1]],
      );
      assert.equal(await s.mucs.joinedCount(appId, 'group', 'bob'), 3);
      assert.equal((await s.mucs.joinedBy(appId, 'group', 'owner', 0, 10)).items[0]?.role, 'owner');
      assert.deepEqual(await s.mucs.joinedBy(appId, 'room', 'bob', 0, 10), { items: [], total: 0 });
    });
  });
}
