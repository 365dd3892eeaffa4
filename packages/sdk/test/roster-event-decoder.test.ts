// RosterBody → onContact… as the official SDK's handleRosterMsg fills them (spec msync §4.9): every
// operation's event name and `type`, `{from: from.name, to: to[0].name, status: reason}`, and the
// operations that give no event (BAN, ALLOW, the GET queries).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RosterOperation as Op, msync, toU64 } from '@confab/protocol';
import { decodeRosterMeta } from '../src/roster-event-decoder.js';

const jid = (name: string) => ({ appKey: 'org#app', name, domain: 'easemob.com' });
const decode = (operation: number, reason?: string) =>
  decodeRosterMeta({
    id: toU64(1n),
    ns: 3,
    payload: msync.RosterBody.encode({
      operation,
      from: jid('ann'),
      to: [jid('bob')],
      ...(reason === undefined ? {} : { reason }),
    }),
  });

test('each roster operation is the official event with the official type', () => {
  const cases: [number, string, string][] = [
    [Op.ADD, 'onContactInvited', 'subscribe'],
    [Op.REMOVE, 'onContactDeleted', 'unsubscribed'],
    [Op.ACCEPT, 'onContactAdded', 'subscribed'],
    [Op.DECLINE, 'onContactRefuse', 'unsubscribed'],
    [Op.REMOTE_ACCEPT, 'onContactAgreed', 'subscribed'],
    [Op.REMOTE_DECLINE, 'onContactRefuse', 'unsubscribed'],
  ];
  for (const [operation, event, type] of cases)
    assert.deepEqual(decode(operation), { event, payload: { type, from: 'ann', to: 'bob', status: '' } });
  assert.deepEqual(decode(Op.ADD, 'hi')?.payload.status, 'hi');
});

test('BAN, ALLOW and the query operations give no event', () => {
  for (const op of [Op.BAN, Op.ALLOW, Op.GET_ROSTER, Op.GET_BLACKLIST]) assert.equal(decode(op), undefined);
});
