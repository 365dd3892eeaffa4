import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLOSE_FINAL_FROM, CloseCode, mayReconnectAfterClose } from './close-codes.js';

test('close codes keep their wire values', () => {
  assert.deepEqual(CloseCode, {
    NORMAL: 1000,
    GOING_AWAY: 1001,
    PROTOCOL_ERROR: 1002,
    UNSUPPORTED_DATA: 1003,
    INTERNAL_ERROR: 1011,
    KICKED: 4000,
    PROVISION_TIMEOUT: 4001,
    SLOW_CONSUMER: 4008,
  });
});

test('reconnect meaning follows the bands', () => {
  for (const code of [CloseCode.KICKED, CloseCode.PROVISION_TIMEOUT, CloseCode.SLOW_CONSUMER, 4499])
    assert.equal(mayReconnectAfterClose(code), true, `${code}`);
  for (const code of [CLOSE_FINAL_FROM, 4999]) assert.equal(mayReconnectAfterClose(code), false, `${code}`);
  for (const code of [CloseCode.NORMAL, CloseCode.GOING_AWAY, CloseCode.INTERNAL_ERROR])
    assert.equal(mayReconnectAfterClose(code), true, `${code}`);
  for (const code of [CloseCode.PROTOCOL_ERROR, CloseCode.UNSUPPORTED_DATA])
    assert.equal(mayReconnectAfterClose(code), false, `${code}`);
});
