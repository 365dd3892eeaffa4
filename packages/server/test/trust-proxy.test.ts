// Behind a reverse proxy (docs/deploy.md): with CONFAB_TRUST_PROXY naming the proxy, the per-address
// registration throttle counts the client of X-Forwarded-For; without it, the header is ignored (a client
// cannot pick its own address) and every request counts against the peer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';

const register = (env: TestServer, username: string, forwardedFor: string) =>
  fetch(`${env.apiUrl}/${env.org}/${env.app}/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ username, password: 'pw' }),
  }).then(async (r) => (await r.arrayBuffer(), r.status));

test('CONFAB_TRUST_PROXY=loopback: registrations are counted per forwarded client', async () => {
  const env = await startTestServer({ trustProxy: 'loopback', limits: { registerMaxPerAddress: 1 } });
  try {
    assert.equal(await register(env, 'a1', '203.0.113.1'), 200);
    assert.equal(await register(env, 'a2', '203.0.113.1'), 429);
    assert.equal(await register(env, 'b1', '203.0.113.2'), 200);
  } finally {
    await env.close();
  }
});

test('without it X-Forwarded-For is ignored: the peer address is counted', async () => {
  const env = await startTestServer({ limits: { registerMaxPerAddress: 1 } });
  try {
    assert.equal(await register(env, 'a1', '203.0.113.1'), 200);
    assert.equal(await register(env, 'b1', '203.0.113.2'), 429);
  } finally {
    await env.close();
  }
});
