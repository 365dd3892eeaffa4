// NOTIFY metas → events as the official SDK's handleNotify fills them (spec msync §4.9): a "reaction" entry is
// one onReactionChange `{from, to, chatType, messageId, reactions, ts}` (channel_type "chat" → singleChat,
// else groupChat); "user_notification_mute" → onMultiDeviceEvent (not for this device's own changes); other types
// give nothing here; malformed JSON throws (the session drops that meta only).
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
  assert.deepEqual(decodeNotifyMeta(meta(json), 'r1'), [
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
