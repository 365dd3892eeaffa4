// Changing an app's settings after creation through the operator API (PATCH /management/apps/:org/:name):
// the change merges into the stored settings, is validated, holds at once for new requests (registration
// of the demo app closed and reopened) and for live sessions of both SDKs (only-contacts messaging switched
// on under a logged-in device), without a restart; and, with PostgreSQL and Redis, on the other node.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { DEFAULT_APP_SETTINGS } from '../src/domain/apps/app-settings.js';
import { adminToken, appCall, call, createUsers } from './support/accounts.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient } from './support/our-client.js';
import { PG_URL } from './support/postgres.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rejection(p: Promise<unknown>): Promise<{ type?: number }> {
  try {
    await p;
  } catch (error) {
    return plain(error);
  }
  assert.fail('expected a rejection');
}

describe('app settings after creation (operator API)', () => {
  let env: TestServer;
  let admin: string;
  const patch = (settings: unknown, token = env.adminToken, app = env.app) =>
    call('PATCH', `${env.apiUrl}/management/apps/${env.org}/${app}`, token, { settings });
  const register = (username: string) =>
    appCall(env, 'POST', '/users', undefined, { username, password: 'pw' });

  before(async () => {
    env = await startTestServer();
    admin = await adminToken(env, env.clientId, env.clientSecret);
    await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan']);
  });
  after(async () => {
    await closeAllOfficialClients();
    await env.close();
  });

  test('closing and reopening registration of the demo app takes effect at once', async () => {
    assert.equal((await register('open1')).status, 200);
    const closed = await patch({ openRegistration: false });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.equal(closed.body.settings.openRegistration, false);
    const refused = await register('closed1');
    assert.equal(refused.status, 401, JSON.stringify(refused.body));
    // The app server still registers users.
    assert.equal(
      (await appCall(env, 'POST', '/users', admin, { username: 'byadmin', password: 'pw' })).status,
      200,
    );
    assert.equal((await patch({ openRegistration: true })).status, 200);
    assert.equal((await register('open2')).status, 200);
  });

  test('a change merges into the stored settings; GET and the list show them; storage holds them', async () => {
    const r = await patch({ deviceLimit: 2, recallWindowSeconds: 30, attachmentTtlSeconds: 3600 });
    assert.equal(r.status, 200);
    const got = await call('GET', `${env.apiUrl}/management/apps/${env.org}/${env.app}`, env.adminToken);
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.settings, {
      ...DEFAULT_APP_SETTINGS,
      openRegistration: true,
      deviceLimit: 2,
      recallWindowSeconds: 30,
      attachmentTtlSeconds: 3600,
    });
    assert.equal(got.body.appKey, env.appKey);
    const stored = await env.server.ctx.storage.apps.findByName(env.org, env.app);
    assert.equal(stored?.settings.deviceLimit, 2);
    const listed = await call('GET', `${env.apiUrl}/management/apps`, env.adminToken);
    assert.equal(listed.body.apps[0].settings.recallWindowSeconds, 30);
  });

  test('invalid changes are refused with 400 and change nothing; an unknown app is not found; operator only', async () => {
    const before = (await call('GET', `${env.apiUrl}/management/apps/${env.org}/${env.app}`, env.adminToken))
      .body.settings;
    for (const bad of [{ nope: 1 }, { deviceLimit: 0 }, { openRegistration: 'no' }, { services: ['x'] }, 5]) {
      const r = await patch(bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.equal(r.body.error, 'illegal_argument', JSON.stringify(r.body));
    }
    const noBody = await call(
      'PATCH',
      `${env.apiUrl}/management/apps/${env.org}/${env.app}`,
      env.adminToken,
      {},
    );
    assert.equal(noBody.status, 400);
    const after = (await call('GET', `${env.apiUrl}/management/apps/${env.org}/${env.app}`, env.adminToken))
      .body.settings;
    assert.deepEqual(after, before);
    const missing = await patch({ deviceLimit: 3 }, env.adminToken, 'missing');
    assert.equal(missing.body.error, 'organization_application_not_found', JSON.stringify(missing.body));
    assert.equal((await patch({ deviceLimit: 3 }, admin)).status, 401);
    const anonymous = await call('PATCH', `${env.apiUrl}/management/apps/${env.org}/${env.app}`, undefined, {
      settings: { deviceLimit: 3 },
    });
    assert.equal(anonymous.status, 401);
  });

  for (const kind of ['ours', 'official'] as const)
    test(`live sessions follow a change (contactsOnly switched on and off, ${kind} SDK)`, async () => {
      const address = { appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl };
      const [from, to] = kind === 'ours' ? ['ann', 'bob'] : ['cat', 'dan'];
      let send: (msg: string) => Promise<unknown>;
      let close: () => void;
      if (kind === 'ours') {
        const c = recordingClient(address);
        await c.conn.open({ user: from, pwd: 'pw' });
        send = (msg) => c.conn.send(OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to, msg }));
        close = () => c.conn.close();
      } else {
        const c = createOfficialClient(address);
        await c.conn.open({ user: from, pwd: 'pw' });
        await c.nextEvent('onConnected');
        send = (msg) => c.conn.send(c.sdk.message.create({ type: 'txt', chatType: 'singleChat', to, msg }));
        close = () => c.conn.close();
      }
      try {
        await send('before');
        assert.equal((await patch({ contactsOnly: true })).status, 200);
        assert.equal((await rejection(send('stranger'))).type, 221);
        assert.equal((await patch({ contactsOnly: false })).status, 200);
        await send('after');
      } finally {
        close();
        await sleep(50);
      }
    });
});

const REDIS_URL = process.env['CONFAB_TEST_REDIS_URL'];
const clusterSkip = !PG_URL
  ? 'CONFAB_TEST_PG_URL not set'
  : !REDIS_URL
    ? 'CONFAB_TEST_REDIS_URL not set'
    : undefined;

describe('app settings on two nodes (PostgreSQL + Redis)', { skip: clusterSkip }, () => {
  let db: TempDatabase;
  const nodes: NodeProcess[] = [];
  const operator = `op_${randomBytes(12).toString('hex')}`;

  before(async () => {
    db = await createTempDatabase(PG_URL!);
    const prefix = `confab_t_${randomBytes(4).toString('hex')}`;
    for (const id of [1, 2])
      nodes.push(
        await spawnNode({
          CONFAB_DATABASE_URL: db.url,
          CONFAB_REDIS_URL: REDIS_URL!,
          CONFAB_REDIS_PREFIX: prefix,
          CONFAB_NODE_ID: String(id),
          CONFAB_DATA_DIR: `/tmp/${prefix}-${id}`,
          CONFAB_ADMIN_TOKEN: operator,
        }),
      );
  });
  after(async () => {
    for (const n of nodes) await n.stop();
    await db?.drop();
  });

  test('registration closed through node 1 is closed on node 2 (its cached app reloads)', async () => {
    const made = await call('POST', `${nodes[0]!.apiUrl}/management/apps`, operator, {
      org: 'ops',
      name: 'two',
    });
    assert.equal(made.status, 200, JSON.stringify(made.body));
    const reg = (n: number, username: string) =>
      call('POST', `${nodes[n]!.apiUrl}/ops/two/users`, undefined, { username, password: 'pw' });
    // Node 2 caches the app (open) first.
    assert.equal((await reg(1, 'first')).status, 200);
    const closed = await call('PATCH', `${nodes[0]!.apiUrl}/management/apps/ops/two`, operator, {
      settings: { openRegistration: false },
    });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    let status = 0;
    for (let i = 0; i < 50 && status !== 401; i++) {
      status = (await reg(1, `late${i}`)).status;
      if (status !== 401) await sleep(100);
    }
    assert.equal(status, 401);
  });
});
