// Issue 13 item 9: an upload over ~74 MB was reset without an answer. The server read and dropped up to
// 64 MB past the app's limit (to let the client see the 400), then destroyed the socket unanswered. Now
// an oversize upload is answered at once (before its body is read when Content-Length says so), with
// the status the official SDK maps (400, error_code 14403 → 101) and `Connection: close`, and the
// connection is closed cleanly after the answer (FIN, no reset), also for a client that keeps sending.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { login, register } from './support/rest.js';

const MiB = 1024 * 1024;
const BOUNDARY = '----confaboversize';
const PART_HEAD = Buffer.from(
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="huge.bin"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n',
);
const TAIL = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);

const openFds = () => readdirSync('/proc/self/fd').length;
const tmpFiles = (dataDir: string) =>
  readdirSync(join(dataDir, 'files'), { recursive: true, withFileTypes: true }).filter(
    (e) => e.isFile() && e.name.endsWith('.tmp'),
  ).length;

interface RawOutcome {
  status: number;
  headers: string;
  body: Record<string, unknown>;
  /** Body bytes the client had written when the first byte of the answer came. */
  sentAtAnswer: number;
  sent: number;
  /** The server ended the connection with a FIN. */
  finReceived: boolean;
  /** A reset (or any other socket error) the client saw. */
  error: string | undefined;
  closedAfterMs: number;
}

describe('uploads over the limit are answered, then the connection is closed', () => {
  let env: TestServer;
  let token: string;
  const LINGER_MS = 400;
  before(async () => {
    // The default app limit (10 MB); a short linger for the stubborn-client case.
    env = await startTestServer({ limits: { httpLingerMs: LINGER_MS } });
    await register(env, 'ozzy');
    token = await login(env, 'ozzy');
  });
  after(() => env.close());

  /**
   * Uploads `size` bytes of file over a raw socket, writing on whatever the server does (the socket stays
   * writable after the server's FIN), as a client that does not watch for an early answer. `chunked`:
   * no Content-Length. `pace`: ms between 1 MiB writes (0 = as fast as the socket takes them).
   * `stubborn`: goes on sending after the server's FIN (else it stops, as curl and fetch do).
   */
  async function rawUpload(
    size: number,
    o: { chunked?: boolean; pace?: number; stubborn?: boolean } = {},
  ): Promise<RawOutcome> {
    const url = new URL(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`);
    const socket: Socket = connect({ port: Number(url.port), host: url.hostname, allowHalfOpen: true });
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const frame = (b: Buffer) =>
      o.chunked ? Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]) : b;
    let answer = Buffer.alloc(0);
    let sent = 0;
    let sentAtAnswer = -1;
    let finReceived = false;
    let error: string | undefined;
    let answeredAt = 0;
    socket.on('data', (d: Buffer) => {
      if (sentAtAnswer < 0) {
        sentAtAnswer = sent;
        answeredAt = Date.now();
      }
      answer = Buffer.concat([answer, d]);
    });
    socket.on('end', () => {
      finReceived = true;
      if (!o.stubborn) socket.end();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (error = e.code ?? String(e)));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const length = PART_HEAD.length + size + TAIL.length;
    socket.write(
      `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
        (o.chunked ? 'Transfer-Encoding: chunked\r\n\r\n' : `Content-Length: ${length}\r\n\r\n`),
    );
    socket.write(frame(PART_HEAD));
    const chunk = Buffer.alloc(MiB, 0x5a);
    for (let n = 0; n < size / MiB && !socket.destroyed && !socket.writableEnded; n++) {
      if (!socket.write(frame(chunk)))
        await new Promise((resolve) => {
          socket.once('drain', resolve);
          socket.once('close', resolve);
        });
      sent += MiB;
      if (o.pace) await sleep(o.pace);
    }
    if (!socket.destroyed && !socket.writableEnded)
      socket.end(o.chunked ? Buffer.concat([frame(TAIL), Buffer.from('0\r\n\r\n')]) : TAIL);
    await Promise.race([closed, sleep(20_000, undefined, { ref: false })]);
    socket.destroy();
    const text = answer.toString('latin1');
    const split = text.indexOf('\r\n\r\n');
    const headers = split < 0 ? text : text.slice(0, split);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text.slice(split + 4)) as Record<string, unknown>;
    } catch {
      // no (whole) body: the assertions below say so
    }
    return {
      status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0),
      headers,
      body,
      sentAtAnswer,
      sent,
      finReceived,
      error,
      closedAfterMs: answeredAt ? Date.now() - answeredAt : -1,
    };
  }

  const describeOutcome = (r: RawOutcome) =>
    `${r.status || 'no answer'} after ${(r.sentAtAnswer / MiB).toFixed(0)} MiB sent of ${(r.sent / MiB).toFixed(0)}; ` +
    `fin ${r.finReceived}, error ${r.error ?? 'none'}, closed ${r.closedAfterMs} ms after the answer`;

  function assertRefusedCleanly(r: RawOutcome) {
    assert.equal(r.status, 400, `no 400: ${describeOutcome(r)}`);
    assert.equal(r.body['error_code'], 14403, 'the SDK maps 400 + 14403 to 101 (WEBIM_UPLOADFILE_ERROR)');
    assert.match(String(r.body['error_description']), /exceeds the limit of 10485760 bytes/);
    assert.match(r.headers, /\r\nconnection: close/i);
    assert.ok(r.finReceived, 'the server closed with a FIN');
    assert.equal(r.error, undefined, 'no reset');
  }

  test('100 MB with Content-Length: 400 before the body is read, then a clean close', async (t) => {
    const baseline = openFds();
    const r = await rawUpload(100 * MiB);
    t.diagnostic(`Content-Length 100 MiB: ${describeOutcome(r)}`);
    assertRefusedCleanly(r);
    assert.ok(r.sentAtAnswer < 20 * MiB, 'answered from the Content-Length, not after reading the body');
    await sleep(100);
    assert.ok(openFds() <= baseline + 3, `fds ${openFds()} vs baseline ${baseline}`);
    assert.equal(tmpFiles(env.dataDir), 0);
  });

  test('100 MB chunked (no Content-Length): 400 once the limit is passed, then a clean close', async (t) => {
    const r = await rawUpload(100 * MiB, { chunked: true });
    t.diagnostic(`chunked 100 MiB: ${describeOutcome(r)}`);
    assertRefusedCleanly(r);
    assert.equal(tmpFiles(env.dataDir), 0, 'the partial file is deleted');
  });

  test('a client that never stops sending is closed after the linger time', async (t) => {
    // 1 MiB every 50 ms, 300 MiB: 15 s if nobody stopped it; it writes on after the server's FIN.
    const r = await rawUpload(300 * MiB, { chunked: true, pace: 50, stubborn: true });
    t.diagnostic(`stubborn client: ${describeOutcome(r)}`);
    assert.equal(r.status, 400, describeOutcome(r));
    assert.equal(r.body['error_code'], 14403);
    assert.ok(r.finReceived, 'the answer was followed by a FIN');
    // It is closed (its later writes fail) within the linger time, not after its 300 MiB.
    assert.ok(r.closedAfterMs >= LINGER_MS - 50 && r.closedAfterMs < LINGER_MS + 3000, describeOutcome(r));
    assert.ok(r.sent < 100 * MiB, describeOutcome(r));
  });

  test('fetch of 100 MB gets the 400 body (not a network error); the part upload route too', async () => {
    const body = Buffer.concat([PART_HEAD, Buffer.alloc(100 * MiB, 1), TAIL]);
    const headers = {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
    };
    const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`, {
      method: 'POST',
      headers,
      body,
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error_code: number }).error_code, 14403);

    const init = await fetch(`${env.apiUrl}/${env.org}/${env.app}/sdk/chatfiles/part-upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const uuid = ((await init.json()) as { entities: { uuid: string }[] }).entities[0]!.uuid;
    const partHead = Buffer.from(
      PART_HEAD.toString().replace('name="file"; filename="huge.bin"', 'name="part_file"; filename="p"'),
    );
    const part = await fetch(`${env.apiUrl}/${env.org}/${env.app}/sdk/chatfiles/part-upload/${uuid}`, {
      method: 'PUT',
      headers,
      body: Buffer.concat([partHead, Buffer.alloc(100 * MiB, 1), TAIL]),
    });
    assert.equal(part.status, 400);
    assert.equal(((await part.json()) as { error_code: number }).error_code, 14403);

    // Still serving: a small upload goes through.
    const form = new FormData();
    form.append('file', new Blob([Buffer.alloc(1000, 2)]), 'small.bin');
    const ok = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    assert.equal(ok.status, 200);
    await ok.arrayBuffer();
    assert.equal(tmpFiles(env.dataDir), 0);
  });
});
