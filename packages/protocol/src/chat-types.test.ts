import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHAT_TYPES_SQL, isChatType, MUC_EVENT_ENTRY } from './chat-types.js';
import { MessageType } from './msync-enums.js';

test('chat types are CHAT, GROUPCHAT and CHATROOM; acks, recalls and edits are not', () => {
  const chat = Object.entries(MessageType)
    .filter(([, t]) => isChatType(t))
    .map(([name]) => name);
  assert.deepEqual(chat, ['CHAT', 'GROUPCHAT', 'CHATROOM']);
  assert.equal(CHAT_TYPES_SQL, '(1, 2, 3)');
});

test('a MUC event entry is no MessageBody type and no chat type', () => {
  assert.equal(isChatType(MUC_EVENT_ENTRY), false);
  assert.ok(!(Object.values(MessageType) as number[]).includes(MUC_EVENT_ENTRY));
});
