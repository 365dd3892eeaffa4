// Chat rooms over REST through the unmodified official SDK and through ours, against a real server: every
// chat-room method of the d.ts that is a REST call (aliases included; joining, leaving and room attributes
// are not), with the answers each SDK hands the app and Agora's codes: 603 not allowed (a user who is no
// super admin creating a room, a member acting as an admin), 702 not a member, 704 full, 705 no such room,
// 607 more members than maxusers, -3 bad input.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, createUsers } from './support/accounts.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient } from './support/our-client.js';

type Kind = 'official' | 'ours';
const KINDS: readonly Kind[] = ['official', 'ours'];
const NAMES = ['ann', 'bob', 'cat', 'dan', 'eve'] as const;
const PREFIX: Record<Kind, string> = { official: 'rof_', ours: 'rou_' };

/** `assert.rejects` predicate: the SDK error has this code. */
const code = (type: number) => (e: any) => {
  assert.equal(e?.type, type, `expected code ${type}, got ${JSON.stringify(plain(e))}`);
  return true;
};

describe('chat rooms over REST with both SDKs', () => {
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

  const server = (method: string, path: string, body?: unknown) => appCall(env, method, path, admin, body);

  for (const kind of KINDS) {
    const u = (n: (typeof NAMES)[number]) => PREFIX[kind] + n;

    test(`${kind}: a super admin creates; list, details, joined rooms, modify, destroy`, async () => {
      const ann = await login(kind, u('ann'));
      const bob = await login(kind, u('bob'));
      // Not a super admin yet: 603.
      await assert.rejects(
        ann.createChatRoom({ name: 'live', description: 'd', maxusers: 50, members: [u('bob')] }),
        code(603),
      );
      assert.equal((await server('POST', '/chatrooms/super_admin', { superadmin: u('ann') })).status, 200);
      const made = await ann.createChatRoom({
        name: 'live',
        description: 'the show',
        maxusers: 50,
        members: [u('bob')],
      });
      assert.equal(made.type, 0);
      const id: string = made.data.id;
      assert.match(id, /^\d{15}$/);

      const list = await bob.getChatRooms({ pagenum: 1, pagesize: 100 });
      const row = list.data.find((r: { id: string }) => r.id === id);
      assert.deepEqual([row.name, row.owner, row.affiliations_count], ['live', u('ann'), 2]);

      const details = await bob.getChatRoomDetails({ chatRoomId: id });
      const d = details.data[0];
      assert.deepEqual(
        [d.id, d.name, d.description, d.maxusers, d.owner, d.affiliations_count],
        [id, 'live', 'the show', 50, u('ann'), 2],
      );
      assert.deepEqual(d.affiliations, [{ owner: u('ann') }, { member: u('bob') }]);

      const joined = await bob.getJoinedChatRooms({ pageNum: 1, pageSize: 20 });
      assert.equal(joined.type, 0);
      const j = joined.data.find((r: { id: string }) => r.id === id);
      assert.deepEqual(
        { ...j, created: typeof j.created },
        { id, name: 'live', owner: u('ann'), created: 'number', description: 'the show', maxusers: 50 },
      );

      const modified = await ann.modifyChatRoom({
        chatRoomId: id,
        chatRoomName: 'renamed',
        description: 'd2',
        maxusers: 60,
      });
      assert.deepEqual(modified.data, { groupname: true, description: true, maxusers: true });
      assert.equal((await ann.getChatRoomDetails({ chatRoomId: id })).data[0].name, 'renamed');
      await assert.rejects(bob.modifyChatRoom({ chatRoomId: id, chatRoomName: 'x' }), code(603));
      await assert.rejects(ann.modifyChatRoom({ chatRoomId: id, maxusers: 1 }), code(-3));

      await assert.rejects(bob.destroyChatRoom({ chatRoomId: id }), code(603));
      const destroyed = await ann.destroyChatRoom({ chatRoomId: id });
      assert.deepEqual(destroyed.data, { success: true, id });
      await assert.rejects(ann.getChatRoomDetails({ chatRoomId: id }), code(705));
      await assert.rejects(ann.getChatRoomDetails({ chatRoomId: '123456789012345' }), code(705));
      await assert.rejects(ann.createChatRoom({ name: 'big', maxusers: 10_001 }), code(607));
    });

    test(`${kind}: members (add, both pagings, kick), admins, codes 702 and 704`, async () => {
      const ann = await login(kind, u('ann'));
      const bob = await login(kind, u('bob'));
      const dan = await login(kind, u('dan'));
      const r = await server('POST', '/chatrooms', {
        name: 'm',
        owner: u('ann'),
        maxusers: 4,
        members: [u('bob')],
      });
      const id: string = r.body.data.id;

      const added = await ann.addUsersToChatRoom({ chatRoomId: id, users: [u('cat')] });
      assert.deepEqual(added.data, { newmembers: [u('cat')], action: 'add_member', id });
      await assert.rejects(bob.addUsersToChatRoom({ chatRoomId: id, users: [u('dan')] }), code(603));

      const page = await bob.listChatRoomMember({ chatRoomId: id, pageNum: 1, pageSize: 2 });
      assert.deepEqual(page.data, [{ owner: u('ann') }, { member: u('bob') }]);
      const page2 = await bob.listChatRoomMembers({ chatRoomId: id, pageNum: 2, pageSize: 2 });
      assert.deepEqual(page2.data, [{ member: u('cat') }]);
      const fetched = await bob.getChatRoomMembers({ chatRoomId: id, limit: 2 });
      assert.deepEqual(
        fetched.data.members.map((m: { role: string; userId: string }) => [m.role, m.userId]),
        [
          ['owner', u('ann')],
          ['member', u('bob')],
        ],
      );
      assert.equal(typeof fetched.data.members[0].joinedTime, 'number');
      const rest = await bob.getChatRoomMembers({ chatRoomId: id, limit: 2, cursor: fetched.data.cursor });
      assert.deepEqual(
        rest.data.members.map((m: { userId: string }) => m.userId),
        [u('cat')],
      );
      assert.equal(rest.data.cursor, undefined);
      await assert.rejects(dan.listChatRoomMembers({ chatRoomId: id, pageNum: 1, pageSize: 10 }), code(702));

      // Admins.
      assert.deepEqual((await ann.setChatRoomAdmin({ chatRoomId: id, username: u('bob') })).data, {
        result: 'success',
        newadmin: u('bob'),
      });
      assert.deepEqual((await bob.getChatRoomAdmin({ chatRoomId: id })).data, [u('bob')]);
      await assert.rejects(bob.setChatRoomAdmin({ chatRoomId: id, username: u('cat') }), code(603));
      assert.deepEqual((await ann.removeChatRoomAdmin({ chatRoomId: id, username: u('bob') })).data, {
        result: 'success',
        oldadmin: u('bob'),
      });

      // Full (maxusers 4): a fifth is refused as 704 on the room URL.
      await server('POST', `/chatrooms/${id}/users/${u('dan')}`);
      await assert.rejects(ann.addUsersToChatRoom({ chatRoomId: id, users: [u('eve')] }), code(704));

      // Kicks: one (and its aliases), several.
      const one = await ann.removeSingleChatRoomMember({ chatRoomId: id, username: u('dan') });
      assert.deepEqual(one.data, { result: true, action: 'remove_member', user: u('dan'), id });
      await assert.rejects(ann.removeChatRoomMember({ chatRoomId: id, username: u('dan') }), code(702));
      const many = await ann.removeMultiChatRoomMember({ chatRoomId: id, users: [u('bob'), u('cat')] });
      assert.deepEqual(
        many.data.map((x: { user: string; result: boolean }) => [x.user, x.result]),
        [
          [u('bob'), true],
          [u('cat'), true],
        ],
      );
      await server('POST', `/chatrooms/${id}/users`, { usernames: [u('bob')] });
      const again = await ann.removeChatRoomMembers({ chatRoomId: id, users: [u('bob')] });
      assert.equal(again.type, 0);
      assert.throws(() => ann.removeChatRoomMembers({ chatRoomId: id, users: 'x' }));
    });

    test(`${kind}: mute (duration, list, am I muted), mute all, block, allow lists, announcement, files`, async () => {
      const ann = await login(kind, u('ann'));
      const cat = await login(kind, u('cat'));
      const r = await server('POST', '/chatrooms', {
        name: 'lists',
        owner: u('ann'),
        members: [u('bob'), u('cat'), u('dan'), u('eve')],
      });
      const id: string = r.body.data.id;

      const muted = await ann.muteChatRoomMember({
        chatRoomId: id,
        username: u('cat'),
        muteDuration: 60_000,
      });
      assert.equal(muted.data[0].user, u('cat'));
      assert.ok(muted.data[0].expire > Date.now());
      for (const m of ['getChatRoomMuted', 'getChatRoomMuteList', 'getChatRoomMutelist'])
        assert.deepEqual(
          (await ann[m]({ chatRoomId: id })).data.map((e: { user: string }) => e.user),
          [u('cat')],
          m,
        );
      assert.deepEqual(await cat.isInChatRoomMutelist({ chatRoomId: id }), { type: 0, data: true });
      await assert.rejects(
        cat.muteChatRoomMember({ chatRoomId: id, username: u('bob'), muteDuration: -1 }),
        code(603),
      );
      await ann.removeMuteChatRoomMember({ chatRoomId: id, username: u('cat') });
      assert.deepEqual(await cat.isInChatRoomMutelist({ chatRoomId: id }), { type: 0, data: false });
      await ann.muteChatRoomMember({ chatRoomId: id, username: u('cat'), muteDuration: -1 });
      await ann.unmuteChatRoomMember({ chatRoomId: id, username: u('cat') });

      assert.deepEqual((await ann.disableSendChatRoomMsg({ chatRoomId: id })).data, { mute: true });
      assert.equal((await ann.getChatRoomDetails({ chatRoomId: id })).data[0].mute, true);
      assert.deepEqual((await ann.enableSendChatRoomMsg({ chatRoomId: id })).data, { mute: false });

      // Block: single and batch forms, the list under its three names, unblock.
      assert.equal((await ann.chatRoomBlockSingle({ chatRoomId: id, username: u('dan') })).data.result, true);
      await ann.blockChatRoomMembers({ chatRoomId: id, usernames: [u('eve')] });
      for (const m of ['getChatRoomBlacklistNew', 'getChatRoomBlacklist'])
        assert.deepEqual(
          ((await ann[m]({ chatRoomId: id })).data as string[]).sort(),
          [u('dan'), u('eve')],
          m,
        );
      await assert.rejects(ann.addUsersToChatRoom({ chatRoomId: id, users: [u('dan')] }), code(603));
      await ann.removeChatRoomBlockSingle({ chatRoomId: id, username: u('dan') });
      await ann.unblockChatRoomMembers({ chatRoomId: id, usernames: [u('eve')] });
      assert.deepEqual((await ann.getChatRoomBlacklist({ chatRoomId: id })).data, []);

      // Allow list.
      await ann.addUsersToChatRoomAllowlist({ chatRoomId: id, users: [u('cat')] });
      await ann.addUsersToChatRoomWhitelist({ chatRoomId: id, users: [u('bob')] });
      assert.deepEqual(((await ann.getChatRoomAllowlist({ chatRoomId: id })).data as string[]).sort(), [
        u('bob'),
        u('cat'),
      ]);
      assert.deepEqual((await cat.isInChatRoomAllowlist({ chatRoomId: id, userName: u('cat') })).data, {
        member: u('cat'),
        white: true,
      });
      assert.equal((await cat.isChatRoomWhiteUser({ chatRoomId: id, userName: u('cat') })).data.white, true);
      await ann.rmUsersFromChatRoomWhitelist({ chatRoomId: id, userName: u('bob') });
      await ann.removeChatRoomAllowlistMember({ chatRoomId: id, userName: u('cat') });
      assert.deepEqual((await ann.getChatRoomWhitelist({ chatRoomId: id })).data, []);

      // Announcement: the owner writes, members read.
      assert.deepEqual((await ann.updateChatRoomAnnouncement({ roomId: id, announcement: 'hi all' })).data, {
        id,
        result: true,
      });
      assert.deepEqual((await cat.fetchChatRoomAnnouncement({ roomId: id })).data, {
        announcement: 'hi all',
      });
      await assert.rejects(cat.updateChatRoomAnnouncement({ roomId: id, announcement: 'x' }), code(603));

      // Shared files: the list is empty, a delete of an unknown file fails.
      assert.deepEqual((await cat.fetchChatRoomSharedFileList({ roomId: id })).data, []);
      assert.deepEqual((await cat.getChatRoomSharedFilelist({ roomId: id })).data, []);
    });
  }
});
