// The server conversation list of one user (REST spec §1.3 #30–34): conversations with a message the
// user can still see, pinned ones first (latest pin first), then by their last message, newest first.
import { ConfabError, ErrorCode } from '@confab/protocol';
import { queueKind, type QueueKind } from '../messages/queue-ids.js';
import type { ConversationStore, ConversationSummary } from '../ports/conversations.js';

/** Agora: ≤ 50 pinned conversations per user, marks mark_0 … mark_19. */
export const MAX_PINNED = 50;
export const MARK_COUNT = 20;

/** What the SDK lists: one-to-one and group conversations (a thread's log belongs to its group's). */
const LISTED: ReadonlySet<QueueKind> = new Set(['user', 'group']);

export interface ListQuery {
  limit: number;
  offset: number;
  pinnedOnly?: boolean;
  mark?: number | undefined;
}

export async function listConversations(
  store: ConversationStore,
  appId: number,
  owner: string,
  query: ListQuery,
): Promise<{ items: ConversationSummary[]; nextOffset: number | undefined }> {
  const all = (await store.summaries(appId, owner))
    .filter((c) => LISTED.has(queueKind(c.queue)))
    .filter((c) => c.lastMessage !== undefined && c.lastMessage.seq > c.hiddenSeq)
    .filter((c) => !query.pinnedOnly || c.pinnedAt !== undefined)
    .filter((c) => query.mark === undefined || c.marks.includes(query.mark))
    .sort(
      (a, b) =>
        (b.pinnedAt ?? -1) - (a.pinnedAt ?? -1) ||
        (b.lastMessage?.createdAt ?? 0) - (a.lastMessage?.createdAt ?? 0),
    );
  const items = all.slice(query.offset, query.offset + query.limit);
  const next = query.offset + items.length;
  return { items, nextOffset: next < all.length ? next : undefined };
}

/** Pins or unpins; 1400 when the user has no such conversation, 50 beyond the pin limit. */
export async function pinConversation(
  store: ConversationStore,
  appId: number,
  owner: string,
  key: string,
  pinnedAt: number | undefined,
): Promise<void> {
  if (pinnedAt !== undefined) {
    const pinned = (await store.summaries(appId, owner)).filter(
      (c) => c.pinnedAt !== undefined && c.key !== key,
    );
    if (pinned.length >= MAX_PINNED)
      throw new ConfabError(ErrorCode.MAX_LIMIT, 'The quantity has exceeded the limit!');
  }
  if (!(await store.setPinned(appId, owner, key, pinnedAt)))
    throw new ConfabError(ErrorCode.CONVERSATION_NOT_EXIST, 'conversation does not exist');
}
