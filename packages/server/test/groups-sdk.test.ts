// Groups through the unmodified official SDK and through ours, against a real server: every group and
// membership method of the d.ts (aliases included) with the answers each SDK hands the app, and the
// codes Agora gives: 601 already in the group, 602 not a member, 603 not allowed, 605 no such group,
// 606 full, 607 more members than maxusers, 608 disabled, -3 bad input.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, createUsers } from './support/accounts.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient } from './support/our-client.js';

type Kind = 'official' | 'ours';
const KINDS: readonly Kind[] = ['official', 'ours'];
const NAMES = ['ann', 'bob', 'cat', 'dan', 'eve'] as const;
/** Each SDK's users have their own names, so the two runs never share a group. */
const PREFIX: Record<Kind, string> = { official: 'of_', ours: 'ou_' };

/** `assert.rejects` predicate: the SDK error has this code. */
const code = (type: number) => (e: any) => {
  assert.equal(e?.type, type, `expected code ${type}, got ${JSON.stringify(plain(e))}`);
  return true;
};

describe('groups with both SDKs', () => {
  let env: TestServer;
  let admin: string;
  const ours: { conn: any }[] = [];

  before(async () => {
    env = await startTestServer();
    admin = await adminToken(env, env.clientId, env.clientSecret);
    await createUsers(
      env,
      admin,
      KINDS.flatMap((k) => NAMES.map((n) => PREFIX[k] + n)),
    );
  });
  after(async () => {
    for (const c of ours) c.conn.close();
    await closeAllOfficialClients();
    await env.close();
  });

  /** A logged-in connection of either SDK (its answers made plain). */
  async function login(kind: Kind, user: string): Promise<any> {
    if (kind === 'ours') {
      const c = recordingClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
      ours.push(c);
      await c.conn.open({ user, pwd: 'pw' });
      return c.conn;
    }
    const c = createOfficialClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    await c.conn.open({ user, pwd: 'pw' });
    await c.nextEvent('onConnected');
    // Every answer crosses from the jsdom realm: plain copies compare with deepEqual.
    return new Proxy(c.conn, {
      get: (target: any, prop) =>
        typeof target[prop] === 'function'
          ? (...args: unknown[]) => {
              const r = target[prop](...args);
              return r && typeof r.then === 'function' ? r.then(plain) : r;
            }
          : target[prop],
    });
  }

  /** App-server calls (admin token). */
  const server = (method: string, path: string, body?: unknown) => appCall(env, method, path, admin, body);

  for (const kind of KINDS) {
    const u = (n: (typeof NAMES)[number]) => PREFIX[kind] + n;

    test(`${kind}: create (three forms), details, lists, joined groups, modify, destroy`, async () => {
      const ann = await login(kind, u('ann'));
      const bob = await login(kind, u('bob'));
      const cat = await login(kind, u('cat'));

      const vnext = await ann.createGroupVNext({
        groupName: 'team',
        description: 'the team',
        members: [u('bob')],
        isPublic: true,
        needApprovalToJoin: false,
        allowMemberToInvite: true,
        inviteNeedConfirm: false,
        maxMemberCount: 50,
        extension: '{"x":1}',
      });
      assert.equal(vnext.type, 0);
      const g1: string = vnext.data.groupId;
      assert.match(g1, /^\d{15}$/);
      const legacy = await ann.createGroup({
        data: {
          groupname: 'private',
          desc: 'p',
          members: [],
          public: false,
          approval: false,
          allowinvites: false,
          inviteNeedConfirm: false,
          maxusers: 10,
        },
      });
      const g2: string = legacy.data.groupid;
      const g3: string = (
        await ann.createGroupNew({
          data: {
            groupname: 'third',
            desc: '',
            members: [u('cat')],
            public: false,
            approval: false,
            allowinvites: false,
            inviteNeedConfirm: false,
            maxusers: 10,
          },
        })
      ).data.groupid;
      assert.equal(new Set([g1, g2, g3]).size, 3);

      const info = await bob.getGroupInfo({ groupId: g1 });
      assert.equal(info.type, 0);
      const d = info.data[0];
      assert.deepEqual(
        [d.id, d.name, d.description, d.public, d.membersonly, d.allowinvites, d.maxusers, d.owner, d.custom],
        [g1, 'team', 'the team', true, false, true, 50, u('ann'), '{"x":1}'],
      );
      assert.deepEqual([d.mute, d.disabled, d.affiliations_count], [false, false, 2]);
      assert.deepEqual(
        d.affiliations.map((a: any) => [
          a.owner ?? a.member,
          'owner' in a ? 'owner' : 'member',
          typeof a.joined_time,
        ]),
        [
          [u('ann'), 'owner', 'number'],
          [u('bob'), 'member', 'number'],
        ],
      );
      assert.ok(d.created > 0);
      const two = await cat.getGroupInfo({ groupId: [g3, g1] });
      assert.deepEqual(
        two.data.map((x: any) => x.id),
        [g3, g1],
      );

      // Public groups: g1 listed, the private ones not; paging by cursor.
      const pub = await cat.getPublicGroups({ limit: 1000 });
      const ids = pub.data.map((x: any) => x.groupid);
      assert.ok(ids.includes(g1) && !ids.includes(g2) && !ids.includes(g3));
      assert.equal(pub.data.find((x: any) => x.groupid === g1).groupname, 'team');
      const p1 = await cat.listGroups({ limit: 1 });
      assert.equal(p1.data.length, 1);
      if (ids.length > 1) {
        assert.equal(typeof p1.cursor, 'string');
        const p2 = await cat.getPublicGroups({ limit: 1, cursor: p1.cursor });
        assert.notEqual(p2.data[0].groupid, p1.data[0].groupid);
      }

      // Joined groups: both forms (the role form is reshaped by the SDK), the legacy call, the count.
      const joined = await ann.getJoinedGroups({ pageNum: 1, pageSize: 10 });
      assert.deepEqual(joined.data.map((x: any) => x.groupid).sort(), [g1, g2, g3].sort());
      assert.equal(typeof joined.uri, 'string');
      const paged = await ann.getJoinedGroups({ pageNum: 2, pageSize: 2 });
      assert.equal(paged.data.length, 1);
      const roles = await bob.getJoinedGroups({
        pageNum: 0,
        pageSize: 20,
        needRole: true,
        needAffiliations: true,
      });
      assert.deepEqual(roles.entities, [
        {
          affiliationsCount: 2,
          groupName: 'team',
          groupId: g1,
          role: 'member',
          disabled: false,
          approval: false,
          allowInvites: true,
          description: 'the team',
          maxUsers: 50,
          public: true,
        },
      ]);
      assert.deepEqual((await ann.getGroup()).data.map((x: any) => x.groupid).sort(), [g1, g2, g3].sort());
      assert.deepEqual(await ann.getJoinedGroupsCount(), { type: 0, data: 3 });
      assert.deepEqual(await cat.getJoinedGroupsCount(), { type: 0, data: 1 });

      // Modify: owner (answer names what was sent), not a member (602), a member (603).
      const mod = await ann.modifyGroup({
        groupId: g1,
        groupName: 'renamed',
        description: 'new',
        ext: '{"y":2}',
      });
      assert.deepEqual(mod.data, { groupname: true, description: true, custom: true });
      const after1 = (await bob.getGroupInfo({ groupId: g1 })).data[0];
      assert.deepEqual([after1.name, after1.description, after1.custom], ['renamed', 'new', '{"y":2}']);
      await assert.rejects(bob.modifyGroup({ groupId: g1, groupName: 'x' }), code(603));
      await assert.rejects(cat.modifyGroup({ groupId: g1, groupName: 'x' }), code(602));
      await assert.rejects(ann.modifyGroup({ groupId: g1, groupName: 'x'.repeat(129) }), code(-3));
      await assert.rejects(ann.modifyGroup({ groupId: g1, ext: 'x'.repeat(1025) }), code(-3));

      // Bad creations: more members than maxusers (the owner counts) → 607, a long name → -3.
      await assert.rejects(
        ann.createGroupVNext({ groupName: 'small', members: [u('bob'), u('cat')], maxMemberCount: 2 }),
        code(607),
      );
      await assert.rejects(ann.createGroupVNext({ groupName: 'n'.repeat(129) }), code(-3));
      await assert.rejects(ann.createGroupVNext({ groupName: 'big', maxMemberCount: 5001 }), code(607));

      // Destroy: owner only (603), then the group is gone (605 for everything).
      await assert.rejects(bob.destroyGroup({ groupId: g1 }), code(603));
      await assert.rejects(cat.destroyGroup({ groupId: g1 }), code(602));
      assert.deepEqual((await ann.destroyGroup({ groupId: g1 })).data, { success: true, id: g1 });
      await assert.rejects(bob.getGroupInfo({ groupId: g1 }), code(605));
      await assert.rejects(bob.joinGroup({ groupId: g1, message: '' }), code(605));
      await assert.rejects(bob.listGroupMembers({ groupId: g1, pageNum: 1, pageSize: 10 }), code(605));
      assert.deepEqual((await ann.dissolveGroup({ groupId: g2 })).data, { success: true, id: g2 });
      await assert.rejects(ann.getGroupInfo({ groupId: '100000000000000' }), code(605));
      assert.deepEqual(await ann.getJoinedGroupsCount(), { type: 0, data: 1 });

      // Disabled by the app server: 608 for what users do; details still show it.
      assert.equal((await server('POST', `/chatgroups/${g3}/disable`)).status, 200);
      await assert.rejects(ann.modifyGroup({ groupId: g3, groupName: 'x' }), code(608));
      await assert.rejects(cat.leaveGroup({ groupId: g3 }), code(608));
      await assert.rejects(cat.getGroupMembers({ groupId: g3 }), code(608));
      assert.equal((await cat.getGroupInfo({ groupId: g3 })).data[0].disabled, true);
      assert.equal((await server('POST', `/chatgroups/${g3}/enable`)).status, 200);
      assert.equal((await cat.getGroupMembers({ groupId: g3 })).data.members.length, 2);
    });

    test(`${kind}: joining: open, with approval (accept, reject), private (603), twice (601), full (606)`, async () => {
      const ann = await login(kind, u('ann'));
      const bob = await login(kind, u('bob'));
      const cat = await login(kind, u('cat'));
      const dan = await login(kind, u('dan'));
      const open = (await ann.createGroupVNext({ groupName: 'open', isPublic: true, maxMemberCount: 3 })).data
        .groupId;
      const joined = await bob.joinGroup({ groupId: open, message: 'hi' });
      assert.equal(joined.type, 0);
      assert.equal(joined.data.result, true);
      assert.deepEqual(
        (await ann.getGroupMembers({ groupId: open })).data.members.map((m: any) => [m.userId, m.role]),
        [
          [u('ann'), 'owner'],
          [u('bob'), 'member'],
        ],
      );
      await assert.rejects(bob.joinGroup({ groupId: open, message: '' }), code(601));
      await cat.joinGroup({ groupId: open, message: '' });
      await assert.rejects(dan.joinGroup({ groupId: open, message: '' }), code(606));

      const closed = (await ann.createGroupVNext({ groupName: 'closed', isPublic: false })).data.groupId;
      await assert.rejects(bob.joinGroup({ groupId: closed, message: '' }), code(603));

      const vetted = (
        await ann.createGroupVNext({
          groupName: 'vetted',
          isPublic: true,
          needApprovalToJoin: true,
          members: [u('dan')],
        })
      ).data.groupId;
      await bob.joinGroup({ groupId: vetted, message: 'please' });
      const isMember = async (who: string) =>
        (await ann.getGroupMembers({ groupId: vetted })).data.members.some((m: any) => m.userId === who);
      assert.equal(await isMember(u('bob')), false, 'a request waits for an answer');
      await assert.rejects(dan.acceptGroupJoinRequest({ groupId: vetted, applicant: u('bob') }), code(603));
      assert.equal((await ann.acceptGroupJoinRequest({ groupId: vetted, applicant: u('bob') })).type, 0);
      assert.equal(await isMember(u('bob')), true);
      await cat.joinGroup({ groupId: vetted, message: 'me too' });
      assert.equal(
        (await ann.rejectGroupJoinRequest({ groupId: vetted, applicant: u('cat'), reason: 'no' })).type,
        0,
      );
      assert.equal(await isMember(u('cat')), false);
      await assert.rejects(ann.acceptGroupJoinRequest({ groupId: vetted, applicant: u('cat') }), code(-3));
      await cat.joinGroup({ groupId: vetted, message: 'again' });
      await ann.agreeJoinGroup({ groupId: vetted, applicant: u('cat') });
      assert.equal(await isMember(u('cat')), true);
      await eveJoin();
      async function eveJoin() {
        const eve = await login(kind, u('eve'));
        await eve.joinGroup({ groupId: vetted, message: '' });
        await ann.rejectJoinGroup({ groupId: vetted, applicant: u('eve'), reason: 'full' });
        assert.equal(await isMember(u('eve')), false);
      }
    });

    test(`${kind}: invitations with and without confirmation; who may invite (603); already in (601)`, async () => {
      const ann = await login(kind, u('ann'));
      const bob = await login(kind, u('bob'));
      const cat = await login(kind, u('cat'));
      const dan = await login(kind, u('dan'));
      const asked = (
        await ann.createGroupVNext({
          groupName: 'asked',
          allowMemberToInvite: false,
          inviteNeedConfirm: true,
        })
      ).data.groupId;
      const members = async (g: string) =>
        (await ann.getGroupMembers({ groupId: g })).data.members.map((m: any) => m.userId);
      const inv = await ann.inviteUsersToGroup({ groupId: asked, users: [u('bob')] });
      assert.deepEqual(inv.data, [{ action: 'invite', id: asked, result: true, user: u('bob') }]);
      assert.deepEqual(await members(asked), [u('ann')], 'an invitee joins on accepting');
      await assert.rejects(cat.acceptGroupInvite({ groupId: asked, invitee: u('cat') }), code(-3));
      await assert.rejects(cat.acceptGroupInvite({ groupId: asked, invitee: u('bob') }), code(603));
      assert.equal((await bob.acceptGroupInvite({ groupId: asked, invitee: u('bob') })).type, 0);
      assert.deepEqual(await members(asked), [u('ann'), u('bob')]);
      await ann.inviteToGroup({ groupId: asked, users: [u('cat')] });
      assert.equal((await cat.rejectGroupInvite({ groupId: asked, invitee: u('cat') })).type, 0);
      assert.deepEqual(await members(asked), [u('ann'), u('bob')]);
      await ann.inviteUsersToGroup({ groupId: asked, users: [u('cat')] });
      await cat.agreeInviteIntoGroup({ groupId: asked, invitee: u('cat') });
      await ann.inviteUsersToGroup({ groupId: asked, users: [u('dan')] });
      await dan.rejectInviteIntoGroup({ groupId: asked, invitee: u('dan') });
      assert.deepEqual(await members(asked), [u('ann'), u('bob'), u('cat')]);
      await assert.rejects(bob.inviteUsersToGroup({ groupId: asked, users: [u('dan')] }), code(603));
      await assert.rejects(
        ann.inviteUsersToGroup({ groupId: asked, users: [u('dan'), u('bob')] }),
        code(601),
      );
      await assert.rejects(dan.inviteUsersToGroup({ groupId: asked, users: [u('eve')] }), code(602));
      await assert.rejects(ann.inviteUsersToGroup({ groupId: asked, users: ['nobody_here'] }), code(204));

      const direct = (
        await ann.createGroupVNext({
          groupName: 'direct',
          allowMemberToInvite: true,
          inviteNeedConfirm: false,
        })
      ).data.groupId;
      await ann.inviteUsersToGroup({ groupId: direct, users: [u('bob')] });
      await bob.inviteUsersToGroup({ groupId: direct, users: [u('cat'), u('dan')] });
      assert.deepEqual(await members(direct), [u('ann'), u('bob'), u('cat'), u('dan')]);
    });

    test(`${kind}: members (both pagings), admins, removals, owner transfer, leaving`, async () => {
      const ann = await login(kind, u('ann'));
      const bob = await login(kind, u('bob'));
      const cat = await login(kind, u('cat'));
      const g = (
        await ann.createGroupVNext({
          groupName: 'crew',
          members: [u('bob'), u('cat'), u('dan'), u('eve')],
          inviteNeedConfirm: false,
        })
      ).data.groupId;
      const p1 = await ann.listGroupMembers({ groupId: g, pageNum: 1, pageSize: 2 });
      assert.deepEqual(p1.data, [{ owner: u('ann') }, { member: u('bob') }]);
      const p3 = await ann.listGroupMember({ groupId: g, pageNum: 3, pageSize: 2 });
      assert.deepEqual(p3.data, [{ member: u('eve') }]);
      const c1 = await bob.getGroupMembers({ groupId: g, limit: 3 });
      assert.deepEqual(
        c1.data.members.map((m: any) => [m.userId, m.role, typeof m.joinedTime]),
        [
          [u('ann'), 'owner', 'number'],
          [u('bob'), 'member', 'number'],
          [u('cat'), 'member', 'number'],
        ],
      );
      assert.equal(typeof c1.data.cursor, 'string');
      const c2 = await bob.getGroupMembers({ groupId: g, limit: 3, cursor: c1.data.cursor });
      assert.deepEqual(
        c2.data.members.map((m: any) => m.userId),
        [u('dan'), u('eve')],
      );
      assert.equal(c2.data.cursor, undefined, 'no cursor after the last page');

      // Admins: the owner appoints (admins and members may not: 603), a non-member can't be one (602).
      assert.deepEqual((await ann.setGroupAdmin({ groupId: g, username: u('bob') })).data, {
        result: 'success',
        newadmin: u('bob'),
      });
      assert.deepEqual((await cat.getGroupAdmin({ groupId: g })).data, [u('bob')]);
      const roles = (await cat.getGroupMembers({ groupId: g })).data.members.map((m: any) => m.role);
      assert.deepEqual(roles, ['owner', 'admin', 'member', 'member', 'member']);
      await assert.rejects(bob.setGroupAdmin({ groupId: g, username: u('cat') }), code(603));
      await assert.rejects(ann.setGroupAdmin({ groupId: g, username: 'nobody_here' }), code(602));
      await assert.rejects(ann.setGroupAdmin({ groupId: g, username: u('bob') }), code(603));
      await ann.setAdmin({ groupId: g, username: u('dan') });

      // Removal: admins remove members, not the owner or other admins (603); a non-member → 602.
      assert.deepEqual((await bob.removeGroupMember({ groupId: g, username: u('cat') })).data, {
        result: true,
        action: 'remove_member',
        user: u('cat'),
        groupid: g,
      });
      await assert.rejects(bob.removeGroupMember({ groupId: g, username: u('ann') }), code(603));
      await assert.rejects(bob.removeGroupMember({ groupId: g, username: u('dan') }), code(603));
      await assert.rejects(bob.removeGroupMember({ groupId: g, username: u('cat') }), code(602));
      await assert.rejects(cat.getGroupMembers({ groupId: g }), code(602));
      await assert.rejects(cat.listGroupMembers({ groupId: g, pageNum: 1, pageSize: 5 }), code(602));
      assert.deepEqual((await ann.removeGroupAdmin({ groupId: g, username: u('dan') })).data, {
        result: 'success',
        oldadmin: u('dan'),
      });
      await assert.rejects(ann.removeAdmin({ groupId: g, username: u('dan') }), code(603));
      const many = await ann.removeGroupMembers({ groupId: g, users: [u('dan'), u('eve')] });
      assert.deepEqual(
        many.data.map((r: any) => [r.user, r.result]),
        [
          [u('dan'), true],
          [u('eve'), true],
        ],
      );
      await ann.inviteUsersToGroup({ groupId: g, users: [u('cat'), u('dan')] });
      await ann.removeSingleGroupMember({ groupId: g, username: u('cat') });
      await ann.removeMultiGroupMember({ groupId: g, users: [u('dan')] });
      await ann.removeAdmin({ groupId: g, username: u('bob') });

      // Owner transfer: to a member only; the old owner stays as a member and loses the owner's rights.
      await assert.rejects(bob.changeGroupOwner({ groupId: g, newOwner: u('bob') }), code(603));
      await assert.rejects(ann.changeGroupOwner({ groupId: g, newOwner: u('cat') }), code(602));
      assert.deepEqual((await ann.changeGroupOwner({ groupId: g, newOwner: u('bob') })).data, {
        newowner: true,
      });
      const info = (await ann.getGroupInfo({ groupId: g })).data[0];
      assert.equal(info.owner, u('bob'));
      await assert.rejects(ann.setGroupAdmin({ groupId: g, username: u('bob') }), code(603));
      await bob.changeOwner({ groupId: g, newOwner: u('ann') });
      await ann.changeOwner({ groupId: g, newOwner: u('bob') });

      // Leaving: not the owner (603); a member leaves and is no member any more.
      await assert.rejects(bob.leaveGroup({ groupId: g }), code(603));
      assert.equal((await ann.leaveGroup({ groupId: g })).data.result, true);
      await assert.rejects(ann.getGroupMembers({ groupId: g }), code(602));
      await assert.rejects(ann.leaveGroup({ groupId: g }), code(602));
      await bob.inviteUsersToGroup({ groupId: g, users: [u('ann')] });
      await ann.quitGroup({ groupId: g });
      assert.deepEqual((await bob.getGroupInfo({ groupId: g })).data[0].affiliations_count, 1);
    });
  }
});
