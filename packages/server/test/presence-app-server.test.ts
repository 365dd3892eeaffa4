// The app server's REST API for user attributes and presence (REST spec §3): PUT /metadata/user/{u} with a
// form body (and JSON), GET and DELETE it, POST /metadata/user/get, GET /metadata/user/capacity; presence
// publish / subscribe / status / sublist / unsubscribe for a user with the admin token (top-level `result`);
// who may call what, the codes of bad input, and 505 from an app without the presence service.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { codeFromHttp } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { createApp } from '../src/domain/apps/app-admin.js';
import { adminToken, appCall, createUsers, type Reply } from './support/accounts.js';
import { login } from './support/rest.js';

const sdkCode = (r: Reply, url = 'https://x/org/app/users/x') =>
  codeFromHttp(r.status, JSON.stringify(r.body), url).type;

const refused = (status: number) => status === 401 || status === 403;

describe('user attributes and presence through the app-server API', () => {
  let env: TestServer;
  let admin: string;
  let appId: number;
  const call = (method: string, path: string, body?: unknown) => appCall(env, method, path, admin, body);

  before(async () => {
    env = await startTestServer();
    admin = await adminToken(env, env.clientId, env.clientSecret);
    await createUsers(env, admin, ['ann', 'bob', 'fan0']);
    appId = (await env.server.ctx.findApp(env.org, env.app))!.id;
  });
  after(() => env.close());

  test('metadata: form PUT, JSON PUT, GET, batch get, capacity, DELETE', async () => {
    const put = await fetch(`${env.apiUrl}/${env.org}/${env.app}/metadata/user/ann`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'nickname=Ann%20A&avatarurl=https%3A%2F%2Fx.test%2Fa.png&gender=1&custom=yes',
    });
    assert.equal(put.status, 200);
    const putBody: any = await put.json();
    assert.deepEqual(putBody.data, {
      nickname: 'Ann A',
      avatarurl: 'https://x.test/a.png',
      gender: '1',
      custom: 'yes',
    });
    assert.equal((await call('PUT', '/metadata/user/bob', { sign: 'hi' })).status, 200);
    const got = await call('GET', '/metadata/user/ann');
    assert.equal(got.status, 200);
    assert.deepEqual(got.body.data, {
      nickname: 'Ann A',
      avatarurl: 'https://x.test/a.png',
      gender: '1',
      custom: 'yes',
    });
    const batch = await call('POST', '/metadata/user/get', {
      targets: ['ann', 'bob'],
      properties: ['nickname', 'sign'],
    });
    assert.deepEqual(batch.body.data, { ann: { nickname: 'Ann A' }, bob: { sign: 'hi' } });
    const capacity = await call('GET', '/metadata/user/capacity');
    assert.equal(capacity.status, 200);
    assert.equal(typeof capacity.body.data, 'number');
    assert.ok(capacity.body.data > 50);
    const del = await call('DELETE', '/metadata/user/bob');
    assert.deepEqual([del.status, del.body.data], [200, true]);
    assert.deepEqual((await call('GET', '/metadata/user/bob')).body.data, {});
  });

  test('metadata: bad input and unknown users', async () => {
    const unknown = await call('PUT', '/metadata/user/nobody', { nickname: 'x' });
    assert.deepEqual([unknown.status, sdkCode(unknown)], [404, 204]);
    assert.equal((await call('GET', '/metadata/user/nobody')).status, 404);
    const empty = await call('PUT', '/metadata/user/ann', {});
    assert.deepEqual([empty.status, sdkCode(empty)], [400, -3]);
    const long = await call('PUT', '/metadata/user/ann', { avatarurl: 'a'.repeat(257) });
    assert.equal(sdkCode(long), 50);
    const tooMany = await call('POST', '/metadata/user/get', {
      targets: Array.from({ length: 101 }, (_, i) => `u${i}`),
    });
    assert.equal(tooMany.status, 400);
    // A user may write only their own attributes, and read anyone's.
    const bob = await login(env, 'bob', 'pw');
    assert.ok(refused((await appCall(env, 'PUT', '/metadata/user/ann', bob, { nickname: 'x' })).status));
    assert.equal((await appCall(env, 'GET', '/metadata/user/ann', bob)).status, 200);
    assert.ok(refused((await appCall(env, 'GET', '/metadata/user/capacity', bob)).status));
  });

  test('presence for a user: publish, subscribe, status, sublist, unsubscribe (top-level result)', async () => {
    const pub = await call('POST', '/users/ann/presence/app/1', { ext: 'on air' });
    assert.deepEqual([pub.status, pub.body], [200, { result: 'ok' }]);
    const sub = await call('POST', '/users/bob/presence/120', { usernames: ['ann'] });
    assert.equal(sub.status, 200);
    assert.deepEqual(Object.keys(sub.body), ['result']);
    assert.equal(sub.body.result[0].uid, 'ann');
    assert.equal(sub.body.result[0].ext, 'on air');
    assert.deepEqual(sub.body.result[0].status, {});
    const status = await call('POST', '/users/bob/presence', { usernames: ['ann'] });
    assert.equal(status.body.result[0].expiry, sub.body.result[0].expiry);
    const list = await call('GET', '/users/bob/presence/sublist?pageNum=1&pageSize=500');
    assert.deepEqual(list.body.result, {
      totalnum: 1,
      sublist: [{ uid: 'ann', expiry: sub.body.result[0].expiry }],
    });
    const un = await call('DELETE', '/users/bob/presence', ['ann']);
    assert.equal(un.status, 200);
    assert.equal(
      (await call('GET', '/users/bob/presence/sublist?pageNum=1&pageSize=10')).body.result.totalnum,
      0,
    );
  });

  test('presence limits and codes', async () => {
    const big = await call('POST', '/users/ann/presence/app/1', { ext: 'x'.repeat(1025) });
    assert.deepEqual([big.status, big.body.error_description, sdkCode(big)], [400, 'ext is too big ', 1100]);
    const longExpiry = await call('POST', '/users/bob/presence/2592001', { usernames: ['ann'] });
    assert.deepEqual([longExpiry.status, sdkCode(longExpiry)], [400, -3]);
    const zero = await call('POST', '/users/bob/presence/0', { usernames: ['ann'] });
    assert.equal(zero.status, 400);
    const many = await call('POST', '/users/bob/presence', {
      usernames: Array.from({ length: 101 }, (_, i) => `u${i}`),
    });
    assert.equal(many.status, 400);
    const none = await call('DELETE', '/users/bob/presence', []);
    assert.equal(none.status, 400);
    const bob = await login(env, 'bob', 'pw');
    assert.ok(refused((await appCall(env, 'POST', '/users/ann/presence/app/1', bob, { ext: 'x' })).status));
  });

  test('a user followed by 3,000 others takes no more subscribers (50); renewing one is fine', async () => {
    const now = Date.now();
    await Promise.all(
      Array.from({ length: 3000 }, (_, i) =>
        env.server.ctx.storage.presence.subscribe(appId, `fan${i}`, ['ann'], now + 600_000),
      ),
    );
    const full = await call('POST', '/users/bob/presence/60', { usernames: ['ann'] });
    assert.deepEqual([full.status, sdkCode(full)], [403, 50]);
    const renew = await call('POST', '/users/fan0/presence/60', { usernames: ['ann'] });
    assert.equal(renew.status, 200, 'an existing subscriber renews');
  });

  test('an app without the presence service answers 400 "the app not open presence" (505)', async () => {
    const { clientSecret } = await createApp(
      env.server.ctx.storage,
      env.server.ctx.clock,
      env.org,
      'nopresence',
      {
        services: ['files', 'history'],
      },
    );
    const t = { ...env, app: 'nopresence' };
    const token = await adminToken(
      t,
      (await env.server.ctx.findApp(env.org, 'nopresence'))!.clientId,
      clientSecret,
    );
    await createUsers(t, token, ['cat']);
    const r = await appCall(t, 'POST', '/users/cat/presence/app/1', token, { ext: 'x' });
    assert.deepEqual([r.status, r.body.result, sdkCode(r)], [400, 'the app not open presence', 505]);
  });
});
