// Messages over REST and Agora tokens on two nodes sharing PostgreSQL and Redis: a REST message sent through
// one node reaches official-SDK devices on the other (one-to-one and group), the offline count and status come
// from PostgreSQL, and an Agora App ID set through one node is honoured by the other within the app cache's
// lifetime (APP_CACHE_MS).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import agoraToken from 'agora-token';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { adminToken, call, createUsers, sleep } from './support/accounts.js';
import { closeAllOfficialClients, createOfficialClient } from './support/official-sdk.js';
import { PG_URL, REDIS_URL, CLUSTER_SKIP } from './support/postgres.js';

const skip = CLUSTER_SKIP;
const APP_ID = '11112222333344445555666677778888';
const CERT = '9999aaaabbbbccccddddeeeeffff0000';

describe('messages over REST on two nodes (PostgreSQL + Redis)', { skip }, () => {
  let db: TempDatabase;
  const nodes: NodeProcess[] = [];
  const operator = `op_${randomBytes(12).toString('hex')}`;
  const app = { org: 'rest', app: 'cluster' };
  let admin: string;
  let groupId: string;
  const at = (n: number) => ({ ...app, apiUrl: nodes[n]!.apiUrl, wsUrl: nodes[n]!.wsUrl });
  const on = (n: number, method: string, path: string, body?: unknown, token = admin) =>
    call(method, `${nodes[n]!.apiUrl}/${app.org}/${app.app}${path}`, token, body);
  const official = async (user: string, n: number) => {
    const c = createOfficialClient({
      appKey: `${app.org}#${app.app}`,
      url: nodes[n]!.wsUrl,
      apiUrl: nodes[n]!.apiUrl,
    });
    await c.conn.open({ user, pwd: 'pw' });
    return c;
  };

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
    const made = await call('POST', `${nodes[0]!.apiUrl}/management/apps`, operator, {
      org: app.org,
      name: app.app,
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    admin = await adminToken(at(0), made.body.clientId as string, made.body.clientSecret as string);
    await createUsers(at(0), admin, ['ann', 'bob', 'cat'], 'pw');
    const g = await on(0, 'POST', '/chatgroups', {
      groupname: 'g',
      owner: 'ann',
      members: ['bob'],
      public: true,
    });
    groupId = String(g.body.data.groupid);
  });
  after(async () => {
    await closeAllOfficialClients();
    await Promise.all(nodes.map((n) => n.crash()));
    await db?.drop();
  });

  test('a REST message through node 1 reaches official devices on node 2 (1:1 and group)', async () => {
    const bob = await official('bob', 1);
    const r = await on(0, 'POST', '/messages/users', {
      from: 'ann',
      to: ['bob'],
      type: 'txt',
      body: { msg: 'hi' },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const got: any = await bob.nextEvent('onTextMessage', {
      predicate: (m: any) => m.id === r.body.data.bob,
    });
    assert.equal(got.from, 'ann');
    const g = await on(0, 'POST', '/messages/chatgroups', {
      to: [groupId],
      type: 'loc',
      body: { lat: 1.5, lng: 2.5, addr: 'here' },
    });
    assert.equal(g.status, 200, JSON.stringify(g.body));
    const loc: any = await bob.nextEvent('onLocationMessage', {
      predicate: (m: any) => m.id === g.body.data[groupId],
    });
    assert.deepEqual([loc.from, loc.chatType, loc.addr], ['admin', 'groupChat', 'here']);
    await bob.close();
  });

  test('offline count and status on PostgreSQL', async () => {
    const r = await on(1, 'POST', '/messages/users', {
      from: 'ann',
      to: ['cat'],
      type: 'txt',
      body: { msg: 'x' },
    });
    const id = r.body.data.cat as string;
    assert.equal((await on(0, 'GET', '/users/cat/offline_msg_count')).body.data.cat, 1);
    assert.equal((await on(0, 'GET', `/users/cat/offline_msg_status/${id}`)).body.data[id], 'undelivered');
    const cat = await official('cat', 1);
    await cat.nextEvent('onTextMessage', { predicate: (m: any) => m.id === id });
    let status = '';
    for (let i = 0; i < 50 && status !== 'delivered'; i++) {
      status = (await on(0, 'GET', `/users/cat/offline_msg_status/${id}`)).body.data[id] as string;
      if (status !== 'delivered') await sleep(50);
    }
    assert.equal(status, 'delivered');
    assert.equal((await on(0, 'GET', '/users/cat/offline_msg_count')).body.data.cat, 0);
    await cat.close();
  });

  test('an Agora App ID set through node 1 is honoured by node 2 within the app cache lifetime', async () => {
    const token = agoraToken.ChatTokenBuilder.buildAppToken(APP_ID, CERT, 600);
    // Node 2 has read the app already (the calls above): it keeps the old record for up to APP_CACHE_MS.
    assert.equal((await on(1, 'GET', '/users', undefined, token)).status, 401);
    const put = await call('PUT', `${nodes[0]!.apiUrl}/management/apps/${app.org}/${app.app}`, operator, {
      settings: { agoraAppId: APP_ID, agoraAppCertificate: CERT },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.equal((await on(0, 'GET', '/users', undefined, token)).status, 200);
    let status = 0;
    const deadline = Date.now() + 7_000;
    while (Date.now() < deadline && status !== 200) {
      status = (await on(1, 'GET', '/users', undefined, token)).status;
      if (status !== 200) await sleep(200);
    }
    assert.equal(status, 200);
  });
});
