// The recent entries of shared logs (groups, rooms, threads), kept in memory so the members of a log,
// each reading the same new entries after its last ack, are served by one SQL read instead of one each.
// Sound because stored entries never change (recalls and edits are new entries) and seqs are final once
// committed; a tail only ever holds rows a scan returned, so never a row past the durable bound.
import { rememberBounded } from './bounded-cache.js';

/** One log entry as readQueue needs it. */
export interface ScanRow {
  seq: bigint;
  sender: string;
  sender_resource: string;
  meta: Uint8Array;
  online_only: bigint;
  created_at: bigint;
}

/** Reads up to `limit` entries of a conversation with `after < seq < before`, in seq order. */
export type Scan = (conv: bigint, after: bigint, before: bigint, limit: number) => ScanRow[];

/**
 * Exactly the log's entries with `from < seq <= to`. `complete`: no readable entry after `to` existed at
 * the last read (cleared when the next entries become durable).
 */
interface Tail {
  from: bigint;
  to: bigint;
  rows: ScanRow[];
  complete: boolean;
}

export interface LogTailCache {
  scan: Scan;
  /** The conversations' undurable entries reached the disk: their tails may have more to read. */
  readable(convs: Iterable<bigint>): void;
}

export function logTailCache(
  scanSql: Scan,
  bounds: { conversations: number; rowsPerConversation: number },
): LogTailCache {
  const tails = new Map<bigint, Tail>();

  const trim = (tail: Tail) => {
    const over = tail.rows.length - bounds.rowsPerConversation;
    if (over <= 0) return;
    tail.from = tail.rows[over - 1]!.seq;
    tail.rows = tail.rows.slice(over);
  };

  return {
    scan(conv, after, before, limit) {
      const tail = tails.get(conv);
      if (!tail || after < tail.from || after > tail.to) {
        const rows = scanSql(conv, after, before, limit);
        // A reader ahead of the tail starts a new one; one behind it leaves it to the others.
        if (!tail || after > tail.to) {
          const last = rows.at(-1);
          const fresh: Tail = {
            from: after,
            to: last?.seq ?? after,
            rows: [...rows],
            complete: rows.length < limit,
          };
          trim(fresh);
          rememberBounded(tails, conv, fresh, bounds.conversations);
        }
        return rows;
      }
      const out: ScanRow[] = [];
      for (const r of tail.rows) {
        if (r.seq <= after) continue;
        if (r.seq >= before || out.length === limit) return out;
        out.push(r);
      }
      if (tail.complete || out.length === limit) return out;
      const more = scanSql(conv, tail.to, before, limit - out.length);
      tail.rows.push(...more);
      tail.to = more.at(-1)?.seq ?? tail.to;
      tail.complete = more.length < limit - out.length;
      trim(tail);
      return out.concat(more);
    },
    readable(convs) {
      for (const conv of convs) {
        const tail = tails.get(conv);
        if (tail) tail.complete = false;
      }
    },
  };
}
