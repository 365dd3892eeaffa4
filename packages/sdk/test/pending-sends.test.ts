// ACK bookkeeping: resolve shape, error mapping, the 15 s timeout (shortened here) and drops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfabError, StatusCode } from '@confab/protocol';
import { PendingSends } from '../src/pending-sends.js';
import { buildSendMeta, createMessage } from '../src/message-factory.js';

const self = { user: 'alice', resource: 'r1' };
function entry() {
  const message = createMessage({ type: 'txt', to: 'bob', msg: 'hi', chatType: 'singleChat' });
  const meta = buildSendMeta(message, { user: 'alice', appKey: 'org#app' });
  let settled: { ok: boolean; value: any } | undefined;
  const pending = {
    message,
    meta,
    resolve: (value: unknown) => (settled = { ok: true, value }),
    reject: (value: unknown) => (settled = { ok: false, value }),
  };
  return { message, meta, pending, settled: () => settled };
}

test('an OK ACK resolves {localMsgId, serverMsgId, message} and yields the onReceivedMessage receipt', () => {
  const p = new PendingSends(
    () => {},
    () => {},
  );
  const e = entry();
  p.track(e.message.id, e.pending);
  const outcome = p.ack(
    {
      status: { errorCode: StatusCode.OK },
      metaId: e.message.id,
      serverId: '555',
      timestamp: '1700000000000',
    },
    self,
  );
  assert.deepEqual(outcome, {
    kind: 'resolved',
    receipt: { id: e.message.id, mid: '555', to: 'bob', time: 0 },
  });
  assert.equal(e.settled()?.ok, true);
  assert.equal(e.settled()?.value.localMsgId, e.message.id);
  assert.equal(e.settled()?.value.serverMsgId, '555');
  assert.equal(e.settled()?.value.message.id, '555');
  assert.equal(e.settled()?.value.message.time, 1700000000000);
});

test('no ACK in time → 512 "send message timeout" and the reconnect hook runs', async () => {
  const timedOut: string[] = [];
  const p = new PendingSends(
    () => {},
    (id) => timedOut.push(id),
    30,
  );
  const e = entry();
  p.track(e.message.id, e.pending);
  await new Promise((r) => setTimeout(r, 60));
  assert.deepEqual(timedOut, [e.message.id]);
  assert.equal(e.settled()?.value.type, 512);
  assert.equal(e.settled()?.value.message, 'send message timeout');
  assert.deepEqual(
    p.ack({ status: { errorCode: 0 }, metaId: e.message.id }, self),
    { kind: 'unknown', failed: false },
    'a late ACK is ignored',
  );
});

test('a drop rejects messages on the wire with 510 and keeps queued ones for the next login', () => {
  const p = new PendingSends(
    () => {},
    () => {},
  );
  const onWire = entry();
  const queued = entry();
  p.track(onWire.message.id, onWire.pending);
  p.enqueue(queued.message, queued.meta, queued.pending.resolve, queued.pending.reject);
  p.rejectOnWire();
  assert.equal(onWire.settled()?.value.type, 510);
  assert.equal(queued.settled(), undefined);
  const written: string[] = [];
  p.flushQueued((meta) => written.push(String(meta.id)) > 0);
  assert.deepEqual(written, [queued.message.id]);
  p.rejectAll(new ConfabError(510), new ConfabError(39)); // stops the ACK timer flushQueued armed
});
