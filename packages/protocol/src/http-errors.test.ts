// The REST side: httpFailure's shapes and the client mapper's rows (spec §5.3, rest-api §2), with the
// exact texts; where the official SDK hangs, ours must still report a code.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isConfabError } from './confab-error.js';
import { ErrorCode } from './error-codes.js';
import {
  duplicateUsernameFailure,
  httpFailure,
  httpShapes,
  httpShapeVariants,
  restError,
  type HttpVariantCode,
} from './http-errors.js';
import { codeFromHttp } from './http-mapper.js';

const GROUP_URL = 'https://h/org/app/chatgroups/g1/users/bob';
const ROOM_URL = 'https://h/org/app/chatrooms/r1/users/bob';
const OTHER_URL = 'https://h/org/app/users/bob';
const http = (status: number, body: unknown, url = OTHER_URL) =>
  codeFromHttp(status, JSON.stringify(body), url);

describe('http rows (spec §5.3)', () => {
  test('the examples of the brief', () => {
    const e204 = httpFailure(204, { timestamp: 5 });
    assert.deepEqual(e204, {
      status: 404,
      body: {
        error: 'service_resource_not_found',
        exception: 'UserNotFoundException',
        timestamp: 5,
        duration: 0,
        error_description: 'user not found',
      },
    });
    assert.equal(httpFailure(52).status, 401);
    assert.equal(httpFailure(52).body.error_description, 'Unable to authenticate (OAuth)');
    assert.equal(httpFailure(101).body.error_code, 14403);
    assert.equal(httpFailure(603).status, 403);
    assert.equal(httpFailure(500).status, 429);
    const e17 = httpFailure(17, { description: 'bad limit' });
    assert.deepEqual(
      [e17.status, e17.body.error, e17.body.error_description],
      [400, 'illegal_argument', 'bad limit'],
    );
    assert.deepEqual(http(e17.status, e17.body), { type: 17, message: 'bad limit' });
  });

  test('descriptions are kept when the SDK still reports the code, else replaced', () => {
    assert.equal(
      httpFailure(-3, { description: 'param mark illegal, please check it!' }).body.error_description,
      'param mark illegal, please check it!',
    );
    assert.equal(
      httpFailure(-3, { description: 'limit must be a number' }).body.error_description,
      'Request body not readable.Please check content type is correct!',
    );
    assert.equal(
      httpFailure(603, { description: 'not your group' }).body.error_description,
      'not your group',
    );
    assert.deepEqual(http(403, httpFailure(603, { description: 'not your group' }).body), {
      type: 603,
      message: 'not your group',
    });
    // "are not members of this group" would turn a 17 into 602/702.
    assert.equal(
      httpFailure(17, { description: 'users are not members of this group' }).body.error_description,
      'This is an invalid request.',
    );
    // A code without an HTTP shape goes out as 17 with its catalog meaning.
    assert.deepEqual(http(httpFailure(208).status, httpFailure(208).body).type, 17);
  });

  test('duplicate username on register', () => {
    const f = duplicateUsernameFailure('alice', 1);
    assert.equal(f.status, 400);
    assert.equal(f.body.error, 'duplicate_unique_property_exists');
    const r = http(f.status, f.body);
    assert.equal(r.type, 17);
    assert.ok(r.message.includes('username be unique'), 'the SDK stops retrying on this text');
  });

  const cases: [number, object, string, number, string][] = [
    [400, { error_code: 60005, desc: 'D', error_description: 'E' }, OTHER_URL, 609, 'D'],
    [
      400,
      { error_code: 60010, error_description: 'exceeds chatgroup user metadata single value limit' },
      OTHER_URL,
      50,
      'exceeds chatgroup user metadata single value limit',
    ],
    [400, { error_code: 60010, error_description: 'x' }, OTHER_URL, 52, 'x'],
    [400, { error_code: 60011, desc: 'D' }, OTHER_URL, 702, 'D'],
    [
      400,
      { error_description: 'a are not members of this group' },
      GROUP_URL,
      602,
      'a are not members of this group',
    ],
    [
      400,
      { error_description: 'a are not members of this group' },
      ROOM_URL,
      702,
      'a are not members of this group',
    ],
    [400, { result: 'the app not open presence' }, OTHER_URL, 505, 'the app not open presence'],
    [400, { error_description: 'ext is too big ' }, OTHER_URL, 1100, 'ext is too big '],
    [400, { error_description: 'ext is too big' }, OTHER_URL, 17, 'ext is too big'],
    [400, { error_description: 'groupId can not be null!' }, OTHER_URL, 605, 'groupId can not be null!'],
    [401, { error_code: 40001, error_description: 'x' }, OTHER_URL, 52, 'x'],
    [403, { error_description: 'group member list is full!' }, ROOM_URL, 704, 'group member list is full!'],
    [
      403,
      { error_code: 60002, error_description: 'group member list is full!' },
      GROUP_URL,
      603,
      'group member list is full!',
    ],
    [403, { error_description: 'anything' }, OTHER_URL, 603, 'permission denied'],
    [403, { error_code: 91102, error_description: 'p' }, OTHER_URL, -3, 'p'],
    [404, { error_description: 'group g does not exist' }, GROUP_URL, 605, 'The chat room dose not exist.'],
    [
      404,
      { error_description: 'Service resource not found', exception: 'UserNotFoundException' },
      OTHER_URL,
      204,
      'Service resource not found',
    ],
    [404, { error_code: 60003, error_description: 'does not exist' }, ROOM_URL, 602, 'does not exist'],
    [406, { error_code: 90004, error_description: 'n' }, OTHER_URL, 54, 'n'],
    [
      429,
      { error_description: 'The request has reached the maximum limit' },
      OTHER_URL,
      50,
      '{"error_description":"The request has reached the maximum limit"}',
    ],
    [503, { error_description: 'x' }, OTHER_URL, 500, 'Server is busy.'],
    [500, { error_code: 99999, error_description: 'u' }, OTHER_URL, -2, 'u'],
    [500, { error_description: 'x' }, OTHER_URL, 17, ''],
    [201, { ok: 1 }, OTHER_URL, 17, '{"ok":1}'],
    [200, { ok: 1 }, OTHER_URL, 0, ''],
  ];
  for (const [status, body, url, type, message] of cases) {
    test(`${status} ${JSON.stringify(body)} → ${type}`, () => {
      assert.deepEqual(http(status, body, url), { type, message });
    });
  }

  test('where the official SDK hangs, ours reports a code', () => {
    assert.deepEqual(codeFromHttp(400, '<html>oops</html>', OTHER_URL), {
      type: 17,
      message: '<html>oops</html>',
      officialSdkHangs: true,
    });
    assert.equal(codeFromHttp(503, '<html>busy</html>', OTHER_URL).type, 500);
    assert.equal(codeFromHttp(401, 'null', OTHER_URL).officialSdkHangs, true);
    assert.equal(http(406, { error_description: 'x' }).officialSdkHangs, true);
    const invite = http(
      403,
      { error_description: 'invite users to join group failed, already in group' },
      ROOM_URL,
    );
    assert.deepEqual([invite.type, invite.officialSdkHangs], [601, true]);
  });

  test('variants by code name: their own error string and status, and the SDK still reports the code', () => {
    for (const [name, variants] of Object.entries(httpShapeVariants)) {
      const code = ErrorCode[name as HttpVariantCode];
      const expected = Object.hasOwn(httpShapes, code) ? code : ErrorCode.WEBIM_CONNCTION_AJAX_ERROR;
      for (const [variant, shape] of Object.entries(variants)) {
        const f = httpFailure(code, { variant, description: 'some text' });
        assert.equal(f.body.error, shape.error, `${name}.${variant}`);
        assert.equal(f.status, 'status' in shape ? shape.status : httpShapes[expected]!.status);
        assert.equal(http(f.status, f.body).type, expected, `${name}.${variant}`);
      }
    }
    // An unknown variant name falls back to the code's main shape.
    assert.equal(httpFailure(ErrorCode.MAX_LIMIT, { variant: 'nope' }).body.error, 'forbidden_op');
  });

  test('member-attribute variants: Agora 400 metadata_error 60010, read as 50 or 52 by its text', () => {
    const value = httpFailure(ErrorCode.MAX_LIMIT, { variant: 'memberMetadata', description: 'too long' });
    assert.deepEqual(
      [value.status, value.body.error, value.body.error_code, value.body.error_description],
      [400, 'metadata_error', 60010, 'exceeds chatgroup user metadata single value limit'],
    );
    assert.equal(http(value.status, value.body, GROUP_URL).type, ErrorCode.MAX_LIMIT);
    const key = httpFailure(ErrorCode.NO_PERMISSION, {
      variant: 'memberMetadata',
      description: 'key too long',
    });
    assert.deepEqual(
      [key.status, key.body.error_code, key.body.error_description],
      [400, 60010, 'key too long'],
    );
    assert.equal(http(key.status, key.body, GROUP_URL).type, ErrorCode.NO_PERMISSION);
  });

  test('restError carries the variant, typed by the code name', () => {
    const e = restError('REQUEST_PARAMETER_ERROR', 'invalidGrant', 'username and password are required');
    assert.ok(isConfabError(e));
    assert.deepEqual(
      [e.type, e.httpVariant, e.message],
      [-3, 'invalidGrant', 'username and password are required'],
    );
    // Not part of what the SDK's callers see.
    assert.deepEqual(e.toJSON(), { type: -3, message: 'username and password are required' });
    const notFound = restError(
      'WEBIM_CONNCTION_AJAX_ERROR',
      'routeNotSupported',
      'route not supported: GET /x',
    );
    const f = httpFailure(notFound.type, { description: notFound.message, variant: notFound.httpVariant! });
    assert.deepEqual(
      [f.status, f.body.error, f.body.error_description],
      [404, 'service_resource_not_found', 'route not supported: GET /x'],
    );
  });
});
