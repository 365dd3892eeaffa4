import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { postJson } from './support/rest.js';

describe('REST: registration and tokens', () => {
  let env: TestServer;
  let base: string;
  before(async () => {
    env = await startTestServer();
    base = `${env.apiUrl}/${env.org}/${env.app}`;
  });
  after(() => env.close());

  test('open registration returns the Agora user entity', async () => {
    const res = await postJson(`${base}/users`, {
      username: 'alice',
      password: 'pw-alice',
      nickname: 'Alice',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body['action'], 'post');
    assert.equal(res.body['entities'][0].username, 'alice');
    assert.equal(res.body['entities'][0].nickname, 'Alice');
    assert.equal(res.body['entities'][0].activated, true);
    assert.equal(res.body['entities'][0].type, 'user');
    assert.ok(res.body['entities'][0].uuid);
  });

  test('a taken username is refused with the duplicate error the SDK recognises', async () => {
    const res = await postJson(`${base}/users`, { username: 'alice', password: 'other' });
    assert.equal(res.status, 400);
    assert.equal(res.body['error'], 'duplicate_unique_property_exists');
    assert.match(res.body['error_description'], /username be unique/);
  });

  test('usernames and passwords follow Agora rules', async () => {
    for (const username of ['Alice', 'a b', '', 'x'.repeat(65), 'é']) {
      const res = await postJson(`${base}/users`, { username, password: 'pw' });
      assert.equal(res.status, 400, username);
      assert.match(res.body['error_description'], /is not legal/);
    }
    const long = await postJson(`${base}/users`, { username: 'bob', password: 'p'.repeat(65) });
    assert.equal(long.status, 400);
    assert.equal((await postJson(`${base}/users`, { username: 'x'.repeat(64), password: 'pw' })).status, 200);
  });

  test('password grant issues a token; a wrong password is invalid_grant', async () => {
    const ok = await postJson(`${base}/token`, {
      grant_type: 'password',
      username: 'alice',
      password: 'pw-alice',
      timestamp: 1,
    });
    assert.equal(ok.status, 200);
    assert.equal(typeof ok.body['access_token'], 'string');
    assert.ok(ok.body['access_token'].length >= 40);
    assert.equal(ok.body['expires_in'], 86400);
    assert.equal(ok.body['user'].username, 'alice');

    const bad = await postJson(`${base}/token`, {
      grant_type: 'password',
      username: 'alice',
      password: 'nope',
    });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      [bad.body['error'], bad.body['error_description']],
      ['invalid_grant', 'invalid password'],
    );

    const missing = await postJson(`${base}/token`, {
      grant_type: 'password',
      username: 'nobody',
      password: 'x',
    });
    assert.equal(missing.status, 404);
    assert.match(missing.body['error_description'], /user not found/);
  });

  test('client_credentials issues an admin token only for the right secret', async () => {
    const ok = await postJson(`${base}/token`, {
      grant_type: 'client_credentials',
      client_id: env.clientId,
      client_secret: env.clientSecret,
    });
    assert.equal(ok.status, 200);
    assert.equal(typeof ok.body['access_token'], 'string');
    const bad = await postJson(`${base}/token`, {
      grant_type: 'client_credentials',
      client_id: env.clientId,
      client_secret: 'x',
    });
    assert.equal(bad.status, 400);
  });

  test('an unknown app, a malformed body and an unknown grant are clear errors', async () => {
    const unknownApp = await postJson(`${env.apiUrl}/nope/nope/token`, {
      grant_type: 'password',
      username: 'a',
      password: 'b',
    });
    assert.ok(unknownApp.status >= 400 && unknownApp.status < 500);
    assert.ok(unknownApp.body['error_description']);
    const res = await fetch(`${base}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{oops',
    });
    assert.equal(res.status, 400);
    assert.equal(
      ((await res.json()) as Record<string, string>)['error_description'],
      'Request body not readable.Please check content type is correct!',
    );
    const grant = await postJson(`${base}/token`, { grant_type: 'magic' });
    assert.equal(grant.status, 400);
  });

  test('CORS pre-flight allows the headers the SDK sends', async () => {
    const res = await fetch(`${base}/token`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://example.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    assert.ok(res.status === 204 || res.status === 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://example.test');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /Authorization/i);
  });

  test('GET /healthz?detail=1 reports event-loop delay and memory; reset=1 restarts the interval', async () => {
    const res = await fetch(`${env.apiUrl}/healthz?detail=1&reset=1`, {
      headers: { authorization: `Bearer ${env.adminToken}` },
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      status: string;
      eventLoopDelayMs: Record<string, number>;
      rssBytes: number;
    };
    assert.equal(body.status, 'ok');
    for (const k of ['p50', 'p99', 'max']) assert.equal(typeof body.eventLoopDelayMs[k], 'number');
    assert.ok(body.rssBytes > 10 * 1024 * 1024);
  });

  test('GET /healthz', async () => {
    const res = await fetch(`${env.apiUrl}/healthz`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as Record<string, string>)['status'], 'ok');
  });
});
