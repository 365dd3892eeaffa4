// A NOTIFY meta (ns 5, payload compact JSON, spec msync §4.9) as the official SDK hands it to the app:
// `{"type":"reaction","data":[{from,to,channel_type,messageId,reactions,ts}]}` → one onReactionChange per
// entry; "user_notification_mute" → onMultiDeviceEvent (silent-mode-events.ts); "conv" and
// "roaming_delete" → onMultiDeviceEvent / onMessagePinEvent (conversation-events.ts). Other types are not
// decoded.
import type { Meta } from '@confab/protocol';
import { decodeConversationNotify, type ConversationNotifyEvent } from './conversation-events.js';
import type { ReactionMessage } from './reaction-types.js';
import { decodeSilentModeNotify, type NotificationMultiDeviceInfo } from './silent-mode-events.js';

export type NotifyEvent =
  | { event: 'onReactionChange'; payload: ReactionMessage }
  | { event: 'onMultiDeviceEvent'; payload: NotificationMultiDeviceInfo }
  | ConversationNotifyEvent;

interface WireReactionChange {
  from?: string;
  to?: string;
  channel_type?: string;
  messageId?: string;
  reactions?: ReactionMessage['reactions'];
  ts?: number;
}

/**
 * The events of one NOTIFY meta; [] for a type this SDK does not know or one this device caused. Throws on
 * malformed JSON.
 */
export function decodeNotifyMeta(
  meta: Meta,
  self: { user: string; resource: string } = { user: '', resource: '' },
): NotifyEvent[] {
  const json = JSON.parse(new TextDecoder().decode(meta.payload ?? new Uint8Array())) as {
    type?: string;
    data?: unknown;
    values?: unknown;
  };
  const silent = decodeSilentModeNotify(json, self.resource);
  if (silent) return silent.map((payload) => ({ event: 'onMultiDeviceEvent', payload }));
  const conversation = decodeConversationNotify(json, self);
  if (conversation) return conversation;
  if (json.type !== 'reaction' || !Array.isArray(json.data)) return [];
  return (json.data as WireReactionChange[]).map((e) => ({
    event: 'onReactionChange',
    payload: {
      from: e.from ?? '',
      to: e.to ?? '',
      chatType: e.channel_type === 'chat' ? 'singleChat' : 'groupChat',
      messageId: e.messageId ?? '',
      reactions: e.reactions ?? [],
      ts: e.ts ?? 0,
    },
  }));
}
