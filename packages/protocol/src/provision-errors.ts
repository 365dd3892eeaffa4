// Login failures: the Status of a failed Provision answer ↔ the code the official SDK reports
// (spec §5.1, the SDK's `ie()`, anchor "provision errorCode"). Reasons are matched exactly, case included.
import { StatusCode } from './msync-enums.js';
import type { Status } from './msync-types.js';
import { ownEntry, SDK_OK, type SdkErrorShape, type WireStatus } from './wire-errors.js';

/** The exact `status.reason` texts the official SDK recognises in a Provision answer. */
export const ProvisionReason = {
  USER_REGISTER_LIMIT: 'Sorry, user register limit',
  USER_REGISTER_RATE_LIMIT: 'Sorry, user register rate limit',
  TOKEN_EXPIRED: 'Sorry, token expired',
  TOKEN_MISMATCH: 'Sorry, token or password does not match login info',
  USER_NOT_FOUND: 'Sorry, user not found',
  MONTH_LIVE_LIMIT: 'Sorry, the app month live count limit',
  DAY_LIVE_LIMIT: 'Sorry, the app day live count limit',
  ONLINE_LIMIT: 'Sorry, the app online count limit',
} as const;

// Server side. Reasons for UNAUTHORIZED / WRONG_PARAMETER / IM_FORBIDDEN are ignored by the SDK; they are
// only for logs. 50 uses the online-count limit, the one a self-hosted server can actually hit.
const provisionShapes: Readonly<Record<number, WireStatus>> = {
  [-3]: { errorCode: StatusCode.WRONG_PARAMETER, reason: 'wrong parameter' },
  2: { errorCode: StatusCode.UNAUTHORIZED, reason: 'unauthorized' },
  28: { errorCode: StatusCode.FAIL, reason: ProvisionReason.TOKEN_MISMATCH },
  50: { errorCode: StatusCode.PERMISSION_DENIED, reason: ProvisionReason.ONLINE_LIMIT },
  56: { errorCode: StatusCode.FAIL, reason: ProvisionReason.TOKEN_EXPIRED },
  57: { errorCode: StatusCode.IM_FORBIDDEN, reason: 'im forbidden' },
  204: { errorCode: StatusCode.FAIL, reason: ProvisionReason.USER_NOT_FOUND },
};

/** Codes provisionFailure maps exactly (a failed login can surface as these). */
export const provisionMappedCodes: readonly number[] = Object.freeze(
  Object.keys(provisionShapes)
    .map(Number)
    .sort((a, b) => a - b),
);

/**
 * Server side: the Status to put in a failed Provision answer so the official SDK reports `code`.
 * A code the login path cannot express becomes UNAUTHORIZED (the SDK reports 2, "Auth failed").
 */
export function provisionFailure(code: number): WireStatus {
  return provisionShapes[code] ?? { errorCode: StatusCode.UNAUTHORIZED, reason: `unauthorized (${code})` };
}

const failReasons: Readonly<Record<string, SdkErrorShape>> = {
  [ProvisionReason.USER_REGISTER_LIMIT]: {
    type: 50,
    message: 'Sorry, the number of user registrations limit has been reached',
  },
  [ProvisionReason.USER_REGISTER_RATE_LIMIT]: { type: 50, message: 'Sorry, user register rate limit' },
  [ProvisionReason.TOKEN_EXPIRED]: { type: 56, message: 'Sorry, token expired' },
  [ProvisionReason.TOKEN_MISMATCH]: { type: 28, message: 'INVALID_TOKEN' },
  [ProvisionReason.USER_NOT_FOUND]: { type: 204, message: 'User not found' },
};

const permissionReasons: Readonly<Record<string, SdkErrorShape>> = {
  [ProvisionReason.MONTH_LIVE_LIMIT]: {
    type: 50,
    message: 'Sorry, the monthly active user limit for this app has been reached',
  },
  [ProvisionReason.DAY_LIVE_LIMIT]: {
    type: 50,
    message: 'Sorry, the daily active user limit for this app has been reached',
  },
  [ProvisionReason.ONLINE_LIMIT]: {
    type: 50,
    message: 'Sorry, the maximum number limit of online users for this app has been reached',
  },
};

const AUTH_FAILED: SdkErrorShape = { type: 2, message: 'Auth failed' };

/** Client side: what the official SDK reports for a Provision answer's status (type 0 = logged in). */
export function codeFromProvisionStatus(status: Status | null | undefined): SdkErrorShape {
  // The official SDK dereferences status.errorCode and throws on a missing status, after clearing its
  // provision timer, so open() never settles. We report an auth failure instead.
  if (status === null || status === undefined) return { ...AUTH_FAILED, officialSdkHangs: true };
  const reason = status.reason ?? '';
  switch (status.errorCode ?? StatusCode.OK) {
    case StatusCode.OK:
      return SDK_OK;
    case StatusCode.FAIL:
      return ownEntry(failReasons, reason) ?? AUTH_FAILED;
    case StatusCode.WRONG_PARAMETER:
      return { type: -3, message: 'Invalid parameter' };
    case StatusCode.UNAUTHORIZED:
      return AUTH_FAILED;
    case StatusCode.IM_FORBIDDEN:
      return { type: 57, message: 'Server serving disabled.' };
    case StatusCode.PERMISSION_DENIED:
      return ownEntry(permissionReasons, reason) ?? AUTH_FAILED;
    default:
      return { type: 2, message: reason };
  }
}
