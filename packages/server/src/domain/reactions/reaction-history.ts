// Reactions with history (roaming) messages: the official SDK reads them from the message body's `meta`
// JSON, `reaction: [{reaction, count, state, userList}]` (state → isAddedBySelf, as the list call's), so a
// page's messages that have reactions are re-encoded with it, as the caller sees them.
import { msync } from '@confab/protocol';
import type { ReactionStore } from '../ports/reactions.js';
import type { StoredMessage } from '../ports/storage.js';
import { REACTION_SAMPLE_USERS, reactionJson } from './reaction-notify.js';

/** Each message's Meta bytes, with its reactions in the body's meta JSON where it has any. */
export async function metasWithReactions(
  reactions: Pick<ReactionStore, 'summaries'>,
  appId: number,
  viewer: string,
  messages: readonly Pick<StoredMessage, 'id' | 'meta'>[],
): Promise<Uint8Array[]> {
  const ids = messages.map((m) => m.id);
  const all = await reactions.summaries(appId, ids, viewer, REACTION_SAMPLE_USERS);
  if (all.length === 0) return messages.map((m) => m.meta);
  return messages.map((m) => {
    const mine = all.filter((r) => r.messageId === m.id);
    if (mine.length === 0) return m.meta;
    const meta = msync.Meta.decode(m.meta);
    const body = msync.MessageBody.decode(meta.payload ?? new Uint8Array());
    let json: Record<string, unknown> = {};
    try {
      const parsed: unknown = body.meta ? JSON.parse(body.meta) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) json = parsed as typeof json;
    } catch {
      // not JSON: replaced
    }
    json['reaction'] = mine.map((r) => ({ ...reactionJson(r), state: r.addedBySelf }));
    const payload = msync.MessageBody.encode({ ...body, meta: JSON.stringify(json) });
    return msync.Meta.encode({ ...meta, payload });
  });
}
