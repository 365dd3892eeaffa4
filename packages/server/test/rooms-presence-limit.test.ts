// CONFAB_ROOM_PRESENCE_EVENTS_MAX_MEMBERS: in a room of more members than the limit, a join or leave
// (memberPresence / memberAbsence) is told to the owner's and admins' devices only, not to every present
// member, so that N joins cost O(N) pushes, not O(N²); in a room at or under the limit everyone present
// hears it. Both SDKs.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, createUsers, SDK_KINDS } from './support/accounts.js';
import { closeAllOfficialClients } from './support/official-sdk.js';
import { roomDevice, sleep, type RoomDevice } from './support/room-devices.js';
import { makeRoom } from './support/rooms.js';

for (const kind of SDK_KINDS)
  describe(`room presence events past the limit, ${kind} SDK`, () => {
    let env: TestServer;
    const opened: RoomDevice[] = [];
    const device = async (user: string) => {
      const d = await roomDevice(env, kind, user);
      opened.push(d);
      return d;
    };
    before(async () => {
      env = await startTestServer({ limits: { roomPresenceEventsMaxMembers: 4 } });
      const admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['own', 'adm', 'm1', 'm2', 'm3', 'm4']);
    });
    after(async () => {
      for (const d of opened) await d.close().catch(() => undefined);
      await closeAllOfficialClients();
      await env.close();
    });

    const presence = (id: string, from: string) => (e: any) =>
      e.operation === 'memberPresence' && e.id === id && e.from === from;
    const absence = (id: string, from: string) => (e: any) =>
      e.operation === 'memberAbsence' && e.id === id && e.from === from;

    test('at the limit everyone present hears a join; past it only the owner and admins do', async () => {
      const roomId = await makeRoom(env, { owner: 'own', admins: ['adm'] });
      const own = await device('own');
      const adm = await device('adm');
      const [m1, m2, m3, m4] = [
        await device('m1'),
        await device('m2'),
        await device('m3'),
        await device('m4'),
      ];
      await own.conn.joinChatRoom({ roomId });
      await adm.conn.joinChatRoom({ roomId });
      await m1.conn.joinChatRoom({ roomId });
      await m2.conn.joinChatRoom({ roomId }); // 4 members: at the limit
      const m2In = await m1.next('onChatroomEvent', presence(roomId, 'm2'));
      assert.equal(m2In.memberCount, 4);

      await m3.conn.joinChatRoom({ roomId }); // 5 members: past it
      for (const d of [own, adm]) {
        const e = await d.next('onChatroomEvent', presence(roomId, 'm3'));
        assert.equal(e.memberCount, 5);
      }
      await m4.conn.joinChatRoom({ roomId });
      await own.next('onChatroomEvent', presence(roomId, 'm4'));
      await m4.conn.leaveChatRoom({ roomId }); // back to 5 members: still past it
      const out = await adm.next('onChatroomEvent', absence(roomId, 'm4'));
      assert.equal(out.memberCount, 5);
      await sleep(200);
      for (const d of [m1, m2, m3])
        assert.deepEqual(
          d.all('onChatroomEvent').filter((e: any) => ['m3', 'm4'].includes(e.from)),
          [],
          'a plain member hears of no join or leave past the limit',
        );
      // Messages still reach every present member.
      await m1.sendToRoom(roomId, 'still live');
      for (const d of [own, adm, m2, m3]) await d.next('onTextMessage', (m: any) => m.msg === 'still live');
    });
  });
