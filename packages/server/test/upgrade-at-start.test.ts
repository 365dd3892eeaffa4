// Upgrades: a server started on a database left by the previous release (every migration but the newest,
// with an app in it), SQLite or PostgreSQL, migrates it at start and serves the app: its admin credentials
// work, users register and log in, messages flow, and the schema is the newest.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import OurSdk from '@confab/sdk';
import { loadMigrations } from '../src/adapters/sqlite/sqlite-database.js';
import { hashToken } from '../src/domain/auth/tokens.js';
import { spawnNode } from '../src/testkit/node-process.js';
import { createTempDatabase } from '../src/testkit/pg-database.js';
import pg from 'pg';
import { PG_SKIP, PG_URL } from './support/postgres.js';
import { adminToken, createUsers } from './support/accounts.js';
import { recordingClient } from './support/our-client.js';

const LEGACY_SETTINGS = JSON.stringify({
  openRegistration: false,
  tokenTtlSeconds: 3600,
  maxMessageBytes: 5120,
});

/** Starts a node on the old database and uses the legacy app: admin login, users, a message. */
async function servesAfterUpgrade(env: Record<string, string>, secret: string): Promise<void> {
  const node = await spawnNode({ ...env, CONFAB_ADMIN_TOKEN: 'op_upgrade_test_token' });
  try {
    const t = { apiUrl: node.apiUrl, wsUrl: node.wsUrl, org: 'legacy', app: 'chat' };
    const admin = await adminToken(t, 'YXA6legacy', secret);
    await createUsers(t, admin, ['ann', 'bob']);
    const settings = await fetch(`${node.apiUrl}/management/apps/legacy/chat`, {
      headers: { authorization: 'Bearer op_upgrade_test_token' },
    }).then((r) => r.json() as Promise<{ settings: Record<string, unknown> }>);
    assert.equal(settings.settings['openRegistration'], false);
    assert.equal(settings.settings['attachmentTtlSeconds'], 7 * 24 * 3600);

    const address = { appKey: 'legacy#chat', url: node.wsUrl, apiUrl: node.apiUrl };
    const ann = recordingClient(address);
    const bob = recordingClient(address);
    await ann.conn.open({ user: 'ann', pwd: 'pw' });
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    await ann.conn.send(
      OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'after upgrade' }),
    );
    await bob.next('onTextMessage', (m: { msg: string }) => m.msg === 'after upgrade');
    ann.conn.close();
    bob.conn.close();
  } finally {
    await node.stop();
  }
}

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('a SQLite database of the previous schema, with an app, is migrated at start and served', async () => {
  const migrations = loadMigrations();
  const latest = migrations.at(-1)!.version;
  const previous = migrations.at(-2)!.version;
  const dir = mkdtempSync(join(tmpdir(), 'confab-upgrade-'));
  dirs.push(dir);
  const db = new Database(join(dir, 'confab.sqlite'));
  db.pragma('journal_mode = WAL');
  for (const m of migrations.filter((m) => m.version <= previous)) {
    db.exec(m.sql);
    db.pragma(`user_version = ${m.version}`);
  }
  // An app as an early release stored it: settings without the keys added since (they read as defaults).
  const secret = 'old-release-secret';
  db.prepare(
    `INSERT INTO apps (org, name, uuid, client_id, client_secret_hash, settings, created_at)
     VALUES ('legacy', 'chat', 'uuid-legacy', 'YXA6legacy', ?, ?, 1700000000000)`,
  ).run(hashToken(secret), LEGACY_SETTINGS);
  db.close();

  await servesAfterUpgrade({ CONFAB_DATA_DIR: dir }, secret);
  const after = new Database(join(dir, 'confab.sqlite'), { readonly: true });
  try {
    assert.equal(after.pragma('user_version', { simple: true }), latest);
  } finally {
    after.close();
  }
});

const PG_MIGRATIONS = new URL('../src/adapters/postgres/migrations/', import.meta.url);

test(
  'a PostgreSQL database of the previous schema, with an app, is migrated at start and served',
  { skip: PG_SKIP },
  async () => {
    const files = readdirSync(PG_MIGRATIONS)
      .filter((f) => /^\d{4}-.*\.sql$/.test(f))
      .sort();
    const latest = Number(files.at(-1)!.slice(0, 4));
    const db = await createTempDatabase(PG_URL!);
    try {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const secret = 'old-release-secret';
      try {
        await client.query(
          'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)',
        );
        for (const file of files.slice(0, -1)) {
          await client.query(readFileSync(new URL(file, PG_MIGRATIONS), 'utf8'));
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
            Number(file.slice(0, 4)),
            file,
          ]);
        }
        await client.query(
          `INSERT INTO apps (org, name, uuid, client_id, client_secret_hash, settings, created_at)
         VALUES ('legacy', 'chat', 'uuid-legacy', 'YXA6legacy', $1, $2, 1700000000000)`,
          [hashToken(secret), LEGACY_SETTINGS],
        );
      } finally {
        await client.end();
      }
      const dir = mkdtempSync(join(tmpdir(), 'confab-upgrade-pg-'));
      dirs.push(dir);
      await servesAfterUpgrade({ CONFAB_DATABASE_URL: db.url, CONFAB_DATA_DIR: dir }, secret);
      const check = new pg.Client({ connectionString: db.url });
      await check.connect();
      try {
        const { rows } = await check.query<{ v: number }>('SELECT MAX(version) AS v FROM schema_migrations');
        assert.equal(rows[0]!.v, latest);
      } finally {
        await check.end();
      }
    } finally {
      await db.drop();
    }
  },
);
