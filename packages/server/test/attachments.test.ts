// Attachments with our SDK and the unmodified official agora-chat SDK (jsdom) against a real server:
// upload → send → download byte-exact for every file kind, the official chunked upload, and every error
// code from a real scenario: 101 (over the app's limit, nothing left on disk), 102 (no token), 200
// (unknown file), 222 (someone else without the share secret), 223 (expired, by the app's setting).
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { createApp } from '../src/domain/apps/app-admin.js';
import {
  closeAllOfficialClients,
  createOfficialClient,
  plain,
  type OfficialClient,
} from './support/official-sdk.js';
import { recordingClient, type RecordingClient } from './support/our-client.js';
import { login, register } from './support/rest.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const KINDS = [
  { type: 'img', event: 'onImageMessage', filename: 'photo.png', mime: 'image/png', size: 300 * 1024 },
  {
    type: 'file',
    event: 'onFileMessage',
    filename: 'report final (1).pdf',
    mime: 'application/pdf',
    size: 70_000,
  },
  { type: 'audio', event: 'onAudioMessage', filename: 'voice.amr', mime: 'audio/amr', size: 20_000 },
  { type: 'video', event: 'onVideoMessage', filename: 'clip.mp4', mime: 'video/mp4', size: 500_000 },
] as const;

const bytesOf = (kind: (typeof KINDS)[number]) =>
  kind.type === 'img' ? Buffer.concat([PNG, randomBytes(kind.size - PNG.length)]) : randomBytes(kind.size);

/** Every object under the files root (there are no other files there). */
function storedFiles(dataDir: string): string[] {
  const root = join(dataDir, 'files');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** The official utils.download, bound to a connection as the SDK's own callers do. */
function officialDownload(c: OfficialClient, url: string, secret?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const utils = c.sdk.utils as unknown as { download: (this: unknown, o: object) => void };
    utils.download.call(c.conn, {
      url,
      ...(secret ? { secret } : {}),
      onFileDownloadComplete: (blob: { arrayBuffer(): Promise<ArrayBuffer> }) =>
        blob.arrayBuffer().then((ab) => resolve(Buffer.from(ab)), reject),
      onFileDownloadError: (e: unknown) => reject(Object.assign(new Error('download failed'), plain(e))),
    });
  });
}

const officialFile = (c: OfficialClient, bytes: Buffer, filename: string, type: string) => ({
  data: new c.window.File([new Uint8Array(bytes)], filename, { type }),
  filename,
  filetype: filename.split('.').pop(),
  url: '',
});

describe('attachments with both SDKs', () => {
  let env: TestServer;
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  const ours: RecordingClient[] = [];
  const official = (appKey = env.appKey) =>
    createOfficialClient({ appKey, url: env.wsUrl, apiUrl: env.apiUrl });
  const our = async (user: string, appKey = env.appKey) => {
    const c = recordingClient({ appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    ours.push(c);
    await c.conn.open({ user, pwd: 'pw' });
    return c;
  };
  const tiny = () => ({ ...env, app: 'tiny' });

  before(async () => {
    env = await startTestServer({ clock });
    for (const u of ['alice', 'bob', 'carol', 'dave', 'mallory']) await register(env, u, 'pw');
    // 64 KB uploads, kept one minute.
    await createApp(env.server.ctx.storage, clock, 'confab', 'tiny', {
      maxAttachmentBytes: 64 * 1024,
      attachmentTtlSeconds: 60,
    });
    for (const u of ['tess', 'tom']) await register(tiny(), u, 'pw');
  });
  after(async () => {
    for (const c of ours) c.conn.close();
    await closeAllOfficialClients();
    await env.close();
  });

  test('ours → official: upload, send, download byte-exact for img, file, audio and video', async () => {
    const alice = await our('alice');
    await using bob = official();
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    await bob.nextEvent('onConnected');
    for (const kind of KINDS) {
      const bytes = bytesOf(kind);
      const sent = await alice.conn.send(
        OurSdk.message.create({
          type: kind.type,
          chatType: 'singleChat',
          to: 'bob',
          file: { data: new Blob([bytes], { type: kind.mime }), filename: kind.filename },
          ...(kind.type === 'img' ? { width: 640, height: 480 } : { length: 3 }),
        } as never),
      );
      const got: any = await bob.nextEvent(kind.event as never, {
        predicate: (m: any) => m.id === sent.serverMsgId,
      });
      assert.match(
        got.url,
        /^http:\/\/127\.0\.0\.1:\d+\/confab\/demo\/chatfiles\/[0-9a-f-]{36}\?em-redirect=true&share-secret=/,
      );
      assert.equal(got.file_length, kind.size, kind.type);
      assert.deepEqual(await officialDownload(bob, got.url, got.secret), bytes, kind.type);
      // The receiver, a member of the conversation, needs no secret; the sender needs none either.
      const bare = got.url.split('?')[0];
      assert.deepEqual(await officialDownload(bob, bare), bytes);
      assert.deepEqual(Buffer.from(await alice.conn.downloadFile(bare)), bytes);
      if (kind.type === 'img') {
        assert.equal(got.thumb, `${got.url}&thumbnail=true`);
        // Not a decodable PNG (random bytes after the signature): the thumbnail is the original.
        assert.deepEqual(await officialDownload(bob, got.thumb), bytes);
      }
      const res = await fetch(got.url);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), kind.mime);
      assert.equal(res.headers.get('content-length'), String(kind.size));
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.match(res.headers.get('content-disposition') ?? '', /^inline; filename\*=UTF-8''/);
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), bytes);
    }
  });

  test('official → ours: upload, send, download byte-exact for img, file, audio and video', async () => {
    await using carol = official();
    await carol.conn.open({ user: 'carol', pwd: 'pw' });
    await carol.nextEvent('onConnected');
    const dave = await our('dave');
    for (const kind of KINDS) {
      const bytes = bytesOf(kind);
      const msg = carol.sdk.message.create({
        type: kind.type,
        chatType: 'singleChat',
        to: 'dave',
        file: officialFile(carol, bytes, kind.filename, kind.mime),
        filename: kind.filename,
        ...(kind.type === 'img' ? { width: 640, height: 480 } : { length: 3 }),
      } as never);
      const sent: any = await carol.conn.send(msg);
      const got = await dave.next(kind.event, (m: any) => m.id === sent.serverMsgId);
      assert.equal(got.from, 'carol');
      assert.match(got.url, /\/confab\/demo\/chatfiles\/[0-9a-f-]{36}\?em-redirect=true&share-secret=/);
      assert.ok(got.secret);
      const head = await fetch(got.url, { method: 'HEAD' });
      assert.equal(head.headers.get('content-type'), kind.mime);
      assert.equal(head.headers.get('content-length'), String(kind.size));
      assert.deepEqual(Buffer.from(await dave.conn.downloadFile(got.url, got.secret)), bytes, kind.type);
      assert.deepEqual(await officialDownload(carol, got.url), bytes);
    }
  });

  test('official SDK: a file over 7.5 MB goes up in parts and comes down byte-exact', async () => {
    await using carol = official();
    await carol.conn.open({ user: 'carol', pwd: 'pw' });
    await carol.nextEvent('onConnected');
    const urls: string[] = [];
    const xhr = carol.window.XMLHttpRequest.prototype;
    const open = Object.getOwnPropertyDescriptor(xhr, 'open')?.value as (
      this: XMLHttpRequest,
      ...a: unknown[]
    ) => void;
    xhr.open = function (this: XMLHttpRequest, ...a: unknown[]) {
      urls.push(`${String(a[0])} ${String(a[1])}`);
      open.apply(this, a);
    };
    const dave = await our('dave');
    const bytes = randomBytes(8 * 1024 * 1024 + 12345);
    const before = storedFiles(env.dataDir).length;
    const sent: any = await carol.conn.send(
      carol.sdk.message.create({
        type: 'file',
        chatType: 'singleChat',
        to: 'dave',
        file: officialFile(carol, bytes, 'big.bin', 'application/octet-stream'),
        filename: 'big.bin',
      } as never),
    );
    assert.ok(
      urls.some((u) => /^POST .*\/sdk\/chatfiles\/part-upload$/.test(u)),
      urls.join('\n'),
    );
    assert.equal(
      urls.filter((u) => /^PUT .*\/sdk\/chatfiles\/part-upload\/[0-9a-f-]{36}$/.test(u)).length,
      2,
      urls.join('\n'),
    );
    assert.ok(!urls.some((u) => /^POST .*\/confab\/demo\/chatfiles\?/.test(u)), 'no single-request upload');
    const got = await dave.next('onFileMessage', (m: any) => m.id === sent.serverMsgId, 15000);
    assert.deepEqual(Buffer.from(await dave.conn.downloadFile(got.url, got.secret)), bytes);
    assert.equal(storedFiles(env.dataDir).length, before + 1, 'the parts are gone, one object remains');
  });

  test('101: over the app limit with both SDKs, nothing left on disk', async () => {
    const tess = await our('tess', 'confab#tiny');
    const before = storedFiles(env.dataDir);
    const big = randomBytes(64 * 1024 + 1);
    await assert.rejects(tess.conn.uploadFile({ data: new Blob([big]), filename: 'big.bin' }), (e: any) => {
      assert.equal(e.type, 101);
      assert.match(e.message, /exceeds the limit of 65536 bytes/);
      return true;
    });
    // Exactly the limit is fine.
    const ok = await tess.conn.uploadFile({ data: new Blob([big.subarray(1)]), filename: 'ok.bin' });
    assert.equal(ok.contentLength, 64 * 1024);

    // The official send path cannot report this (1.4.0's wrapped onFileUploadError calls itself), so the
    // upload goes through utils.uploadFile, which conn.send uses underneath.
    await using tom = official('confab#tiny');
    const token = await login(tiny(), 'tom', 'pw');
    const failed = new Promise<any>((resolve) => {
      const utils = tom.sdk.utils as unknown as { uploadFile: (o: object) => void };
      utils.uploadFile({
        accessToken: token,
        appKey: 'confab#tiny',
        apiUrl: env.apiUrl,
        to: 'tess',
        chatType: 'singleChat',
        file: officialFile(tom, randomBytes(200 * 1024), 'big.bin', 'application/octet-stream'),
        onFileUploadError: (e: unknown) => resolve(plain(e)),
        onFileUploadComplete: (r: unknown) => resolve({ uploaded: plain(r) }),
      });
    });
    assert.equal((await failed).type, 101);
    const after = storedFiles(env.dataDir);
    assert.equal(after.length, before.length + 1, 'only the upload at the limit was kept');
  });

  test('102: no token with both SDKs; the server refuses a tokenless upload and stores nothing', async () => {
    const never = recordingClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    await assert.rejects(
      never.conn.uploadFile({ data: new Blob([randomBytes(10)]), filename: 'x' }),
      (e: any) => e.type === 102,
    );
    await using c = official();
    const err = await new Promise<any>((resolve) => {
      const utils = c.sdk.utils as unknown as { uploadFile: (o: object) => void };
      utils.uploadFile({
        accessToken: '',
        appKey: env.appKey,
        file: officialFile(c, randomBytes(10), 'x.bin', 'application/octet-stream'),
        onFileUploadError: (e: unknown) => resolve(plain(e)),
        onFileUploadComplete: () => resolve({ type: 'uploaded' }),
      });
    });
    assert.equal(err.type, 102);
    const before = storedFiles(env.dataDir).length;
    const form = new FormData();
    form.append('file', new Blob([randomBytes(10)]), 'x.bin');
    const res = await fetch(`${env.apiUrl}/confab/demo/chatfiles`, { method: 'POST', body: form });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error_description, 'Unable to authenticate (OAuth)');
    assert.equal(storedFiles(env.dataDir).length, before);
  });

  test('200 unknown file, 222 someone else without the secret, with both SDKs', async () => {
    const alice = await our('alice');
    const up = await alice.conn.uploadFile({ data: new Blob([randomBytes(1000)]), filename: 'secret.txt' });
    const unknown = `${env.apiUrl}/confab/demo/chatfiles/${randomUUID()}`;
    const mallory = await our('mallory');
    await assert.rejects(mallory.conn.downloadFile(unknown), (e: any) => e.type === 200);
    await assert.rejects(
      mallory.conn.downloadFile(`${env.apiUrl}/confab/demo/chatfiles/..%2F..%2Fconfab.sqlite`),
      (e: any) => e.type === 200,
    );
    await assert.rejects(mallory.conn.downloadFile(up.url), (e: any) => e.type === 222);
    await assert.rejects(mallory.conn.downloadFile(up.url, 'wrong-secret'), (e: any) => e.type === 222);
    assert.equal((await mallory.conn.downloadFile(up.url, up.secret)).length, 1000);

    await using m = official();
    await m.conn.open({ user: 'mallory', pwd: 'pw' });
    await m.nextEvent('onConnected');
    await assert.rejects(officialDownload(m, unknown), (e: any) => e.type === 200);
    await assert.rejects(officialDownload(m, up.url), (e: any) => e.type === 222);
    assert.equal(
      (await officialDownload(m, `${up.url}?em-redirect=true&share-secret=${up.secret}`)).length,
      1000,
    );
    // Without any session, only the secret opens it.
    const anonymous = await fetch(up.url);
    assert.equal(anonymous.status, 403);
    assert.deepEqual(
      [await anonymous.json()].map((b) => b.error_description),
      ['chatfile no permission'],
    );
  });

  test('223: a file past the app retention (attachmentTtlSeconds) with both SDKs', async () => {
    const tess = await our('tess', 'confab#tiny');
    const up = await tess.conn.uploadFile({ data: new Blob([randomBytes(500)]), filename: 'old.txt' });
    assert.equal((await tess.conn.downloadFile(up.url)).length, 500);
    const before = storedFiles(env.dataDir).length;
    offset += 61_000;
    try {
      await assert.rejects(tess.conn.downloadFile(up.url), (e: any) => e.type === 223);
      await using t = official('confab#tiny');
      await t.conn.open({ user: 'tess', pwd: 'pw' });
      await t.nextEvent('onConnected');
      await assert.rejects(officialDownload(t, up.url, up.secret), (e: any) => e.type === 223);
      // Its bytes are removed; a stranger still gets 222, not the file's state.
      assert.equal(storedFiles(env.dataDir).length, before - 1);
      const token = await login(tiny(), 'tom', 'pw');
      const res = await fetch(up.url, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(res.status, 403);
      await res.arrayBuffer();
    } finally {
      offset = 0;
    }
  });
});
