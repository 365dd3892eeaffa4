// Chat rooms across two server processes sharing PostgreSQL and Redis, with both SDKs: a room message
// reaches the devices present on the other node (one bus event per message), presence and absence
// events cross nodes, a member removed on one node (membership event) stops getting messages on the
// other, and attributes set on one node are told to members on the other.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TestServer } from '@confab/server/testing';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { redisBus } from '../src/adapters/bus/redis-bus.js';
import { publishMembershipChanged } from '../src/domain/messages/group-fanout.js';
import type { Storage } from '../src/domain/ports/storage.js';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { SDK_KINDS } from './support/accounts.js';
import { closeAllOfficialClients, plain } from './support/official-sdk.js';
import { PG_URL } from './support/postgres.js';
import { register } from './support/rest.js';
import { roomDevice, sleep, type RoomDevice } from './support/room-devices.js';

const REDIS_URL = process.env['CONFAB_TEST_REDIS_URL'];
const skip = !PG_URL
  ? 'CONFAB_TEST_PG_URL not set'
  : !REDIS_URL
    ? 'CONFAB_TEST_REDIS_URL not set'
    : undefined;
const APP = { org: 'confab', app: 'demo', appKey: 'confab#demo' };

describe('chat rooms on two nodes (PostgreSQL + Redis)', { skip }, () => {
  let db: TempDatabase;
  let prefix: string;
  const nodes: NodeProcess[] = [];
  let storage: Storage;
  let appId: number;
  const opened: RoomDevice[] = [];
  let next = 0;

  const target = (n: NodeProcess) => ({ ...APP, apiUrl: n.apiUrl, wsUrl: n.wsUrl }) as unknown as TestServer;
  const device = async (kind: (typeof SDK_KINDS)[number], n: NodeProcess, user: string) => {
    const d = await roomDevice(target(n), kind, user);
    opened.push(d);
    return d;
  };
  const makeRoom = async (owner: string) => {
    const id = `${Date.now()}${String(++next).padStart(4, '0')}`;
    const now = Date.now();
    const made = await storage.mucs.create(
      {
        ...{ appId, kind: 'room', id, name: 'r', description: '', avatar: '', owner, public: true },
        ...{ approval: false, allowInvites: false, inviteNeedConfirm: false, maxUsers: 1000, custom: '' },
        ...{ announcement: '', allMuted: false, disabled: false, createdAt: now },
      },
      [{ username: owner, role: 'owner', joinedAt: now }],
    );
    assert.ok(made);
    return id;
  };

  before(async () => {
    db = await createTempDatabase(PG_URL!);
    prefix = `confab_t_${randomBytes(4).toString('hex')}`;
    for (const nodeId of [1, 2])
      nodes.push(
        await spawnNode({
          CONFAB_DATABASE_URL: db.url,
          CONFAB_REDIS_URL: REDIS_URL!,
          CONFAB_REDIS_PREFIX: prefix,
          CONFAB_NODE_ID: String(nodeId),
          CONFAB_DATA_DIR: `/tmp/${prefix}-${nodeId}`,
        }),
      );
    for (const u of ['ann', 'bob', 'cat', 'dan'])
      await register({ ...APP, apiUrl: nodes[0]!.apiUrl }, u, 'pw');
    storage = await postgresStorage({ url: db.url });
    appId = (await storage.apps.findByName(APP.org, APP.app))!.id;
  });
  after(async () => {
    for (const d of opened) await d.close().catch(() => undefined);
    await closeAllOfficialClients();
    await storage?.close();
    await Promise.all(nodes.map((n) => n.crash()));
    await db?.drop();
  });

  const isOp = (operation: string, id: string) => (e: any) => e.operation === operation && e.id === id;

  for (const kind of SDK_KINDS)
    test(`messages, presence, removal and attributes cross nodes (${kind} SDK)`, async () => {
      const [n1, n2] = nodes as [NodeProcess, NodeProcess];
      const roomId = await makeRoom('ann');
      const ann = await device(kind, n1, 'ann');
      const bob = await device(kind, n2, 'bob');
      const cat = await device(kind, n2, 'cat');
      await ann.conn.joinChatRoom({ roomId });
      await bob.conn.joinChatRoom({ roomId });
      const presence = await ann.next('onChatroomEvent', isOp('memberPresence', roomId), 10_000);
      assert.equal(presence.from, 'bob');
      await cat.conn.joinChatRoom({ roomId });
      await ann.next('onChatroomEvent', (e) => isOp('memberPresence', roomId)(e) && e.from === 'cat', 10_000);

      await ann.sendToRoom(roomId, `from node 1 ${kind}`);
      for (const d of [bob, cat])
        await d.next('onTextMessage', (e) => e.msg === `from node 1 ${kind}`, 10_000);
      await bob.sendToRoom(roomId, `from node 2 ${kind}`);
      await ann.next('onTextMessage', (e) => e.msg === `from node 2 ${kind}`, 10_000);
      // The recent room history on node 1 has what was said on node 2 (every node sees every message).
      const history = plain<any>(
        await ann.conn.getHistoryMessages({ targetId: roomId, chatType: 'chatRoom', pageSize: 5 }),
      );
      assert.deepEqual(
        history.messages.map((m: any) => m.msg),
        [`from node 2 ${kind}`, `from node 1 ${kind}`],
      );

      // cat is removed (as a kick would: the membership event): cat's device on node 2 stops being present.
      const bus = redisBus({ url: REDIS_URL!, channel: `${prefix}:bus`, nodeId: 99 });
      try {
        await bus.ready();
        await storage.mucs.removeMembers(appId, roomId, ['cat']);
        await publishMembershipChanged(
          bus,
          { appId, kind: 'room', groupId: roomId, removed: ['cat'] },
          (e) => {
            throw e;
          },
        );
      } finally {
        await bus.close();
      }
      await sleep(300);
      await ann.sendToRoom(roomId, `after removal ${kind}`);
      await bob.next('onTextMessage', (e) => e.msg === `after removal ${kind}`, 10_000);
      await sleep(300);
      assert.equal(cat.all('onTextMessage').filter((e: any) => e.msg === `after removal ${kind}`).length, 0);

      // Attributes set on node 2 are told on node 1.
      plain(await bob.conn.setChatRoomAttributes({ chatRoomId: roomId, attributes: { topic: 't' } }));
      const update = await ann.next('onChatroomEvent', isOp('updateChatRoomAttributes', roomId), 10_000);
      assert.deepEqual(update.attributes, { topic: 't' });

      // bob leaves on node 2: ann on node 1 hears it.
      await bob.conn.leaveChatRoom({ roomId });
      const absence = await ann.next('onChatroomEvent', isOp('memberAbsence', roomId), 10_000);
      assert.equal(absence.from, 'bob');
    });
});
