// NOTIFY metas → events as the official SDK's handleNotify fills them (spec msync §4.9): a "reaction" entry is
// one onReactionChange `{from, to, chatType, messageId, reactions, ts}` (channel_type "chat" → singleChat,
// else groupChat); other types give nothing here; malformed JSON throws (the session drops that meta only).
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
