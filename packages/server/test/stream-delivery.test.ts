// Steady streams over many queues reach each receiver exactly once and in order. Reads see commits
// before their wake-up hints arrive, and a push can race a NOTICE-driven sync: this catches a second
// SYNC loop on one queue (which re-delivers every entry after it) and stale hints answered by NOTICE.
// The receivers are the bench's msync client, which syncs exactly like the SDKs (NOTICE → SYNC, a
// pushed batch → SYNC with its key) without their overhead, so the server sees a tight stream.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { MsyncDevice, type DeviceOptions } from '../../../bench/lib/msync-device.js';
import { closeAllOfficialClients, createOfficialClient } from './support/official-sdk.js';
import { login, register } from './support/rest.js';

const PAIRS = 10;
const PER_PAIR = 100;
let env: TestServer;
const devices: MsyncDevice[] = [];

before(async () => {
  env = await startTestServer();
});
after(async () => {
  for (const d of devices) d.close();
  await closeAllOfficialClients();
  await env.close();
});

const connect = async (user: string, opts: DeviceOptions) => {
  await register(env, user, 'pw');
  const d = await MsyncDevice.login(env.wsUrl, env.appKey, user, await login(env, user, 'pw'), opts);
  devices.push(d);
  return d;
};

async function settle(done: () => boolean) {
  const until = Date.now() + 20_000;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300)); // a re-delivery would show up meanwhile
}

test(`${PAIRS} streams of ${PER_PAIR} messages: each arrives once, in order`, async () => {
  const got = Array.from({ length: PAIRS }, () => [] as string[]);
  const receivers: MsyncDevice[] = [];
  const senders: MsyncDevice[] = [];
  for (let i = 0; i < PAIRS; i++) {
    receivers.push(await connect(`rx${i}`, { resource: `r${i}`, onText: (t) => void got[i]!.push(t) }));
    senders.push(await connect(`tx${i}`, { resource: `s${i}` }));
  }
  for (let k = 0; k < PER_PAIR; k++) {
    for (let i = 0; i < PAIRS; i++) senders[i]!.sendText(`rx${i}`, `${k}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  await settle(() => got.every((g) => g.length >= PER_PAIR));
  const expected = Array.from({ length: PER_PAIR }, (_, k) => `${k}`);
  for (let i = 0; i < PAIRS; i++) assert.deepEqual(got[i], expected, `rx${i}: once each, in order`);
});

test('the official SDK takes a fast stream from several senders once each, in order', async () => {
  const SENDERS = 4;
  const official = createOfficialClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
  const got: string[] = [];
  official.conn.addEventHandler('t', { onTextMessage: (m: { msg: string }) => void got.push(m.msg) });
  await register(env, 'official-rx', 'pw');
  await official.conn.open({ user: 'official-rx', pwd: 'pw' });
  await official.nextEvent('onConnected');
  const senders: MsyncDevice[] = [];
  for (let i = 0; i < SENDERS; i++) senders.push(await connect(`otx${i}`, { resource: `o${i}` }));
  for (let k = 0; k < PER_PAIR; k++) {
    for (let i = 0; i < SENDERS; i++) senders[i]!.sendText('official-rx', `${i}:${k}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  await settle(() => got.length >= SENDERS * PER_PAIR);
  assert.equal(got.length, SENDERS * PER_PAIR, 'nothing twice, nothing missing');
  for (let i = 0; i < SENDERS; i++) {
    const mine = got.filter((t) => t.startsWith(`${i}:`));
    assert.deepEqual(
      mine,
      Array.from({ length: PER_PAIR }, (_, k) => `${i}:${k}`),
      `otx${i}: in order`,
    );
  }
});
