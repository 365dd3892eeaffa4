// WAL checkpoints on a worker thread with its own connection. SQLite's automatic checkpoint runs inside
// the COMMIT that crosses the threshold, copying pages and fsyncing the database on the event loop (tens
// of ms every few MB of WAL); here the copy runs beside the server's writes. Only PASSIVE: it takes no
// writer lock. (RESTART holds the writer lock while it waits for readers, and resetting the WAL under a
// deferred transaction of the server fails that transaction with "database is locked".) The server's
// own connection restarts the WAL (see sqlite-database.ts).
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  /** How often the worker checkpoints. */
  intervalMs?: number;
}

export interface Checkpointer {
  stop(): Promise<void>;
}

// Plain CommonJS so the worker needs no TypeScript loader, from source or built.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = FULL');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(
  path: string,
  onError: (message: string) => void,
  o: CheckpointerOptions = {},
): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      intervalMs: o.intervalMs ?? 100,
    },
  });
  worker.unref();
  worker.on('message', (m: { error?: string }) => {
    if (m.error) onError(m.error);
  });
  worker.on('error', (err) => onError(err.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.ref(); // keep the process alive until the worker has closed its connection
      worker.postMessage('stop');
      await exited;
    },
  };
}
