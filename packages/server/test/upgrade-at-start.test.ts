// Upgrades: a server started on a data directory whose database was left by the previous release (every
// migration but the newest, with an app in it) migrates it at start and serves the app: its admin
// credentials work, users register and log in, messages flow, and the schema is the newest.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import OurSdk from '@confab/sdk';
import { loadMigrations } from '../src/adapters/sqlite/sqlite-database.js';
import { hashToken } from '../src/domain/auth/tokens.js';
import { spawnNode } from '../src/testkit/node-process.js';
import { adminToken, createUsers } from './support/accounts.js';
import { recordingClient } from './support/our-client.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

test('a database of the previous schema, with an app, is migrated at start and served', async () => {
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
  ).run(
    hashToken(secret),
    JSON.stringify({ openRegistration: false, tokenTtlSeconds: 3600, maxMessageBytes: 5120 }),
  );
  db.close();

  const node = await spawnNode({ CONFAB_DATA_DIR: dir, CONFAB_ADMIN_TOKEN: 'op_upgrade_test_token' });
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
  const after = new Database(join(dir, 'confab.sqlite'), { readonly: true });
  try {
    assert.equal(after.pragma('user_version', { simple: true }), latest);
  } finally {
    after.close();
  }
});
