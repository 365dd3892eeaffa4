// The client's own view of chat data. It is deliberately independent of the SDK's wire shapes so that
// new message types and server features plug in by extending these unions and the converters in
// message-convert.ts.
import type { ChatType } from '@confab/sdk';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting';

/**
 * Outgoing messages only: sending → sent (server ACK) → delivered → read, or failed. `pending`: written
 * while offline, waiting in the SDK's queue for the reconnect (then sent like any other).
 */
export type DeliveryState = 'pending' | 'sending' | 'sent' | 'delivered' | 'read' | 'failed';

/** An error the user sees: the SDK's code and message, plus what the app was doing. */
export interface AppError {
  id: number;
  code: number | undefined;
  message: string;
  /** What was being attempted, e.g. "Sending to bob". */
  context: string;
  time: number;
}

interface MessageBase {
  /** The server's message id once known (received, or acknowledged); the local id before. */
  id: string;
  /** The id the message was created with on this device (outgoing only). */
  localId?: string;
  chatType: ChatType;
  from: string;
  to: string;
  time: number;
  direction: 'in' | 'out';
  state?: DeliveryState;
  /** Why sending failed (outgoing, state 'failed'). */
  error?: { code: number | undefined; message: string };
  /** Recalled by its sender: shown as a placeholder, content dropped. */
  recalled?: boolean;
  /** Incoming: a read receipt was sent for it. */
  readAckSent?: boolean;
  /** Edited by its sender: how many times, and when last (ms). */
  edited?: { count: number; time: number };
}

export interface TextMessage extends MessageBase {
  type: 'txt';
  text: string;
}

/** An attachment (img, file, audio, video), downloaded with the session's token when shown. */
export interface AttachmentMessage extends MessageBase {
  type: 'img' | 'file' | 'audio' | 'video';
  /** Empty while the file is still uploading. */
  url: string;
  secret: string;
  filename: string;
  size: number;
  width?: number;
  height?: number;
}

export interface LocationMessage extends MessageBase {
  type: 'loc';
  addr: string;
  lat: number;
  lng: number;
}

/** A type this client does not render yet; kept so nothing silently disappears. */
export interface UnsupportedMessage extends MessageBase {
  type: 'unsupported';
  originalType: string;
}

/** A group event shown as a line in the group's conversation ("ann joined"); local to this device. */
export interface EventLine extends MessageBase {
  type: 'event';
  text: string;
}

export type ChatMessage = TextMessage | AttachmentMessage | LocationMessage | UnsupportedMessage | EventLine;

export interface Conversation {
  /** `${chatType}:${peer}`: a user id and a group id may be equal. */
  key: string;
  chatType: ChatType;
  /** The other user (singleChat) or the group/room id. */
  peer: string;
  lastMessage: ChatMessage | undefined;
  /** Last activity (last message, or creation), ms. */
  lastTime: number;
  unread: number;
  /** Pinned on the server: shown first, latest pin first. */
  pinned?: boolean;
  /** When it was pinned (server time, ms); 0 when not pinned. */
  pinnedTime?: number;
}

/** Where paging back through the server's history of one conversation stands (not persisted). */
export interface HistoryState {
  /** Cursor for the next older page ('' before the first page). */
  cursor: string;
  /** The server has nothing older. */
  isLast: boolean;
  loading: boolean;
}

export function conversationKey(chatType: ChatType, peer: string): string {
  return `${chatType}:${peer}`;
}

/** One line for the conversation list. */
export function previewOf(message: ChatMessage): string {
  if (message.recalled) return 'Message recalled';
  switch (message.type) {
    case 'txt':
      return message.text;
    case 'img':
      return '[Image]';
    case 'file':
    case 'audio':
    case 'video':
      return `[${message.type === 'file' ? 'File' : message.type === 'audio' ? 'Audio' : 'Video'}] ${message.filename}`;
    case 'loc':
      return `[Location] ${message.addr}`;
    case 'unsupported':
      return `[${message.originalType} message]`;
    case 'event':
      return message.text;
  }
}
