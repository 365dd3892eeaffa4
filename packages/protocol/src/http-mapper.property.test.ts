// Our SDK feeds codeFromHttp whatever the network returns: it must never throw and always yield a code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { codeFromHttp } from './http-mapper.js';

const status = fc.oneof(
  fc.constantFrom(0, 200, 201, 204, 400, 401, 403, 404, 406, 413, 429, 500, 502, 503),
  fc.integer({ min: -1000, max: 1000 }),
);
// Mostly Agora-shaped JSON bodies (with tricky field types), plus arbitrary text and JSON.
const body = fc.oneof(
  fc
    .record(
      {
        error: fc.string(),
        error_code: fc.oneof(fc.integer(), fc.constantFrom(40002, 60010, 14403, 91102, 90004), fc.string()),
        error_description: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string())),
        desc: fc.oneof(fc.string(), fc.constant(null)),
        result: fc.anything(),
        exception: fc.oneof(fc.constant('UserNotFoundException'), fc.string()),
      },
      { requiredKeys: [] },
    )
    .map((b) => JSON.stringify(b)),
  fc.json(),
  fc.string(),
  fc.constantFrom('', 'null', '[]', '"x"', '{', '0'),
);
const url = fc.oneof(
  fc.string(),
  fc.webUrl(),
  fc.constantFrom('https://h/o/a/chatgroups/g', 'https://h/o/a/chatrooms/r'),
);

test('codeFromHttp never throws and always returns a numeric type and a string message', () => {
  fc.assert(
    fc.property(status, body, url, (s, b, u) => {
      const r = codeFromHttp(s, b, u);
      assert.equal(typeof r.type, 'number');
      assert.ok(Number.isInteger(r.type));
      assert.equal(typeof r.message, 'string');
    }),
    { numRuns: 2000 },
  );
});
