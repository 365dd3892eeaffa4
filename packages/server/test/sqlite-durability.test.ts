// SQLite on disk: an append is answered only after the WAL flush that covers it, commits made during a
// flush wait for the next one, a failed flush fails the append, and checkpoints happen on the worker.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startCheckpointer } from '../src/adapters/sqlite/sqlite-checkpointer.js';
import { openSqlite, WAL_RESTART_PAGES } from '../src/adapters/sqlite/sqlite-database.js';
import type { WalFlush } from '../src/adapters/sqlite/sqlite-durability.js';
import { sqliteStorage } from '../src/adapters/sqlite/sqlite-storage.js';
import { directConversation } from '../src/domain/conversations/direct-conversation.js';
import type { NewMessage, Storage } from '../src/domain/ports/storage.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'confab-durable-'));
  dirs.push(dir);
  return join(dir, 'confab.sqlite');
};

/** A flush that waits until the test releases it. */
function heldFlush() {
  const held: Array<(err: NodeJS.ErrnoException | null) => void> = [];
  const flush: WalFlush = (_fd, done) => void held.push(done);
  return { flush, held };
}

async function appWith(storage: Storage): Promise<number> {
  const app = await storage.apps.create({
    org: 'o',
    name: 'a',
    uuid: 'u',
    clientId: 'c',
    clientSecretHash: 'h',
    settings: { openRegistration: true, tokenTtlSeconds: 60, maxMessageBytes: 5120 },
    createdAt: 1,
  });
  return app.id;
}

let n = 0;
const msg = (appId: number): NewMessage => ({
  id: BigInt(++n),
  appId,
  sender: 'alice',
  senderResource: 'r1',
  clientMsgId: `m${n}`,
  recipient: 'bob',
  chatType: 1,
  createdAt: 1_700_000_000_000 + n,
  meta: new Uint8Array([1, 2, 3]),
});

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((r) => setTimeout(r, 30));
  return done;
};

test('an append is answered only after the WAL flush that covers it', async () => {
  const { flush, held } = heldFlush();
  const storage = sqliteStorage(tempDb(), { flushWal: flush });
  try {
    // The app itself is a write: release its flush by hand.
    const appCreated = appWith(storage);
    await new Promise((r) => setTimeout(r, 10));
    held.shift()!(null);
    const appId = await appCreated;

    const first = storage.messages.append(msg(appId), directConversation('alice', 'bob'));
    assert.equal(await settled(first), false, 'not answered while its flush is outstanding');
    assert.equal(held.length, 1);
    // Committed while the first flush runs: it needs a flush of its own.
    const second = storage.messages.append(msg(appId), directConversation('alice', 'bob'));
    held.shift()!(null);
    assert.equal((await first).message.seq, 1n);
    assert.equal(await settled(second), false, 'the second append waits for the next flush');
    assert.equal(held.length, 1);
    held.shift()!(null);
    assert.equal((await second).message.seq, 2n);
  } finally {
    for (const done of held) done(null);
    await storage.close();
  }
});

test('a failed WAL flush fails the append instead of acknowledging it', async () => {
  let fail = false;
  const flush: WalFlush = (_fd, done) =>
    setImmediate(() => done(fail ? Object.assign(new Error('EIO'), { code: 'EIO' }) : null));
  const storage = sqliteStorage(tempDb(), { flushWal: flush });
  try {
    const appId = await appWith(storage);
    fail = true;
    await assert.rejects(storage.messages.append(msg(appId), directConversation('alice', 'bob')), /EIO/);
    fail = false;
    const ok = await storage.messages.append(msg(appId), directConversation('alice', 'bob'));
    assert.equal(ok.duplicate, false);
  } finally {
    await storage.close();
  }
});

test('checkpoints run on the worker: the database file receives the WAL while the server writes', async () => {
  const path = tempDb();
  const db = openSqlite(path, { externalCheckpoints: true });
  const checkpointer = startCheckpointer(path, (m) => assert.fail(m), { intervalMs: 10 });
  try {
    db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)');
    const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)');
    const before = statSync(path).size;
    const chunk = Buffer.alloc(1024, 7);
    for (let i = 0; i < 40; i++)
      db.transaction(() => {
        for (let j = 0; j < 100; j++) insert.run(chunk);
      })();
    // wal_autocheckpoint is off on this connection: only the worker can copy pages into the file.
    const deadline = Date.now() + 5000;
    while (statSync(path).size < before + 3_000_000 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(statSync(path).size >= before + 3_000_000, `database file is ${statSync(path).size} bytes`);
  } finally {
    await checkpointer.stop();
    db.close();
  }
});

test('under steady writes the WAL starts over instead of growing without bound, and no write is refused', async () => {
  const path = tempDb();
  const db = openSqlite(path, { externalCheckpoints: true });
  const checkpointer = startCheckpointer(path, (m) => assert.fail(m), { intervalMs: 5 });
  try {
    db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)');
    const insert = db.prepare('INSERT INTO blobs (data) VALUES (?)');
    const count = db.prepare('SELECT COUNT(*) FROM blobs WHERE id < 10');
    const chunk = Buffer.alloc(2048, 7);
    const limit = WAL_RESTART_PAGES * 4096;
    let largest = 0;
    // Four times the restart length, in commits separated by about a WAL flush (as group commit is).
    for (let i = 0; i < (4 * limit) / (chunk.length * 50); i++) {
      // Read first, then write, as the cursor moves do: a checkpointer that reset the WAL under this
      // deferred transaction would fail it with "database is locked".
      db.transaction(() => {
        count.get();
        for (let j = 0; j < 50; j++) insert.run(chunk);
      })();
      largest = Math.max(largest, statSync(`${path}-wal`).size);
      await new Promise((r) => setTimeout(r, 1));
    }
    assert.ok(largest < 2.5 * limit, `the WAL reached ${largest} bytes`);
  } finally {
    await checkpointer.stop();
    db.close();
  }
});
