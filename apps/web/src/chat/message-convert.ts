// SDK message objects → the client's ChatMessage. Add a case here when the SDK gains a message type.
import type { ReceivedTextMessage } from '@confab/sdk';
import type { ChatMessage } from './model.js';

/** What the SDK hands to onMessage: text today, other types once the SDK has them. */
export type IncomingSdkMessage = ReceivedTextMessage | { type: string; id: string; from: string; to: string };

export function fromSdkMessage(raw: IncomingSdkMessage, me: string): ChatMessage {
  const direction = raw.from === me ? 'out' : 'in';
  const base = {
    id: raw.id,
    from: raw.from,
    to: raw.to,
    chatType: 'chatType' in raw ? raw.chatType : ('singleChat' as const),
    time: 'time' in raw && typeof raw.time === 'number' ? raw.time : Date.now(),
    direction,
    // A message of ours that reached us through another device was already accepted by the server.
    ...(direction === 'out' ? { state: 'sent' as const } : {}),
  } as const;
  if (isText(raw)) return { ...base, type: 'txt', text: raw.msg };
  return { ...base, type: 'unsupported', originalType: raw.type };
}

function isText(raw: IncomingSdkMessage): raw is ReceivedTextMessage {
  return raw.type === 'txt' && typeof (raw as { msg?: unknown }).msg === 'string';
}

/** The conversation a message belongs to, seen from `me`. */
export function peerOf(message: ChatMessage, me: string): string {
  if (message.chatType !== 'singleChat') return message.to;
  return message.from === me ? message.to : message.from;
}
