// Group commit for PostgreSQL appends. A commit costs an fsync of the WAL (~2 ms on this class of disk),
// so appends waiting while a batch commits go together in the next transaction: one fsync for all of
// them, and one round trip (the batch runs as one statement, see migration 0005). One batch is in flight
// per node, and each batch takes its conversation row locks in key order, so batches (of this node or of
// others) can never deadlock. If the batch fails, it is retried item by item, so a failure stays its
// own. Nobody is answered before the commit returns, so an acknowledgement still means durable.
import type { PgClient, PgPool } from './postgres-database.js';

export interface GroupCommitItem {
  /** Items are committed in this order (stable): the conversation key, for a global lock order. */
  readonly lockKey: string;
}

/** Commits `items` (in the given order) as one atomic statement; one result per item. */
export type RunBatch<I extends GroupCommitItem, R> = (client: PgClient, items: I[]) => Promise<R[]>;

const MAX_BATCH = 256;
/**
 * Batches committing at once. One: a later batch could otherwise take a conversation's next position
 * before an earlier batch's message to the same conversation, breaking the sender's order.
 */
const MAX_IN_FLIGHT = 1;

export function postgresGroupCommit<I extends GroupCommitItem, R>(
  pool: PgPool,
  runBatch: RunBatch<I, R>,
  onBatch?: (size: number) => void,
) {
  interface Pending {
    item: I;
    resolve: (v: R) => void;
    reject: (e: unknown) => void;
  }
  let queue: Pending[] = [];
  let inFlight = 0;

  /** One statement (so one transaction) for the whole batch; any failure rolls all of it back. */
  async function commitTogether(batch: Pending[]): Promise<R[]> {
    const client = await pool.connect();
    try {
      const results = await runBatch(
        client,
        batch.map((p) => p.item),
      );
      if (results.length !== batch.length) throw new Error(`batch of ${batch.length} gave ${results.length}`);
      return results;
    } finally {
      client.release();
    }
  }

  async function commitBatch(batch: Pending[]): Promise<void> {
    batch.sort((a, b) => (a.item.lockKey < b.item.lockKey ? -1 : a.item.lockKey > b.item.lockKey ? 1 : 0));
    try {
      const results = await commitTogether(batch);
      onBatch?.(batch.length);
      batch.forEach((p, i) => p.resolve(results[i]!));
      return;
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
    }
    // Rare (a duplicate client id, a broken connection): commit each item alone so one failure stays its own.
    for (const p of batch) {
      try {
        p.resolve((await commitTogether([p]))[0]!);
      } catch (err) {
        p.reject(err);
      }
    }
  }

  function pump(): void {
    while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(batch.length);
      inFlight++;
      void commitBatch(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return {
    submit(item: I): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
  };
}
