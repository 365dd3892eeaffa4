// Behaviour on server answers the real server does not produce on demand: kicks, failing ACKs,
// provision failures, token expiry. Uses a scripted msync endpoint (support/fake-msync-server.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Domain, NameSpace, StatusCode, frames, msync } from '@confab/protocol';
import AgoraChat from '@confab/sdk';
import { Client, sleep } from './support/harness.js';
import { startFakeServer } from './support/fake-msync-server.js';
import type { FakeBehaviour, FakeServer } from './support/fake-msync-server.js';

async function loggedIn(behaviour: FakeBehaviour = {}): Promise<{ fake: FakeServer; c: Client }> {
  const fake = await startFakeServer(behaviour);
  const c = new Client({ appKey: 'org#app', wsUrl: fake.url, apiUrl: 'http://127.0.0.1:9' });
  await c.conn.open({ user: 'alice', accessToken: 'tok' });
  return { fake, c };
}

const kickFrame = (operation: number, reason?: string) =>
  frames.syncDL({
    status: { errorCode: StatusCode.OK },
    queue: { appKey: 'org#app', name: 'alice', domain: Domain.USER },
    isLast: true,
    metas: [
      {
        id: '77',
        from: { name: 'admin' },
        ns: NameSpace.STATISTIC,
        payload: msync.StatisticsBody.encode({ operation, ...(reason ? { reason } : {}) }),
      },
    ],
  });

for (const [operation, type] of [
  [1, 207],
  [2, 206],
  [3, 216],
  [4, 217],
] as const) {
  test(`kick operation ${operation} → onError ${type}, onDisconnected ${type}, no reconnect`, async () => {
    const { fake, c } = await loggedIn();
    try {
      fake.push(kickFrame(operation, operation === 2 ? 'new-device-ext' : undefined));
      const err = await c.next<{ type: number; data?: unknown }>('onError');
      assert.equal(err.type, type);
      if (operation === 2) assert.deepEqual(err.data, { loginInfoCustomExt: 'new-device-ext' });
      const reason = await c.next<{ type: number }>('onDisconnected');
      assert.equal(reason.type, type);
      await sleep(300); // onReconnecting would fire synchronously on the close
      assert.equal(c.of('onReconnecting').length, 0);
      assert.equal(fake.provisions.length, 1);
      await assert.rejects(
        c.conn.send(AgoraChat.message.create({ type: 'txt', to: 'bob', msg: 'x', chatType: 'singleChat' })),
        { type: 39 },
      );
    } finally {
      c.conn.close();
      await fake.close();
    }
  });
}

test('a failing ACK rejects send() with the mapped code and {id, mid} data (nonroster → 221)', async () => {
  const { fake, c } = await loggedIn({ ack: () => ({ errorCode: StatusCode.FAIL, reason: 'nonroster' }) });
  try {
    const msg = AgoraChat.message.create({ type: 'txt', to: 'bob', msg: 'x', chatType: 'singleChat' });
    const err = await c.conn.send(msg).then(
      () => assert.fail('must reject'),
      (e: { type: number; data: { id: string; mid: string } }) => e,
    );
    assert.equal(err.type, 221);
    assert.equal(err.data.id, msg.id);
    assert.match(err.data.mid, /^\d+$/);
    assert.equal(c.conn.isOpened(), true, 'an error ACK does not drop the connection');
  } finally {
    c.conn.close();
    await fake.close();
  }
});

test('a failed provision is not retried (user not found → 204)', async () => {
  const fake = await startFakeServer({
    provision: () => ({ status: { errorCode: StatusCode.FAIL, reason: 'Sorry, user not found' } }),
  });
  const c = new Client({ appKey: 'org#app', wsUrl: fake.url, apiUrl: 'http://127.0.0.1:9' });
  try {
    await assert.rejects(c.conn.open({ user: 'ghost', accessToken: 'tok' }), { type: 204 });
    assert.equal(fake.provisions.length, 1);
    assert.equal(c.of<{ type: number }>('onError')[0]?.type, 204);
  } finally {
    c.conn.close();
    await fake.close();
  }
});

test('the provision frame looks like the official one (auth "$t$"+token, resource from deviceId)', async () => {
  const fake = await startFakeServer();
  const c = new Client(
    { appKey: 'org#app', wsUrl: fake.url, apiUrl: 'http://127.0.0.1:9' },
    { deviceId: 'dev1' },
  );
  try {
    await c.conn.open({ user: 'alice', accessToken: 'tok' });
    const env = fake.received[0]!;
    assert.equal(env.auth, '$t$tok');
    assert.deepEqual(
      { ...env.guid },
      { appKey: 'org#app', name: 'alice', domain: 'easemob.com', clientResource: 'webim_web_dev1' },
    );
    const p = fake.provisions[0]!;
    assert.equal(p.resource, 'webim_web_dev1');
    assert.equal(p.authToken, '{"token":"$t$tok"}');
    assert.equal(p.actionVersion, 'v5.1');
    assert.equal(c.conn.clientResource, 'webim_web_dev1');
    await sleep(50);
    assert.ok(
      fake.received.some((m) => m.command === 1),
      'UNREAD after login',
    );
  } finally {
    c.conn.close();
    await fake.close();
  }
});

test('token expiry from the provision answer: onTokenWillExpire at 80 %, onTokenExpired then close', async () => {
  const { fake, c } = await loggedIn({
    provision: () => ({
      status: { errorCode: 0 },
      authToken: JSON.stringify({ expires_in: Date.now() + 1000 }),
    }),
  });
  try {
    const started = Date.now();
    await c.next('onTokenWillExpire', () => true, 3000);
    const warnedAfter = Date.now() - started;
    assert.ok(warnedAfter >= 600 && warnedAfter < 1000, `warned after ${warnedAfter} ms`);
    await c.next('onTokenExpired', () => true, 3000);
    await c.next('onDisconnected', () => true, 3000);
    assert.equal(c.conn.isOpened(), false);
  } finally {
    c.conn.close();
    await fake.close();
  }
});

test('an error ACK for an unknown meta id is reported as onError 31', async () => {
  const { fake, c } = await loggedIn();
  try {
    fake.push(
      frames.syncDL({ status: { errorCode: StatusCode.WRONG_PARAMETER, reason: 'x' }, metaId: '123456' }),
    );
    assert.equal((await c.next<{ type: number }>('onError')).type, 31);
  } finally {
    c.conn.close();
    await fake.close();
  }
});

test('onShow: a socket that stays silent after the probe is taken for dead and the SDK reconnects', async () => {
  let answer = true;
  const { fake, c } = await loggedIn({ unread: () => answer });
  try {
    await sleep(2100); // onShow only probes a socket quiet for over 2 s
    answer = false;
    c.conn.onShow();
    await c.next('onReconnecting', () => true, 12_000);
    assert.equal(c.logs.filter((e) => e.kind === 'probe-timeout').length, 1);
    answer = true;
    const deadline = Date.now() + 5000;
    while (fake.provisions.length < 2 && Date.now() < deadline) await sleep(50);
    assert.equal(fake.provisions.length, 2, 'a second login after the probe timed out');
  } finally {
    c.conn.close();
    await fake.close();
  }
});
