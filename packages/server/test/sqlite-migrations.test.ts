// SQLite schema upgrades keep what is stored: a database written by an older schema opens, its messages
// stay readable and de-duplicated, and positions go on from where they were.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { loadMigrations } from '../src/adapters/sqlite/sqlite-database.js';
import { sqliteStorage } from '../src/adapters/sqlite/sqlite-storage.js';
import { directConversation } from '../src/domain/conversations/direct-conversation.js';
import type { NewMessage } from '../src/domain/ports/storage.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A database file at schema `version`, as a server of that version left it. */
function databaseAt(version: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'confab-migrate-'));
  dirs.push(dir);
  const path = join(dir, 'confab.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  for (const m of loadMigrations().filter((m) => m.version <= version)) {
    db.exec(m.sql);
    db.pragma(`user_version = ${m.version}`);
  }
  db.close();
  return path;
}

const message = (id: bigint, clientMsgId: string, sender = 'alice', recipient = 'bob'): NewMessage => ({
  id,
  appId: 1,
  sender,
  senderResource: 'web',
  clientMsgId,
  recipient,
  chatType: 1,
  createdAt: 1_700_000_000_000,
  meta: new Uint8Array([7, 7, 7]),
});

test('schema 0005 rebuilds messages from a schema-4 database: rows kept, resends still found, positions go on', async () => {
  const path = databaseAt(4);
  const old = new Database(path);
  old.prepare("INSERT INTO conversations (id, app_id, key, last_seq) VALUES (1, 1, 'u:alice:bob', 2)").run();
  const insert = old.prepare(
    `INSERT INTO messages (id, app_id, conversation_id, seq, sender, sender_resource, client_msg_id, recipient,
                           chat_type, created_at, meta, ref_id)
     VALUES (?, 1, 1, ?, 'alice', 'web', ?, 'bob', 1, 1700000000000, x'070707', ?)`,
  );
  insert.run(101, 1, '5000001', null);
  insert.run(102, 2, '5000002', 101);
  old.close();

  const storage = sqliteStorage(path);
  try {
    const kept = await storage.messages.findById(1, 102n);
    assert.ok(kept);
    assert.equal(kept.message.seq, 2n);
    assert.equal(kept.message.refId, 101n);
    assert.deepEqual([...kept.message.meta], [7, 7, 7]);

    const target = directConversation('alice', 'bob');
    const resend = await storage.messages.append(message(999n, '5000001'), target);
    assert.equal(resend.duplicate, true);
    assert.equal(resend.message.id, 101n);
    // The same client id from the other side of the conversation is a different message.
    const fromBob = await storage.messages.append(message(103n, '5000001', 'bob', 'alice'), target);
    assert.equal(fromBob.duplicate, false);
    assert.equal(fromBob.message.seq, 3n);
  } finally {
    await storage.close();
  }

  const db = new Database(path, { readonly: true });
  try {
    assert.equal(db.pragma('user_version', { simple: true }), loadMigrations().at(-1)!.version);
    // Keyed by the client id first, so time-ordered ids append to the index's last pages.
    const columns = db
      .prepare<[], { name: string }>(
        "SELECT name FROM pragma_index_info('messages_by_client_id') ORDER BY seqno",
      )
      .all()
      .map((c) => c.name);
    assert.deepEqual(columns, ['client_msg_id', 'conversation_id', 'sender']);
    const refIndex = db
      .prepare<[], { name: string }>(
        "SELECT name FROM pragma_index_list('messages') WHERE name = 'messages_by_ref'",
      )
      .get();
    assert.ok(refIndex, 'the partial index on ref_id is rebuilt too');
    assert.deepEqual(db.pragma('foreign_key_check'), []);
  } finally {
    db.close();
  }
});

test('schema 0006 drops user_cursors: a new device still starts where the furthest device of its user is', async () => {
  const path = databaseAt(5);
  const old = new Database(path);
  old.prepare("INSERT INTO conversations (id, app_id, key, last_seq) VALUES (1, 1, 'u:alice:bob', 3)").run();
  old
    .prepare(
      `INSERT INTO conversation_members (app_id, owner, queue, conversation_id)
       VALUES (1, 'alice', 'bob', 1), (1, 'bob', 'alice', 1)`,
    )
    .run();
  const insert = old.prepare(
    `INSERT INTO messages (id, app_id, conversation_id, seq, sender, sender_resource, client_msg_id, recipient,
                           chat_type, created_at, meta, ref_id)
     VALUES (?, 1, 1, ?, 'bob', 'web', ?, 'alice', 1, 1700000000000, x'070707', NULL)`,
  );
  for (const seq of [1, 2, 3]) insert.run(100 + seq, seq, `c${seq}`);
  old
    .prepare(
      `INSERT INTO device_cursors (app_id, owner, resource, conversation_id, pos)
       VALUES (1, 'alice', 'phone', 1, 2), (1, 'alice', 'web', 1, 1)`,
    )
    .run();
  // A stale row of the dead table: nothing may read it.
  old
    .prepare("INSERT INTO user_cursors (app_id, owner, conversation_id, pos) VALUES (1, 'alice', 1, 3)")
    .run();
  old.close();

  const storage = sqliteStorage(path);
  try {
    const laptop = { appId: 1, owner: 'alice', resource: 'laptop' };
    await storage.messages.touchDevice(laptop, 1_700_000_000_000);
    assert.deepEqual(await storage.messages.unreadQueues(laptop), [{ queue: 'bob', count: 1 }]);
    const batch = await storage.messages.readQueue(laptop, 'bob', 10);
    assert.deepEqual(
      batch.items.map((i) => i.pos),
      [3n],
    );
  } finally {
    await storage.close();
  }

  const db = new Database(path, { readonly: true });
  try {
    // Opened by the current code: every later migration ran too.
    assert.ok((db.pragma('user_version', { simple: true }) as number) >= 6);
    const table = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE name = 'user_cursors'")
      .get();
    assert.equal(table, undefined);
  } finally {
    db.close();
  }
});
