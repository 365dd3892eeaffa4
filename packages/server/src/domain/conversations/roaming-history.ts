// History ("message roaming", REST spec §1.3 #40–42) as one member sees it: chat messages with their
// current body, recalled ones and the member's one-way deletions left out, paged both ways by server id,
// optionally filtered by time and content kind. Deleting history is one-way: for the caller only.
import { CONTENT_TYPE_NAMES, msync, type MessageBody } from '@confab/protocol';
import type { ConversationStore } from '../ports/conversations.js';
import type { StoredMessage } from '../ports/storage.js';

export interface HistoryRequest {
  appId: number;
  owner: string;
  conversationKey: string;
  direction: 'up' | 'down';
  /** Exclusive: the server id the previous page ended with. */
  cursor: bigint | undefined;
  limit: number;
  startTime?: number | undefined;
  endTime?: number | undefined;
  kinds?: readonly string[] | undefined;
}

export interface HistoryPage {
  messages: StoredMessage[];
  /** The cursor for the next page: the last message's id ('' for an empty page). */
  nextKey: string;
  isLast: boolean;
}

/** Content kind of a stored CHAT meta ('' when it cannot be read). */
export function contentKind(meta: Uint8Array): string {
  try {
    const m = msync.Meta.decode(meta);
    const body: MessageBody = msync.MessageBody.decode(m.payload ?? new Uint8Array());
    return CONTENT_TYPE_NAMES[body.contents?.[0]?.type ?? -1] ?? '';
  } catch {
    return '';
  }
}

const SCAN = 100;

export async function roamingHistory(store: ConversationStore, req: HistoryRequest): Promise<HistoryPage> {
  const wanted = (m: StoredMessage) =>
    (req.startTime === undefined || m.createdAt >= req.startTime) &&
    (req.endTime === undefined || m.createdAt <= req.endTime) &&
    (!req.kinds?.length || req.kinds.includes(contentKind(m.meta)));
  // One more than asked for tells whether another page exists.
  const found: StoredMessage[] = [];
  let from = req.cursor;
  for (;;) {
    const chunk = await store.history(req.appId, req.owner, req.conversationKey, {
      direction: req.direction,
      from,
      limit: SCAN,
    });
    for (const m of chunk) if (wanted(m) && found.push(m) > req.limit) break;
    if (found.length > req.limit || chunk.length < SCAN) break;
    from = chunk.at(-1)!.id;
  }
  const isLast = found.length <= req.limit;
  const messages = found.slice(0, req.limit);
  const last = messages.at(-1);
  return { messages, isLast, nextKey: last ? String(last.id) : '' };
}
