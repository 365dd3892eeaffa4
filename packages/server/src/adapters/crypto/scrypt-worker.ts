// A hashing thread of the ScryptWorkerPool: one job per message, synchronously (this thread's own CPU,
// not libuv's pool). In: {id, op: 'hash', password} | {id, op: 'verify', password, stored};
// out: {id, value} (the hash, or whether it matched) or {id, error}.
import { parentPort } from 'node:worker_threads';
import { hashPasswordSync, verifyPasswordSync } from '../../domain/auth/password-hash.js';

export type ScryptJob =
  | { id: number; op: 'hash'; password: string }
  | { id: number; op: 'verify'; password: string; stored: string };

export type ScryptReply = { id: number; value: string | boolean } | { id: number; error: string };

parentPort?.on('message', (job: ScryptJob) => {
  let reply: ScryptReply;
  try {
    reply = {
      id: job.id,
      value:
        job.op === 'hash' ? hashPasswordSync(job.password) : verifyPasswordSync(job.password, job.stored),
    };
  } catch (err) {
    reply = { id: job.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
