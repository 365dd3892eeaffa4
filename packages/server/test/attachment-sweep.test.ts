// Issue 13 item 9: expired attachments were never deleted (only a download of an expired file removed its
// bytes), nor `.tmp` files a crash left, nor the parts of chunked uploads nobody completed. A periodic sweep
// (CONFAB_ATTACHMENT_SWEEP_INTERVAL_MS) now deletes them: real files, a short retention by the app's
// `attachmentTtlSeconds`, and the server's clock moved forward. With PostgreSQL two nodes share the records
// but not their disks: each deletes only what it holds, so a stopped node's files wait for it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pngjs from 'pngjs';
import pino from 'pino';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { createApp } from '../src/domain/apps/app-admin.js';
import type { Storage } from '../src/domain/ports/storage.js';
import { startServer, type RunningServer } from '../src/server.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';
import { login, register } from './support/rest.js';

const SWEEP_MS = 100;
const HOUR = 3_600_000;

/** Names of every file under `<dataDir>/files`. */
const objects = (dataDir: string) =>
  readdirSync(join(dataDir, 'files'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);

async function eventually(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out: ${what}`);
    await sleep(25);
  }
}

interface Target {
  apiUrl: string;
  org: string;
  app: string;
}

async function upload(t: Target, token: string, bytes: Buffer, name = 'f.bin') {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${t.apiUrl}/${t.org}/${t.app}/chatfiles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  assert.equal(res.status, 200);
  const e = ((await res.json()) as { entities: { uuid: string; 'share-secret': string }[] }).entities[0]!;
  return { uuid: e.uuid, secret: e['share-secret'] };
}

const download = (t: Target, f: { uuid: string; secret: string }, query = '') =>
  fetch(`${t.apiUrl}/${t.org}/${t.app}/chatfiles/${f.uuid}?share-secret=${f.secret}${query}`);

function png(size: number): Buffer {
  const image = new pngjs.PNG({ width: size, height: size });
  image.data.fill(200);
  return pngjs.PNG.sync.write(image);
}

describe('attachment sweep (SQLite)', () => {
  let env: TestServer;
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  let token: string;
  let briefToken: string;
  const brief = () => ({ ...env, app: 'brief' });

  before(async () => {
    env = await startTestServer({
      clock,
      limits: { attachmentSweepIntervalMs: SWEEP_MS, attachmentSweepBatch: 50 },
    });
    await createApp(env.server.ctx.storage, clock, 'confab', 'brief', { attachmentTtlSeconds: 60 });
    await register(env, 'kim');
    token = await login(env, 'kim');
    await register(brief(), 'lee');
    briefToken = await login(brief(), 'lee');
  });
  after(() => env.close());

  test('expired files lose bytes, thumbnail and record; live ones and fresh partial files stay', async (t) => {
    const keep = await upload(env, token, randomBytes(3000)); // the demo app keeps files 7 days
    const image = await upload(brief(), briefToken, png(400), 'p.png');
    const thumb = await download(brief(), image, '&thumbnail=true');
    assert.equal(thumb.status, 200);
    await thumb.arrayBuffer();
    const gone = [image, await upload(brief(), briefToken, randomBytes(5000))];
    const app = (await env.server.ctx.findApp('confab', 'brief'))!;
    const keys = await Promise.all(
      gone.map(async (f) => (await env.server.ctx.storage.files.find(app.id, f.uuid))!.storageKey),
    );
    assert.ok(objects(env.dataDir).some((n) => n.endsWith('.thumb')));
    // Debris of a crash that is still fresh: an upload may be writing it.
    mkdirSync(join(env.dataDir, 'files', 'ab'), { recursive: true });
    writeFileSync(join(env.dataDir, 'files', 'ab', 'abababab-0000-4000-8000-000000000000.tmp'), 'x');
    const before = objects(env.dataDir);

    offset += 61_000;
    // Bytes first, then records: done when both are gone.
    await eventually(
      'the expired files are deleted',
      async () =>
        keys.every((k) => !objects(env.dataDir).some((n) => n.startsWith(k))) &&
        (await env.server.ctx.storage.files.find(app.id, gone[1]!.uuid)) === undefined,
    );
    for (const f of gone) {
      assert.equal(await env.server.ctx.storage.files.find(app.id, f.uuid), undefined, 'record deleted');
      const res = await download(brief(), f);
      assert.equal(res.status, 404);
      await res.arrayBuffer();
    }
    const res = await download(env, keep);
    assert.equal(res.status, 200);
    assert.equal((await res.arrayBuffer()).byteLength, 3000);
    const left = objects(env.dataDir);
    t.diagnostic(
      `objects: ${before.length} before, ${left.length} after (3 = 2 files + 1 thumbnail deleted)`,
    );
    assert.equal(left.length, before.length - 3);
    assert.ok(
      left.some((n) => n.endsWith('.tmp')),
      'a fresh .tmp is not touched',
    );
  });

  test('stale .tmp files and the parts of uploads nobody completes are deleted', async () => {
    const init = await fetch(`${env.apiUrl}/${env.org}/${env.app}/sdk/chatfiles/part-upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const uuid = ((await init.json()) as { entities: { uuid: string }[] }).entities[0]!.uuid;
    const form = new FormData();
    form.append('part_file', new Blob([randomBytes(1000)]), 'p');
    form.append('part_number', '1');
    const partUrl = `${env.apiUrl}/${env.org}/${env.app}/sdk/chatfiles/part-upload/${uuid}`;
    const put = await fetch(partUrl, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    assert.equal(put.status, 200);
    await put.arrayBuffer();
    // A part of a session a restart forgot.
    writeFileSync(join(env.dataDir, 'files', 'ab', 'abababab-0000-4000-8000-000000000001.part'), 'y');
    assert.equal(objects(env.dataDir).filter((n) => n.endsWith('.part')).length, 2);
    assert.ok(objects(env.dataDir).some((n) => n.endsWith('.tmp')));

    offset += 3 * HOUR; // past the chunked session's hour and the 2 h a partial file may sit untouched
    await eventually('partial files are deleted', () =>
      objects(env.dataDir).every((n) => !n.endsWith('.tmp') && !n.endsWith('.part')),
    );
    const complete = await fetch(partUrl, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    assert.equal(complete.status, 400, 'the forgotten session is gone');
    await complete.arrayBuffer();
    offset = 0;
  });

  test('a large sweep goes in batches without holding the event loop', async (t) => {
    const ctx = env.server.ctx;
    const app = (await ctx.findApp('confab', 'brief'))!;
    const now = clock.now();
    const COUNT = 600;
    for (let i = 0; i < COUNT; i++) {
      const { key, size } = await ctx.attachments.store.write(Readable.from([randomBytes(100)]), 1000);
      await ctx.storage.files.save({
        uuid: `sweep-${i}-${now}`,
        appId: app.id,
        owner: 'lee',
        chatType: '',
        chatTarget: '',
        secret: 's',
        filename: '',
        contentType: 'application/octet-stream',
        size,
        storageKey: key,
        createdAt: now,
        expiresAt: now + HOUR,
        holder: 0,
      });
    }
    const count = () => objects(env.dataDir).length;
    const before = count();
    // The longest the event loop was away while the sweep ran.
    let last = performance.now();
    let worst = 0;
    const probe = setInterval(() => {
      const at = performance.now();
      worst = Math.max(worst, at - last);
      last = at;
    }, 2);
    offset += HOUR + 1000;
    const started = Date.now();
    try {
      // Bytes first, then the batch's records: done when both are gone.
      await eventually(
        '600 expired files are deleted',
        async () =>
          count() <= before - COUNT && (await ctx.storage.files.expired(clock.now(), 1, 0)).length === 0,
        30_000,
      );
    } finally {
      clearInterval(probe);
      offset = 0;
    }
    t.diagnostic(
      `${COUNT} files swept in ${Date.now() - started} ms; longest event-loop gap ${worst.toFixed(1)} ms`,
    );
    assert.ok(worst < 250, `the event loop was held ${worst.toFixed(1)} ms`);
    assert.equal(await ctx.storage.files.usage(app.id, 'lee', now), 0);
  });
});

describe('attachment sweep with two nodes on PostgreSQL (each its own disk)', { skip: PG_SKIP }, () => {
  const schema = freshSchemaName();
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  let a: TestServer;
  let b: RunningServer | undefined;
  const dirB = mkdtempSync(join(tmpdir(), 'confab-test-b-'));
  let token: string;
  const limits = { ...DEFAULT_CONFIG.limits, attachmentSweepIntervalMs: SWEEP_MS };

  /** Node 2: its own data directory, the same schema. */
  async function startB(): Promise<RunningServer> {
    const storage: Storage = await postgresStorage({ url: PG_URL!, schema });
    return startServer({
      config: {
        ...DEFAULT_CONFIG,
        host: '127.0.0.1',
        port: 0,
        dataDir: dirB,
        nodeId: 2,
        adminToken: 'op_b',
        demoApp: null,
        limits,
      },
      storage,
      clock,
      logger: pino({ level: 'silent' }),
    });
  }
  const brief = (apiUrl: string) => ({ apiUrl, org: 'confab', app: 'brief' });

  before(async () => {
    a = await startTestServer({
      storage: await postgresStorage({ url: PG_URL!, schema }),
      nodeId: 1,
      clock,
      limits,
    });
    await createApp(a.server.ctx.storage, clock, 'confab', 'brief', { attachmentTtlSeconds: 60 });
    b = await startB();
    await register(brief(a.apiUrl), 'max');
    token = await login(brief(a.apiUrl), 'max');
  });
  after(async () => {
    await b?.close();
    await a.close();
    rmSync(dirB, { recursive: true, force: true });
    await dropSchema(PG_URL!, schema);
  });

  const find = async (uuid: string) =>
    a.server.ctx.storage.files.find((await a.server.ctx.findApp('confab', 'brief'))!.id, uuid);

  test("each node deletes the files it holds; a stopped node's files wait for it", async () => {
    const onA = await upload(brief(a.apiUrl), token, randomBytes(1000));
    const onB = await upload(brief(b!.httpUrl), token, randomBytes(2000));
    assert.equal((await find(onA.uuid))!.holder, 1);
    assert.equal((await find(onB.uuid))!.holder, 2);
    assert.equal(objects(a.dataDir).length, 1);
    assert.equal(objects(dirB).length, 1);

    // Both running: each sweeps its own.
    offset += 61_000;
    await eventually(
      'both nodes swept',
      async () =>
        objects(a.dataDir).length + objects(dirB).length === 0 &&
        (await find(onA.uuid)) === undefined &&
        (await find(onB.uuid)) === undefined,
    );
    assert.equal(await find(onA.uuid), undefined);
    assert.equal(await find(onB.uuid), undefined);

    // Node 2 stopped: node 1 leaves its record (its bytes are on node 2's disk) until it is back.
    const a2 = await upload(brief(a.apiUrl), token, randomBytes(1000));
    const b2 = await upload(brief(b!.httpUrl), token, randomBytes(2000));
    await b!.close();
    b = undefined;
    offset += 61_000;
    await eventually('node 1 swept its file', async () => (await find(a2.uuid)) === undefined);
    await sleep(5 * SWEEP_MS);
    assert.equal(objects(a.dataDir).length, 0);
    assert.ok(await find(b2.uuid), "node 2's record is kept while node 2 is away");
    assert.equal(objects(dirB).length, 1, 'and its bytes');
    b = await startB();
    await eventually('node 2 swept its file on its return', async () => (await find(b2.uuid)) === undefined);
    assert.equal(objects(dirB).length, 0);
  });
});
