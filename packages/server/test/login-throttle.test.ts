// Issue 13 item 2: password logins are throttled per user and per source address (429 reach_limit, which
// the SDK reports as 500 SERVER_BUSY), with a lockout that grows; open registration per address; and
// password hashing runs on threads of its own, so a login flood does not starve other users' acks (the
// ack waits for an fdatasync on libuv's pool, where scrypt used to queue).
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { codeFromHttp } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, createUsers, type AppTarget } from './support/accounts.js';
import { LoginThrottle } from '../src/domain/auth/login-throttle.js';
import { RawClient } from './support/raw-client.js';
import { login } from './support/rest.js';

interface Answer {
  status: number;
  body: Record<string, unknown>;
  retryAfter: string | undefined;
}

/** POST JSON from a given loopback source address (Linux routes all of 127/8 to lo). */
function postFrom(localAddress: string, url: string, body: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(text) as Record<string, unknown>,
            retryAfter: res.headers['retry-after'],
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** `total` calls, `concurrency` at a time; the answers in completion order. */
async function flood(total: number, concurrency: number, call: (i: number) => Promise<Answer>) {
  const answers: Answer[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) answers.push(await call(next++));
    }),
  );
  return answers;
}

const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;

describe('login and registration throttling', () => {
  let env: TestServer;
  let t: AppTarget;
  let tokenUrl: string;
  const password = (username: string, pw: string) => ({ grant_type: 'password', username, password: pw });

  before(async () => {
    // A first lockout of a minute, so that no lock runs out during a test (the growth is tested below).
    const loginThrottle = { maxRegistrationsPerAddress: 3, lockoutBaseMs: 60_000 };
    env = await startTestServer({ hardening: { loginThrottle } });
    t = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: env.org, app: env.app };
    tokenUrl = `${env.apiUrl}/${env.org}/${env.app}/token`;
    await createUsers(t, await adminToken(t, env.clientId, env.clientSecret), ['victim', 'carol']);
  });
  after(() => env.close());

  test('wrong passwords for one user: 429 after 5, Agora-shaped (SDK 500); another user elsewhere logs in', async () => {
    const answers = await flood(40, 8, () => postFrom('127.0.0.1', tokenUrl, password('victim', 'wrong')));
    assert.equal(count(answers, 400), 5, 'wrong passwords checked');
    assert.equal(count(answers, 429), 35);
    const refused = answers.find((a) => a.status === 429)!;
    assert.equal(refused.body['error'], 'reach_limit');
    assert.match(String(refused.body['error_description']), /reached api limit/);
    assert.ok(Number(refused.retryAfter) >= 1, 'Retry-After is set');
    assert.equal(codeFromHttp(429, JSON.stringify(refused.body), tokenUrl).type, 500);
    // The locked user stays locked from any address, even with the right password…
    assert.equal((await postFrom('127.0.0.2', tokenUrl, password('victim', 'pw'))).status, 429);
    // …while another user from another address is not affected.
    const ok = await postFrom('127.0.0.2', tokenUrl, password('carol', 'pw'));
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(typeof ok.body['access_token'], 'string');
  });

  test('one address guessing many names: 429 after 20 failures; other addresses unaffected', async () => {
    const answers = await flood(30, 4, (i) => postFrom('127.0.0.3', tokenUrl, password(`ghost${i}`, 'x')));
    assert.equal(count(answers, 404), 20, 'unknown users count as failures');
    assert.equal(count(answers, 429), 10);
    // The address is locked for every user, carol included…
    assert.equal((await postFrom('127.0.0.3', tokenUrl, password('carol', 'pw'))).status, 429);
    // …but not elsewhere.
    assert.equal((await postFrom('127.0.0.4', tokenUrl, password('carol', 'pw'))).status, 200);
  });

  test('open registration: 429 past the per-address budget; another address still registers', async () => {
    const users = `${env.apiUrl}/${env.org}/${env.app}/users`;
    const reg = (from: string, username: string) => postFrom(from, users, { username, password: 'pw' });
    for (const u of ['r1', 'r2', 'r3']) assert.equal((await reg('127.0.0.5', u)).status, 200);
    const refused = await reg('127.0.0.5', 'r4');
    assert.equal(refused.status, 429);
    assert.equal(refused.body['error'], 'reach_limit');
    assert.equal((await reg('127.0.0.6', 'r4')).status, 200);
  });
});

test('a login flood does not starve acks: hashing is off the thread pool that durable acks wait on', async () => {
  // Throttling off: every one of the flood's wrong passwords is hashed.
  const off = { maxFailuresPerUser: 1e9, maxFailuresPerAddress: 1e9 };
  await using env = await startTestServer({ hardening: { loginThrottle: off } });
  const t = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: env.org, app: env.app };
  await createUsers(t, await adminToken(t, env.clientId, env.clientSecret), ['alice', 'bob', 'victim']);
  const { client } = await RawClient.login(
    env.wsUrl,
    env.appKey,
    'alice',
    await login(t, 'alice', 'pw'),
    'c',
  );
  const tokenUrl = `${env.apiUrl}/${env.org}/${env.app}/token`;

  const LOGINS = 24;
  let flooding = true;
  const floodDone = flood(LOGINS, 16, () =>
    postFrom('127.0.0.1', tokenUrl, { grant_type: 'password', username: 'victim', password: 'wrong' }),
  ).finally(() => (flooding = false));
  let acks = 0;
  while (flooding) {
    await client.sendText('bob', `canary ${acks}`);
    if (flooding) acks++;
  }
  const answers = await floodDone;
  await client.close();
  assert.equal(count(answers, 400), LOGINS, 'every login was hashed');
  // Each ack waits for an fdatasync. When scrypt shared libuv's 4 threads, each sync queued behind a
  // round of hashes, so the flood finished after a handful of acks; now the acks keep flowing. No clock:
  // only how many sends complete while the flood's hashes run.
  assert.ok(acks >= LOGINS, `only ${acks} acks while ${LOGINS} wrong passwords were hashed`);
});

test('lockout doubles with each lock, one try between locks, forgotten after a quiet window', () => {
  let now = 1_000_000;
  const throttle = new LoginThrottle(
    { now: () => now },
    { maxFailuresPerUser: 3, lockoutBaseMs: 1000, lockoutMaxMs: 4000, failureWindowMs: 60_000 },
  );
  const fail = () => throttle.beginLogin(1, 'u', 'a'); // begun and never succeeded: a failure
  const refusal = () => {
    try {
      fail();
      return undefined;
    } catch (err) {
      return (err as { data: { retryAfterSeconds: number } }).data.retryAfterSeconds;
    }
  };
  for (let i = 0; i < 3; i++) fail();
  // Locks of 1, 2, 4 s, then capped at 4 s; after each, exactly one try goes through.
  for (const seconds of [1, 2, 4, 4]) {
    assert.equal(refusal(), seconds);
    now += seconds * 1000 - 1;
    assert.equal(refusal(), 1, 'still locked a millisecond before the end');
    now += 1;
    fail();
  }
  // A success (after the lock that the last failure earned) clears the user's record.
  assert.equal(refusal(), 4);
  now += 4000;
  throttle.beginLogin(1, 'u', 'a').succeeded();
  for (let i = 0; i < 3; i++) fail();
  assert.equal(refusal(), 1, 'back to the first lockout');
  // A quiet window forgets the strikes too.
  now += 61_000;
  for (let i = 0; i < 3; i++) fail();
  assert.equal(refusal(), 1);
});
