// Parsing of REST parameters, one rule each: the SDK's absent-value conventions (REST spec T4), page
// sizes, opaque offset cursors and message ids. A malformed value is the caller's error (400, SDK -3),
// never a server failure.
import { ConfabError, ErrorCode } from '@confab/protocol';

/** 400 with code -3 (REQUEST_PARAMETER_ERROR). */
export const badRequest = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);

/** The SDK sends absent values as "", "undefined" or "null". */
export const present = (v: unknown): string | undefined => {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return typeof v !== 'string' || v === '' || v === 'undefined' || v === 'null' ? undefined : v;
};

/** A page size: absent → fallback, else an integer in 1..max (larger values are clamped to max). */
export function pageSize(raw: unknown, fallback: number, max: number): number {
  const n = pageNumber(raw, fallback, max);
  return Math.min(n, max);
}

/** A page size that must lie in 1..max (the admin API refuses rather than clamps). */
export function strictPageSize(raw: unknown, fallback: number, max: number): number {
  const n = pageNumber(raw, fallback, max);
  if (n > max) throw badRequest(`limit must be 1..${max}`);
  return n;
}

function pageNumber(raw: unknown, fallback: number, max: number): number {
  const v = present(raw);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`limit must be an integer in 1..${max}`);
  return n;
}

/**
 * Message ids are unsigned 64-bit decimal strings on the wire, but every id this server issues fits in
 * 63 bits (message-id.ts) and both stores keep them as signed 64-bit integers: an id of 2^63 or more can
 * name no message and is refused here, before it could overflow a query.
 */
const MAX_MESSAGE_ID = 2n ** 63n - 1n;
const DECIMAL = /^\d{1,20}$/;

/** A message id that must be given: a positive decimal below 2^63, else 400 with `message`. */
export function messageId(raw: unknown, message = `illegal message id ${String(raw)}`): bigint {
  const v = present(raw);
  if (v === undefined || !DECIMAL.test(v)) throw badRequest(message);
  const id = BigInt(v);
  if (id < 1n || id > MAX_MESSAGE_ID) throw badRequest(message);
  return id;
}

/** An optional message id (a cursor): absent or "-1" (the SDK's "from the newest") → undefined. */
export function optionalMessageId(raw: unknown): bigint | undefined {
  const v = present(raw);
  return v === undefined || v === '-1' ? undefined : messageId(v);
}

// Offset cursors are opaque to clients and URL-safe (T4).
export const encodeOffset = (n: number) => Buffer.from(`o:${n}`, 'utf8').toString('base64url');
export function decodeOffset(raw: unknown): number {
  const v = present(raw);
  if (v === undefined) return 0;
  const m = /^o:(\d{1,15})$/.exec(Buffer.from(v, 'base64url').toString('utf8'));
  if (!m) throw badRequest('illegal cursor');
  return Number(m[1]);
}

// Keyset cursors of the admin user list: the last username of the page, base64url (T4).
export const encodeNameCursor = (username: string) => Buffer.from(username, 'utf8').toString('base64url');
export const decodeNameCursor = (raw: unknown): string | undefined => {
  const v = present(raw);
  return v === undefined ? undefined : Buffer.from(v, 'base64url').toString('utf8');
};

/**
 * The conversation a per-user call names with a peer (`to`, `channel`) and a type (the SDK's `_map`:
 * chat, groupchat, chatroom; "singleChat" from newer callers). The peer is required; `direct` tells a
 * 1:1 conversation (absent type included) from a group or room, which each route refuses its own way.
 */
export function conversationParams(to: unknown, type: unknown): { peer: string; direct: boolean } {
  const peer = present(to);
  if (peer === undefined) throw badRequest('to is required');
  const t = present(type) ?? 'chat';
  return { peer, direct: t === 'chat' || t === 'singleChat' };
}
