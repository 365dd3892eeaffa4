// Chat rooms where the REST side meets live presence, with the official SDK and ours: the app server's (or
// the owner's) kick, block, mute, mute all with the allow list, destroy, admin, announcement and info
// changes reach the devices present in the room at once over onChatroomEvent; a kicked or blocked device
// stops getting the room's messages at once (and a blocked user may not join again: 603), its autoDelete
// attributes go; a muted member's send is refused 507, a destroyed room's 705; a member the app server
// adds is a member (listed, counted) but present only once it joins.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, createUsers, SDK_KINDS } from './support/accounts.js';
import { closeAllOfficialClients, plain } from './support/official-sdk.js';
import { appIdOf } from './support/groups.js';
import { rejection, roomDevice, sleep, type RoomDevice } from './support/room-devices.js';

for (const kind of SDK_KINDS)
  describe(`chat-room moderation over REST reaches present members (${kind} SDK)`, () => {
    let env: TestServer;
    let admin: string;
    const opened: RoomDevice[] = [];
    const device = async (user: string) => {
      const d = await roomDevice(env, kind, user);
      opened.push(d);
      return d;
    };
    const server = async (method: string, path: string, body?: unknown) => {
      const r = await appCall(env, method, path, admin, body);
      assert.equal(r.status, 200, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const createRoom = async (owner: string, members: string[] = []) =>
      (await server('POST', '/chatrooms', { name: 'live', owner, members })).data.id as string;
    const isOp = (operation: string, id: string) => (e: any) => e.operation === operation && e.id === id;
    /** Devices of ann (owner), bob and cat, all present in a new room. */
    async function presentRoom(): Promise<{
      roomId: string;
      ann: RoomDevice;
      bob: RoomDevice;
      cat: RoomDevice;
    }> {
      const roomId = await createRoom('ann');
      const ann = await device('ann');
      const bob = await device('bob');
      const cat = await device('cat');
      for (const d of [ann, bob, cat]) await d.conn.joinChatRoom({ roomId });
      await ann.next('onChatroomEvent', (e) => isOp('memberPresence', roomId)(e) && e.from === 'cat');
      return { roomId, ann, bob, cat };
    }

    before(async () => {
      env = await startTestServer();
      admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan']);
    });
    after(async () => {
      for (const d of opened) await d.close().catch(() => undefined);
      await closeAllOfficialClients();
      await env.close();
    });

    test('a kick: removeMember to the kicked device, memberAbsence to the others, no more messages, autoDelete attributes go', async () => {
      const { roomId, ann, bob, cat } = await presentRoom();
      await bob.conn.setChatRoomAttributes({
        chatRoomId: roomId,
        attributes: { mine: 'b' },
        autoDelete: true,
      });
      await bob.conn.setChatRoomAttributes({
        chatRoomId: roomId,
        attributes: { kept: 'k' },
        autoDelete: false,
      });
      await cat.next(
        'onChatroomEvent',
        (e) => isOp('updateChatRoomAttributes', roomId)(e) && e.attributes?.kept,
      );

      await ann.conn.removeChatRoomMember({ chatRoomId: roomId, username: 'bob' });
      const kicked = await bob.next('onChatroomEvent', isOp('removeMember', roomId));
      assert.equal(kicked.from, 'ann');
      const absence = await cat.next('onChatroomEvent', isOp('memberAbsence', roomId));
      assert.equal(absence.from, 'bob');
      assert.equal(absence.memberCount, 2);
      const dropped = await cat.next('onChatroomEvent', isOp('removeChatRoomAttributes', roomId));
      assert.equal(dropped.from, 'bob');
      assert.deepEqual(plain<any>(await cat.conn.getChatRoomAttributes({ chatRoomId: roomId })).data, {
        kept: 'k',
      });

      await cat.sendToRoom(roomId, 'after the kick');
      await ann.next('onTextMessage', (e) => e.msg === 'after the kick');
      await sleep(150);
      assert.equal(bob.all('onTextMessage').filter((e: any) => e.msg === 'after the kick').length, 0);
      // Not a member any more: its send is refused; it may join again (a kick is no block).
      assert.equal((await rejection(bob.sendToRoom(roomId, 'still here?'))).type, 602);
      await bob.conn.joinChatRoom({ roomId });
      await cat.sendToRoom(roomId, 'welcome back');
      await bob.next('onTextMessage', (e) => e.msg === 'welcome back');
    });

    test('a block: removed at once, the others told, a join again refused 603 until unblocked', async () => {
      const { roomId, ann, bob, cat } = await presentRoom();
      await server('POST', `/chatrooms/${roomId}/blocks/users/bob`);
      await bob.next('onChatroomEvent', isOp('removeMember', roomId));
      const absence = await cat.next('onChatroomEvent', isOp('memberAbsence', roomId));
      assert.equal(absence.from, 'bob');
      await ann.sendToRoom(roomId, 'bob is out');
      await cat.next('onTextMessage', (e) => e.msg === 'bob is out');
      await sleep(150);
      assert.equal(bob.all('onTextMessage').filter((e: any) => e.msg === 'bob is out').length, 0);
      assert.equal((await rejection(bob.conn.joinChatRoom({ roomId }))).type, 603);
      await server('DELETE', `/chatrooms/${roomId}/blocks/users/bob`);
      await bob.conn.joinChatRoom({ roomId });
    });

    test('mute and mute all: 507 for the muted, events to the present, the allow list lifts mute all', async () => {
      const { roomId, ann, bob, cat } = await presentRoom();
      await server('POST', `/chatrooms/${roomId}/mute`, { usernames: ['bob'], mute_duration: 60_000 });
      await cat.next('onChatroomEvent', isOp('muteMember', roomId));
      assert.equal((await rejection(bob.sendToRoom(roomId, 'can I?'))).type, 507);
      await server('DELETE', `/chatrooms/${roomId}/mute/bob`);
      await cat.next('onChatroomEvent', isOp('unmuteMember', roomId));
      await bob.sendToRoom(roomId, 'I can again');
      await cat.next('onTextMessage', (e) => e.msg === 'I can again');

      await server('POST', `/chatrooms/${roomId}/ban`);
      await bob.next('onChatroomEvent', isOp('muteAllMembers', roomId));
      assert.equal((await rejection(cat.sendToRoom(roomId, 'all muted?'))).type, 507);
      // The owner still speaks; an allow-listed member too.
      await ann.sendToRoom(roomId, 'owner speaks');
      await cat.next('onTextMessage', (e) => e.msg === 'owner speaks');
      // The allow-listed member is told (Agora tells only them).
      await server('POST', `/chatrooms/${roomId}/white/users/cat`);
      await cat.next('onChatroomEvent', isOp('addUserToAllowlist', roomId));
      await cat.sendToRoom(roomId, 'allowed');
      await bob.next('onTextMessage', (e) => e.msg === 'allowed');
      assert.equal((await rejection(bob.sendToRoom(roomId, 'me too?'))).type, 507);
      await server('DELETE', `/chatrooms/${roomId}/ban`);
      await cat.next('onChatroomEvent', isOp('unmuteAllMembers', roomId));
      await bob.sendToRoom(roomId, 'free again');
    });

    test('admin, announcement and info changes reach the present members', async () => {
      const { roomId, bob, cat } = await presentRoom();
      await server('POST', `/chatrooms/${roomId}/admin`, { newadmin: 'bob' });
      const setAdmin = await cat.next('onChatroomEvent', isOp('setAdmin', roomId));
      assert.equal(setAdmin.userId ?? setAdmin.to ?? 'bob', 'bob');
      await bob.next('onChatroomEvent', isOp('setAdmin', roomId));
      await server('DELETE', `/chatrooms/${roomId}/admin/bob`);
      await cat.next('onChatroomEvent', isOp('removeAdmin', roomId));
      await server('POST', `/chatrooms/${roomId}/announcement`, { announcement: 'hello room' });
      const ann = await cat.next('onChatroomEvent', isOp('updateAnnouncement', roomId));
      assert.equal(ann.announcement ?? 'hello room', 'hello room');
      await server('PUT', `/chatrooms/${roomId}`, { groupname: 'renamed' });
      await bob.next('onChatroomEvent', isOp('updateInfo', roomId));
    });

    test('destroy: the present members are told, then sends and joins get 705', async () => {
      const { roomId, bob, cat } = await presentRoom();
      await server('DELETE', `/chatrooms/${roomId}`);
      for (const d of [bob, cat]) await d.next('onChatroomEvent', isOp('destroy', roomId));
      assert.equal((await rejection(cat.sendToRoom(roomId, 'anyone?'))).type, 705);
      assert.equal((await rejection(bob.conn.joinChatRoom({ roomId }))).type, 705);
    });

    test('a member the app server adds is a member, present once it joins', async () => {
      const roomId = await createRoom('ann');
      const ann = await device('ann');
      const dan = await device('dan');
      await ann.conn.joinChatRoom({ roomId });
      await server('POST', `/chatrooms/${roomId}/users/dan`);
      const members = await server('GET', `/chatrooms/${roomId}/users`);
      assert.deepEqual(
        members.data.map((m: any) => m.member ?? m.owner),
        ['ann', 'dan'],
      );
      await ann.sendToRoom(roomId, 'before dan joins');
      await sleep(150);
      assert.equal(dan.all('onTextMessage').filter((e: any) => e.msg === 'before dan joins').length, 0);
      const joined = plain<any>(await dan.conn.joinChatRoom({ roomId }));
      assert.equal(joined.data.info.memberCount, 2);
      await ann.sendToRoom(roomId, 'dan is in');
      await dan.next('onTextMessage', (e) => e.msg === 'dan is in');
    });

    test('a room is in no conversation list and no unread count, whatever happened in it', async () => {
      const roomId = await createRoom('ann', ['bob']);
      const ann = await device('ann');
      const bob = await device('bob');
      for (const d of [ann, bob]) await d.conn.joinChatRoom({ roomId });
      await ann.conn.setChatRoomAttributes({ chatRoomId: roomId, attributes: { topic: 't' } });
      await server('POST', `/chatrooms/${roomId}/announcement`, { announcement: 'a' });
      await ann.sendToRoom(roomId, 'in the room');
      await bob.next('onTextMessage', (e) => e.msg === 'in the room');
      // A one-to-one message, so the list has something in it.
      await ann.sendToRoom('bob', 'direct', { chatType: 'singleChat' });
      await bob.next('onTextMessage', (e) => e.msg === 'direct');
      const list = plain<any>(await bob.conn.getServerConversations({ pageSize: 20 }));
      assert.deepEqual(
        list.data.conversations.map((c: any) => c.conversationId),
        ['ann'],
      );
      const appId = await appIdOf(env);
      const unread = await env.server.ctx.storage.messages.unreadQueues({
        appId,
        owner: 'bob',
        resource: 'any',
      });
      assert.equal(unread.filter((q) => q.queue.startsWith('r:')).length, 0);
    });

    test('a kick committed while a join is under way leaves the device not present', async () => {
      const roomId = await createRoom('ann');
      const ann = await device('ann');
      const bob = await device('bob');
      await ann.conn.joinChatRoom({ roomId });
      const mucs = env.server.ctx.storage.mucs;
      const original = mucs.addMembers.bind(mucs);
      // The app server kicks bob right after bob's join wrote its membership row, before the device is
      // indexed as present.
      mucs.addMembers = async (...args: Parameters<typeof original>) => {
        const r = await original(...args);
        mucs.addMembers = original;
        await server('DELETE', `/chatrooms/${roomId}/users/bob`);
        return r;
      };
      try {
        await bob.conn.joinChatRoom({ roomId });
      } finally {
        mucs.addMembers = original;
      }
      await ann.sendToRoom(roomId, 'after the racing kick');
      await sleep(200);
      assert.equal(bob.all('onTextMessage').filter((e: any) => e.msg === 'after the racing kick').length, 0);
      const present = [...env.server.gateway.registry.rooms.present(await appIdOf(env), roomId)];
      assert.deepEqual(
        present.map((s) => s.username),
        ['ann'],
      );
    });
  });
