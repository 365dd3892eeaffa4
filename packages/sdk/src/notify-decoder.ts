// A NOTIFY meta (ns 5, payload compact JSON, spec msync §4.9) as the official SDK hands it to the app:
// `{"type":"reaction","data":[{from,to,channel_type,messageId,reactions,ts}]}` → one onReactionChange per
// entry. Other NOTIFY types are not decoded here yet.
import type { Meta } from '@confab/protocol';
import type { ReactionMessage } from './reaction-types.js';

export type NotifyEvent = { event: 'onReactionChange'; payload: ReactionMessage };

interface WireReactionChange {
  from?: string;
  to?: string;
  channel_type?: string;
  messageId?: string;
  reactions?: ReactionMessage['reactions'];
  ts?: number;
}

/** The events of one NOTIFY meta; [] for a type this SDK does not know. Throws on malformed JSON. */
export function decodeNotifyMeta(meta: Meta): NotifyEvent[] {
  const json = JSON.parse(new TextDecoder().decode(meta.payload ?? new Uint8Array())) as {
    type?: string;
    data?: unknown;
  };
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
