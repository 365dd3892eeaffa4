// The PasswordHasher of a server: scrypt on a few worker threads of its own. Node's async scrypt runs on
// libuv's pool (4 threads), the same pool that runs the fdatasync every message ack waits for
// (sqlite-durability.ts): a flood of logins queued the syncs behind ~50 ms hashes, and other users'
// send→ack went from 5 ms to seconds. Here hashing competes for CPU only. The queue is bounded: past
// it a request is refused at once (429, the SDK's 500 SERVER_BUSY) instead of waiting without end.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { PasswordHasher } from '../../domain/ports/password-hasher.js';
import { startSiblingWorker } from '../worker-threads.js';
import type { ScryptJob, ScryptReply } from './scrypt-worker.js';

export interface PasswordHasherOptions {
  /** Hashing threads (CONFAB_PASSWORD_HASH_THREADS); one core is left to the event loop. */
  threads: number;
  /** Hashes waiting for a thread before new ones are refused (CONFAB_PASSWORD_HASH_QUEUE). */
  maxQueue: number;
}

export const PASSWORD_HASHER_DEFAULTS: PasswordHasherOptions = {
  threads: Math.max(1, Math.min(4, availableParallelism() - 1)),
  maxQueue: 64,
};

type JobInput = { op: 'hash'; password: string } | { op: 'verify'; password: string; stored: string };

interface Pending {
  job: ScryptJob;
  resolve: (value: string | boolean) => void;
  reject: (err: Error) => void;
}

interface Thread {
  worker: Worker;
  running: Pending | undefined;
}

export const hashingBusy = () =>
  new ConfabError(ErrorCode.SERVER_BUSY, 'This request has reached api limit. Password hashing is busy.', {
    error: 'reach_limit',
    retryAfterSeconds: 1,
  });

export function scryptWorkerPool(options: Partial<PasswordHasherOptions> = {}): PasswordHasher {
  const { threads: size, maxQueue } = { ...PASSWORD_HASHER_DEFAULTS, ...options };
  const threads: Thread[] = [];
  const queue: Pending[] = [];
  let nextId = 1;
  let closed = false;

  // Threads start on first use: a server that never hashes (token logins only) never starts one.
  function spawn(): Thread {
    const thread: Thread = {
      worker: startSiblingWorker(import.meta.url, 'scrypt-worker'),
      running: undefined,
    };
    thread.worker.unref();
    thread.worker.on('message', (reply: ScryptReply) => {
      const p = thread.running;
      if (!p || p.job.id !== reply.id) return;
      thread.running = undefined;
      if ('error' in reply) p.reject(new Error(`password hashing failed: ${reply.error}`));
      else p.resolve(reply.value);
      pump();
    });
    const lost = (err: Error) => {
      const i = threads.indexOf(thread);
      if (i < 0) return;
      threads.splice(i, 1);
      void thread.worker.terminate();
      thread.running?.reject(err);
      thread.running = undefined;
      pump();
    };
    thread.worker.on('error', lost);
    thread.worker.on('exit', (code) => lost(new Error(`hashing thread exited (${code})`)));
    threads.push(thread);
    return thread;
  }

  function pump(): void {
    while (!closed && queue.length > 0) {
      const thread = threads.find((t) => !t.running) ?? (threads.length < size ? spawn() : undefined);
      if (!thread) return;
      const p = queue.shift()!;
      thread.running = p;
      thread.worker.postMessage(p.job);
    }
  }

  function run(input: JobInput): Promise<string | boolean> {
    if (closed) return Promise.reject(new Error('password hasher closed'));
    const idle = threads.some((t) => !t.running) || threads.length < size;
    if (!idle && queue.length >= maxQueue) return Promise.reject(hashingBusy());
    return new Promise((resolve, reject) => {
      queue.push({ job: { id: nextId++, ...input }, resolve, reject });
      pump();
    });
  }

  return {
    async hash(password) {
      return (await run({ op: 'hash', password })) as string;
    },
    async verify(password, stored) {
      return (await run({ op: 'verify', password, stored })) as boolean;
    },
    async close() {
      closed = true;
      for (const p of queue.splice(0)) p.reject(new Error('password hasher closed'));
      await Promise.all(
        threads.splice(0).map((t) => {
          t.running?.reject(new Error('password hasher closed'));
          return t.worker.terminate();
        }),
      );
    },
  };
}
