// A host's PostgreSQL connections, split between its worker processes (CONFAB_WORKERS) and, in each, between
// the pool of queries and the pool of cursor moves (synchronous_commit off). Without the split every worker
// opened the single process's pools: 64 workers × 14 connections, far past PostgreSQL's default of 100.

/** The least one process can work with: two for queries (a transaction beside a read), one for acks. */
export const MIN_PROCESS_CONNECTIONS = 3;
/** Cursor moves are small and batched: more than this many connections for them buys nothing. */
const MAX_ACK_CONNECTIONS = 4;

export interface PoolShare {
  /** Connections of the query pool of one process. */
  poolSize: number;
  /** Connections of its cursor-move pool. */
  ackPoolSize: number;
}

/** One process's share of `hostTotal` connections among `workers` processes (at least the minimum). */
export function poolShare(hostTotal: number, workers: number): PoolShare {
  const share = Math.max(MIN_PROCESS_CONNECTIONS, Math.floor(hostTotal / Math.max(1, workers)));
  const ackPoolSize = Math.max(1, Math.min(MAX_ACK_CONNECTIONS, Math.floor(share / 3)));
  return { poolSize: share - ackPoolSize, ackPoolSize };
}
