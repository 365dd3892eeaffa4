// Issue 13 item 9: there was no attachment storage quota (one user could fill the disk, 10 MB at a time).
// Now a user may keep CONFAB_ATTACHMENT_QUOTA_PER_USER_BYTES of unexpired files per app (and an app
// CONFAB_ATTACHMENT_QUOTA_PER_APP_BYTES, when set). An upload past it is refused with the upload's
// 400/14403, which the official SDK reports as 101: before its bytes are read when Content-Length says
// so, else while streaming or at the save, always with nothing left on disk. Expired files stop counting.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { createApp } from '../src/domain/apps/app-admin.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { adminToken } from './support/accounts.js';
import { login, register } from './support/rest.js';

const KB = 1000;
const PER_USER = 200 * KB;
const PER_APP = 500 * KB;

/** Every object under the files root, `.tmp` included. */
const storedFiles = (dataDir: string) =>
  readdirSync(join(dataDir, 'files'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .length;

describe('attachment storage quota', () => {
  let env: TestServer;
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  const tokens: Record<string, string> = {};
  const short = () => ({ ...env, app: 'short' });

  before(async () => {
    env = await startTestServer({
      clock,
      limits: { attachmentQuotaPerUserBytes: PER_USER, attachmentQuotaPerAppBytes: PER_APP },
    });
    for (const u of ['alice', 'bob', 'carol']) {
      await register(env, u);
      tokens[u] = await login(env, u);
    }
    // Files of this app expire after a minute.
    await createApp(env.server.ctx.storage, clock, 'confab', 'short', { attachmentTtlSeconds: 60 });
    await register(short(), 'dora');
    tokens['dora'] = await login(short(), 'dora');
  });
  after(async () => {
    await closeAllOfficialClients();
    await env.close();
  });

  async function upload(token: string, size: number, app = env.app) {
    const form = new FormData();
    form.append('file', new Blob([randomBytes(size)]), 'f.bin');
    const res = await fetch(`${env.apiUrl}/${env.org}/${app}/chatfiles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const body = (await res.json()) as Record<string, any>;
    return { status: res.status, body };
  }

  const refusedByQuota = (r: { status: number; body: Record<string, any> }, who: 'a user' | 'the app') => {
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.equal(r.body['error_code'], 14403);
    assert.match(String(r.body['error_description']), new RegExp(`storage quota exceeded: ${who} may keep`));
  };

  test('a user keeps at most the per-user quota; the refusal is SDK 101; nothing is left on disk', async (t) => {
    assert.equal((await upload(tokens['alice']!, 120 * KB)).status, 200);
    assert.equal((await upload(tokens['alice']!, 70 * KB)).status, 200);
    const files = storedFiles(env.dataDir);
    const over = await upload(tokens['alice']!, 20 * KB);
    t.diagnostic(`over quota: ${over.status} ${JSON.stringify(over.body)}`);
    refusedByQuota(over, 'a user');
    assert.equal(storedFiles(env.dataDir), files);
    // What still fits is accepted.
    assert.equal((await upload(tokens['alice']!, 10 * KB)).status, 200);
    const demo = (await env.server.ctx.findApp(env.org, env.app))!;
    assert.equal(await env.server.ctx.storage.files.usage(demo.id, 'alice', clock.now()), PER_USER);

    // The official SDK's upload reports it as 101 (WEBIM_UPLOADFILE_ERROR).
    await using c = createOfficialClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    const outcome = await new Promise<any>((resolve) => {
      const utils = c.sdk.utils as unknown as { uploadFile: (o: object) => void };
      utils.uploadFile({
        accessToken: tokens['alice'],
        appKey: env.appKey,
        apiUrl: env.apiUrl,
        file: {
          data: new c.window.File([new Uint8Array(randomBytes(1000))], 'x.bin'),
          filename: 'x.bin',
          filetype: 'bin',
          url: '',
        },
        onFileUploadError: (e: unknown) => resolve(plain(e)),
        onFileUploadComplete: (r: unknown) => resolve({ uploaded: plain(r) }),
      });
    });
    assert.equal(outcome.type, 101, JSON.stringify(outcome));
  });

  test('over quota with Content-Length: answered before the body is sent', async () => {
    // alice has no room left: the answer comes after the headers and 1 KB of a declared 5 MB.
    const url = new URL(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(
      `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${tokens['alice']}\r\n` +
        `Content-Type: multipart/form-data; boundary=qq\r\nContent-Length: ${5_000_000}\r\n\r\n` +
        '--qq\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n',
    );
    socket.write(Buffer.alloc(1000));
    await Promise.race([closed, sleep(5000, undefined, { ref: false })]);
    socket.destroy();
    assert.match(answer, /^HTTP\/1\.1 400 /);
    assert.match(answer, /connection: close/i);
    assert.match(answer, /"error_code":14403/);
    assert.match(answer, /storage quota exceeded/);
  });

  test('over quota while streaming (no Content-Length): refused, the partial file deleted', async () => {
    // bob: 150 KB fit; a 100 KB upload sent chunked passes the quota midway.
    assert.equal((await upload(tokens['bob']!, 150 * KB)).status, 200);
    const files = storedFiles(env.dataDir);
    const form = new FormData();
    form.append('file', new Blob([randomBytes(100 * KB)]), 'f.bin');
    const body = new Response(form);
    const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tokens['bob']}`,
        'content-type': body.headers.get('content-type')!,
      },
      body: body.body,
      duplex: 'half',
    } as RequestInit);
    refusedByQuota({ status: res.status, body: (await res.json()) as Record<string, any> }, 'a user');
    assert.equal(storedFiles(env.dataDir), files);
  });

  test('the app admin has no per-user quota but counts toward the app quota', async () => {
    const admin = await adminToken(env, env.clientId, env.clientSecret);
    // In use: alice 200 KB, bob 150 KB. The admin may store 250 KB (over a user's 200 KB)…
    assert.equal((await upload(admin, 140 * KB)).status, 200);
    // …but the app holds 490 KB now: carol's 20 KB would pass the app's 500 KB.
    refusedByQuota(await upload(tokens['carol']!, 20 * KB), 'the app');
    assert.equal((await upload(tokens['carol']!, 10 * KB)).status, 200);
    refusedByQuota(await upload(admin, 1 * KB), 'the app');
  });

  test('chunked upload: init offers what is left of the quota; none left is a 400', async () => {
    const init = async (app: string, token: string) => {
      const res = await fetch(`${env.apiUrl}/${env.org}/${app}/sdk/chatfiles/part-upload`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    // The demo app is full (500 KB): nothing left for anyone.
    const full = await init(env.app, tokens['carol']!);
    assert.equal(full.status, 400);
    assert.equal(full.body['error_code'], 14403);
    // In the other app dora has her whole 200 KB (under the app's 10 MB size limit).
    const fresh = await init('short', tokens['dora']!);
    assert.equal(fresh.status, 200);
    assert.equal(fresh.body['entities'][0].file_upper_limit, PER_USER);
  });

  test('concurrent uploads never pass the quota together', async (t) => {
    // dora has 200 KB; eight 30 KB uploads at once: at most six fit.
    assert.equal((await upload(tokens['dora']!, 50 * KB, 'short')).status, 200);
    const files = storedFiles(env.dataDir);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => upload(tokens['dora']!, 30 * KB, 'short')),
    );
    const saved = results.filter((r) => r.status === 200).length;
    t.diagnostic(`8 concurrent uploads of 30 KB with 150 KB left: ${saved} saved`);
    assert.equal(saved, 5);
    for (const r of results.filter((r) => r.status !== 200)) refusedByQuota(r, 'a user');
    assert.equal(storedFiles(env.dataDir), files + saved, 'refused uploads left no bytes');
  });

  test('expired files stop counting', async () => {
    refusedByQuota(await upload(tokens['dora']!, 10 * KB, 'short'), 'a user');
    offset += 61_000; // past the app's 60 s retention
    try {
      assert.equal((await upload(tokens['dora']!, 150 * KB, 'short')).status, 200);
    } finally {
      offset = 0;
    }
  });
});
