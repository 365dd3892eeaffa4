// The server conversation list shows one-to-one and group conversations only: a thread's log (`t:`), a
// room's (`r:`) and the user's notices (`n:`) have entries too, but they are not conversations of the list.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { listConversations } from '../src/domain/conversations/conversation-list.js';
import type { ConversationStore, ConversationSummary } from '../src/domain/ports/conversations.js';

const summary = (queue: string, createdAt: number): ConversationSummary => ({
  key: queue,
  queue,
  lastMessage: { seq: 2n, createdAt } as ConversationSummary['lastMessage'],
  unread: 0,
  pinnedAt: undefined,
  marks: [],
  hiddenSeq: 0n,
});

test('threads, rooms and notices stay out of the conversation list', async () => {
  const all = [
    summary('bob', 1),
    summary('g:100', 2),
    summary('t:200', 3),
    summary('r:300', 4),
    summary('n:@notices', 5),
  ];
  const store = { summaries: () => Promise.resolve(all) } as unknown as ConversationStore;
  const { items } = await listConversations(store, 1, 'ann', { limit: 20, offset: 0 });
  assert.deepEqual(
    items.map((c) => c.queue),
    ['g:100', 'bob'],
  );
});
