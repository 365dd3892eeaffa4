// Handler isolation: a throwing app callback becomes onError 31 and does not stop the others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventHub } from '../src/event-hub.js';

test('handlers of every id run in registration order; remove() detaches', () => {
  const hub = new EventHub(() => {});
  const seen: string[] = [];
  hub.add('a', { onConnected: () => seen.push('a') });
  hub.add('b', { onConnected: () => seen.push('b') });
  hub.dispatch('onConnected');
  hub.remove('a');
  hub.dispatch('onConnected');
  assert.deepEqual(seen, ['a', 'b', 'b']);
});

test('a throwing handler is reported as {type:31, message:"on message error"} and the others still run', () => {
  const logs: unknown[] = [];
  const hub = new EventHub((e) => logs.push(e));
  const errors: Array<{ type: number; message: string; data?: unknown }> = [];
  const boom = new Error('app bug');
  hub.add('bad', {
    onTextMessage: () => {
      throw boom;
    },
  });
  hub.add('good', {
    onTextMessage: () => errors.push({ type: 0, message: 'good ran' }),
    onError: (e) => errors.push(e),
  });
  hub.dispatch('onTextMessage', {
    id: '1',
    type: 'txt',
    chatType: 'singleChat',
    msg: 'x',
    to: 'b',
    from: 'a',
    ext: {},
    time: 1,
    onlineState: 3,
  });
  assert.equal(errors[0]?.message, 'good ran');
  assert.equal(errors[1]?.type, 31);
  assert.equal(errors[1]?.message, 'on message error');
  assert.equal(errors[1]?.data, boom);
  assert.equal(logs.length, 1);
});

test('a throwing onError handler is only logged (no recursion)', () => {
  const logs: unknown[] = [];
  const hub = new EventHub((e) => logs.push(e));
  hub.add('x', {
    onError: () => {
      throw new Error('again');
    },
  });
  hub.dispatch('onError', { type: 16, message: 'm' });
  assert.equal(logs.length, 1);
});
