// NOTIFY metas → events as the official SDK's handleNotify fills them (spec msync §4.9): a "reaction" entry is
// one onReactionChange `{from, to, chatType, messageId, reactions, ts}` (channel_type "chat" → singleChat,
// else groupChat); "user_notification_mute" → onMultiDeviceEvent (not for this device’s own changes);
// and "conv" / "roaming_delete" → onMultiDeviceEvent / onMessagePinEvent (conversation-events.ts); other
// types give nothing here; malformed JSON throws (the session drops that meta only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NameSpace, toU64 } from '@confab/protocol';
import { decodeNotifyMeta } from '../src/notify-decoder.js';

const meta = (json: string) => ({
  id: toU64(1n),
  ns: NameSpace.NOTIFY,
  payload: new TextEncoder().encode(json),
});

test('a reaction notify is one onReactionChange per entry', () => {
  const reactions = [
    { reaction: 'like', count: 1, userList: ['bob'], op: [{ operator: 'bob', reactionType: 'create' }] },
  ];
  const events = decodeNotifyMeta(
    meta(
      JSON.stringify({
        type: 'reaction',
        data: [
          { from: 'bob', to: 'ann', channel_type: 'chat', messageId: '7', reactions, ts: 5 },
          { from: 'cat', to: '42', channel_type: 'groupchat', messageId: '8', reactions: [], ts: 6 },
        ],
      }),
    ),
  );
  assert.deepEqual(events, [
    {
      event: 'onReactionChange',
      payload: { from: 'bob', to: 'ann', chatType: 'singleChat', messageId: '7', reactions, ts: 5 },
    },
    {
      event: 'onReactionChange',
      payload: { from: 'cat', to: '42', chatType: 'groupChat', messageId: '8', reactions: [], ts: 6 },
    },
  ]);
});

test('other notify types give no event; malformed JSON throws', () => {
  assert.deepEqual(decodeNotifyMeta(meta('{"type":"conv","data":{}}')), []);
  assert.throws(() => decodeNotifyMeta(meta('{not json')));
});

test('user_notification_mute: one onMultiDeviceEvent per value, this device’s own left out', () => {
  const json = JSON.stringify({
    type: 'user_notification_mute',
    values: [
      { operator_resource: 'r2', data: { type: 'AT', ignoreDuration: 0, ignoreInterval: '' } },
      { operator_resource: 'r2', data: { type: 'NONE', ignoreDuration: 0 }, group: 'g1' },
      { operator_resource: 'r2', data: {}, user: 'bob' },
      { operator_resource: 'r1', data: { type: 'ALL', ignoreDuration: 0 }, user: 'cat' },
    ],
  });
  assert.deepEqual(decodeNotifyMeta(meta(json), { user: 'ann', resource: 'r1' }), [
    {
      event: 'onMultiDeviceEvent',
      payload: {
        operation: 'setSilentModeForUser',
        resource: 'r2',
        data: { type: 'AT', ignoreDuration: 0, ignoreInterval: '' },
      },
    },
    {
      event: 'onMultiDeviceEvent',
      payload: {
        operation: 'setSilentModeForConversation',
        resource: 'r2',
        conversationId: 'g1',
        type: 'groupChat',
        data: { type: 'NONE', ignoreDuration: 0 },
      },
    },
    {
      event: 'onMultiDeviceEvent',
      payload: {
        operation: 'removeSilentModeForConversation',
        resource: 'r2',
        conversationId: 'bob',
        type: 'singleChat',
        data: {},
      },
    },
  ]);
});

const self = { user: 'ann', resource: 'r1' };
const conv = (data: Record<string, unknown>) => meta(JSON.stringify({ type: 'conv', data }));

test('conv: conversation pins, marks and deletes → onMultiDeviceEvent, as the official SDK fills them', () => {
  const base = { id: 'bob', type: 'chat', ts: 5, from: 'ann', res: 'r2' };
  assert.deepEqual(decodeNotifyMeta(conv({ ...base, op: 'top' }), self), [
    {
      event: 'onMultiDeviceEvent',
      payload: {
        operation: 'pinnedConversation',
        conversationId: 'bob',
        conversationType: 'singleChat',
        timestamp: 5,
      },
    },
  ]);
  const ops = { not_top: 'unpinnedConversation', del: 'deleteConversation' } as const;
  for (const [op, operation] of Object.entries(ops))
    assert.equal((decodeNotifyMeta(conv({ ...base, op }), self)[0]!.payload as any).operation, operation);
  assert.deepEqual(
    decodeNotifyMeta(conv({ ...base, op: 'mark', id: 'g1', type: 'groupchat', ext: 'mark_3' }), self),
    [
      {
        event: 'onMultiDeviceEvent',
        payload: {
          operation: 'markConversation',
          conversationId: 'g1',
          conversationType: 'groupChat',
          conversationMark: 3,
          timestamp: 5,
        },
      },
    ],
  );
  const unmark = decodeNotifyMeta(conv({ ...base, op: 'mark_delete', ext: 'mark_0' }), self)[0]!.payload;
  assert.equal((unmark as any).operation, 'unMarkConversation');
  assert.equal((unmark as any).conversationMark, 0);
  // This very device's own change, and an unknown op: nothing.
  assert.deepEqual(decodeNotifyMeta(conv({ ...base, op: 'top', res: 'r1' }), self), []);
  assert.deepEqual(decodeNotifyMeta(conv({ ...base, op: 'nope' }), self), []);
});

test('conv pin / pin_delete → onMessagePinEvent; roaming_delete → deleteRoaming', () => {
  // The peer's side of a one-to-one pin: the conversation is the operator's.
  assert.deepEqual(
    decodeNotifyMeta(
      conv({ op: 'pin', id: 'ann', type: 'chat', ts: 7, ext: '99', from: 'bob', res: 'x' }),
      self,
    ),
    [
      {
        event: 'onMessagePinEvent',
        payload: {
          messageId: '99',
          conversationId: 'bob',
          conversationType: 'singleChat',
          operation: 'pin',
          operatorId: 'bob',
          time: 7,
        },
      },
    ],
  );
  // The operator's other device: the peer (the official SDK says the operator itself here).
  const own = decodeNotifyMeta(
    conv({ op: 'pin_delete', id: 'bob', type: 'chat', ts: 8, ext: '99', from: 'ann', res: 'r2' }),
    self,
  );
  assert.equal((own[0]!.payload as any).conversationId, 'bob');
  assert.equal((own[0]!.payload as any).operation, 'unpin');
  const group = decodeNotifyMeta(
    conv({ op: 'pin', id: 'g1', type: 'groupchat', ts: 9, ext: '1', from: 'cat', res: 'r1' }),
    self,
  );
  assert.equal((group[0]!.payload as any).conversationId, 'g1');
  assert.equal((group[0]!.payload as any).conversationType, 'groupChat');
  const roaming = (resource: string) =>
    meta(JSON.stringify({ type: 'roaming_delete', data: { resource, to: 'g1', chatType: 'groupchat' } }));
  assert.deepEqual(decodeNotifyMeta(roaming('r2'), self), [
    {
      event: 'onMultiDeviceEvent',
      payload: { operation: 'deleteRoaming', conversationId: 'g1', chatType: 'groupChat', resource: 'r2' },
    },
  ]);
  assert.deepEqual(decodeNotifyMeta(roaming('r1'), self), []);
});
