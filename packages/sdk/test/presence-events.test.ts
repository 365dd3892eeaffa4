// NOTIFY payloads → onPresenceStatusChange, as the official SDK builds it: per user `{userId, lastTime,
// expire, ext, statusDetails: [{device, status}]}` with numbers where it converts them; other notify types
// are left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePresenceNotify } from '../src/presence-events.js';

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

test('presence values become the official event objects, one per user, each with its own devices', () => {
  const payload = bytes({
    type: 'presence',
    data: {
      values: [
        {
          uid: 'bob',
          last_time: '1700000000',
          expiry: 1700003600,
          ext: 'busy',
          status: { web_1: '1', ios_2: '0' },
        },
        { uid: 'cat', last_time: 5, expiry: 0, ext: '', status: {} },
      ],
    },
  });
  assert.deepEqual(decodePresenceNotify(payload), [
    {
      userId: 'bob',
      lastTime: 1700000000,
      expire: 1700003600,
      ext: 'busy',
      statusDetails: [
        { device: 'web_1', status: 1 },
        { device: 'ios_2', status: 0 },
      ],
    },
    { userId: 'cat', lastTime: 5, expire: 0, ext: '', statusDetails: [] },
  ]);
});

test('other notify types are not presence', () => {
  assert.equal(decodePresenceNotify(bytes({ type: 'reaction', data: [] })), undefined);
  assert.deepEqual(decodePresenceNotify(bytes({ type: 'presence', data: {} })), []);
});
