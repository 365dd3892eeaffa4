// CHAT metas -> app message objects with exactly the fields the official SDK builds (msync spec §4.5
// table, bundle `t.Ay`), so app code that reads messages works unchanged.
import { MessageType, msync, u64ToString } from '@confab/protocol';
import type { Meta, MessageBody as WireMessageBody } from '@confab/protocol';
import { decodeContent } from './content-codec.js';
import type { ReceivedCommon } from './content-codec.js';
import { threadFields } from './thread-fields.js';
import { decodeExt } from './ext-codec.js';
import { editedFields } from './message-edit.js';
import type { RecallMessageInfo, ReceivedAckMessage, ReceivedChannelMessage } from './message-kinds.js';
import type { ChatType, OnlineState, ReceivedMessage } from './types.js';
import { fromWire } from './reaction-calls.js';
import type { Reaction } from './reaction-types.js';

export interface Self {
  user: string;
  resource: string;
  /** REST base: attachment URLs are rewritten onto it (official formatAttachUrl). */
  apiUrl?: string;
  /** Session token, copied into attachment messages as `accessToken` like the official SDK. */
  token?: string;
}

export type DecodedMeta =
  | { kind: 'message'; message: ReceivedMessage }
  | { kind: 'read' | 'delivery'; ack: ReceivedAckMessage }
  | { kind: 'channel'; ack: ReceivedChannelMessage }
  | { kind: 'recall'; recall: RecallMessageInfo }
  | { kind: 'modified'; message: ReceivedMessage }
  | { kind: 'ignored'; reason: string };

const CHAT_TYPES: Partial<Record<number, ChatType>> = {
  [MessageType.CHAT]: 'singleChat',
  [MessageType.GROUPCHAT]: 'groupChat',
  [MessageType.CHATROOM]: 'chatRoom',
};

function groupReadCount(body: WireMessageBody): unknown {
  const raw = body.ext?.[0]?.stringValue;
  if (raw === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Decodes a CHAT-namespace meta. Throws only on a malformed payload (the caller reports it). */
export function decodeChatMeta(
  meta: Meta,
  self: Self,
  /** History pages keep the user's own room messages (only live echoes are dropped). */
  opts: { history?: boolean } = {},
): DecodedMeta {
  const body = msync.MessageBody.decode(meta.payload ?? new Uint8Array());
  const from = sender(meta, body, self);
  const to = recipient(meta, body);
  const id = u64ToString(meta.id);
  const state = onlineState(meta.meta);
  const mid = body.ackMessageId === undefined ? '' : u64ToString(body.ackMessageId);
  switch (body.type) {
    case MessageType.READ_ACK: {
      // A group read receipt: ext[0] holds the JSON count (official: parsed, kept when truthy).
      const count = groupReadCount(body);
      if (count === undefined)
        return { kind: 'read', ack: { id, type: 'read', from, to, mid, onlineState: state } };
      const ackContent = body.ackContent;
      return {
        kind: 'read',
        ack: { id, type: 'read', from, to, mid, groupReadCount: count, ackContent, onlineState: state },
      };
    }
    case MessageType.DELIVER_ACK:
      return { kind: 'delivery', ack: { id, type: 'delivery', from, to, mid, onlineState: state } };
    case MessageType.CHANNEL_ACK: {
      const time = Number(u64ToString(meta.timestamp));
      return {
        kind: 'channel',
        ack: { id, type: 'channel', chatType: 'singleChat', from, to, time, onlineState: state },
      };
    }
    case MessageType.RECALL: {
      const info = decodeExt(meta.ext)['recallMessageExtensionInfo'];
      const ext = typeof info === 'string' ? info : info === undefined ? '' : JSON.stringify(info);
      return { kind: 'recall', recall: { id, from: from || 'admin', to, mid, ext, onlineState: state } };
    }
    default:
      break;
  }
  const edit = body.type === MessageType.EDIT;
  const chatType = edit ? 'singleChat' : CHAT_TYPES[body.type ?? -1];
  if (!chatType) return { kind: 'ignored', reason: `message body type ${body.type} not supported` };
  // The official SDK drops chat-room messages echoed back to the sending device.
  if (
    !opts.history &&
    chatType === 'chatRoom' &&
    meta.from?.name === self.user &&
    meta.from?.clientResource === self.resource
  ) {
    return { kind: 'ignored', reason: 'own chat room message' };
  }
  const content = body.contents?.[0];
  if (!content) return { kind: 'ignored', reason: 'message has no content' };
  const message = decodeContent(
    content,
    common(meta, body, chatType, from, to),
    self.apiUrl ?? '',
    self.token ?? '',
  );
  if (!message) return { kind: 'ignored', reason: `content type ${content.type} not supported` };
  if (edit) return { kind: 'modified', message: { ...message, ...editedFields(body) } };
  return { kind: 'message', message };
}

/** The `message` of a send() result: our own meta, re-read with the server's id and time. */
export function ackedMessage(
  meta: Meta,
  serverId: string,
  timestamp: string,
  self: Self,
): ReceivedMessage | undefined {
  const decoded = decodeChatMeta({ ...meta, id: serverId, timestamp, from: null }, self);
  return decoded.kind === 'message' || decoded.kind === 'modified' ? decoded.message : undefined;
}

function common(
  meta: Meta,
  body: WireMessageBody,
  chatType: ChatType,
  from: string,
  to: string,
): ReceivedCommon {
  const message: ReceivedCommon = {
    id: u64ToString(meta.id),
    chatType,
    to,
    from,
    ext: decodeExt(body.ext),
    time: Number(u64ToString(meta.timestamp)),
    onlineState: chatType === 'chatRoom' ? 1 : onlineState(meta.meta),
  };
  if (body.msgConfig) message.msgConfig = { allowGroupAck: body.msgConfig.allowGroupAck ?? false };
  if (chatType === 'chatRoom') {
    const routing = decodeExt(meta.ext);
    message.priority =
      routing['chatroom_msg_tag'] === 0 ? 'high' : routing['chatroom_msg_tag'] === 2 ? 'low' : 'normal';
    message.broadcast = Boolean(routing['is_broadcast']);
  }
  const extra = parseJson(body.meta);
  if (extra?.['isRead']) message.isRead = true;
  if (extra?.['isDelivered']) message.isDelivered = true;
  Object.assign(message, threadFields(extra));
  const edit = extra?.['edit_msg'] as { count?: number; operator?: string; edit_time?: number } | undefined;
  if (edit && (edit.count ?? 0) > 0) {
    message.modifiedInfo = {
      operationTime: edit.edit_time ?? 0,
      operatorId: edit.operator ?? '',
      operationCount: edit.count ?? 0,
    };
  }
  const translations = extra?.['translations'];
  if (Array.isArray(translations) && translations.length > 0)
    message.translations = translations as { code: string; text: string }[];
  const reactions = extra?.['reaction'];
  if (Array.isArray(reactions) && reactions.length > 0)
    message.reactions = (reactions as Record<string, unknown>[]).map((r) => fromWire<Reaction>(r));
  return message;
}

// A message to myself sent from another of my devices reads "me/resource", like the official SDK.
function sender(meta: Meta, body: WireMessageBody, self: Self): string {
  const name = body.from?.name ?? '';
  const resource = meta.from?.clientResource;
  if (name === self.user && name === body.to?.name && resource && resource !== self.resource)
    return `${name}/${resource}`;
  return name;
}

function recipient(meta: Meta, body: WireMessageBody): string {
  const name = body.to?.name ?? '';
  return meta.to?.clientResource ? `${name}/${meta.to.clientResource}` : name;
}

function onlineState(raw: Uint8Array | undefined): OnlineState {
  if (!raw || raw.length === 0) return 3;
  const parsed = parseJson(new TextDecoder().decode(raw));
  const value = parsed?.['is_online'];
  if (value === 0 || value === 1) return value;
  return value === undefined || value === null ? 3 : 2;
}

function parseJson(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
