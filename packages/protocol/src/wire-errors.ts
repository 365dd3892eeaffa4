// Shared shapes of the wire-error mappings, and the kick mapping (STATISTIC meta → code). The mappings
// themselves live next door: provision-errors.ts, ack-errors.ts, http-errors.ts (server) and
// http-mapper.ts (client). Each pairs a server-side "what to send for code X" with a client-side "what
// the official SDK reports for this wire value", and the tests check that the two agree.
import { StatisticsOperation } from './msync-enums.js';

/** What an SDK reports: the official SDK rejects with `{ type, message }`. */
export interface SdkErrorShape {
  readonly type: number;
  readonly message: string;
  /**
   * Set where the official agora-chat@1.4.0 never settles the promise (or throws inside its handler) for
   * this input. Our SDK must never hang, so `type` is then our own choice; the comment at each site says why.
   */
  readonly officialSdkHangs?: true;
}

/** A `Status` for a failed Provision answer or message ACK (easemob.pb.Status). */
export interface WireStatus {
  readonly errorCode: number;
  readonly reason: string;
}

/** Success in the same shape, so callers can test `type === 0`. */
export const SDK_OK: SdkErrorShape = Object.freeze({ type: 0, message: '' });

const kicks = {
  [StatisticsOperation.USER_REMOVED]: { type: 207, message: 'user has been removed' },
  [StatisticsOperation.USER_LOGIN_ANOTHER_DEVICE]: {
    type: 206,
    message: 'the user is already logged on another device',
  },
  [StatisticsOperation.USER_KICKED_BY_CHANGE_PASSWORD]: {
    type: 216,
    message: 'the user was kicked by changing password',
  },
  [StatisticsOperation.USER_KICKED_BY_OTHER_DEVICE]: {
    type: 217,
    message: 'the user was kicked by other device',
  },
} as const satisfies Record<number, SdkErrorShape>;

/** Server side: the code a kick for `operation` carries (the SDK reports it; the gateway maps it back). */
export function kickCode<Op extends keyof typeof kicks>(operation: Op): (typeof kicks)[Op]['type'] {
  return kicks[operation].type;
}

/**
 * Client side: the code a STATISTIC meta's `StatisticsBody.operation` means (spec §4.10): 1→207, 2→206,
 * 3→216, 4→217. Operation 0 (INFORMATION) and unknown operations are not kicks → null.
 */
export function kickCodeFromStatisticsOperation(operation: number | null | undefined): SdkErrorShape | null {
  return Object.hasOwn(kicks, operation ?? -1) ? kicks[operation as keyof typeof kicks] : null;
}

/** Server side: the StatisticsBody.operation that makes the SDK report `code` (206/207/216/217), or null. */
export function statisticsOperationForKick(code: number): StatisticsOperation | null {
  for (const [op, shape] of Object.entries(kicks))
    if (shape.type === code) return Number(op) as StatisticsOperation;
  return null;
}

/** Own-property lookup, so a reason like "constructor" or "__proto__" cannot hit Object.prototype. */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
