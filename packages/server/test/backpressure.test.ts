// Backpressure: what the server buffers for a consumer that stops reading is bounded — pushes turn into
// NOTICEs, and a socket whose buffer still grows past the limit is closed (4008) — and nothing is lost,
// because delivery resumes from the device's cursor.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Domain, StatusCode, frames } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { RawClient } from './support/raw-client.js';
import { login, register } from './support/rest.js';

let env: TestServer;
const tokens: Record<string, string> = {};
const pad = 'x'.repeat(4000);
before(async () => {
  // Small buffer limits so the test needs little traffic; the mechanism is the same at the defaults (1 / 8
  // MiB). The flood comes from one user faster than the default per-user send rate, which is not under test.
  env = await startTestServer({
    limits: {
      slowConsumerBytes: 16 * 1024,
      maxBufferedBytes: 64 * 1024,
      sendRatePerSecond: 1_000_000,
      sendBurst: 1_000_000,
    },
  });
  for (const u of ['alice', 'bob', 'carol']) {
    await register(env, u);
    tokens[u] = await login(env, u);
  }
});
after(() => env.close());

const pause = (c: RawClient) => (c.ws as unknown as { _socket: { pause(): void } })._socket.pause();
const resume = (c: RawClient) => (c.ws as unknown as { _socket: { resume(): void } })._socket.resume();
const sessionsOf = async (user: string) => {
  const app = await env.server.ctx.findApp(env.org, env.app);
  return [...env.server.gateway.registry.sessionsOf(app!.id, user)];
};

test('a consumer that stops reading is not flooded, and gets everything once it reads again', async () => {
  const alice = (await RawClient.login(env.wsUrl, env.appKey, 'alice', tokens['alice']!, 'a1')).client;
  const bob = (await RawClient.login(env.wsUrl, env.appKey, 'bob', tokens['bob']!, 'b1')).client;
  await alice.sendText('bob', 'warm-up');
  assert.deepEqual((await bob.receive('alice')).texts, ['warm-up']);
  pause(bob);
  const texts: string[] = [];
  for (let i = 0; i < 300; i++) {
    const t = `m${i}-${pad}`;
    assert.equal((await alice.sendText('bob', t)).status?.errorCode, StatusCode.OK);
    texts.push(t);
  }
  // 1.2 MB was sent to bob; the server holds at most one pushed entry for his queue.
  const [session] = await sessionsOf('bob');
  assert.ok(session, 'still connected');
  const buffered = (session as unknown as { socket: { bufferedAmount: number } }).socket.bufferedAmount;
  assert.ok(buffered < 16 * 1024, `buffered ${buffered} bytes`);
  resume(bob);
  const got = await bob.receive('alice', 10_000);
  assert.deepEqual(got.texts, texts);
  await Promise.all([alice.close(), bob.close()]);
});

test('a socket whose unread answers exceed the limit is closed with 4008 and loses nothing', async () => {
  const alice = (await RawClient.login(env.wsUrl, env.appKey, 'alice', tokens['alice']!, 'a2')).client;
  const texts: string[] = [];
  for (let i = 0; i < 60; i++) {
    const t = `n${i}-${pad}`;
    await alice.sendText('carol', t);
    texts.push(t);
  }
  const carol = (await RawClient.login(env.wsUrl, env.appKey, 'carol', tokens['carol']!, 'c1')).client;
  pause(carol);
  // Pipelined SYNC requests, never read: each answer is 50 entries (~200 KB), 16 MB in all — more than
  // the kernel's loopback socket buffers absorb, so the server's own buffer has to grow.
  const queue = { appKey: env.appKey, name: 'alice', domain: Domain.USER };
  for (let i = 0; i < 80; i++) carol.ws.send(frames.syncUL({ queue }));
  const deadline = Date.now() + 5000;
  while ((await sessionsOf('carol')).length > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  assert.equal((await sessionsOf('carol')).length, 0, 'the slow consumer was dropped');
  carol.ws.terminate();
  const again = (await RawClient.login(env.wsUrl, env.appKey, 'carol', tokens['carol']!, 'c1')).client;
  assert.deepEqual((await again.drain('alice')).texts, texts);
  await Promise.all([alice.close(), again.close()]);
});
