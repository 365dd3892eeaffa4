// Issue 13, item 6: a per-user send rate (ACK "traffic limit" → SDK 509, nothing stored), a reconnect of
// the same device replacing its old socket, and a cap on one user's sockets on a node.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CloseCode, ErrorCode, NameSpace, StatusCode, codeFromAckStatus, msync } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { RawClient } from './support/raw-client.js';
import { login, register } from './support/rest.js';

const closedWith = (c: RawClient) =>
  new Promise<number>((resolve) => (c.closed ? resolve(c.closeCode!) : c.ws.once('close', resolve)));

describe('per-user send rate', () => {
  let env: TestServer;
  let alice: RawClient;
  let bob: RawClient;

  before(async () => {
    env = await startTestServer({ limits: { sendRatePerSecond: 2, sendBurst: 5 } });
    await register(env, 'alice');
    await register(env, 'bob');
    ({ client: alice } = await RawClient.login(
      env.wsUrl,
      env.appKey,
      'alice',
      await login(env, 'alice'),
      'a',
    ));
    ({ client: bob } = await RawClient.login(env.wsUrl, env.appKey, 'bob', await login(env, 'bob'), 'b'));
  });
  after(async () => {
    await alice.close();
    await bob.close();
    await env.close();
  });

  test('a burst within the bucket is stored; past it the ACK is "traffic limit" (509) and nothing is stored', async () => {
    const acks = await Promise.all(Array.from({ length: 8 }, (_, i) => alice.sendText('bob', `m${i}`)));
    const codes = acks.map((a) => codeFromAckStatus(a.status).type);
    assert.deepEqual(codes.slice(0, 5), [0, 0, 0, 0, 0]);
    assert.deepEqual(
      codes.slice(5),
      [509, 509, 509].map(() => ErrorCode.MESSAGE_CURRENT_LIMITING),
    );
    assert.equal(acks[5]!.status?.errorCode, StatusCode.PERMISSION_DENIED);
    assert.equal(acks[5]!.status?.reason, 'traffic limit');
    assert.equal(alice.closed, false);
    const { texts } = await bob.drain('alice');
    assert.deepEqual(texts, ['m0', 'm1', 'm2', 'm3', 'm4']);
  });

  test('sends at the configured rate all succeed', async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 550)); // 2/s refills one token per 500 ms
      const ack = await alice.sendText('bob', `paced${i}`);
      assert.equal(ack.status?.errorCode ?? 0, StatusCode.OK);
    }
  });
});

describe('sockets per device and per user', () => {
  let env: TestServer;
  let aliceToken = '';
  let bobToken = '';

  before(async () => {
    env = await startTestServer({ limits: { maxSocketsPerUser: 3 } });
    await register(env, 'alice');
    await register(env, 'bob');
    aliceToken = await login(env, 'alice');
    bobToken = await login(env, 'bob');
  });
  after(() => env.close());

  test('50 logins with one resource end as one socket, and a message is delivered once', async () => {
    const sockets: RawClient[] = [];
    for (let i = 0; i < 50; i++)
      sockets.push((await RawClient.login(env.wsUrl, env.appKey, 'bob', bobToken, 'same')).client);
    const newest = sockets.pop()!;
    const codes = await Promise.all(sockets.map(closedWith));
    assert.deepEqual(new Set(codes), new Set([CloseCode.KICKED]));
    assert.equal(newest.closed, false);

    const { client: alice } = await RawClient.login(env.wsUrl, env.appKey, 'alice', aliceToken, 'a');
    const ack = await alice.sendText('bob', 'once');
    assert.equal(ack.status?.errorCode ?? 0, StatusCode.OK);
    const { texts } = await newest.receive('alice');
    assert.deepEqual(texts, ['once']);
    // Every frame any of the 50 sockets got about the message: exactly the one delivery above.
    await new Promise((r) => setTimeout(r, 200));
    const stray = [...sockets, newest].flatMap((s) =>
      s.inbox.filter(
        (f) => f.command === 'NOTICE' || (f.command === 'SYNC' && (f.body.metas?.length ?? 0) > 0),
      ),
    );
    assert.deepEqual(stray, []);
    await alice.close();
    await newest.close();
  });

  test('past the per-user cap the oldest device is displaced with 206', async () => {
    const devices: RawClient[] = [];
    for (const r of ['d1', 'd2', 'd3'])
      devices.push((await RawClient.login(env.wsUrl, env.appKey, 'alice', aliceToken, r)).client);
    const { client: d4 } = await RawClient.login(env.wsUrl, env.appKey, 'alice', aliceToken, 'd4');
    const kick = await devices[0]!.nextOf('SYNC', (f) =>
      (f.body.metas ?? []).some((m) => m.ns === NameSpace.STATISTIC),
    );
    const stat = msync.StatisticsBody.decode(kick.body.metas![0]!.payload!);
    assert.equal(stat.operation, 2); // USER_LOGIN_ANOTHER_DEVICE → SDK 206
    await closedWith(devices[0]!);
    assert.equal(devices[1]!.closed, false);
    assert.equal(devices[2]!.closed, false);
    assert.equal(d4.closed, false);
    for (const c of [...devices, d4]) await c.close();
  });
});
