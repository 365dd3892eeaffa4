// Chat rooms, live side, with the official SDK and ours (spec msync §4.8): joinChatRoom / leaveChatRoom /
// quitChatRoom over the socket with their results and codes (705 no such room, 704 full, 603 blocked,
// 50 too many rooms), memberPresence / memberAbsence with the member count to the present members, room
// messages only to the devices present now (not to a member who never joined on that device, left, was
// removed or disconnected; 602 not a member, 507 muted), and no store write per message.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, createUsers, SDK_KINDS } from './support/accounts.js';
import { closeAllOfficialClients, plain } from './support/official-sdk.js';
import { rejection, roomDevice, sleep, type RoomDevice } from './support/room-devices.js';
import { appIdOf } from './support/groups.js';
import { makeRoom } from './support/rooms.js';
// Owners count as members of their rooms: room owners vary so the test of the limit is gus's alone.
const ROOMS_PER_USER = 12;

for (const kind of SDK_KINDS)
  describe(`chat rooms live with the ${kind} SDK`, () => {
    let env: TestServer;
    const opened: RoomDevice[] = [];
    const device = async (user: string) => {
      const d = await roomDevice(env, kind, user);
      opened.push(d);
      return d;
    };

    before(async () => {
      env = await startTestServer({ limits: { roomOfflineLeaveMs: 1000, roomsPerUser: ROOMS_PER_USER } });
      const admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal']);
    });
    after(async () => {
      for (const d of opened) await d.close().catch(() => undefined);
      await closeAllOfficialClients();
      await env.close();
    });

    const isOp = (operation: string, id: string) => (e: any) => e.operation === operation && e.id === id;

    test('join and leave: results, presence and absence with the member count, live messages', async () => {
      const roomId = await makeRoom(env, { owner: 'ann', members: ['dan'] });
      const ann = await device('ann');
      const bob = await device('bob');
      const cat = await device('cat');
      const dan = await device('dan'); // a member who never joins on this device: not present

      const annJoin = plain<any>(await ann.conn.joinChatRoom({ roomId }));
      assert.equal(annJoin.type, 0);
      assert.equal(annJoin.data.id, roomId);
      assert.equal(annJoin.data.result, true);
      assert.equal(annJoin.data.user, 'ann');

      const joined = plain<any>(await bob.conn.joinChatRoom({ roomId, ext: 'hello' }));
      assert.deepEqual(
        { ...joined.data, info: { ...joined.data.info, createTimestamp: 0 } },
        {
          action: 'apply',
          id: roomId,
          result: true,
          user: 'bob',
          info: {
            isAllMembersMuted: false,
            createTimestamp: 0,
            isInAllowlist: false,
            memberCount: 3,
            muteExpireTimestamp: -1,
          },
        },
      );
      const presence = await ann.next('onChatroomEvent', isOp('memberPresence', roomId));
      assert.equal(presence.from, 'bob');
      assert.equal(presence.memberCount, 3);

      await cat.conn.joinChatRoom({ roomId });
      const catIn = await bob.next('onChatroomEvent', isOp('memberPresence', roomId));
      assert.equal(catIn.from, 'cat');
      assert.equal(catIn.memberCount, 4);

      const sent = await bob.sendToRoom(roomId, 'hi room');
      assert.match(String(sent.serverMsgId), /^\d+$/);
      for (const d of [ann, cat]) {
        const m = await d.next('onTextMessage', (e) => e.msg === 'hi room');
        assert.equal(m.chatType, 'chatRoom');
        assert.equal(m.from, 'bob');
        assert.equal(m.to, roomId);
        assert.equal(m.id, sent.serverMsgId);
      }

      // cat leaves (quitChatRoom is the alias): the others hear it, cat no longer gets the room's messages.
      const left = plain(await cat.conn.quitChatRoom({ roomId }));
      assert.deepEqual(left, { type: 0, data: { result: true } });
      const absence = await ann.next('onChatroomEvent', isOp('memberAbsence', roomId));
      assert.equal(absence.from, 'cat');
      assert.equal(absence.memberCount, 3);
      await bob.sendToRoom(roomId, 'after cat left');
      await ann.next('onTextMessage', (e) => e.msg === 'after cat left');
      await sleep(200);
      assert.equal(cat.all('onTextMessage').filter((e: any) => e.msg === 'after cat left').length, 0);
      assert.equal(dan.all('onTextMessage').filter((e: any) => e.to === roomId).length, 0);
      // The sender's own device does not get its message back.
      assert.equal(bob.all('onTextMessage').filter((e: any) => e.msg === 'hi room').length, 0);

      // Recent room history (in memory, newest first) for a member; a non-member gets 603.
      const history = plain<any>(
        await ann.conn.getHistoryMessages({ targetId: roomId, chatType: 'chatRoom', pageSize: 20 }),
      );
      assert.deepEqual(
        history.messages.map((m: any) => m.msg),
        ['after cat left', 'hi room'],
      );
      assert.equal(history.messages[1].id, sent.serverMsgId);
      assert.equal(history.messages[1].chatType, 'chatRoom');
      const older = plain<any>(
        await ann.conn.getHistoryMessages({
          targetId: roomId,
          chatType: 'chatRoom',
          pageSize: 1,
          cursor: history.messages[0].id,
        }),
      );
      assert.deepEqual(
        older.messages.map((m: any) => m.msg),
        ['hi room'],
      );
      const outsider = await rejection(
        cat.conn.getHistoryMessages({ targetId: roomId, chatType: 'chatRoom', pageSize: 20 }),
      );
      assert.equal(outsider.type, 603);

      // leaveChatRoom by a member who is not one any more is still fine (nothing to leave).
      const again = await cat.conn.leaveChatRoom({ roomId });
      assert.equal(again.type, 0);
      // A non-member's message: 602.
      const notIn = await rejection(cat.sendToRoom(roomId, 'let me in'));
      assert.equal(notIn.type, 602);
    });

    test('codes: no such room 705, full 704, blocked 603, muted 507', async () => {
      const eve = await device('eve');
      const missing = await rejection(eve.conn.joinChatRoom({ roomId: '999999999' }));
      assert.equal(missing.type, 705);

      const full = await makeRoom(env, { owner: 'ann', members: ['dan'], maxUsers: 2 });
      const tooMany = await rejection(eve.conn.joinChatRoom({ roomId: full }));
      assert.equal(tooMany.type, 704);

      const roomId = await makeRoom(env, { owner: 'ann' });
      const appId = await appIdOf(env);
      const lists = env.server.ctx.storage.mucLists;
      await lists.add(appId, roomId, 'block', [{ username: 'eve', expiresAt: -1 }], Date.now());
      const blocked = await rejection(eve.conn.joinChatRoom({ roomId }));
      assert.equal(blocked.type, 603);

      const muted = await makeRoom(env, { owner: 'ann' });
      await eve.conn.joinChatRoom({ roomId: muted });
      await lists.add(appId, muted, 'mute', [{ username: 'eve', expiresAt: -1 }], Date.now());
      const hush = await rejection(eve.sendToRoom(muted, 'can I speak'));
      assert.equal(hush.type, 507);
      const noRoom = await rejection(eve.sendToRoom('999999998', 'anyone'));
      assert.equal(noRoom.type, 705);
      assert.match(blocked.message, /permission denied|is in the blacklist/);
    });

    test('joinChatRoom with leaveOtherRooms leaves the other rooms (the others are told)', async () => {
      const first = await makeRoom(env, { owner: 'ann' });
      const second = await makeRoom(env, { owner: 'ann' });
      const ann = await device('ann');
      const hal = await device('hal');
      await ann.conn.joinChatRoom({ roomId: first });
      await hal.conn.joinChatRoom({ roomId: first });
      await ann.next('onChatroomEvent', (e) => isOp('memberPresence', first)(e) && e.from === 'hal');
      await hal.conn.joinChatRoom({ roomId: second, leaveOtherRooms: true });
      const gone = await ann.next(
        'onChatroomEvent',
        (e) => isOp('memberAbsence', first)(e) && e.from === 'hal',
      );
      assert.equal(gone.memberCount, 1);
      const appId = await appIdOf(env);
      assert.equal(await env.server.ctx.storage.mucs.member(appId, first, 'hal'), undefined);
      assert.ok(await env.server.ctx.storage.mucs.member(appId, second, 'hal'));
    });

    test("the owner's leave ends its device's presence, not its ownership", async () => {
      const roomId = await makeRoom(env, { owner: 'ann' });
      const ann = await device('ann');
      const bob = await device('bob');
      await ann.conn.joinChatRoom({ roomId });
      await bob.conn.joinChatRoom({ roomId });
      assert.equal(plain<any>(await ann.conn.leaveChatRoom({ roomId })).type, 0);
      const appId = await appIdOf(env);
      assert.equal((await env.server.ctx.storage.mucs.member(appId, roomId, 'ann'))?.role, 'owner');
      await bob.sendToRoom(roomId, 'owner away');
      await sleep(200);
      assert.equal(ann.all('onTextMessage').filter((e: any) => e.msg === 'owner away').length, 0);
      assert.equal(bob.all('onChatroomEvent').filter((e: any) => isOp('memberAbsence', roomId)(e)).length, 0);
    });

    test('too many rooms: 50 "has joined too many chatrooms"', async () => {
      const owners = ['bob', 'cat', 'dan', 'eve', 'fay', 'hal'];
      for (let i = 0; i < ROOMS_PER_USER; i++)
        await makeRoom(env, { owner: owners[i % owners.length]!, members: ['gus'] });
      const gus = await device('gus');
      const over = await rejection(gus.conn.joinChatRoom({ roomId: await makeRoom(env, { owner: 'ann' }) }));
      assert.equal(over.type, 50);
      assert.match(over.message, /has joined too many chatrooms/);
    });

    test('a disconnected device gets nothing; a member offline too long leaves (memberAbsence)', async () => {
      const roomId = await makeRoom(env, { owner: 'ann' });
      const ann = await device('ann');
      const fay = await device('fay');
      await ann.conn.joinChatRoom({ roomId });
      await fay.conn.joinChatRoom({ roomId });
      await ann.next('onChatroomEvent', isOp('memberPresence', roomId));
      await fay.conn.setChatRoomAttributes({
        chatRoomId: roomId,
        attributes: { fays: 'f' },
        autoDelete: true,
      });
      const appId = await appIdOf(env);
      await fay.close();
      await ann.sendToRoom(roomId, 'while fay is away');
      // Offline: still a member for the grace time, then the server leaves the room for fay.
      assert.ok(await env.server.ctx.storage.mucs.member(appId, roomId, 'fay'));
      const gone = await ann.next('onChatroomEvent', isOp('memberAbsence', roomId), 5000);
      assert.equal(gone.from, 'fay');
      assert.equal(gone.memberCount, 1);
      assert.equal(await env.server.ctx.storage.mucs.member(appId, roomId, 'fay'), undefined);
      assert.equal(fay.all('onTextMessage').length, 0);
      // Its autoDelete attributes went with it.
      const dropped = await ann.next('onChatroomEvent', isOp('removeChatRoomAttributes', roomId));
      assert.equal(dropped.from, 'fay');
      assert.deepEqual(await env.server.ctx.storage.roomAttributes.get(appId, roomId), {});
    });

    test('a room message costs no store write', async () => {
      const roomId = await makeRoom(env, { owner: 'ann' });
      const ann = await device('ann');
      const bob = await device('bob');
      await ann.conn.joinChatRoom({ roomId });
      await bob.conn.joinChatRoom({ roomId });
      const messages = env.server.ctx.storage.messages;
      const original = messages.append.bind(messages);
      let appends = 0;
      messages.append = (...args: Parameters<typeof original>) => {
        appends++;
        return original(...args);
      };
      try {
        await bob.sendToRoom(roomId, 'free of writes');
        await ann.next('onTextMessage', (e) => e.msg === 'free of writes');
      } finally {
        messages.append = original;
      }
      assert.equal(appends, 0);
    });
  });
