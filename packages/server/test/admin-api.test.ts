// The app-server REST API (issue 5): authorization table, user management, status, devices, user
// tokens, and the operator API that creates apps.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, call, createUsers, sleep, type AppTarget } from './support/accounts.js';
import { login } from './support/rest.js';

describe('app-server REST API', () => {
  let env: TestServer;
  let demo: AppTarget;
  let other: AppTarget;
  let admin: string;
  let otherAdmin: string;
  let expiredAdmin: string;
  let userToken: string;

  before(async () => {
    env = await startTestServer();
    demo = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: env.org, app: env.app };
    admin = await adminToken(demo, env.clientId, env.clientSecret);
    // A second app on the same server, and a third whose admin tokens live one second.
    const created = await call('POST', `${env.apiUrl}/management/apps`, env.adminToken, {
      org: 'acme',
      name: 'chat',
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    other = { ...demo, org: 'acme', app: 'chat' };
    otherAdmin = await adminToken(other, created.body.clientId, created.body.clientSecret);
    const short = await call('POST', `${env.apiUrl}/management/apps`, env.adminToken, {
      org: 'acme',
      name: 'short',
      settings: { tokenTtlSeconds: 1 },
    });
    const shortApp = { ...demo, org: 'acme', app: 'short' };
    expiredAdmin = await adminToken(shortApp, short.body.clientId, short.body.clientSecret);
    await createUsers(demo, admin, ['alice', 'bob', 'carol']);
    userToken = await login(demo, 'alice', 'pw');
    await sleep(1100); // expiredAdmin is now expired
  });
  after(() => env.close());

  // Every admin-only call, refused alike: no token / unknown / expired / other app's → 401 (SDK 52),
  // a valid user token → 403 (SDK 603).
  const adminCalls: [string, string, unknown?][] = [
    ['GET', '/users/bob'],
    ['GET', '/users?limit=2'],
    ['POST', '/users', [{ username: 'zed', password: 'pw' }]],
    ['DELETE', '/users/bob'],
    ['DELETE', '/users?limit=1'],
    ['PUT', '/users/bob/password', { newpassword: 'x' }],
    ['POST', '/users/bob/deactivate'],
    ['POST', '/users/bob/activate'],
    ['GET', '/users/bob/disconnect'],
    ['POST', '/users/bob/disconnect'],
    ['DELETE', '/users/bob/disconnect/some-device'],
    ['GET', '/users/bob/status'],
    ['POST', '/users/batch/status', { usernames: ['bob'] }],
    ['GET', '/users/bob/resources'],
    ['POST', '/token', { grant_type: 'inherit', username: 'bob' }],
  ];
  // 401 carries "Unable to authenticate (OAuth)" (the SDK reports 52); 403 is forbidden_op (603).
  const refusals: [string, () => string | undefined, number, string][] = [
    ['no token', () => undefined, 401, 'unauthorized'],
    ['an unknown token', () => 'not-a-token', 401, 'unauthorized'],
    ['an expired admin token', () => expiredAdmin, 401, 'unauthorized'],
    ["another app's admin token", () => otherAdmin, 401, 'unauthorized'],
    ["a user's token", () => userToken, 403, 'forbidden_op'],
  ];
  for (const [who, token, status, description] of refusals) {
    test(`admin API with ${who} → ${status}`, async () => {
      for (const [method, path, body] of adminCalls) {
        const r = await appCall(demo, method, path, token(), body);
        assert.equal(r.status, status, `${method} ${path}: ${JSON.stringify(r.body)}`);
        assert.equal(r.body.error, description, `${method} ${path}`);
        if (status === 401) assert.equal(r.body.error_description, 'Unable to authenticate (OAuth)');
      }
      assert.ok(
        await appCall(demo, 'GET', '/users/bob', admin).then((r) => r.status === 200),
        'bob untouched',
      );
    });
  }

  test("a user's own token may list its devices and log one out; not another user's", async () => {
    assert.equal((await appCall(demo, 'GET', '/users/alice/resources', userToken)).status, 200);
    assert.equal((await appCall(demo, 'DELETE', '/users/alice/disconnect/x', userToken)).status, 200);
    assert.equal((await appCall(demo, 'GET', '/users/bob/resources', userToken)).status, 403);
  });

  test('get, list with cursor, batch register with per-user failures', async () => {
    const one = await appCall(demo, 'GET', '/users/bob', admin);
    assert.equal(one.status, 200);
    assert.equal(one.body.entities[0].username, 'bob');
    assert.equal(one.body.entities[0].activated, true);
    assert.equal(one.body.organization, env.org);
    const missing = await appCall(demo, 'GET', '/users/nobody', admin);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.exception, 'UserNotFoundException');

    const batch = await appCall(demo, 'POST', '/users', admin, [
      { username: 'dave', password: 'pw' },
      { username: 'alice', password: 'pw' },
      { username: 'Bad Name', password: 'pw' },
    ]);
    assert.equal(batch.status, 200);
    assert.deepEqual(
      batch.body.entities.map((e: any) => e.username),
      ['dave'],
    );
    assert.equal(batch.body.data.length, 2);

    const page1 = await appCall(demo, 'GET', '/users?limit=2&cursor=undefined', admin);
    assert.deepEqual(
      page1.body.entities.map((e: any) => e.username),
      ['alice', 'bob'],
    );
    assert.equal(page1.body.count, 2);
    assert.match(page1.body.cursor, /^[A-Za-z0-9_-]+$/);
    const page2 = await appCall(demo, 'GET', `/users?limit=2&cursor=${page1.body.cursor}`, admin);
    assert.deepEqual(
      page2.body.entities.map((e: any) => e.username),
      ['carol', 'dave'],
    );
    const page3 = await appCall(demo, 'GET', `/users?limit=2&cursor=${page2.body.cursor}`, admin);
    assert.deepEqual(page3.body.entities, []);
    assert.equal(page3.body.cursor, undefined);
    assert.equal((await appCall(demo, 'GET', '/users?limit=101', admin)).status, 400);
    // Apps are separate: acme#chat has none of these users.
    assert.deepEqual((await appCall(other, 'GET', '/users', otherAdmin)).body.entities, []);
  });

  test('password reset: the new password works, the old one and old tokens do not', async () => {
    await createUsers(demo, admin, ['pat']);
    const old = await login(demo, 'pat', 'pw');
    const bad = await appCall(demo, 'PUT', '/users/pat/password', admin, { newpassword: '' });
    assert.equal(bad.status, 400);
    const r = await appCall(demo, 'PUT', '/users/pat/password', admin, { newpassword: 'new-pw' });
    assert.equal(r.status, 200);
    assert.equal(r.body.action, 'set user password');
    await assert.rejects(login(demo, 'pat', 'pw'));
    assert.equal(typeof (await login(demo, 'pat', 'new-pw')), 'string');
    assert.equal((await appCall(demo, 'GET', '/users/pat/resources', old)).status, 401);
    const expires = await appCall(demo, 'GET', '/sdk/users/pat/token/expires', old);
    assert.equal(expires.status, 401);
  });

  test('deactivate and activate: a deactivated user gets no token', async () => {
    await createUsers(demo, admin, ['dan']);
    const off = await appCall(demo, 'POST', '/users/dan/deactivate', admin);
    assert.equal(off.status, 200);
    assert.equal(off.body.entities[0].activated, false);
    await assert.rejects(login(demo, 'dan', 'pw'));
    const issued = await appCall(demo, 'POST', '/token', admin, { grant_type: 'inherit', username: 'dan' });
    assert.equal(issued.status, 403);
    const on = await appCall(demo, 'POST', '/users/dan/activate', admin);
    assert.equal(on.body.entities[0].activated, true);
    assert.equal(typeof (await login(demo, 'dan', 'pw')), 'string');
  });

  test('delete one user and a batch: gone, tokens revoked, name reusable', async () => {
    await createUsers(demo, admin, ['zz1', 'zz2', 'zz3']);
    const token = await login(demo, 'zz1', 'pw');
    const r = await appCall(demo, 'DELETE', '/users/zz1', admin);
    assert.equal(r.status, 200);
    assert.equal(r.body.entities[0].username, 'zz1');
    assert.equal((await appCall(demo, 'GET', '/users/zz1', admin)).status, 404);
    assert.equal((await appCall(demo, 'DELETE', '/users/zz1', admin)).status, 404);
    assert.equal((await appCall(demo, 'GET', '/sdk/users/zz1/token/expires', token)).status, 401);
    await createUsers(demo, admin, ['zz1']);
    // Batch delete in acme#chat (its own users only).
    await createUsers(other, otherAdmin, ['o1', 'o2', 'o3']);
    const del = await appCall(other, 'DELETE', '/users?limit=2', otherAdmin);
    assert.deepEqual(
      del.body.entities.map((e: any) => e.username),
      ['o1', 'o2'],
    );
    assert.deepEqual(
      (await appCall(other, 'GET', '/users', otherAdmin)).body.entities.map((e: any) => e.username),
      ['o3'],
    );
    assert.equal((await appCall(demo, 'GET', '/users/zz2', admin)).status, 200);
  });

  test('online status (one and batch) and devices, offline users included', async () => {
    const st = await appCall(demo, 'GET', '/users/bob/status', admin);
    assert.equal(st.status, 200);
    assert.deepEqual(st.body.data, { bob: 'offline' });
    const batch = await appCall(demo, 'POST', '/users/batch/status', admin, { usernames: ['bob', 'carol'] });
    assert.deepEqual(batch.body.data, [{ bob: 'offline' }, { carol: 'offline' }]);
    assert.equal((await appCall(demo, 'POST', '/users/batch/status', admin, { usernames: [] })).status, 400);
    const res = await appCall(demo, 'GET', '/users/bob/resources', admin);
    assert.deepEqual(res.body.data, []);
    assert.equal((await appCall(demo, 'GET', '/users/nobody/status', admin)).status, 404);
  });

  test('user tokens issued by the app server: ttl, autoCreateUser, expiry endpoint', async () => {
    const r = await appCall(demo, 'POST', '/token', admin, {
      grant_type: 'inherit',
      username: 'bob',
      ttl: 120,
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.expires_in, 120);
    assert.equal(r.body.user.username, 'bob');
    const exp = await appCall(demo, 'GET', '/sdk/users/bob/token/expires', r.body.access_token);
    assert.equal(exp.status, 200);
    const left = exp.body.expire_timestamp - Date.now();
    assert.ok(left > 110_000 && left <= 120_000, String(left));
    // Another user's token does not answer for bob.
    assert.equal((await appCall(demo, 'GET', '/sdk/users/bob/token/expires', userToken)).status, 401);
    assert.equal(
      (await appCall(demo, 'POST', '/token', admin, { grant_type: 'inherit', username: 'bob', ttl: 999_999 }))
        .status,
      400,
    );
    assert.equal(
      (await appCall(demo, 'POST', '/token', admin, { grant_type: 'inherit', username: 'ghost' })).status,
      404,
    );
    const auto = await appCall(demo, 'POST', '/token', admin, {
      grant_type: 'inherit',
      username: 'ghost',
      autoCreateUser: true,
    });
    assert.equal(auto.status, 200);
    assert.equal((await appCall(demo, 'GET', '/users/ghost', admin)).status, 200);
  });

  test('operator API: create and list apps; refused without the operator token', async () => {
    const list = await call('GET', `${env.apiUrl}/management/apps`, env.adminToken);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.apps.map((a: any) => a.appKey),
      [env.appKey, 'acme#chat', 'acme#short'],
    );
    assert.equal(list.body.apps[0].clientSecret, undefined);
    assert.equal(list.body.apps[2].settings.tokenTtlSeconds, 1);
    assert.equal(list.body.apps[0].settings.deviceLimit, 4);
    for (const token of [undefined, 'wrong', admin]) {
      assert.equal((await call('GET', `${env.apiUrl}/management/apps`, token)).status, 401);
      assert.equal(
        (await call('POST', `${env.apiUrl}/management/apps`, token, { org: 'x', name: 'y' })).status,
        401,
      );
    }
    const dup = await call('POST', `${env.apiUrl}/management/apps`, env.adminToken, {
      org: 'acme',
      name: 'chat',
    });
    assert.equal(dup.status, 400);
    for (const body of [
      { org: 'a b', name: 'x' },
      { org: 'management', name: 'x' },
      { org: 'a', name: 'b', settings: { deviceLimit: 0 } },
      { org: 'a', name: 'b', settings: { nope: 1 } },
      { org: 'a', name: 'b', settings: { services: ['teleport'] } },
    ]) {
      assert.equal(
        (await call('POST', `${env.apiUrl}/management/apps`, env.adminToken, body)).status,
        400,
        JSON.stringify(body),
      );
    }
  });
});
