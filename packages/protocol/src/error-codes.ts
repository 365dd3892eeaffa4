// The error-code catalog: one row per official name, as data. Everything else (ErrorCode, errorNameOf,
// ConfabError's default messages, docs/errors.md) is derived from it, so server and SDK cannot disagree.
// The numbers are Agora's own: the unmodified agora-chat SDK must see exactly the codes it expects.
import { sdkEntries } from './error-catalog-sdk.js';
import { seedEntries } from './error-catalog-seed.js';

/** One row of the catalog: a public error code of the Agora Chat Web SDK as Confab reproduces it. */
export interface ErrorCatalogEntry {
  readonly code: number;
  readonly name: string;
  /** 'seed': on Agora's public error-code page; 'sdk': only in the official SDK (status.d.ts or its bundle). */
  readonly origin: 'seed' | 'sdk';
  /** The seed's "possible reason", or the status.d.ts doc comment for sdk-only codes. */
  readonly meaning: string;
  /** Why this row deviates from its source, if it does. */
  readonly note?: string;
}

type Entry = (typeof seedEntries)[number] | (typeof sdkEntries)[number];

/** Every official name, sorted by code (ties keep status.d.ts order: REQUEST_SUCCESS before its alias). */
export const errorCatalog: readonly ErrorCatalogEntry[] = Object.freeze(
  [...seedEntries, ...sdkEntries]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.code - b.e.code || a.i - b.i)
    .map(({ e }) => Object.freeze(e)),
);

export type ErrorCodeName = Entry['name'];

/** Name → code. `ErrorCode.USER_NOT_FOUND` has the literal type 204. */
export const ErrorCode = Object.freeze(Object.fromEntries(errorCatalog.map((e) => [e.name, e.code]))) as {
  readonly [E in Entry as E['name']]: E['code'];
};

/** Any code in the catalog (a union of literals). */
export type ErrorCodeValue = Entry['code'];

/**
 * Retired codes MUST NOT be reused: a client compiled against the old meaning would misread the new one.
 * None are retired yet; move a code here (and out of the catalog) instead of deleting it.
 */
export const RETIRED_CODES: readonly number[] = Object.freeze([]);

const byCode = new Map<number, ErrorCatalogEntry>();
for (const e of errorCatalog) if (!byCode.has(e.code)) byCode.set(e.code, e);

/** The catalog row for a code; for code 0 the REQUEST_SUCCESS row. Unknown codes (a newer server) → undefined. */
export function errorEntryOf(code: number): ErrorCatalogEntry | undefined {
  return byCode.get(code);
}

/** The official name of a code (0 → 'REQUEST_SUCCESS'), or undefined for a code not in the catalog. */
export function errorNameOf(code: number): ErrorCodeName | undefined {
  return byCode.get(code)?.name as ErrorCodeName | undefined;
}

/** True when `code` is in the catalog. */
export function isKnownErrorCode(code: number): code is ErrorCodeValue {
  return byCode.has(code);
}
