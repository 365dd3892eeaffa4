// Server message ids: 64-bit, unique and time-ordered, like Agora's ~19-digit ids.
// Layout: 41 bits of ms since 2020-01-01 | 10 bits node id | 12 bits sequence per ms.
// The node id keeps nodes of one cluster from ever minting the same id.
import { u64ToBigInt, type U64 } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';

const EPOCH = 1_577_836_800_000n; // 2020-01-01T00:00:00Z
const NODE_BITS = 10n;
const SEQ_BITS = 12n;
const MAX_SEQ = (1n << SEQ_BITS) - 1n;
export const MAX_NODE_ID = Number((1n << NODE_BITS) - 1n);

export interface MessageIdGenerator {
  next(): bigint;
}

export function messageIdGenerator(clock: Clock, nodeId: number): MessageIdGenerator {
  if (!Number.isInteger(nodeId) || nodeId < 0 || nodeId > MAX_NODE_ID) {
    throw new RangeError(`node id must be an integer in 0..${MAX_NODE_ID}`);
  }
  const node = BigInt(nodeId);
  let lastMs = 0n;
  let seq = 0n;
  return {
    next() {
      let ms = BigInt(clock.now());
      // A clock that steps back must not produce a smaller id: keep counting on the last ms.
      if (ms < lastMs) ms = lastMs;
      if (ms === lastMs) {
        seq += 1n;
        if (seq > MAX_SEQ) {
          // 4096 ids in one ms: borrow the next ms rather than repeat.
          lastMs = ms = lastMs + 1n;
          seq = 0n;
        }
      } else {
        lastMs = ms;
        seq = 0n;
      }
      return ((ms - EPOCH) << (NODE_BITS + SEQ_BITS)) | (node << SEQ_BITS) | seq;
    },
  };
}

/** The largest id the stores hold: SQLite's INTEGER and PostgreSQL's bigint are signed 64-bit. */
export const MAX_STORED_ID = (1n << 63n) - 1n;

/**
 * A client-sent uint64 that names a stored message or queue position: undefined when it is 0 (absent) or
 * above MAX_STORED_ID (the wire allows up to 2^64 − 1, but no such row can exist, and binding it throws).
 */
export function storedIdOf(value: U64 | null | undefined): bigint | undefined {
  const id = u64ToBigInt(value);
  return id === 0n || id > MAX_STORED_ID ? undefined : id;
}

/** The smallest id minted at or after `ms` (every id below it is older): retention deletes below it. */
export function firstIdAt(ms: number): bigint {
  const t = BigInt(Math.floor(ms)) - EPOCH;
  return t <= 0n ? 0n : t << (NODE_BITS + SEQ_BITS);
}
