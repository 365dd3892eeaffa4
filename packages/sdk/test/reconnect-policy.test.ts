// Reconnect back-off mirrors the official getRetryDelay (msync spec §4.12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReconnectPolicy, reconnectDelayMs } from '../src/reconnect-policy.js';

test('attempts 1–5 wait 1–2 s, 6–19 wait 3–6 s, later 5–10 s', () => {
  const bounds = (attempt: number) => [
    reconnectDelayMs(attempt, () => 0),
    reconnectDelayMs(attempt, () => 0.999999),
  ];
  for (const a of [1, 5]) assert.deepEqual(bounds(a), [1000, 2000]);
  for (const a of [6, 19]) assert.deepEqual(bounds(a), [3000, 6000]);
  for (const a of [20, 100]) assert.deepEqual(bounds(a), [5000, 10000]);
  for (let i = 0; i < 200; i++) {
    const d = reconnectDelayMs(1);
    assert.ok(d >= 1000 && d <= 2000, `delay ${d}`);
  }
});

test('the policy grants autoReconnectNumMax attempts, then null; reset() after a login', () => {
  const policy = new ReconnectPolicy(5, () => 0.5);
  const got = [1, 2, 3, 4, 5].map(() => policy.next());
  assert.deepEqual(
    got.map((n) => n?.attempt),
    [1, 2, 3, 4, 5],
  );
  assert.deepEqual(
    got.map((n) => n?.delayMs),
    [1500, 1500, 1500, 1500, 1500],
  );
  assert.equal(policy.next(), null);
  assert.equal(policy.used, 5);
  policy.reset();
  assert.equal(policy.next()?.attempt, 1);
});

test('autoReconnectNumMax 0 means no reconnect at all', () => {
  assert.equal(new ReconnectPolicy(0).next(), null);
});
