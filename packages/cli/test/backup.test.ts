// `confab backup <file>` while the server runs and writes: the copy is a consistent SQLite database
// (integrity check, every message committed before the backup began), and a server started on a
// directory holding only the copy serves the same users (restore).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { spawnNode } from '@confab/server/testkit';

const BIN = fileURLToPath(new URL('../bin/confab.js', import.meta.url));

function confab(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env['PATH'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('confab backup', () => {
  let env: TestServer;
  const out = mkdtempSync(join(tmpdir(), 'confab-backup-'));
  before(async () => {
    env = await startTestServer();
  });
  after(async () => {
    await env.close();
    rmSync(out, { recursive: true, force: true });
  });

  test('an online backup under writes is consistent and restores', async () => {
    const register = (username: string) =>
      fetch(`${env.apiUrl}/${env.org}/${env.app}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'pw' }),
      }).then((r) => assert.equal(r.status, 200));
    await register('alice');
    await register('bob');
    const conn = new OurSdk.connection({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    await conn.open({ user: 'alice', pwd: 'pw' });
    const send = (msg: string) =>
      conn.send(OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg }));
    for (let i = 0; i < 20; i++) await send(`before ${i}`);
    // Keep writing while the backup runs.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await send(`during ${written++}`);
        // Paced under the per-user send rate (100/s by default): unpaced, a fast server answers 509.
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    const file = join(out, 'confab.sqlite');
    const r = await confab(['backup', file, '--data-dir', env.dataDir]);
    writing = false;
    await writer;
    conn.close();
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^backed up \d+ pages \(schema \d+\) to /);
    assert.ok(written > 0, 'the writer wrote during the backup');

    const copy = new Database(file, { readonly: true });
    try {
      assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
      assert.equal(copy.pragma('journal_mode', { simple: true }), 'delete');
      const users = copy.prepare('SELECT username FROM users ORDER BY username').all() as {
        username: string;
      }[];
      assert.deepEqual(
        users.map((u) => u.username),
        ['alice', 'bob'],
      );
      const n = (copy.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n;
      assert.ok(n >= 20, `only ${n} messages in the copy`);
    } finally {
      copy.close();
    }

    // Restore: a fresh data directory with the copy as confab.sqlite.
    const restored = join(out, 'restored');
    mkdirSync(restored);
    copyFileSync(file, join(restored, 'confab.sqlite'));
    const node = await spawnNode({ CONFAB_DATA_DIR: restored, CONFAB_ADMIN_TOKEN: 'op_restore_test_token' });
    try {
      const login = await fetch(`${node.apiUrl}/${env.org}/${env.app}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'password', username: 'alice', password: 'pw' }),
      });
      assert.equal(login.status, 200, await login.text());
    } finally {
      await node.stop();
    }
  });

  test('refuses without a database, and for PostgreSQL points to pg_dump', async () => {
    const missing = await confab(['backup', join(out, 'x.sqlite'), '--data-dir', join(out, 'none')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no SQLite database/);
    const pg = await confab(['backup', join(out, 'x.sqlite')], { CONFAB_DATABASE_URL: 'postgres://h/db' });
    assert.equal(pg.code, 1);
    assert.match(pg.stderr, /pg_dump/);
  });
});
