// One server per data directory: two processes appending to the same SQLite file and file store would
// each believe it owns the group commit, the checkpointer and the message-id sequence. The lock is a
// SQLite file held in `locking_mode=EXCLUSIVE`, i.e. a kernel byte-range lock: it dies with its process
// (kill -9 included), so there is no stale lock to detect or clean up, and SQLite's own per-inode
// bookkeeping makes a second open in the same process fail too (POSIX locks alone would not).
// The holder's pid is in a plain side file, because the locked database cannot be read by the refused
// process; it only feeds the error message.
import { hostname } from 'node:os';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export const LOCK_FILE = 'confab.lock';
export const LOCK_HOLDER_FILE = 'confab.lock.pid';

export interface DataDirLock {
  readonly dir: string;
  /** Releases the lock (idempotent). */
  release(): void;
}

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
  constructor(
    readonly dir: string,
    readonly holder: string | undefined,
  ) {
    super(
      `data directory ${dir} is in use by another Confab server (${holder ?? 'holder unknown'}); ` +
        'stop that server first, or give this one another CONFAB_DATA_DIR',
    );
  }
}

const isBusy = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
};

function readHolder(dir: string): string | undefined {
  try {
    const text = readFileSync(join(dir, LOCK_HOLDER_FILE), 'utf8').trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}

/** Takes the data directory's lock or throws DataDirLockedError naming the holder. */
export function lockDataDir(dataDir: string): DataDirLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, LOCK_FILE), { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the EXCLUSIVE lock; in this mode it is kept until the connection closes.
    db.exec('CREATE TABLE IF NOT EXISTS holder (pid INTEGER, host TEXT, since INTEGER)');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('DELETE FROM holder');
    db.prepare('INSERT INTO holder VALUES (?, ?, ?)').run(process.pid, hostname(), Date.now());
    db.exec('COMMIT');
  } catch (err) {
    db.close();
    if (isBusy(err)) throw new DataDirLockedError(dir, readHolder(dir));
    throw err;
  }
  const holder = `pid ${process.pid} on ${hostname()}, since ${new Date().toISOString()}`;
  writeFileSync(join(dir, LOCK_HOLDER_FILE), `${holder}\n`);
  let held = true;
  return {
    dir,
    release() {
      if (!held) return;
      held = false;
      rmSync(join(dir, LOCK_HOLDER_FILE), { force: true });
      db.close();
    },
  };
}
