import type { AppendResult, ConversationTarget, NewMessage } from '../../domain/ports/storage.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

/** What a batch's writes found out, applied once it has committed. */
export interface Learned {
  conversations: Array<[string, { id: bigint; members: string }]>;
  /** Conversation id and seq of every stored append. */
  appended: Array<[bigint, bigint]>;
  /** Queue key → conversation id, found by acks. */
  queues: Array<[string, bigint]>;
}

type PendingWrite =
  | {
      kind: 'append';
      message: NewMessage;
      target: ConversationTarget;
      resolve: (r: AppendResult) => void;
      reject: (e: unknown) => void;
    }
  | {
      /** A cursor or device write: answered at COMMIT. */
      kind: 'write';
      run: (learned: Learned) => void;
      resolve: () => void;
      reject: (e: unknown) => void;
    };

/**
 * Group commit: the appends, cursor moves and device records waiting at a turn's end share one
 * transaction and one WAL flush (few large commits write far fewer WAL pages than many small ones: the
 * cursor and conversation pages are written once per batch, not once per message). Each append is a
 * savepoint of its own: one that fails is rejected alone. No append is answered before the batch is on
 * disk (Durability.after), so an ACK still means durable. Cursor moves and device records are answered at
 * COMMIT: lost on power failure they only cause a redelivery, which clients drop by id (or a device
 * recorded again). The flush runs off the event loop; writes that arrive meanwhile wait for it and form
 * the next batch.
 */
export function sqliteGroupCommit(
  db: SqliteDb,
  durable: Durability,
  appendOne: (m: NewMessage, t: ConversationTarget, learned: Learned) => AppendResult,
  on: { committed: (learned: Learned) => void; durable: () => void; batch?: (size: number) => void },
) {
  let pending: PendingWrite[] = [];
  let flushing = false;
  const write = (
    batch: PendingWrite[],
    outcomes: Array<{ ok: unknown } | { err: unknown }>,
    learned: Learned,
  ) =>
    db.transaction(() => {
      for (const p of batch) {
        try {
          if (p.kind === 'append')
            outcomes.push({ ok: appendOne(p.message, p.target, learned) }); // a savepoint
          else outcomes.push({ ok: p.run(learned) });
        } catch (err) {
          outcomes.push({ err });
        }
      }
    })();
  const flush = () => {
    const batch = pending;
    pending = [];
    const outcomes: Array<{ ok: unknown } | { err: unknown }> = [];
    const learned: Learned = { conversations: [], appended: [], queues: [] };
    try {
      write(batch, outcomes, learned);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return; // writes that arrive from now on schedule their own flush (flushing is false)
    }
    on.committed(learned);
    on.batch?.(batch.length);
    let appends = 0;
    batch.forEach((p, i) => {
      if (p.kind === 'append') return appends++;
      const o = outcomes[i]!;
      if ('ok' in o) p.resolve();
      else p.reject(o.err);
    });
    if (appends === 0) return; // nothing to wait for on disk
    flushing = true;
    const settle = (err?: unknown) => {
      flushing = false;
      on.durable(); // on failure too: the rows are committed, the client is told to resend (deduplicated)
      batch.forEach((p, i) => {
        if (p.kind !== 'append') return;
        const o = outcomes[i]!;
        if (err !== undefined) p.reject(err);
        else if ('ok' in o) p.resolve(o.ok as AppendResult);
        else p.reject(o.err);
      });
      if (pending.length > 0) flush();
    };
    durable.after(undefined).then(() => settle(), settle);
  };
  const enqueue = (p: PendingWrite) => {
    if (pending.push(p) === 1 && !flushing) setImmediate(flush);
  };
  return {
    append: (message: NewMessage, target: ConversationTarget): Promise<AppendResult> =>
      new Promise((resolve, reject) => enqueue({ kind: 'append', message, target, resolve, reject })),
    /** `run` must leave nothing half done when it throws (one statement, or a savepoint of its own). */
    write: (run: (learned: Learned) => void): Promise<void> =>
      new Promise((resolve, reject) => enqueue({ kind: 'write', run, resolve, reject })),
  };
}
