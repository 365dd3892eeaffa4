// CONFAB_WORKERS > 1: this process becomes a node:cluster primary that serves nothing itself. It forks
// the workers, which share its listening port (round-robin) and each run the normal server as node
// CONFAB_NODE_ID + index. The first worker starts alone (schema migrations, the demo app and the operator
// token are made once), the rest once it listens; the first worker's banner is printed when all listen.
// SIGTERM/SIGINT are passed on to the workers and the primary exits once they have; a worker that dies
// otherwise is forked again after a backoff. (Port 0: every worker listens on 0 and node:cluster hands
// them all the one port the primary bound, so the banner's port is the port.) The primary also merges the
// listening workers' metrics for whichever worker a /metrics scrape lands on (adapters/metrics/cluster-metrics.ts).
import cluster, { type Worker } from 'node:cluster';
import { primaryMetrics, type Member } from './adapters/metrics/cluster-metrics.js';
import type { Logger } from './domain/ports/logger.js';

/** The environment variable that tells a worker its index (set by the primary, read by main.ts). */
export const WORKER_INDEX_ENV = 'CONFAB_WORKER_INDEX';

/** What a worker sends the primary once its server listens. */
export interface WorkerReady {
  readonly type: 'confab:ready';
  /** The startup banner (printed only for the first worker's first start). */
  readonly banner: string;
}

export const isWorkerReady = (m: unknown): m is WorkerReady =>
  typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'confab:ready';

export interface PrimaryOptions {
  workers: number;
  logger: Logger;
  /** Where the banner goes (stdout). */
  print(text: string): void;
  /** Backoff before forking a dead worker again: doubles per quick death, from min to max. */
  restartDelayMs?: { min: number; max: number };
  /** A worker that lived this long before dying is restarted after the minimum delay again. */
  stableAfterMs?: number;
}

interface Slot {
  worker?: Worker;
  /** The worker listens (sent confab:ready); only those are asked for metrics. */
  ready: boolean;
  startedAt: number;
  delayMs: number;
  timer?: NodeJS.Timeout;
}

export function runClusterPrimary(options: PrimaryOptions): void {
  const { workers, logger } = options;
  const { min, max } = options.restartDelayMs ?? { min: 1000, max: 30_000 };
  const stableAfterMs = options.stableAfterMs ?? 30_000;
  const slots: Slot[] = Array.from({ length: workers }, () => ({ ready: false, startedAt: 0, delayMs: min }));
  let ready = 0;
  let banner = '';
  let started = false; // every worker listened once
  let stopping = false;
  let exitCode = 0;

  cluster.schedulingPolicy = cluster.SCHED_RR; // before the first fork; also on platforms defaulting to none

  const member = (index: number, worker: Worker): Member => ({
    index,
    // A worker whose channel just closed (it is dying) drops the message; the metrics timeout tells.
    send: (message) => {
      if (worker.isConnected()) worker.send(message, () => {});
    },
  });
  const metrics = primaryMetrics(() =>
    slots.flatMap((slot, index) => (slot.worker && slot.ready ? [member(index, slot.worker)] : [])),
  );

  const fork = (index: number) => {
    const slot = slots[index]!;
    slot.timer = undefined;
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(index) });
    slot.worker = worker;
    slot.ready = false;
    slot.startedAt = Date.now();
    const self = member(index, worker);
    worker.on('message', (m: unknown) => {
      if (isWorkerReady(m)) onReady(index, m);
      else metrics.onMessage(self, m);
    });
    worker.on('exit', (code, signal) => onExit(index, worker, code, signal));
  };

  const onReady = (index: number, m: WorkerReady) => {
    slots[index]!.ready = true;
    if (stopping) return; // a signal came during the first start: fork no more
    if (started) {
      logger.info({ worker: index }, 'worker restarted and listening');
      return;
    }
    if (index === 0) {
      banner = m.banner;
      for (let i = 1; i < workers; i++) fork(i);
    }
    if (++ready === workers) {
      started = true;
      logger.info({ workers }, 'all workers listening');
      options.print(banner);
    }
  };

  const onExit = (index: number, worker: Worker, code: number | null, signal: string | null) => {
    const slot = slots[index]!;
    if (slot.worker === worker) {
      slot.worker = undefined;
      slot.ready = false;
    }
    if (stopping) {
      if (code !== 0) exitCode = 1;
      return exitWhenDone();
    }
    if (!started) {
      // A worker that cannot start (database down, port taken, a bad setting) will not start on retry either.
      logger.error({ worker: index, code, signal }, 'worker failed to start; stopping');
      exitCode = 1;
      return stop();
    }
    if (Date.now() - slot.startedAt >= stableAfterMs) slot.delayMs = min;
    const delayMs = slot.delayMs;
    slot.delayMs = Math.min(max, delayMs * 2);
    logger.error({ worker: index, code, signal, restartInMs: delayMs }, 'worker died; restarting it');
    slot.timer = setTimeout(() => fork(index), delayMs);
  };

  const exitWhenDone = () => {
    if (slots.every((s) => s.worker === undefined)) {
      logger.info({ exitCode }, 'all workers stopped');
      metrics.close();
      process.exit(exitCode);
    }
  };

  const stop = () => {
    stopping = true;
    for (const slot of slots) {
      clearTimeout(slot.timer);
      slot.worker?.process.kill('SIGTERM');
    }
    exitWhenDone();
  };

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down the workers');
      stop();
    });
  }
  fork(0);
}
