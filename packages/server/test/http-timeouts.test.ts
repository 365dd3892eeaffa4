// Issue 13 item 5: slow HTTP bodies never timed out (0 of 50 closed after 100 s): Fastify switches Node's
// request timeout off. With small configured deadlines: a body that stalls is closed after the idle
// timeout, a body that trickles (a byte at a time, never idle) after the request timeout, headers that
// never finish after the headers timeout; an open WebSocket outlives all three.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from '@confab/server/testing';

const HEADERS_MS = 800;
const REQUEST_MS = 1500;
const IDLE_MS = 1000;

describe('HTTP timeouts', () => {
  let env: TestServer;
  before(async () => {
    env = await startTestServer({
      limits: {
        httpHeadersTimeoutMs: HEADERS_MS,
        httpRequestTimeoutMs: REQUEST_MS,
        httpIdleTimeoutMs: IDLE_MS,
        // Nothing else may close or ping the WebSocket during the test.
        provisionTimeoutMs: 60_000,
        pingIntervalMs: 60_000,
      },
    });
  });
  after(() => env.close());

  async function rawConnection(): Promise<{ socket: Socket; closed: Promise<number>; answer: () => string }> {
    const url = new URL(env.apiUrl);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.on('error', () => undefined);
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const opened = Date.now();
    const closed = new Promise<number>((resolve) => socket.once('close', () => resolve(Date.now() - opened)));
    return { socket, closed, answer: () => answer };
  }

  const postHead = (length: number) =>
    `POST /${env.org}/${env.app}/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${length}\r\n\r\n`;

  /** Resolves with the ms until the close, or fails past `ms`. */
  const closedWithin = (closed: Promise<number>, ms: number) =>
    Promise.race([closed, sleep(ms).then(() => assert.fail(`still open after ${ms} ms`))]);

  test('a body that stops is closed after the idle timeout', async (t) => {
    const c = await rawConnection();
    c.socket.write(postHead(1000) + '{"username":');
    const ms = await closedWithin(c.closed, IDLE_MS + 3000);
    t.diagnostic(`stalled body closed after ${ms} ms`);
    assert.ok(ms >= IDLE_MS - 100, `closed too early (${ms} ms)`);
  });

  test('a body that trickles (never idle) is answered 408 after the request timeout', async (t) => {
    const c = await rawConnection();
    c.socket.write(postHead(100_000));
    const drip = setInterval(() => c.socket.write(' '), 100);
    try {
      const ms = await closedWithin(c.closed, REQUEST_MS + 3000);
      t.diagnostic(`trickled body closed after ${ms} ms: ${c.answer().split('\r\n')[0]}`);
      assert.ok(ms >= REQUEST_MS - 100, `closed too early (${ms} ms)`);
      assert.match(c.answer(), /^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
    }
  });

  test('headers that never finish are answered 408 after the headers timeout', async (t) => {
    const c = await rawConnection();
    c.socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n`);
    const drip = setInterval(() => c.socket.write('X-Slow: 1\r\n'), 100);
    try {
      const ms = await closedWithin(c.closed, HEADERS_MS + 3000);
      t.diagnostic(`slow headers closed after ${ms} ms: ${c.answer().split('\r\n')[0]}`);
      assert.match(c.answer(), /^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
    }
  });

  test('an idle WebSocket stays open past every HTTP timeout', async () => {
    const ws = new WebSocket(env.wsUrl);
    await new Promise<void>((resolve, reject) => ws.once('open', () => resolve()).once('error', reject));
    let closedAt = 0;
    ws.once('close', () => (closedAt = Date.now()));
    await sleep(REQUEST_MS + IDLE_MS + 1000);
    assert.equal(closedAt, 0, 'the WebSocket was closed');
    assert.equal(ws.readyState, WebSocket.OPEN);
    ws.close();
  });
});
