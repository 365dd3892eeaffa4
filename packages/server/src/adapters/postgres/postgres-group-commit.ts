// Group commit for PostgreSQL appends. A commit costs an fsync of the WAL (~2 ms on this class of disk),
// so appends waiting while a batch commits go together in the next transaction: one fsync for all of
// them. One batch is in flight per node, and each batch takes its conversation row locks in key order,
// so batches of different nodes can never deadlock. Every append runs in a savepoint of its own: one
// that fails (a duplicate client id) is rolled back alone. Nobody is answered before COMMIT returns,
// so an acknowledgement still means durable.
import type { PgClient, PgPool } from './postgres-database.js';

export interface GroupCommitItem<R> {
  /** Items are committed in this order (stable): the conversation key, for a global lock order. */
  readonly lockKey: string;
  run(client: PgClient): Promise<R>;
}

const MAX_BATCH = 256;

export function postgresGroupCommit(pool: PgPool) {
  interface Pending {
    item: GroupCommitItem<unknown>;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }
  let queue: Pending[] = [];
  let running = false;

  async function commitBatch(batch: Pending[]): Promise<void> {
    batch.sort((a, b) => (a.item.lockKey < b.item.lockKey ? -1 : a.item.lockKey > b.item.lockKey ? 1 : 0));
    const outcomes: Array<{ ok: unknown } | { err: unknown }> = [];
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const p of batch) {
        if (batch.length > 1) await client.query('SAVEPOINT item');
        try {
          outcomes.push({ ok: await p.item.run(client) });
          if (batch.length > 1) await client.query('RELEASE SAVEPOINT item');
        } catch (err) {
          if (batch.length === 1) throw err;
          await client.query('ROLLBACK TO SAVEPOINT item');
          outcomes.push({ err });
        }
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      for (const p of batch) p.reject(err);
      return;
    }
    client.release();
    batch.forEach((p, i) => {
      const o = outcomes[i]!;
      if ('ok' in o) p.resolve(o.ok);
      else p.reject(o.err);
    });
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(batch.length);
        await commitBatch(batch);
      }
    } finally {
      running = false;
    }
  }

  return {
    submit<R>(item: GroupCommitItem<R>): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve: resolve as (v: unknown) => void, reject });
        if (!running) void drain();
      });
    },
  };
}
