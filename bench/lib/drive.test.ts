// The recorder counts a row's own deliveries: late ones of an earlier, saturated row are not its.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Recorder } from './drive.js';

test('deliveries sent before the row began are not counted', () => {
  const r = new Recorder(0.5);
  const before = performance.now();
  r.reset();
  r.inflight = 2;
  r.text(`${before - 1}|late`, performance.now());
  assert.equal(r.delivered, 0);
  assert.equal(r.inflight, 2, 'a stale delivery frees no window slot');
  r.text(`${performance.now()}|x`, performance.now() + 3);
  assert.equal(r.delivered, 1);
  assert.equal(r.inflight, 1.5);
  assert.equal(r.latencies.length, 1);
});
