// The parent message's thread overview: a group message with a thread carries, in MessageBody.meta,
// `thread_overview {id, muc_parent_id, name, message_count, last_message, create_timestamp,
// update_timestamp}`, which the SDK shows as `message.chatThreadOverview`. It is added where the message
// is read (history), so it is always the thread's current state.
import { msync, type MessageBody } from '@confab/protocol';
import type { ThreadRecord } from '../ports/threads.js';
import type { EventDeps } from './thread-deps.js';
import { lastMessageJson } from './thread-events.js';

export async function threadOverview(deps: EventDeps, t: ThreadRecord): Promise<Record<string, unknown>> {
  return {
    id: t.id,
    muc_parent_id: t.groupId,
    name: t.name,
    message_count: t.messageCount,
    last_message: await lastMessageJson(deps, t.appId, t),
    create_timestamp: t.createdAt,
    update_timestamp: t.modifiedAt,
  };
}

/** The encoded Meta with the thread overview merged into its body's meta JSON. */
export function withOverview(metaBytes: Uint8Array, overview: Record<string, unknown>): Uint8Array {
  const meta = msync.Meta.decode(metaBytes);
  const body: MessageBody = msync.MessageBody.decode(meta.payload ?? new Uint8Array());
  let json: Record<string, unknown> = {};
  try {
    const parsed = body.meta ? (JSON.parse(body.meta) as unknown) : {};
    if (typeof parsed === 'object' && parsed !== null) json = parsed as Record<string, unknown>;
  } catch {
    // an unreadable meta is replaced
  }
  body.meta = JSON.stringify({ ...json, thread_overview: overview });
  meta.payload = msync.MessageBody.encode(body);
  return msync.Meta.encode(meta);
}

/** History entries of a group, each message with a thread given its overview. */
export async function withThreadOverviews<M extends { id: bigint; meta: Uint8Array }>(
  deps: EventDeps,
  appId: number,
  messages: readonly M[],
): Promise<M[]> {
  return Promise.all(
    messages.map(async (m) => {
      const t = await deps.storage.threads.byMessage(appId, m.id.toString());
      return t ? { ...m, meta: withOverview(m.meta, await threadOverview(deps, t)) } : m;
    }),
  );
}
