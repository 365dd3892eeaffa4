// Opens the embedded SQLite store: WAL for concurrent readers, and versioned migrations applied in one
// transaction each. synchronous=NORMAL: COMMIT does not fsync on the event loop; callers make commits
// durable before answering anyone through sqlite-durability.ts (the WAL is fdatasync'ed off the loop).
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDb = Database.Database;

const migrationsDir = new URL('./migrations/', import.meta.url);

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(): Migration[] {
  return readdirSync(migrationsDir)
    .filter((f) => /^\d{4}-.*\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file,
      sql: readFileSync(new URL(file, migrationsDir), 'utf8'),
    }));
}

/** WAL length (pages) at which the server's own connection checkpoints when a worker does the copying. */
export const WAL_RESTART_PAGES = 4096;

export function openSqlite(path: string, o: { externalCheckpoints?: boolean } = {}): SqliteDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Pages are copied into the database by a worker (sqlite-checkpointer.ts), not inside a COMMIT on the
  // event loop. Under steady writes the WAL is never fully copied when a write begins, so it would never
  // start over: a rare automatic checkpoint here copies the few frames the worker has not and lets the
  // next commit restart the WAL; a WAL that grew is cut back to journal_size_limit then.
  if (o.externalCheckpoints) db.pragma(`wal_autocheckpoint = ${WAL_RESTART_PAGES}`);
  db.pragma(`journal_size_limit = ${2 * WAL_RESTART_PAGES * 4096}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Applies pending migrations; refuses to run on a schema newer than this code knows. */
export function migrate(db: SqliteDb): void {
  const migrations = loadMigrations();
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(
      `database schema version ${current} is newer than this server (${latest}); upgrade Confab`,
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}
