// Encode/decode of msync frames. The schema is the JSON descriptor generated from proto/msync.proto,
// loaded with protobufjs/light (no .proto parser at run time, so the browser bundle stays small).
import Long from 'long';
import protobuf from 'protobufjs/light.js';
import { msyncSchema } from './generated/msync-schema.js';
import type {
  CommNotice,
  CommSyncDL,
  CommSyncUL,
  CommUnreadDL,
  Meta,
  MessageBody,
  MSync,
  MucBody,
  RosterBody,
  Provision,
  StatisticsBody,
  U64,
} from './msync-types.js';

// protobufjs finds `long` through a dynamic require that bundlers and ESM break; wire it explicitly
// so every uint64 decodes as a Long (server ids exceed 2^53).
protobuf.util.Long = Long;
protobuf.configure();

const root = protobuf.Root.fromJSON(msyncSchema);
const type = (name: string): protobuf.Type => root.lookupType(`easemob.pb.${name}`);

/** A typed encoder/decoder pair for one message of the schema. */
export interface Codec<T> {
  readonly type: protobuf.Type;
  encode(value: T): Uint8Array;
  /** Throws a ProtocolDecodeError on malformed input. */
  decode(bytes: Uint8Array): T;
}

export class ProtocolDecodeError extends Error {
  override readonly name = 'ProtocolDecodeError';
}

function codec<T>(name: string): Codec<T> {
  const t = type(name);
  return {
    type: t,
    encode: (value) => t.encode(value as unknown as protobuf.Message).finish(),
    decode: (bytes) => {
      try {
        return t.decode(bytes) as unknown as T;
      } catch (cause) {
        throw new ProtocolDecodeError(`malformed ${name}: ${(cause as Error).message}`, { cause });
      }
    },
  };
}

export const msync = {
  MSync: codec<MSync>('MSync'),
  CommSyncUL: codec<CommSyncUL>('CommSyncUL'),
  CommSyncDL: codec<CommSyncDL>('CommSyncDL'),
  CommNotice: codec<CommNotice>('CommNotice'),
  CommUnreadDL: codec<CommUnreadDL>('CommUnreadDL'),
  Provision: codec<Provision>('Provision'),
  Meta: codec<Meta>('Meta'),
  MessageBody: codec<MessageBody>('MessageBody'),
  StatisticsBody: codec<StatisticsBody>('StatisticsBody'),
  MUCBody: codec<MucBody>('MUCBody'),
  RosterBody: codec<RosterBody>('RosterBody'),
} as const;

/** Converts any 64-bit wire value to a decimal string ("0" when absent). */
export function u64ToString(value: U64 | null | undefined): string {
  if (value === null || value === undefined) return '0';
  if (typeof value === 'string') return value === '' ? '0' : value;
  if (typeof value === 'number') return String(Math.trunc(value));
  return u64ToBigInt(value).toString();
}

const LOW_32 = 0xffffffffn;

/** Converts any 64-bit wire value to a bigint (0n when absent). */
export function u64ToBigInt(value: U64 | null | undefined): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'string' || typeof value === 'number') return BigInt(u64ToString(value));
  // From the two 32-bit halves: Long's own toString divides in a loop, several times slower.
  return (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
}

/** A uint64 wire value from a bigint or decimal string. */
export function toU64(value: bigint | string | number): Long {
  const v = typeof value === 'bigint' ? value : BigInt(typeof value === 'number' ? Math.trunc(value) : value);
  return new Long(Number(v & LOW_32) | 0, Number((v >> 32n) & LOW_32) | 0, true);
}

// Wire tag of CommSyncDL.metas: field 4, wire type 2 (length-delimited).
const METAS_TAG = (4 << 3) | 2;

/**
 * Encodes a CommSyncDL whose metas are already serialized. Fan-out encodes each stored message once
 * and splices the bytes into every receiver's frame (protobuf permits repeated fields in any order).
 */
export function encodeSyncDLWithRawMetas(
  dl: Omit<CommSyncDL, 'metas'>,
  rawMetas: readonly Uint8Array[],
): Uint8Array {
  const writer = protobuf.Writer.create();
  msync.CommSyncDL.type.encode(dl, writer);
  for (const raw of rawMetas) writer.uint32(METAS_TAG).bytes(raw);
  return writer.finish();
}
