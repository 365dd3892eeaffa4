// Issue 13 item 1: an upload aborted mid-body (a cancelled fetch, a dropped link) left its write stream
// open and its `.tmp` file on disk for good (200 aborts added 200 open fds), and a truncated multipart
// body (fewer bytes than Content-Length, then the client half-closes) never got an answer. Every abort
// now releases its fd and removes its `.tmp`, and a truncated body is answered or closed promptly.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { login, register } from './support/rest.js';

const ABORTS = 40;
const BOUNDARY = '----confababort';

const openFds = () => readdirSync('/proc/self/fd').length;

/** Every file under the data directory's `files/` folder whose name ends in `.tmp`. */
function tmpFiles(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'files'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.tmp'))
    .map((e) => e.name);
}

/** Polls `check` until it holds or `ms` pass; the last value either way. */
async function eventually<T>(ms: number, read: () => T, check: (v: T) => boolean): Promise<T> {
  const end = Date.now() + ms;
  let v = read();
  while (!check(v) && Date.now() < end) {
    await sleep(25);
    v = read();
  }
  return v;
}

describe('aborted and truncated uploads', () => {
  let env: TestServer;
  let token: string;
  before(async () => {
    env = await startTestServer();
    await register(env, 'uma');
    token = await login(env, 'uma');
  });
  after(() => env.close());

  /** Opens a raw connection and sends the head of an upload of a `declared`-byte file plus `sent` bytes of it. */
  async function partialUpload(declared: number, sent: number): Promise<Socket> {
    const url = new URL(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`);
    const partHead =
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n';
    const tail = `\r\n--${BOUNDARY}--\r\n`;
    const length = Buffer.byteLength(partHead) + declared + Buffer.byteLength(tail);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    socket.on('error', () => undefined);
    socket.write(
      `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\nContent-Length: ${length}\r\n\r\n` +
        partHead,
    );
    socket.write(Buffer.alloc(sent, 7));
    return socket;
  }

  test(`${ABORTS} uploads aborted mid-body: no fd and no .tmp file is left`, async (t) => {
    // Warm up the route (lazy modules, the SQLite statements) so the baseline is steady.
    (await partialUpload(1000, 10)).destroy();
    await sleep(300);
    const baseline = openFds();
    const sockets: Socket[] = [];
    for (let i = 0; i < ABORTS; i++) sockets.push(await partialUpload(1024 * 1024, 64 * 1024));
    // Let the server open its `.tmp` files and write into them before the clients go.
    await eventually(
      3000,
      () => tmpFiles(env.dataDir).length,
      (n) => n >= ABORTS,
    );
    for (const s of sockets) s.destroy();
    // A little slack for fds the process opens on its own meanwhile; the leak was one per abort.
    const SLACK = 3;
    const fds = await eventually(5000, openFds, (n) => n <= baseline);
    const tmps = await eventually(
      2000,
      () => tmpFiles(env.dataDir),
      (t) => t.length === 0,
    );
    t.diagnostic(`fds: baseline ${baseline}, after ${ABORTS} aborts ${fds}; .tmp left ${tmps.length}`);
    assert.ok(fds <= baseline + SLACK, `open fds ${fds} > baseline ${baseline}`);
    assert.deepEqual(tmps, []);
  });

  test('a truncated body (less than Content-Length, then end) is answered or closed promptly', async (t) => {
    const socket = await partialUpload(100_000, 1000);
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const started = Date.now();
    socket.end();
    const outcome = await Promise.race([closed.then(() => 'closed'), sleep(5000).then(() => 'hung')]);
    t.diagnostic(
      `truncated body: ${outcome} after ${Date.now() - started} ms; answer ${answer.split('\r\n')[0]}`,
    );
    assert.equal(outcome, 'closed');
    if (answer) assert.match(answer, /^HTTP\/1\.1 4\d\d/);
    assert.deepEqual(
      await eventually(
        2000,
        () => tmpFiles(env.dataDir),
        (t) => t.length === 0,
      ),
      [],
    );
  });

  test('a multipart body cut off mid-part (Content-Length matches) gets a 400 promptly', async () => {
    const partHead =
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n';
    const body = Buffer.concat([Buffer.from(partHead), Buffer.alloc(5000, 1)]); // no closing boundary
    const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      },
      body,
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error_code?: number }).error_code, 14403);
    assert.deepEqual(
      await eventually(
        2000,
        () => tmpFiles(env.dataDir),
        (t) => t.length === 0,
      ),
      [],
    );
  });
});
