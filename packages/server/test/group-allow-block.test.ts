// Group allow and block lists with both SDKs: adding members to the allow list (the added user is told),
// who may see it and ask about it; blocking (the member is removed, told removeMember, the others
// memberAbsence; the owner and admins-by-admins are refused), the block list, unblocking (told
// unblockMember), per-user results of batches, and the codes: 603 for members, 602, 605, 50.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { closeAllOfficialClients, plain } from './support/official-sdk.js';
import { testClients } from './support/test-clients.js';
import { register } from './support/rest.js';
import { appIdOf, makeGroup } from './support/groups.js';

const code = (type: number) => (e: any) => {
  assert.equal(e?.type, type, `expected code ${type}, got ${JSON.stringify(plain(e))}`);
  return true;
};
const op = (operation: string) => ({ predicate: (d: any) => d.operation === operation });

describe('group allow and block lists with both SDKs', () => {
  let env: TestServer;
  const clients = testClients(() => env);
  const { our, official } = clients;

  before(async () => {
    env = await startTestServer({ limits: { groupListBatchMax: 4 } });
    for (const u of ['owen', 'adam', 'abby', 'mia', 'max', 'nora', 'out']) await register(env, u, 'pw');
  });
  after(async () => {
    clients.closeOurs();
    await closeAllOfficialClients();
    await env.close();
  });
  const memberNames = async (g: string) => env.server.ctx.storage.mucs.memberNames(await appIdOf(env), g);

  test('official: allow list add (per-user results), told to the user, list, check, remove', async () => {
    const g = await makeGroup(env, { owner: 'owen', admins: ['adam'], members: ['mia', 'max'] });
    await using adam = await official('adam');
    await using mia = await official('mia');
    await using max = await official('max');
    const res = plain<any>(await adam.conn.addUsersToGroupAllowlist({ groupId: g, users: ['mia', 'out'] }));
    assert.equal(res.data.length, 2);
    assert.deepEqual(res.data[0], { result: true, action: 'add_user_whitelist', user: 'mia', groupid: g });
    assert.equal(res.data[1].result, false);
    assert.equal(res.data[1].user, 'out');
    assert.match(res.data[1].reason, /not members of this group/);
    const e = plain<any>(await mia.nextEvent('onGroupEvent', op('addUserToAllowlist')));
    assert.deepEqual([e.id, e.from, e.userId], [g, 'adam', 'mia']);

    assert.deepEqual(plain<any>(await adam.conn.getGroupAllowlist({ groupId: g })).data, ['mia']);
    assert.deepEqual(plain<any>(await mia.conn.isInGroupAllowlist({ groupId: g, userName: 'mia' })).data, {
      member: 'mia',
      white: true,
    });
    assert.deepEqual(plain<any>(await max.conn.isInGroupAllowlist({ groupId: g, userName: 'max' })).data, {
      member: 'max',
      white: false,
    });
    // A member asks only about themselves, and neither reads nor changes the list.
    await assert.rejects(max.conn.isInGroupAllowlist({ groupId: g, userName: 'mia' }), code(603));
    await assert.rejects(max.conn.getGroupAllowlist({ groupId: g }), code(603));
    await assert.rejects(max.conn.addUsersToGroupAllowlist({ groupId: g, users: ['max'] }), code(603));

    const removed = plain<any>(await adam.conn.removeGroupAllowlistMember({ groupId: g, userName: 'mia' }));
    assert.deepEqual(removed.data, {
      result: true,
      action: 'remove_user_whitelist',
      user: 'mia',
      groupid: g,
    });
    const r = plain<any>(await mia.nextEvent('onGroupEvent', op('removeAllowlistMember')));
    assert.deepEqual([r.id, r.from, r.userId], [g, 'adam', 'mia']);
    assert.deepEqual(plain<any>(await adam.conn.getGroupAllowlist({ groupId: g })).data, []);
    // Taking off someone who is not on it names the problem (-3).
    await assert.rejects(adam.conn.removeGroupAllowlistMember({ groupId: g, userName: 'mia' }), code(-3));
    await assert.rejects(adam.conn.getGroupAllowlist({ groupId: '999' }), code(605));
  });

  test('official: block removes the member (removeMember to them, memberAbsence to the rest), list, unblock', async () => {
    const g = await makeGroup(env, {
      owner: 'owen',
      admins: ['adam', 'abby'],
      members: ['mia', 'max', 'nora'],
    });
    await using owen = await official('owen');
    await using adam = await official('adam');
    await using mia = await official('mia');
    await using max = await official('max');
    const res = plain<any>(await adam.conn.blockGroupMember({ groupId: g, username: 'mia' }));
    assert.deepEqual(res.data, { result: true, action: 'add_blocks', user: 'mia', groupid: g });
    const kicked = plain<any>(await mia.nextEvent('onGroupEvent', op('removeMember')));
    assert.deepEqual([kicked.id, kicked.from], [g, 'adam']);
    const absent = plain<any>(await max.nextEvent('onGroupEvent', op('memberAbsence')));
    assert.deepEqual([absent.id, absent.from, absent.memberCount], [g, 'mia', 5]);
    assert.equal(max.events('onGroupEvent').filter((d: any) => d.operation === 'removeMember').length, 0);
    assert.deepEqual((await memberNames(g)).sort(), ['abby', 'adam', 'max', 'nora', 'owen']);
    assert.deepEqual(plain<any>(await adam.conn.getGroupBlocklist({ groupId: g })).data, ['mia']);
    // The blocked user is no member any more: nothing of the group is theirs to read.
    await assert.rejects(mia.conn.fetchGroupAnnouncement({ groupId: g }), code(602));

    // Batch: per-user results; the owner and (for an admin) admins are refused, as are non-members.
    const batch = plain<any>(
      await adam.conn.blockGroupMembers({ groupId: g, usernames: ['max', 'owen', 'abby', 'out'] }),
    );
    assert.deepEqual(
      batch.data.map((r: any) => [r.user, r.result, r.action, r.groupid]),
      [
        ['max', true, 'add_blocks', g],
        ['owen', false, 'add_blocks', g],
        ['abby', false, 'add_blocks', g],
        ['out', false, 'add_blocks', g],
      ],
    );
    assert.ok(batch.data.slice(1).every((r: any) => typeof r.reason === 'string' && r.reason !== ''));
    // One user named alone: the error itself.
    await assert.rejects(adam.conn.blockGroupMember({ groupId: g, username: 'owen' }), code(603));
    await assert.rejects(adam.conn.blockGroupMember({ groupId: g, username: 'out' }), code(602));
    await assert.rejects(
      owen.conn.blockGroupMembers({ groupId: g, usernames: ['a', 'b', 'c', 'd', 'e'] }),
      code(50),
    );
    await assert.rejects(max.conn.getGroupBlocklist({ groupId: g }), code(602), 'max was blocked');

    const un = plain<any>(await owen.conn.unblockGroupMember({ groupId: g, username: 'mia' }));
    assert.deepEqual(un.data, { result: true, action: 'remove_blocks', user: 'mia', groupid: g });
    const back = plain<any>(await mia.nextEvent('onGroupEvent', op('unblockMember')));
    assert.deepEqual([back.id, back.from], [g, 'owen']);
    const many = plain<any>(await owen.conn.unblockGroupMembers({ groupId: g, usernames: ['max', 'nora'] }));
    assert.deepEqual(
      many.data.map((r: any) => [r.user, r.result]),
      [
        ['max', true],
        ['nora', false],
      ],
    );
    assert.deepEqual(plain<any>(await owen.conn.getGroupBlocklist({ groupId: g })).data, []);
    // Unblocking does not bring anyone back: they join again on their own.
    assert.ok(!(await memberNames(g)).includes('mia'));
  });

  test('blocked users are kept out: the store answers the join check', async () => {
    const g = await makeGroup(env, { owner: 'owen', members: ['mia'] });
    await using owen = await official('owen');
    await owen.conn.blockGroupMember({ groupId: g, username: 'mia' });
    const { blockedUsers } = await import('../src/domain/mucs/block-list.js');
    const lists = env.server.ctx.storage.mucLists;
    assert.deepEqual(await blockedUsers(lists, await appIdOf(env), g, ['max', 'mia'], Date.now()), ['mia']);
  });

  test('ours: allow and block calls with the official names (aliases too), shapes and codes', async () => {
    const g = await makeGroup(env, { owner: 'owen', admins: ['adam'], members: ['mia', 'max', 'nora'] });
    const owen = await our('owen');
    const mia = await our('mia');
    const added = await owen.conn.addUsersToGroupWhitelist({ groupId: g, users: ['mia'] });
    assert.equal(added.data?.[0]?.result, true);
    assert.deepEqual((await owen.conn.getGroupWhitelist({ groupId: g })).data, ['mia']);
    assert.deepEqual((await mia.conn.isGroupWhiteUser({ groupId: g, userName: 'mia' })).data, {
      member: 'mia',
      white: true,
    });
    assert.equal(
      (await owen.conn.rmUsersFromGroupWhitelist({ groupId: g, userName: 'mia' })).data?.result,
      true,
    );
    await assert.rejects(mia.conn.addUsersToGroupAllowlist({ groupId: g, users: ['mia'] }), code(603));

    assert.equal((await owen.conn.groupBlockSingle({ groupId: g, username: 'max' })).data?.user, 'max');
    const multi = await owen.conn.groupBlockMulti({ groupId: g, usernames: ['nora', 'owen'] });
    assert.deepEqual(
      multi.data?.map((r) => [r.user, r.result]),
      [
        ['nora', true],
        ['owen', false],
      ],
    );
    assert.deepEqual((await owen.conn.getGroupBlacklist({ groupId: g })).data?.slice().sort(), [
      'max',
      'nora',
    ]);
    assert.deepEqual((await owen.conn.getGroupBlacklistNew({ groupId: g })).data?.length, 2);
    await assert.rejects(mia.conn.getGroupBlocklist({ groupId: g }), code(603));
    assert.equal(
      (await owen.conn.removeGroupBlockSingle({ groupId: g, username: 'max' })).data?.result,
      true,
    );
    assert.equal((await owen.conn.removeGroupBlockMulti({ groupId: g, usernames: ['nora'] })).type, 0);
    assert.deepEqual((await owen.conn.getGroupBlocklist({ groupId: g })).data, []);
    await assert.rejects(owen.conn.blockGroupMember({ groupId: '999', username: 'mia' }), code(605));
  });
});
