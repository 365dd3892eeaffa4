// The rules offline push will ask (domain/push/silenced-now.ts) and the silent-mode body rules
// (domain/push/silent-mode.ts), as pure functions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inQuietHours, isSilencedNow } from '../src/domain/push/silenced-now.js';
import { applyChange, modeJson, parseInterval } from '../src/domain/push/silent-mode.js';

const at = (h: number, m: number) => Date.UTC(2026, 0, 5, h, m);

test('remind types: conversation wins over app-wide; NONE silences, AT lets mentions through', () => {
  const now = at(12, 0);
  assert.equal(isSilencedNow({ mentioned: false, now }), false, 'default ALL');
  assert.equal(isSilencedNow({ all: { type: 'NONE' }, mentioned: true, now }), true);
  assert.equal(isSilencedNow({ all: { type: 'AT' }, mentioned: false, now }), true);
  assert.equal(isSilencedNow({ all: { type: 'AT' }, mentioned: true, now }), false);
  assert.equal(
    isSilencedNow({ all: { type: 'NONE' }, conversation: { type: 'ALL' }, mentioned: false, now }),
    false,
    'the conversation’s ALL wins',
  );
  assert.equal(
    isSilencedNow({ all: { type: 'ALL' }, conversation: { type: 'AT' }, mentioned: false, now }),
    true,
  );
});

test('durations silence everything until they end, mentions too', () => {
  const now = at(12, 0);
  assert.equal(isSilencedNow({ all: { ignoreUntil: now + 1 }, mentioned: true, now }), true);
  assert.equal(isSilencedNow({ all: { ignoreUntil: now }, mentioned: false, now }), false, 'ended');
  assert.equal(
    isSilencedNow({ conversation: { type: 'ALL', ignoreUntil: now + 1000 }, mentioned: true, now }),
    true,
  );
});

test('quiet hours: daily, across midnight, start inclusive, end exclusive, with an offset', () => {
  assert.equal(inQuietHours('22:0-7:0', at(23, 0)), true);
  assert.equal(inQuietHours('22:0-7:0', at(3, 0)), true);
  assert.equal(inQuietHours('22:0-7:0', at(7, 0)), false);
  assert.equal(inQuietHours('22:0-7:0', at(22, 0)), true);
  assert.equal(inQuietHours('9:30-17:0', at(12, 0)), true);
  assert.equal(inQuietHours('9:30-17:0', at(9, 29)), false);
  assert.equal(inQuietHours('9:30-17:0', at(8, 0), 120), true, 'UTC+2: 10:00 local');
  assert.equal(isSilencedNow({ all: { ignoreInterval: '22:0-7:0' }, mentioned: true, now: at(1, 0) }), true);
  assert.equal(
    isSilencedNow({ all: { ignoreInterval: '22:0-7:0' }, mentioned: true, now: at(12, 0) }),
    false,
  );
});

test('bodies: one field per call, checked; DEFAULT clears a conversation; intervals normalised', () => {
  const now = 1000;
  assert.deepEqual(applyChange({}, { type: 'AT' }, 'all', now), { type: 'AT' });
  assert.deepEqual(applyChange({ type: 'AT' }, { ignoreDuration: 500 }, 'user', now), {
    type: 'AT',
    ignoreUntil: 1500,
  });
  assert.deepEqual(applyChange({ type: 'AT', ignoreUntil: 5 }, { ignoreDuration: 0 }, 'user', now), {
    type: 'AT',
    ignoreUntil: undefined,
  });
  assert.deepEqual(applyChange({ type: 'NONE', ignoreUntil: 9 }, { type: 'DEFAULT' }, 'group', now), {});
  assert.deepEqual(applyChange({}, { ignoreInterval: '08:05-9:00' }, 'all', now), {
    ignoreInterval: '8:5-9:0',
  });
  assert.deepEqual(applyChange({ ignoreInterval: '8:5-9:0' }, { ignoreInterval: '' }, 'all', now), {
    ignoreInterval: undefined,
  });
  for (const [body, scope] of [
    [{ type: 'DEFAULT' }, 'all'],
    [{ type: 'LOUD' }, 'all'],
    [{ ignoreDuration: -1 }, 'all'],
    [{ ignoreDuration: 604_800_001 }, 'user'],
    [{ ignoreDuration: 1.5 }, 'user'],
    [{ ignoreInterval: '1:0-2:0' }, 'user'],
    [{}, 'all'],
    [null, 'all'],
  ] as const)
    assert.throws(() => applyChange({}, body, scope, now), /./, JSON.stringify(body));
  for (const bad of ['24:0-1:0', '1:60-2:0', '1:0-1:0', '1:0', 'a:b-c:d', 7])
    assert.throws(() => parseInterval(bad), /./, String(bad));
});

test('answers: app-wide always has the three fields; a conversation two; ended durations read 0', () => {
  assert.deepEqual(modeJson(undefined, 'all', 10), { type: 'ALL', ignoreDuration: 0, ignoreInterval: '' });
  assert.deepEqual(modeJson(undefined, 'user', 10), { type: 'DEFAULT', ignoreDuration: 0 });
  assert.deepEqual(modeJson({ type: 'AT', ignoreUntil: 5 }, 'group', 10), { type: 'AT', ignoreDuration: 0 });
  assert.deepEqual(modeJson({ ignoreUntil: 50 }, 'user', 10), { type: 'DEFAULT', ignoreDuration: 50 });
});
