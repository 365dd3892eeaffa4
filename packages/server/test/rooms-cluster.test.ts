// Chat rooms over REST on two server processes sharing one PostgreSQL and one Redis: a room made on one
// node is served by the other (details, members, super admins), and the membership changes a REST call
// makes on either node (add, kick, block, destroy) reach the bus with the room's queue `r:<id>`, which is
// how every node's present-member index follows them.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { redisBus, type RedisBus } from '../src/adapters/bus/redis-bus.js';
import type { BusEvent, MembershipChanged } from '../src/domain/ports/bus.js';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { adminToken, call, createUsers } from './support/accounts.js';
import { PG_URL, REDIS_URL, CLUSTER_SKIP } from './support/postgres.js';
import { SDK_KINDS } from './support/accounts.js';
import { closeAllOfficialClients } from './support/official-sdk.js';
import { login } from './support/rest.js';
import { rejection, roomDevice, sleep, type RoomDevice } from './support/room-devices.js';
import type { TestServer } from '@confab/server/testing';

const skip = CLUSTER_SKIP;

describe('chat rooms on two nodes (PostgreSQL + Redis)', { skip }, () => {
  let db: TempDatabase;
  const nodes: NodeProcess[] = [];
  let bus: RedisBus;
  const seen: MembershipChanged[] = [];
  const operator = `op_${randomBytes(12).toString('hex')}`;
  const app = { org: 'rooms', app: 'cluster' };
  let admin: string;
  const tokens: Record<string, string> = {};
  const at = (n: number) => ({ ...app, apiUrl: nodes[n]!.apiUrl, wsUrl: nodes[n]!.wsUrl });
  const on = (n: number, method: string, path: string, token: string, body?: unknown) =>
    call(method, `${nodes[n]!.apiUrl}/${app.org}/${app.app}${path}`, token, body);

  before(async () => {
    db = await createTempDatabase(PG_URL!);
    const prefix = `confab_t_${randomBytes(4).toString('hex')}`;
    const env = (nodeId: number) => ({
      CONFAB_DATABASE_URL: db.url,
      CONFAB_REDIS_URL: REDIS_URL!,
      CONFAB_REDIS_PREFIX: prefix,
      CONFAB_NODE_ID: String(nodeId),
      CONFAB_DATA_DIR: `/tmp/${prefix}-${nodeId}`,
      CONFAB_ADMIN_TOKEN: operator,
    });
    for (const id of [1, 2]) nodes.push(await spawnNode(env(id)));
    bus = redisBus({ url: REDIS_URL!, channel: `${prefix}:bus`, nodeId: 99 });
    await bus.ready();
    bus.subscribe((e: BusEvent) => {
      if (e.kind === 'membership') seen.push(e);
    });
    const made = await call('POST', `${nodes[0]!.apiUrl}/management/apps`, operator, {
      org: app.org,
      name: app.app,
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    admin = await adminToken(at(0), made.body.clientId as string, made.body.clientSecret as string);
    await createUsers(at(0), admin, ['ann', 'bob', 'cat', 'dan'], 'pw');
    for (const u of ['ann', 'bob', 'cat']) tokens[u] = await login(at(1), u, 'pw');
  });
  const opened: RoomDevice[] = [];
  after(async () => {
    for (const d of opened) await d.close().catch(() => undefined);
    await closeAllOfficialClients();
    await bus?.close();
    await Promise.all(nodes.map((n) => n.crash()));
    await db?.drop();
  });

  /** Waits until the bus carried a membership change matching `match`. */
  async function busSaw(match: (e: MembershipChanged) => boolean, what: string) {
    const until = Date.now() + 5000;
    while (Date.now() < until) {
      if (seen.some(match)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`the bus never carried ${what}: ${JSON.stringify(seen)}`);
  }

  test('a super admin named on one node creates on the other; changes on either node reach the bus', async () => {
    assert.equal((await on(0, 'POST', '/chatrooms/super_admin', admin, { superadmin: 'ann' })).status, 200);
    const made = await on(1, 'POST', '/chatrooms', tokens.ann!, { name: 'stage', members: ['bob'] });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const id = made.body.data.id as string;
    const queue = `r:${id}`;

    const details = await on(0, 'GET', `/chatrooms/${id}`, admin);
    assert.deepEqual(details.body.data[0].affiliations, [{ owner: 'ann' }, { member: 'bob' }]);

    assert.equal(
      (await on(0, 'POST', `/chatrooms/${id}/users`, admin, { usernames: ['cat', 'dan'] })).status,
      200,
    );
    await busSaw((e) => e.queue === queue && (e.added ?? []).includes('cat'), `cat added to ${queue}`);

    // Kicked on node 2 (by the owner), blocked on node 1 (by the app server).
    assert.equal((await on(1, 'DELETE', `/chatrooms/${id}/users/cat`, tokens.ann!)).status, 200);
    await busSaw((e) => e.queue === queue && (e.removed ?? []).includes('cat'), `cat removed from ${queue}`);
    assert.equal((await on(0, 'POST', `/chatrooms/${id}/blocks/users/dan`, admin)).status, 200);
    await busSaw((e) => e.queue === queue && (e.removed ?? []).includes('dan'), `dan removed from ${queue}`);
    const members = await on(1, 'GET', `/chatrooms/${id}/users?pagenum=1&pagesize=10`, tokens.bob!);
    assert.deepEqual(members.body.data, [{ owner: 'ann' }, { member: 'bob' }]);

    assert.equal((await on(0, 'DELETE', `/chatrooms/${id}`, tokens.ann!)).status, 200);
    await busSaw((e) => e.queue === queue && e.destroyed === true, `${queue} destroyed`);
    assert.equal((await on(1, 'GET', `/chatrooms/${id}`, tokens.bob!)).status, 404);
  });

  // REST on one node, devices present on both: a kick and a destroy reach the devices at once.
  for (const kind of SDK_KINDS)
    test(`a kick and a destroy over REST on node 2 reach devices present on both nodes (${kind} SDK)`, async () => {
      const device = async (n: number, user: string) => {
        const target = { ...at(n), appKey: `${app.org}#${app.app}` } as unknown as TestServer;
        const d = await roomDevice(target, kind, user);
        opened.push(d);
        return d;
      };
      const isOp = (operation: string, id: string) => (e: any) => e.operation === operation && e.id === id;
      const made = await on(0, 'POST', '/chatrooms', admin, { name: 'live', owner: 'ann' });
      const id = made.body.data.id as string;
      const ann = await device(0, 'ann');
      const bob = await device(0, 'bob');
      const cat = await device(1, 'cat');
      for (const d of [ann, bob, cat]) await d.conn.joinChatRoom({ roomId: id });
      await ann.next('onChatroomEvent', (e) => isOp('memberPresence', id)(e) && e.from === 'cat');

      assert.equal((await on(1, 'DELETE', `/chatrooms/${id}/users/bob`, admin)).status, 200);
      await bob.next('onChatroomEvent', isOp('removeMember', id));
      assert.equal((await cat.next('onChatroomEvent', isOp('memberAbsence', id))).from, 'bob');
      await cat.sendToRoom(id, 'bob is gone');
      await ann.next('onTextMessage', (e) => e.msg === 'bob is gone');
      await sleep(150);
      assert.equal(bob.all('onTextMessage').filter((e: any) => e.msg === 'bob is gone').length, 0);

      assert.equal((await on(1, 'DELETE', `/chatrooms/${id}`, admin)).status, 200);
      for (const d of [ann, cat]) await d.next('onChatroomEvent', isOp('destroy', id));
      assert.equal((await rejection(ann.sendToRoom(id, 'anyone?'))).type, 705);
    });
});
