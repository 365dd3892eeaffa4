// Message / MUC ACK failures: the Status of a CommSyncDL that answers a metaId ↔ the code the official SDK
// rejects send()/recall/edit/room join with (spec §5.2, the SDK's `ge()`, anchor "exceed recall time limit").
// (A non-zero ACK for a metaId the client does not know is reported as 31 via onError; that is client state,
// not a status mapping, so it is not here.)
import { StatusCode } from './msync-enums.js';
import type { Status } from './msync-types.js';
import { ownEntry, SDK_OK, type SdkErrorShape, type WireStatus } from './wire-errors.js';

/** The exact ACK `status.reason` texts the official SDK recognises. */
export const AckReason = {
  // with StatusCode.FAIL
  BLOCKED: 'blocked',
  GROUP_NOT_FOUND: 'group not found',
  NOT_IN_GROUP: 'not in group or chatroom',
  RECALL_TIME_LIMIT: 'exceed recall time limit',
  RECALL_DISABLED: 'message recall disabled',
  NOT_IN_ALLOWLIST: 'not in group or chatroom white list',
  NON_ROSTER: 'nonroster',
  GROUP_DISABLED: 'group is disabled',
  LIMIT_DIRECTED_USERS: 'limit directed users',
  EDIT_LIMIT_REACHED: 'Sorry, edit limit reached',
  EDIT_MESSAGE_NOT_EXIST: 'Sorry, message does not exist',
  EDIT_NO_PERMISSION: 'Sorry, You do not have permission',
  EDIT_FORMAT_INCORRECT: 'Sorry, format is incorrect',
  EDIT_NOT_AVAILABLE: 'Sorry, edit is not available',
  EDIT_FAIL: 'Sorry, edit fail',
  ROOM_MEMBERS_FULL: 'group member list is full!',
  GROUP_OPERATE_DISABLED: 'can not operate this group, reason: group is disabled',
  GROUP_ID_ILLEGAL: 'group ID illegal, please check it',
  AUTO_CREATE_FAILED: 'auto create failed',
  MODERATION_BLOCKED: 'blocked by moderation',
  // with StatusCode.PERMISSION_DENIED
  SENSITIVE_WORDS: 'sensitive words',
  ANTISPAM: 'blocked by mod_antispam',
  USER_IS_MUTE: 'user is mute',
  TRAFFIC_LIMIT: 'traffic limit',
  DATA_TOO_LARGE: 'Sorry, data is too large',
} as const;

const { FAIL, PERMISSION_DENIED: DENIED } = StatusCode;
const fail = (reason: string): WireStatus => ({ errorCode: FAIL, reason });
const denied = (reason: string): WireStatus => ({ errorCode: DENIED, reason });
const INTERNAL = 'internal server error';

// Server side, one shape per code; `detail` fills the templated reasons.
const ackShapes: Readonly<Record<number, (detail?: string) => WireStatus>> = {
  [-3]: () => fail(AckReason.GROUP_ID_ILLEGAL),
  50: () => fail(AckReason.LIMIT_DIRECTED_USERS),
  204: (user = '') => fail(`username ${user} doesn't exist!`),
  219: () => denied(AckReason.USER_IS_MUTE),
  221: () => fail(AckReason.NON_ROSTER),
  500: () => fail(AckReason.AUTO_CREATE_FAILED),
  501: () => denied(AckReason.SENSITIVE_WORDS),
  502: (reason) => ({ errorCode: StatusCode.PERMISSION_DENIED_EXTERNAL, reason: reason ?? 'blocked' }),
  // A caller's text that happens to match another row would change the code, so fall back to a fixed text.
  503: (reason) =>
    fail(reason !== undefined && codeFromAckStatus(fail(reason)).type === 503 ? reason : INTERNAL),
  504: () => fail(AckReason.RECALL_TIME_LIMIT),
  505: () => fail(AckReason.RECALL_DISABLED),
  506: () => fail(AckReason.NOT_IN_ALLOWLIST),
  507: () => ({ errorCode: StatusCode.USER_MUTED, reason: 'you were muted' }),
  508: () => fail(AckReason.MODERATION_BLOCKED),
  509: () => denied(AckReason.TRAFFIC_LIMIT),
  511: () => denied(AckReason.DATA_TOO_LARGE),
  602: () => fail(AckReason.NOT_IN_GROUP),
  603: () => fail(AckReason.BLOCKED),
  // Any errorCode the SDK does not list; PB_PARSER_ERROR is the honest one for an upload we cannot decode.
  604: (reason) => ({ errorCode: StatusCode.PB_PARSER_ERROR, reason: reason ?? 'pb parser error' }),
  605: () => fail(AckReason.GROUP_NOT_FOUND),
  608: () => fail(AckReason.GROUP_DISABLED),
  704: () => fail(AckReason.ROOM_MEMBERS_FULL),
  705: (roomId = '') => fail(`grpID ${roomId} does not exist!`),
  1302: () => fail(AckReason.EDIT_MESSAGE_NOT_EXIST),
  1303: () => fail(AckReason.EDIT_FORMAT_INCORRECT),
  1304: () => fail(AckReason.EDIT_FAIL),
};

// An edit (`modifyMessage`) is refused with its own texts, which the SDK maps to its own messages; codes not
// listed here are answered as for any other message.
const editShapes: Readonly<Record<number, () => WireStatus>> = {
  50: () => fail(AckReason.EDIT_LIMIT_REACHED),
  505: () => fail(AckReason.EDIT_NOT_AVAILABLE),
  603: () => fail(AckReason.EDIT_NO_PERMISSION),
  1302: () => fail(AckReason.EDIT_MESSAGE_NOT_EXIST),
  1303: () => fail(AckReason.EDIT_FORMAT_INCORRECT),
  1304: () => fail(AckReason.EDIT_FAIL),
};

// A chat-room JOIN (spec msync §4.8) is refused with the room texts the SDK matches by content; `detail`
// is the user (50) or the room (705).
const roomJoinShapes: Readonly<Record<number, (detail?: string) => WireStatus>> = {
  50: (user = '') => fail(`user ${user} has joined too many chatrooms`),
  603: (detail = '') => fail(`user can not join this group ${detail}, user is in the blacklist`),
};

/** What was refused, when the operation chooses the texts (edits and room joins do). */
export interface AckContext {
  operation?: 'edit' | 'roomJoin';
}

/** Codes ackFailure maps exactly. */
export const ackMappedCodes: readonly number[] = Object.freeze(
  Object.keys(ackShapes)
    .map(Number)
    .sort((a, b) => a - b),
);

/**
 * Server side: the Status of a failed ACK so the official SDK rejects with `code`. `detail` is the user id
 * for 204, the room id for 705, and the free-text reason for 502/503/604. Unmapped codes become 503 with
 * the code's number in the reason (the SDK reports 503 with that message). `context.operation` picks the
 * texts of that operation's refusals (an edit's 50, 505 and 603 differ from a send's).
 */
export function ackFailure(code: number, detail?: string, context?: AckContext): WireStatus {
  if (context?.operation === 'edit' && Object.hasOwn(editShapes, code)) return editShapes[code]!();
  if (context?.operation === 'roomJoin' && Object.hasOwn(roomJoinShapes, code))
    return roomJoinShapes[code]!(detail);
  const shape = Object.hasOwn(ackShapes, code) ? ackShapes[code] : undefined;
  return shape ? shape(detail) : ackShapes[503]!(detail ?? `error ${code}`);
}

// FAIL reasons matched exactly; the SDK rewrites some messages.
const failExact: Readonly<Record<string, SdkErrorShape>> = {
  [AckReason.BLOCKED]: { type: 603, message: AckReason.BLOCKED },
  [AckReason.GROUP_NOT_FOUND]: { type: 605, message: AckReason.GROUP_NOT_FOUND },
  [AckReason.NOT_IN_GROUP]: { type: 602, message: AckReason.NOT_IN_GROUP },
  [AckReason.RECALL_TIME_LIMIT]: { type: 504, message: AckReason.RECALL_TIME_LIMIT },
  [AckReason.RECALL_DISABLED]: { type: 505, message: AckReason.RECALL_DISABLED },
  [AckReason.NOT_IN_ALLOWLIST]: { type: 506, message: AckReason.NOT_IN_ALLOWLIST },
  [AckReason.NON_ROSTER]: { type: 221, message: 'not contact' },
  [AckReason.GROUP_DISABLED]: { type: 608, message: AckReason.GROUP_DISABLED },
  [AckReason.LIMIT_DIRECTED_USERS]: { type: 50, message: AckReason.LIMIT_DIRECTED_USERS },
  [AckReason.EDIT_LIMIT_REACHED]: { type: 50, message: 'Modify message limit reached' },
  [AckReason.EDIT_MESSAGE_NOT_EXIST]: { type: 1302, message: 'The message does not exist.' },
  [AckReason.EDIT_NO_PERMISSION]: { type: 603, message: 'You do not have the modified permission.' },
  [AckReason.EDIT_FORMAT_INCORRECT]: { type: 1303, message: 'The modify messaged format error.' },
  [AckReason.EDIT_NOT_AVAILABLE]: { type: 505, message: 'The message modify function is not activated.' },
  [AckReason.EDIT_FAIL]: { type: 1304, message: 'Modify message failed.' },
};

// FAIL reasons matched by content, in the SDK's order (first match wins).
function failByContent(r: string): SdkErrorShape {
  const has = (s: string) => r.includes(s);
  if (has('grpID') && has('does not exist!')) return { type: 705, message: 'The chat room dose not exist.' };
  if (has('username') && has("doesn't exist!")) return { type: 204, message: r };
  if (r === AckReason.ROOM_MEMBERS_FULL) return { type: 704, message: r };
  if (has('can not join this group') && has('is in the blacklist'))
    return { type: 603, message: 'permission denied' };
  if (r === AckReason.GROUP_OPERATE_DISABLED) return { type: 608, message: r };
  if (has('moderation')) return { type: 508, message: r };
  if (has(AckReason.GROUP_ID_ILLEGAL)) return { type: -3, message: 'Invalid parameter' };
  if (has('has create too many chatrooms') || has('has joined too many chatrooms'))
    return { type: 50, message: r };
  if (has(AckReason.AUTO_CREATE_FAILED)) return { type: 500, message: r };
  return { type: 503, message: r };
}

const deniedExact: Readonly<Record<string, SdkErrorShape>> = {
  [AckReason.SENSITIVE_WORDS]: { type: 501, message: AckReason.SENSITIVE_WORDS },
  [AckReason.ANTISPAM]: { type: 501, message: AckReason.ANTISPAM },
  [AckReason.USER_IS_MUTE]: { type: 219, message: AckReason.USER_IS_MUTE },
  [AckReason.TRAFFIC_LIMIT]: { type: 509, message: AckReason.TRAFFIC_LIMIT },
  [AckReason.DATA_TOO_LARGE]: { type: 511, message: AckReason.DATA_TOO_LARGE },
};

/** Client side: what the official SDK reports for an ACK's status (type 0 = acknowledged). */
export function codeFromAckStatus(status: Status | null | undefined): SdkErrorShape {
  // The official SDK does nothing for an ACK without a status, and the ACK already cleared its 15 s timer,
  // so send() never settles. We cannot tell whether the server stored the message: unknown server error.
  if (status === null || status === undefined) {
    return { type: 503, message: 'ACK without status', officialSdkHangs: true };
  }
  const reason = status.reason ?? '';
  switch (status.errorCode ?? StatusCode.OK) {
    case StatusCode.OK:
      return SDK_OK;
    case StatusCode.USER_MUTED:
      // The official SDK rejects with { type: 507, reason } and no message; we always carry a message.
      return { type: 507, message: 'you were muted' };
    case StatusCode.FAIL:
      return ownEntry(failExact, reason) ?? failByContent(reason);
    case StatusCode.PERMISSION_DENIED:
      // Unlisted reasons: the official SDK never settles. 604 is what it reports for every other refusal it
      // does not recognise; 603 would claim "blocked", which the server did not say.
      return ownEntry(deniedExact, reason) ?? { type: 604, message: reason, officialSdkHangs: true };
    case StatusCode.PERMISSION_DENIED_EXTERNAL:
      return { type: 502, message: reason };
    default:
      return { type: 604, message: reason };
  }
}
