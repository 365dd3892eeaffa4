// A NOTIFY meta (ns 5, payload compact JSON, spec msync §4.9) as the official SDK hands it to the app:
// `{"type":"reaction","data":[{from,to,channel_type,messageId,reactions,ts}]}` → one onReactionChange per
// entry; "user_notification_mute" → onMultiDeviceEvent (silent-mode-events.ts). Other types are not decoded.
import type { Meta } from '@confab/protocol';
import type { ReactionMessage } from './reaction-types.js';
import { decodeSilentModeNotify, type NotificationMultiDeviceInfo } from './silent-mode-events.js';

export type NotifyEvent =
  | { event: 'onReactionChange'; payload: ReactionMessage }
  | { event: 'onMultiDeviceEvent'; payload: NotificationMultiDeviceInfo };

interface WireReactionChange {
  from?: string;
  to?: string;
  channel_type?: string;
  messageId?: string;
  reactions?: ReactionMessage['reactions'];
  ts?: number;
}

/** The events of one NOTIFY meta; [] for a type this SDK does not know. Throws on malformed JSON. */
export function decodeNotifyMeta(meta: Meta, ownResource = ''): NotifyEvent[] {
  const json = JSON.parse(new TextDecoder().decode(meta.payload ?? new Uint8Array())) as {
    type?: string;
    data?: unknown;
    values?: unknown;
  };
  const silent = decodeSilentModeNotify(json, ownResource);
  if (silent) return silent.map((payload) => ({ event: 'onMultiDeviceEvent', payload }));
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
