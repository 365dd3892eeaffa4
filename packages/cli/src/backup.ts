// `confab backup <file>`: an online, consistent copy of a running server's SQLite database, through
// SQLite's backup API (better-sqlite3's `db.backup`). The copy is one read transaction over the source
// (every page in a single step), so it is a snapshot of one committed state while the server keeps
// writing; it is written next to the target and renamed into place only after an integrity check.
// Uploaded files (`<data dir>/files/`) are plain files: copy them with any tool (see docs/deploy.md).
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CliError } from './rest.js';

export interface BackupResult {
  file: string;
  pages: number;
  schemaVersion: number;
}

export async function backupSqlite(dataDir: string, target: string): Promise<BackupResult> {
  const source = join(resolve(dataDir), 'confab.sqlite');
  if (!existsSync(source))
    throw new CliError(`no SQLite database at ${source} (set --data-dir or CONFAB_DATA_DIR)`);
  const file = resolve(target);
  if (!existsSync(dirname(file))) throw new CliError(`directory ${dirname(file)} does not exist`);
  const partial = `${file}.partial-${process.pid}`;
  // Read-only: the backup never writes to the live database (the server owns its WAL and checkpoints).
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const progress = await db.backup(partial, { progress: () => 0x7fffffff });
    const copy = new Database(partial, { fileMustExist: true });
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new CliError(`the copy failed its integrity check: ${String(check)}`);
      copy.pragma('journal_mode = DELETE'); // one self-contained file, no -wal beside it
    } finally {
      copy.close();
    }
    renameSync(partial, file);
    return { file, pages: progress.totalPages, schemaVersion };
  } catch (err) {
    rmSync(partial, { force: true });
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
    throw err;
  } finally {
    db.close();
  }
}
