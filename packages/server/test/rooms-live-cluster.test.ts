// Chat rooms across two server processes sharing PostgreSQL and Redis, with both SDKs: a room message
// reaches the devices present on the other node (one bus event per message), presence and absence
// events cross nodes, a member the app server kicks on one node stops getting messages on the other,
// and attributes set on one node are told to members on the other. Rooms are made over REST.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { TestServer } from '@confab/server/testing';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { adminToken, call, createUsers, SDK_KINDS } from './support/accounts.js';
import { closeAllOfficialClients, plain } from './support/official-sdk.js';
import { PG_URL, REDIS_URL, CLUSTER_SKIP } from './support/postgres.js';
import { roomDevice, sleep, type RoomDevice } from './support/room-devices.js';

const skip = CLUSTER_SKIP;
const APP = { org: 'roomslive', app: 'cluster', appKey: 'roomslive#cluster' };

describe('chat rooms on two nodes (PostgreSQL + Redis)', { skip }, () => {
  let db: TempDatabase;
  let prefix: string;
  const nodes: NodeProcess[] = [];
  let admin: string;
  const operator = `op_${randomBytes(12).toString('hex')}`;
  const opened: RoomDevice[] = [];

  const target = (n: NodeProcess) => ({ ...APP, apiUrl: n.apiUrl, wsUrl: n.wsUrl }) as unknown as TestServer;
  const device = async (kind: (typeof SDK_KINDS)[number], n: NodeProcess, user: string) => {
    const d = await roomDevice(target(n), kind, user);
    opened.push(d);
    return d;
  };
  /** The app server's REST call on node `n` (1 or 2). */
  const rest = async (n: number, method: string, path: string, body?: unknown) => {
    const r = await call(method, `${nodes[n - 1]!.apiUrl}/${APP.org}/${APP.app}${path}`, admin, body);
    assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const makeRoom = async (owner: string) =>
    (await rest(1, 'POST', '/chatrooms', { name: 'r', owner })).data.id as string;

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
          CONFAB_ADMIN_TOKEN: operator,
        }),
      );
    const at = { ...APP, apiUrl: nodes[0]!.apiUrl, wsUrl: nodes[0]!.wsUrl };
    const made = await call('POST', `${nodes[0]!.apiUrl}/management/apps`, operator, {
      org: APP.org,
      name: APP.app,
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    admin = await adminToken(at, made.body.clientId as string, made.body.clientSecret as string);
    await createUsers(at, admin, ['ann', 'bob', 'cat', 'dan'], 'pw');
  });
  after(async () => {
    for (const d of opened) await d.close().catch(() => undefined);
    await closeAllOfficialClients();
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

      // The app server kicks cat on node 1: cat's device on node 2 stops being present.
      await rest(1, 'DELETE', `/chatrooms/${roomId}/users/cat`);
      await cat.next('onChatroomEvent', isOp('removeMember', roomId), 10_000);
      const kicked = await ann.next('onChatroomEvent', isOp('memberAbsence', roomId), 10_000);
      assert.equal(kicked.from, 'cat');
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
