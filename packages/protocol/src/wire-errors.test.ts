// Both directions of every wire mapping agree: what the server sends for code X is read back as X by the
// client-side mappers (the official SDK's logic), and the spec's rows hold with their exact texts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ackFailure, ackMappedCodes, AckReason, codeFromAckStatus } from './ack-errors.js';
import { errorNameOf } from './error-codes.js';
import { httpFailure, httpMappedCodes, httpShapes, sampleUrlFor } from './http-errors.js';
import { codeFromHttp } from './http-mapper.js';
import { StatisticsOperation, StatusCode } from './msync-enums.js';
import { codeFromProvisionStatus, provisionFailure, provisionMappedCodes } from './provision-errors.js';
import { kickCodeFromStatisticsOperation, statisticsOperationForKick } from './wire-errors.js';

const { FAIL, PERMISSION_DENIED: DENIED } = StatusCode;
const GROUP_URL = 'https://h/org/app/chatgroups/g1/users/bob';
const ROOM_URL = 'https://h/org/app/chatrooms/r1/users/bob';
const OTHER_URL = 'https://h/org/app/users/bob';
const http = (status: number, body: unknown, url = OTHER_URL) =>
  codeFromHttp(status, JSON.stringify(body), url);

describe('round trips: server shape → client code', () => {
  test('every mapped code is known to the catalog', () => {
    for (const c of [...provisionMappedCodes, ...ackMappedCodes, ...httpMappedCodes]) {
      assert.ok(errorNameOf(c) !== undefined, `code ${c} not in the catalog`);
    }
  });

  test('provision', () => {
    for (const c of provisionMappedCodes)
      assert.equal(codeFromProvisionStatus(provisionFailure(c)).type, c, `${c}`);
    assert.equal(codeFromProvisionStatus(provisionFailure(999)).type, 2, 'unmapped → auth failed');
  });

  test('ack', () => {
    for (const c of ackMappedCodes) {
      assert.equal(codeFromAckStatus(ackFailure(c)).type, c, `${c}`);
      assert.equal(codeFromAckStatus(ackFailure(c, 'alice')).type, c, `${c} with detail`);
    }
    assert.equal(codeFromAckStatus(ackFailure(999)).type, 503, 'unmapped → 503');
  });

  test('http, with the URL each shape needs (and any URL when it needs none)', () => {
    for (const c of httpMappedCodes) {
      const shape = httpShapes[c]!;
      const { status, body } = httpFailure(c, { timestamp: 1 });
      const urls = shape.url ? [sampleUrlFor(shape)] : [GROUP_URL, ROOM_URL, OTHER_URL];
      for (const url of urls) assert.equal(http(status, body, url).type, c, `${c} at ${url}`);
    }
  });

  test('kicks', () => {
    for (const op of [1, 2, 3, 4]) {
      const kick = kickCodeFromStatisticsOperation(op)!;
      assert.equal(statisticsOperationForKick(kick.type), op);
    }
  });
});

describe('provision rows (spec §5.1)', () => {
  const cases: [number, string, number, string][] = [
    [
      FAIL,
      'Sorry, user register limit',
      50,
      'Sorry, the number of user registrations limit has been reached',
    ],
    [FAIL, 'Sorry, user register rate limit', 50, 'Sorry, user register rate limit'],
    [FAIL, 'Sorry, token expired', 56, 'Sorry, token expired'],
    [FAIL, 'Sorry, token or password does not match login info', 28, 'INVALID_TOKEN'],
    [FAIL, 'Sorry, user not found', 204, 'User not found'],
    [FAIL, 'sorry, token expired', 2, 'Auth failed'],
    [StatusCode.UNAUTHORIZED, 'whatever', 2, 'Auth failed'],
    [StatusCode.WRONG_PARAMETER, 'x', -3, 'Invalid parameter'],
    [StatusCode.IM_FORBIDDEN, 'x', 57, 'Server serving disabled.'],
    [
      DENIED,
      'Sorry, the app month live count limit',
      50,
      'Sorry, the monthly active user limit for this app has been reached',
    ],
    [
      DENIED,
      'Sorry, the app day live count limit',
      50,
      'Sorry, the daily active user limit for this app has been reached',
    ],
    [
      DENIED,
      'Sorry, the app online count limit',
      50,
      'Sorry, the maximum number limit of online users for this app has been reached',
    ],
    [DENIED, 'other', 2, 'Auth failed'],
    [StatusCode.TOKEN_EXPIRED, 'expired!', 2, 'expired!'],
    [StatusCode.MISSING_PARAMETER, 'R', 2, 'R'],
  ];
  for (const [errorCode, reason, type, message] of cases) {
    test(`${errorCode} "${reason}" → ${type}`, () => {
      assert.deepEqual(codeFromProvisionStatus({ errorCode, reason }), { type, message });
    });
  }

  test('server shapes use the exact reasons', () => {
    assert.deepEqual(provisionFailure(28), {
      errorCode: FAIL,
      reason: 'Sorry, token or password does not match login info',
    });
    assert.deepEqual(provisionFailure(56), { errorCode: FAIL, reason: 'Sorry, token expired' });
    assert.deepEqual(provisionFailure(204), { errorCode: FAIL, reason: 'Sorry, user not found' });
    assert.equal(provisionFailure(2).errorCode, StatusCode.UNAUTHORIZED);
    assert.equal(provisionFailure(-3).errorCode, StatusCode.WRONG_PARAMETER);
    assert.equal(provisionFailure(57).errorCode, StatusCode.IM_FORBIDDEN);
  });

  test('OK and a missing status', () => {
    assert.equal(codeFromProvisionStatus({ errorCode: 0 }).type, 0);
    assert.equal(codeFromProvisionStatus({}).type, 0, 'protobuf default errorCode is OK');
    assert.deepEqual(codeFromProvisionStatus(null), {
      type: 2,
      message: 'Auth failed',
      officialSdkHangs: true,
    });
  });
});

describe('ack rows (spec §5.2)', () => {
  const cases: [number, string, number, string][] = [
    [15, 'any', 507, 'you were muted'],
    [FAIL, 'blocked', 603, 'blocked'],
    [FAIL, 'group not found', 605, 'group not found'],
    [FAIL, 'not in group or chatroom', 602, 'not in group or chatroom'],
    [FAIL, 'exceed recall time limit', 504, 'exceed recall time limit'],
    [FAIL, 'message recall disabled', 505, 'message recall disabled'],
    [FAIL, 'not in group or chatroom white list', 506, 'not in group or chatroom white list'],
    [FAIL, 'nonroster', 221, 'not contact'],
    [FAIL, 'group is disabled', 608, 'group is disabled'],
    [FAIL, 'limit directed users', 50, 'limit directed users'],
    [FAIL, 'Sorry, edit limit reached', 50, 'Modify message limit reached'],
    [FAIL, 'Sorry, message does not exist', 1302, 'The message does not exist.'],
    [FAIL, 'Sorry, You do not have permission', 603, 'You do not have the modified permission.'],
    [FAIL, 'Sorry, format is incorrect', 1303, 'The modify messaged format error.'],
    [FAIL, 'Sorry, edit is not available', 505, 'The message modify function is not activated.'],
    [FAIL, 'Sorry, edit fail', 1304, 'Modify message failed.'],
    [FAIL, 'grpID 42 does not exist!', 705, 'The chat room dose not exist.'],
    [FAIL, "username bob doesn't exist!", 204, "username bob doesn't exist!"],
    [FAIL, 'group member list is full!', 704, 'group member list is full!'],
    [FAIL, 'can not join this group, bob is in the blacklist', 603, 'permission denied'],
    [
      FAIL,
      'can not operate this group, reason: group is disabled',
      608,
      'can not operate this group, reason: group is disabled',
    ],
    [FAIL, 'hit by moderation', 508, 'hit by moderation'],
    [FAIL, 'x group ID illegal, please check it', -3, 'Invalid parameter'],
    [FAIL, 'bob has joined too many chatrooms', 50, 'bob has joined too many chatrooms'],
    [FAIL, 'room auto create failed', 500, 'room auto create failed'],
    [FAIL, 'something else', 503, 'something else'],
    [FAIL, '', 503, ''],
    [DENIED, 'sensitive words', 501, 'sensitive words'],
    [DENIED, 'blocked by mod_antispam', 501, 'blocked by mod_antispam'],
    [DENIED, 'user is mute', 219, 'user is mute'],
    [DENIED, 'traffic limit', 509, 'traffic limit'],
    [DENIED, 'Sorry, data is too large', 511, 'Sorry, data is too large'],
    [StatusCode.PERMISSION_DENIED_EXTERNAL, 'R', 502, 'R'],
    [StatusCode.UNAUTHORIZED, 'R', 604, 'R'],
    [StatusCode.PB_PARSER_ERROR, 'R', 604, 'R'],
  ];
  for (const [errorCode, reason, type, message] of cases) {
    test(`${errorCode} "${reason}" → ${type}`, () => {
      assert.deepEqual(codeFromAckStatus({ errorCode, reason }), { type, message });
    });
  }

  test('where the official SDK hangs, ours reports a code', () => {
    assert.deepEqual(codeFromAckStatus({ errorCode: DENIED, reason: 'nope' }), {
      type: 604,
      message: 'nope',
      officialSdkHangs: true,
    });
    assert.equal(codeFromAckStatus(undefined).type, 503);
    assert.equal(codeFromAckStatus(undefined).officialSdkHangs, true);
  });

  test('server shapes use the exact reasons', () => {
    assert.deepEqual(ackFailure(603), { errorCode: FAIL, reason: 'blocked' });
    assert.deepEqual(ackFailure(504), { errorCode: FAIL, reason: 'exceed recall time limit' });
    assert.deepEqual(ackFailure(505), { errorCode: FAIL, reason: 'message recall disabled' });
    assert.deepEqual(ackFailure(221), { errorCode: FAIL, reason: 'nonroster' });
    assert.deepEqual(ackFailure(204, 'bob'), { errorCode: FAIL, reason: "username bob doesn't exist!" });
    assert.deepEqual(ackFailure(511), { errorCode: DENIED, reason: 'Sorry, data is too large' });
    assert.equal(ackFailure(507).errorCode, StatusCode.USER_MUTED);
    assert.deepEqual(ackFailure(503, 'disk full'), { errorCode: FAIL, reason: 'disk full' });
    // A 503 detail that another row would claim is replaced, so the code stays 503.
    assert.deepEqual(ackFailure(503, AckReason.BLOCKED), {
      errorCode: FAIL,
      reason: 'internal server error',
    });
    assert.equal(ackFailure(1302).reason, 'Sorry, message does not exist');
  });

  test('an edit refusal uses the edit texts, and each reads back as its code', () => {
    const edit = { operation: 'edit' } as const;
    const cases: [number, string][] = [
      [50, AckReason.EDIT_LIMIT_REACHED],
      [505, AckReason.EDIT_NOT_AVAILABLE],
      [603, AckReason.EDIT_NO_PERMISSION],
      [1302, AckReason.EDIT_MESSAGE_NOT_EXIST],
      [1303, AckReason.EDIT_FORMAT_INCORRECT],
      [1304, AckReason.EDIT_FAIL],
    ];
    for (const [code, reason] of cases) {
      assert.deepEqual(ackFailure(code, undefined, edit), { errorCode: FAIL, reason }, `${code}`);
      assert.equal(codeFromAckStatus(ackFailure(code, undefined, edit)).type, code, `${code} reads back`);
    }
    // Codes an edit shares with every message keep the common text.
    assert.deepEqual(ackFailure(511, undefined, edit), ackFailure(511));
    assert.deepEqual(ackFailure(505), { errorCode: FAIL, reason: 'message recall disabled' });
  });

  test('a room join refusal uses the room texts (50 too many rooms, 603 blocked), read back as the code', () => {
    const join = { operation: 'roomJoin' } as const;
    assert.deepEqual(ackFailure(50, 'ann', join), {
      errorCode: FAIL,
      reason: 'user ann has joined too many chatrooms',
    });
    assert.equal(codeFromAckStatus(ackFailure(50, 'ann', join)).type, 50);
    assert.equal(codeFromAckStatus(ackFailure(603, '42', join)).type, 603);
    assert.match(
      ackFailure(603, '42', join).reason ?? '',
      /can not join this group 42, .*is in the blacklist/,
    );
    assert.equal(codeFromAckStatus(ackFailure(705, '42', join)).type, 705);
  });
});

describe('kicks (spec §4.10)', () => {
  test('operations 1–4 and the rest', () => {
    assert.equal(kickCodeFromStatisticsOperation(StatisticsOperation.USER_REMOVED)?.type, 207);
    assert.equal(kickCodeFromStatisticsOperation(2)?.type, 206);
    assert.equal(kickCodeFromStatisticsOperation(3)?.type, 216);
    assert.equal(kickCodeFromStatisticsOperation(4)?.type, 217);
    assert.equal(kickCodeFromStatisticsOperation(0), null);
    assert.equal(kickCodeFromStatisticsOperation(9), null);
    assert.equal(kickCodeFromStatisticsOperation(undefined), null);
    assert.equal(statisticsOperationForKick(204), null);
  });
});
