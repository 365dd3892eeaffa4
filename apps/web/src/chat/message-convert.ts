// SDK message objects → the client's ChatMessage. Add a case here when the SDK gains a message type.
import type { ReceivedMessage } from '@confab/sdk';
import type { ChatMessage } from './model.js';

/** The SDK's edit information (every received kind may carry it; the text typings omit it). */
interface Modified {
  modifiedInfo?: { operationTime?: number; operationCount?: number };
  isRead?: boolean;
}

export function editedOf(raw: ReceivedMessage): { count: number; time: number } | undefined {
  const info = (raw as Modified).modifiedInfo;
  return info && (info.operationCount ?? 0) > 0
    ? { count: info.operationCount ?? 1, time: info.operationTime ?? 0 }
    : undefined;
}

export function fromSdkMessage(raw: ReceivedMessage, me: string): ChatMessage {
  const direction = raw.from === me ? 'out' : 'in';
  const edited = editedOf(raw);
  const base = {
    id: raw.id,
    from: raw.from,
    to: raw.to,
    chatType: raw.chatType,
    time: typeof raw.time === 'number' ? raw.time : Date.now(),
    direction,
    // A message of ours that reached us through another device (or history) was accepted by the server.
    ...(direction === 'out'
      ? { state: (raw as Modified).isRead ? ('read' as const) : ('sent' as const) }
      : {}),
    ...(edited ? { edited } : {}),
  } as const;
  switch (raw.type) {
    case 'txt':
      return { ...base, type: 'txt', text: raw.msg };
    case 'img':
      return {
        ...base,
        type: 'img',
        url: raw.url,
        secret: raw.secret,
        filename: 'image',
        size: raw.file_length ?? 0,
        width: raw.width,
        height: raw.height,
      };
    case 'file':
    case 'audio':
    case 'video':
      return {
        ...base,
        type: raw.type,
        url: raw.url,
        secret: raw.secret,
        filename: raw.filename,
        size: raw.file_length ?? 0,
      };
    case 'loc':
      return { ...base, type: 'loc', addr: raw.addr, lat: raw.lat, lng: raw.lng };
    case 'custom':
      return { ...base, type: 'unsupported', originalType: `custom (${raw.customEvent})` };
    case 'cmd':
    case 'combine':
      return { ...base, type: 'unsupported', originalType: raw.type };
  }
  // A kind this SDK version does not know (e.g. a server list entry): shown, not dropped.
  return { ...base, type: 'unsupported', originalType: String((raw as { type?: unknown }).type) };
}

/** The conversation a message belongs to, seen from `me`. */
export function peerOf(message: ChatMessage, me: string): string {
  if (message.chatType !== 'singleChat') return message.to;
  return message.from === me ? message.to : message.from;
}
