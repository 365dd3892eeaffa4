// The node-local room presence index and the push rules (gateway/room-presence.ts, Session.pushRoom):
// one RoomDelivery reaches the present sessions (the causing device excepted) and the named users'
// sessions, encoded once; membership events end presence; under backpressure low-priority messages are
// dropped first, then normal ones, high ones (and events) last. Also end to end: a room event of kind
// 'room' goes live to present members only and is never stored, and a device that reconnects to the same
// node within the offline grace is present again without a new JOIN (the Web SDK does not rejoin).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MucOperation } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { inProcessBus } from '../src/adapters/bus/in-process-bus.js';
import type { RoomPriority } from '../src/domain/ports/bus.js';
import { roomPushAllowed } from '../src/gateway/session.js';
import { SessionRegistry } from '../src/gateway/session-registry.js';
import type { RoomSession } from '../src/gateway/room-presence.js';
import { adminToken, createUsers } from './support/accounts.js';
import { appIdOf } from './support/groups.js';
import { closeAllOfficialClients } from './support/official-sdk.js';
import { roomDevice, sleep, type RoomDevice } from './support/room-devices.js';
import { makeRoom } from './support/rooms.js';

function fakeSession(username: string, resource: string) {
  const pushed: { roomId: string; frame: Uint8Array; priority: RoomPriority }[] = [];
  const s: RoomSession & { pushed: typeof pushed } = {
    appId: 1,
    username,
    resource,
    appKey: 'o#a',
    pushed,
    wake: () => undefined,
    kick: () => undefined,
    resync: () => undefined,
    close: () => undefined,
    pushRoom: (roomId, frame, priority) => void pushed.push({ roomId, frame, priority }),
  };
  return s;
}

test('one delivery: present sessions and named users, the causing device excepted, one encoding', async () => {
  const bus = inProcessBus();
  const registry = new SessionRegistry(bus);
  const ann = fakeSession('ann', 'a1');
  const ann2 = fakeSession('ann', 'a2');
  const bob = fakeSession('bob', 'b1');
  const cat = fakeSession('cat', 'c1');
  for (const s of [ann, ann2, bob, cat]) registry.add(s);
  registry.rooms.join(ann, '10');
  registry.rooms.join(ann2, '10');
  registry.rooms.join(bob, '10');
  const entry = new Uint8Array([1, 2, 3]);
  await bus.publish({
    kind: 'room',
    appId: 1,
    roomId: '10',
    entry,
    except: { username: 'ann', resource: 'a1' },
  });
  assert.equal(ann.pushed.length, 0, 'the sending device');
  assert.equal(ann2.pushed.length, 1, "the sender's other present device");
  assert.equal(bob.pushed.length, 1);
  assert.equal(cat.pushed.length, 0, 'not present');
  assert.equal(ann2.pushed[0]!.frame, bob.pushed[0]!.frame, 'encoded once per node');
  assert.equal(bob.pushed[0]!.priority, 'normal');

  // Named users get it whether present or not (a removal event), with `present: false` only they do.
  await bus.publish({
    kind: 'room',
    appId: 1,
    roomId: '10',
    entry,
    users: ['cat'],
    present: false,
    priority: 'high',
  });
  assert.equal(cat.pushed.length, 1);
  assert.equal(bob.pushed.length, 1);

  // A removal (membership event) ends presence of every device of the user; destroy ends the room.
  await bus.publish({ kind: 'membership', appId: 1, queue: 'r:10', removed: ['ann'] });
  assert.deepEqual([...registry.rooms.present(1, '10')], [bob]);
  await bus.publish({ kind: 'membership', appId: 1, queue: 'r:10', destroyed: true });
  assert.equal(registry.rooms.present(1, '10').size, 0);

  // A closed session is present nowhere and says where it was.
  registry.rooms.join(cat, '11');
  registry.rooms.join(cat, '12');
  assert.deepEqual(registry.rooms.sessionClosed(cat).sort(), ['11', '12']);
  assert.equal(registry.rooms.roomsOf(cat).size, 0);
  registry.close();
});

test('backpressure drops low priority first, then normal; high goes until the socket limit', () => {
  const limits = { slowConsumerBytes: 1000, maxBufferedBytes: 9000 };
  const allowed = (buffered: number) =>
    (['low', 'normal', 'high'] as const).filter((p) => roomPushAllowed(buffered, p, limits));
  assert.deepEqual(allowed(0), ['low', 'normal', 'high']);
  assert.deepEqual(allowed(1000), ['low', 'normal', 'high']);
  assert.deepEqual(allowed(1001), ['normal', 'high']);
  assert.deepEqual(allowed(5001), ['high']);
  assert.deepEqual(allowed(9001), []);
});

describe('room events and reconnects end to end', () => {
  let env: TestServer;
  const opened: RoomDevice[] = [];
  before(async () => {
    env = await startTestServer();
    const admin = await adminToken(env, env.clientId, env.clientSecret);
    await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan']);
  });
  after(async () => {
    for (const d of opened) await d.close().catch(() => undefined);
    await closeAllOfficialClients();
    await env.close();
  });

  test('a room MucEvent goes live to present members only and is not stored', async () => {
    const roomId = await makeRoom(env, { owner: 'ann', members: ['cat'] });
    const ann = await roomDevice(env, 'official', 'ann');
    const bob = await roomDevice(env, 'ours', 'bob');
    const cat = await roomDevice(env, 'ours', 'cat'); // a member, not present
    opened.push(ann, bob, cat);
    await ann.conn.joinChatRoom({ roomId });
    await bob.conn.joinChatRoom({ roomId });
    const appId = await appIdOf(env);
    const messages = env.server.ctx.storage.messages;
    const original = messages.append.bind(messages);
    let appends = 0;
    messages.append = (...args: Parameters<typeof original>) => {
      appends++;
      return original(...args);
    };
    try {
      await env.server.ctx.mucEvents.notify(
        {
          appId,
          kind: 'room',
          mucId: roomId,
          operation: MucOperation.UPDATE_ANNOUNCEMENT,
          actor: 'ann',
          reason: 'welcome',
          createdAt: Date.now(),
        },
        { members: true },
      );
    } finally {
      messages.append = original;
    }
    for (const d of [ann, bob]) {
      const e = await d.next(
        'onChatroomEvent',
        (x) => x.operation === 'updateAnnouncement' && x.id === roomId,
      );
      assert.equal(e.announcement, 'welcome');
    }
    assert.equal(appends, 0, 'nothing stored');
    await sleep(200);
    assert.equal(cat.all('onChatroomEvent').length, 0);
  });

  test('a device that reconnects within the grace time is present again without a JOIN', async () => {
    const roomId = await makeRoom(env, { owner: 'ann' });
    const ann = await roomDevice(env, 'ours', 'ann');
    const dan = await roomDevice(env, 'official', 'dan');
    opened.push(ann, dan);
    await ann.conn.joinChatRoom({ roomId });
    await dan.conn.joinChatRoom({ roomId });
    // The server drops dan's socket; the SDK reconnects by itself (same resource) and sends no JOIN.
    assert.equal(await env.dropConnections('dan'), 1);
    const appId = await appIdOf(env);
    const registry = env.server.gateway.registry;
    const deadline = Date.now() + 10_000;
    while (![...registry.rooms.present(appId, roomId)].some((s) => s.username === 'dan')) {
      if (Date.now() > deadline) throw new Error('dan was not present again');
      await sleep(50);
    }
    await ann.sendToRoom(roomId, 'welcome back');
    await dan.next('onTextMessage', (e) => e.msg === 'welcome back', 5000);
  });
});
