// Chat-room attributes with the official SDK and ours (spec rest §1.6 #145–147): set / get all or some /
// remove, per-key owner (52 without forced), forced overwrite, partial failure with errorKeys, Agora's
// limits (50, -3), events 43/44 to the present members, autoDelete when the owner leaves, and 702 for a
// user who is no member.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, createUsers, SDK_KINDS } from './support/accounts.js';
import { closeAllOfficialClients, plain } from './support/official-sdk.js';
import { rejection, roomDevice, type RoomDevice } from './support/room-devices.js';
import { makeRoom } from './support/rooms.js';

for (const kind of SDK_KINDS)
  describe(`chat-room attributes with the ${kind} SDK`, () => {
    let env: TestServer;
    const opened: RoomDevice[] = [];
    const device = async (user: string) => {
      const d = await roomDevice(env, kind, user);
      opened.push(d);
      return d;
    };

    before(async () => {
      env = await startTestServer();
      const admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat']);
    });
    after(async () => {
      for (const d of opened) await d.close().catch(() => undefined);
      await closeAllOfficialClients();
      await env.close();
    });

    const isOp = (operation: string, id: string) => (e: any) => e.operation === operation && e.id === id;

    test('set, get, owners, forced, limits, events and autoDelete', async () => {
      const roomId = await makeRoom(env, { owner: 'ann' });
      const ann = await device('ann');
      const bob = await device('bob');
      const cat = await device('cat');
      await ann.conn.joinChatRoom({ roomId });
      await bob.conn.joinChatRoom({ roomId });

      const set = plain<any>(
        await ann.conn.setChatRoomAttributes({
          chatRoomId: roomId,
          attributes: { topic: 'news', color: 'red' },
        }),
      );
      assert.deepEqual(set, {
        type: 0,
        data: { status: 'success', errorKeys: {}, successKeys: ['topic', 'color'] },
      });
      const update = await bob.next('onChatroomEvent', isOp('updateChatRoomAttributes', roomId));
      assert.equal(update.from, 'ann');
      assert.deepEqual(update.attributes, { topic: 'news', color: 'red' });

      const all = plain<any>(await bob.conn.getChatRoomAttributes({ chatRoomId: roomId }));
      assert.deepEqual(all.data, { color: 'red', topic: 'news' });
      const some = plain<any>(
        await bob.conn.getChatRoomAttributes({ chatRoomId: roomId, attributeKeys: ['topic', 'x'] }),
      );
      assert.deepEqual(some.data, { topic: 'news' });

      // bob may not change ann's key: partial failure, then 52 for the singular call.
      const partial = plain<any>(
        await bob.conn.setChatRoomAttributes({
          chatRoomId: roomId,
          attributes: { topic: 'sports', mine: 'b' },
        }),
      );
      assert.equal(partial.data.status, 'fail');
      assert.deepEqual(partial.data.successKeys, ['mine']);
      assert.match(partial.data.errorKeys.topic, /is not part of you/);
      const notYours = await rejection(
        bob.conn.setChatRoomAttribute({ chatRoomId: roomId, attributeKey: 'topic', attributeValue: 'x' }),
      );
      assert.equal(notYours.type, 52);
      // Forced: bob takes it over.
      await bob.conn.setChatRoomAttribute({
        chatRoomId: roomId,
        attributeKey: 'topic',
        attributeValue: 'sports',
        isForced: true,
      });
      const forced = await ann.next(
        'onChatroomEvent',
        (e) => isOp('updateChatRoomAttributes', roomId)(e) && e.from === 'bob' && 'topic' in e.attributes,
      );
      assert.deepEqual(forced.attributes, { topic: 'sports' });

      // Limits: a value over 4,096 characters is 50; an over-long key -3.
      const tooLong = await rejection(
        ann.conn.setChatRoomAttribute({
          chatRoomId: roomId,
          attributeKey: 'big',
          attributeValue: 'v'.repeat(4097),
        }),
      );
      assert.equal(tooLong.type, 50);
      const badKey = await rejection(
        ann.conn.setChatRoomAttribute({
          chatRoomId: roomId,
          attributeKey: 'k'.repeat(129),
          attributeValue: 'v',
        }),
      );
      assert.equal(badKey.type, -3);
      // More than 10 pairs in one call: the extra ones fail.
      const many: Record<string, string> = {};
      for (let i = 0; i < 12; i++) many[`k${i}`] = 'v';
      const bulk = plain<any>(await ann.conn.setChatRoomAttributes({ chatRoomId: roomId, attributes: many }));
      assert.equal(bulk.data.successKeys.length, 10);
      assert.deepEqual(Object.keys(bulk.data.errorKeys).sort(), ['k10', 'k11']);

      // Remove: ann may not remove bob's key without forced; with it, the room is told (44).
      const removeOthers = plain<any>(
        await ann.conn.removeChatRoomAttributes({ chatRoomId: roomId, attributeKeys: ['topic', 'color'] }),
      );
      assert.deepEqual(removeOthers.data.successKeys, ['color']);
      assert.match(removeOthers.data.errorKeys.topic, /is not part of you/);
      const removed = await bob.next('onChatroomEvent', isOp('removeChatRoomAttributes', roomId));
      assert.deepEqual(removed.attributes, ['color']);
      await ann.conn.removeChatRoomAttribute({ chatRoomId: roomId, attributeKey: 'topic', isForced: true });

      // A user who is no member: 702.
      const outsider = await rejection(
        cat.conn.setChatRoomAttributes({ chatRoomId: roomId, attributes: { a: 'b' } }),
      );
      assert.equal(outsider.type, 702);

      // autoDelete (the default): bob's keys go when bob leaves; ann is told.
      await bob.conn.leaveChatRoom({ roomId });
      const dropped = await ann.next(
        'onChatroomEvent',
        (e) => isOp('removeChatRoomAttributes', roomId)(e) && e.from === 'bob',
      );
      assert.deepEqual(dropped.attributes, ['mine']);
      const left = plain<any>(
        await ann.conn.getChatRoomAttributes({ chatRoomId: roomId, attributeKeys: ['mine'] }),
      );
      assert.deepEqual(left.data, {});
    });
  });
