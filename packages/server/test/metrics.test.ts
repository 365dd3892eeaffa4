// GET /metrics: Prometheus text from prom-client, counting what really happened on a server on port 0
// (sessions, connections, logins, messages in and out, deliveries, ACK latency, commit batch sizes, event-loop delay,
// errors by code), readable with the operator token only by default; CONFAB_METRICS_ACCESS=public opens
// it, =off removes it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, createUsers } from './support/accounts.js';
import { recordingClient } from './support/our-client.js';

/** The value of one sample line (`name{labels} value`), or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    if (line.slice(0, at) === series) return Number(line.slice(at + 1));
  }
  return undefined;
}

async function scrape(env: TestServer, token?: string) {
  const res = await fetch(`${env.apiUrl}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
}

describe('GET /metrics', { timeout: 60_000 }, () => {
  let env: TestServer;
  before(async () => {
    env = await startTestServer();
    const admin = await adminToken(env, env.clientId, env.clientSecret);
    await createUsers(env, admin, ['ann', 'bob']);
  });
  after(() => env.close());

  test('counts connections, logins, messages, deliveries, ACK latency, commit batches and errors', async () => {
    const address = { appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl };
    const ann = recordingClient(address);
    const bob = recordingClient(address);
    await ann.conn.open({ user: 'ann', pwd: 'pw' });
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    try {
      for (let i = 0; i < 3; i++) {
        await ann.conn.send(
          OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: `m${i}` }),
        );
        await bob.next('onTextMessage', (m: { msg: string }) => m.msg === `m${i}`);
      }
      // A REST error: an unknown user's token request (USER_NOT_FOUND or a login failure code).
      const bad = await fetch(`${env.apiUrl}/${env.org}/${env.app}/users/nobody`, {
        headers: { authorization: 'Bearer not-a-token' },
      });
      await bad.arrayBuffer();

      const m = await scrape(env, env.adminToken);
      assert.equal(m.status, 200, m.text);
      assert.match(m.type, /^text\/plain; version=0\.0\.4/);
      const node = 'node="0"';
      assert.equal(sample(m.text, `confab_sessions{${node}}`), 2);
      assert.ok(sample(m.text, `confab_connections_total{${node}}`)! >= 2);
      assert.equal(sample(m.text, `confab_logins_total{result="ok",${node}}`), 2);
      assert.equal(sample(m.text, `confab_messages_in_total{${node}}`), 3);
      assert.ok(sample(m.text, `confab_messages_out_total{${node}}`)! >= 3);
      const deliveries =
        (sample(m.text, `confab_deliveries_total{kind="push",${node}}`) ?? 0) +
        (sample(m.text, `confab_deliveries_total{kind="notice",${node}}`) ?? 0);
      assert.ok(deliveries >= 3, m.text);
      assert.equal(sample(m.text, `confab_ack_latency_seconds_count{${node}}`), 3);
      assert.ok(sample(m.text, `confab_ack_latency_seconds_bucket{le="+Inf",${node}}`) === 3);
      assert.ok(sample(m.text, `confab_commit_batch_size_count{${node}}`)! >= 1);
      assert.ok(sample(m.text, `confab_commit_batch_size_sum{${node}}`)! >= 3);
      assert.ok(sample(m.text, `confab_event_loop_delay_seconds{quantile="0.99",${node}}`)! >= 0);
      assert.ok(sample(m.text, `confab_process_resident_memory_bytes{${node}}`)! > 0);
      assert.match(m.text, /^confab_errors_total\{edge="rest",code="\d+",node="0"\} [1-9]/m);
      assert.match(m.text, /^# TYPE confab_ack_latency_seconds histogram$/m);
    } finally {
      ann.conn.close();
      bob.conn.close();
    }
  });

  test('only the operator token reads it by default', async () => {
    assert.equal((await scrape(env)).status, 401);
    assert.equal((await scrape(env, 'wrong')).status, 401);
    const admin = await adminToken(env, env.clientId, env.clientSecret);
    assert.equal((await scrape(env, admin)).status, 401);
  });

  test('CONFAB_METRICS_ACCESS=public opens it; =off removes it', async () => {
    const open = await startTestServer({ metricsAccess: 'public' });
    try {
      const r = await scrape(open);
      assert.equal(r.status, 200);
      assert.match(r.text, /^confab_sessions\{node="0"\} 0$/m);
    } finally {
      await open.close();
    }
    const off = await startTestServer({ metricsAccess: 'off' });
    try {
      assert.equal((await scrape(off, off.adminToken)).status, 404);
    } finally {
      await off.close();
    }
  });
});
