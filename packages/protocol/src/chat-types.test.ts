import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHAT_TYPES_SQL, isChatType } from './chat-types.js';
import { MessageType } from './msync-enums.js';

test('chat types are CHAT, GROUPCHAT and CHATROOM; acks, recalls and edits are not', () => {
  const chat = Object.entries(MessageType)
    .filter(([, t]) => isChatType(t))
    .map(([name]) => name);
  assert.deepEqual(chat, ['CHAT', 'GROUPCHAT', 'CHATROOM']);
  assert.equal(CHAT_TYPES_SQL, '(1, 2, 3)');
});
