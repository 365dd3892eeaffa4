// Durable commits without blocking the event loop. The connection runs synchronous=NORMAL, so COMMIT
// only write()s the WAL; before anyone is answered, the WAL is fdatasync'ed on libuv's thread pool.
// One fdatasync covers every commit made before it started (group fsync), and Linux syncs the file's
// inode whatever descriptor asks, so the frames SQLite wrote through its own descriptor are covered.
// The result is synchronous=FULL's promise (an acknowledged commit survives power loss) while the
// loop keeps serving sockets during the flush.
import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Durability {
  /** Resolves with `value` once every commit made so far is on disk. */
  after<T>(value: T): Promise<T>;
  close(): void;
}

/** For ':memory:' databases: nothing to flush. */
export const volatileDurability: Durability = {
  after: (value) => Promise.resolve(value),
  close: () => undefined,
};

export type WalFlush = (fd: number, done: (err: NodeJS.ErrnoException | null) => void) => void;

export function walDurability(dbPath: string, flush: WalFlush = fdatasyncFile): Durability {
  let fd: number | undefined;
  let flushing = false;
  let waiting: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];

  const open = (): number => {
    if (fd !== undefined) return fd;
    // The WAL exists once the first commit has been made (always before a barrier is asked for). Its
    // directory entry is made durable once, as SQLite does for a new file under FULL.
    fd = openSync(`${dbPath}-wal`, 'r');
    const dir = openSync(dirname(dbPath), 'r');
    try {
      fsyncDirectory(dir);
    } finally {
      closeSync(dir);
    }
    return fd;
  };

  const start = () => {
    const batch = waiting;
    waiting = [];
    flushing = true;
    let target: number;
    try {
      target = open();
    } catch (err) {
      flushing = false;
      for (const w of batch) w.reject(err);
      return;
    }
    flush(target, (err) => {
      flushing = false;
      for (const w of batch) {
        if (err) w.reject(err);
        else w.resolve();
      }
      // Commits made while this flush ran may not be covered by it: they wait for the next one.
      if (waiting.length > 0) start();
    });
  };

  return {
    after<T>(value: T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        waiting.push({ resolve: () => resolve(value), reject });
        if (!flushing) start();
      });
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

function fdatasyncFile(fd: number, done: (err: NodeJS.ErrnoException | null) => void): void {
  fdatasync(fd, done);
}

function fsyncDirectory(fd: number): void {
  try {
    fsyncSync(fd); // once per process, on the first barrier
  } catch {
    // best effort: some filesystems refuse fsync on a directory
  }
}
