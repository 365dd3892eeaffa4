// What a message's MessageBody.meta says about threads, as the official SDK reads it: `thread`
// {msg_parent_id, muc_parent_id, thread_name} → `chatThread`; `thread_overview` {id, muc_parent_id, name,
// last_message, create_timestamp, update_timestamp, message_count} → `chatThreadOverview`.
import { messageFromRestJson } from '@confab/protocol';
import type { ChatThread, ChatThreadOverview } from './thread-types.js';

/** A string field ('' when absent or not text). */
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

const filled = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.keys(v).length > 0;

export function threadFields(meta: Record<string, unknown> | undefined): {
  chatThread?: ChatThread;
  chatThreadOverview?: ChatThreadOverview;
} {
  const out: { chatThread?: ChatThread; chatThreadOverview?: ChatThreadOverview } = {};
  const t = meta?.['thread'];
  if (filled(t))
    out.chatThread = {
      messageId: str(t['msg_parent_id']),
      parentId: str(t['muc_parent_id']),
      chatThreadName: str(t['thread_name']),
    };
  const o = meta?.['thread_overview'];
  if (filled(o)) {
    const last = o['last_message'];
    out.chatThreadOverview = {
      id: str(o['id']),
      parentId: str(o['muc_parent_id']),
      name: str(o['name']),
      lastMessage: filled(last) ? (messageFromRestJson(last) ?? null) : null,
      createTimestamp: Number(o['create_timestamp'] ?? 0),
      updateTimestamp: Number(o['update_timestamp'] ?? 0),
      messageCount: Number(o['message_count'] ?? 0),
    };
  }
  return out;
}
