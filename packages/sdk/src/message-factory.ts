// `message.create(...)` and the wire form of an outgoing message (msync spec §4.4).
import { Domain, MessageType, NameSpace, RouteType, ValueType, msync } from '@confab/protocol';
import type { Meta, MessageBody as WireMessageBody } from '@confab/protocol';
import { encodeExt } from './ext-codec.js';
import { sdkErrors } from './sdk-errors.js';
import { encodeContent } from './content-codec.js';
import { asEdit } from './message-edit.js';
import type { CreateAck, CreateMsgParameters } from './message-kinds.js';
import type { ChatType, MessageBody } from './types.js';

// The official getUniqueId: ms since 2010-02-01 (local time) plus a process-wide counter, so ids are
// ~12-digit decimal strings, unique per client and increasing.
const EPOCH_2010 = new Date(2010, 1, 1).getTime();
let counter = 0;

export function getUniqueId(now: number = Date.now()): string {
  counter += 1;
  return String(now - EPOCH_2010 + counter);
}

export type { CreateMsgParameters };

const KINDS = new Set(['txt', 'img', 'file', 'audio', 'video', 'loc', 'custom', 'cmd', 'combine']);
const ACKS = new Set(['read', 'delivery', 'channel']);

/** Builds a message object like the official `message.create`: the parameters plus id and time. */
export function createMessage(params: CreateMsgParameters): MessageBody {
  // Plain-JS callers can pass anything: check at run time.
  const input = params as unknown as Record<string, unknown> | null;
  if (!input || typeof input !== 'object')
    throw sdkErrors.invalidParameter('the message parameters are illegal');
  const type = input['type'];
  if (typeof type !== 'string' || (!KINDS.has(type) && !ACKS.has(type))) {
    throw sdkErrors.invalidParameter(`unsupported message type: ${String(type)}`);
  }
  if (ACKS.has(type)) {
    const ack = params as CreateAck;
    // read/delivery acks name the acknowledged message by `id` in the official API; ours gets a new id.
    return { ...ack, ackId: ack.ackId ?? ack.id ?? '', id: getUniqueId(), time: Date.now() };
  }
  const body = { ...params, id: getUniqueId(), time: Date.now() } as MessageBody & { from: string };
  body.from = (params as { from?: string }).from ?? '';
  return body;
}

const WIRE_TYPE: Record<ChatType, number> = {
  singleChat: MessageType.CHAT,
  groupChat: MessageType.GROUPCHAT,
  chatRoom: MessageType.CHATROOM,
};

/** The official SDK treats any chatType other than group/room (case-insensitively) as 1:1. */
export function normalizeChatType(chatType: unknown): ChatType {
  const lower = typeof chatType === 'string' ? chatType.toLowerCase() : '';
  if (lower === 'groupchat') return 'groupChat';
  if (lower === 'chatroom') return 'chatRoom';
  return 'singleChat';
}

/** The Meta that carries `message` in a SYNC UL; `from` is left to the server (it knows who we are). */
const ACK_WIRE_TYPE: Record<string, number> = {
  read: MessageType.READ_ACK,
  delivery: MessageType.DELIVER_ACK,
  channel: MessageType.CHANNEL_ACK,
  recall: MessageType.RECALL,
};

/** A recall request (official recallMessage: a "recall" message naming the server id). */
export interface RecallRequest {
  id: string;
  type: 'recall';
  to: string;
  chatType: ChatType;
  ackId: string;
  metaExt?: string;
}

/** The Meta that carries `message` in a SYNC UL; `from` is left to the server (it knows who we are). */
export function buildSendMeta(
  message: MessageBody | RecallRequest,
  me: { user: string; appKey: string },
): Meta {
  const chatType = normalizeChatType(message.chatType);
  const slash = message.to.indexOf('/');
  const to = slash > -1 ? message.to.slice(0, slash) : message.to;
  const body: WireMessageBody = {
    type: ACK_WIRE_TYPE[message.type] ?? WIRE_TYPE[chatType],
    from: { name: me.user },
    to: { name: to },
    contents: [message.type === 'recall' ? {} : encodeContent(message)],
    ext: 'ext' in message ? encodeExt(message.ext) : [],
  };
  if ('ackId' in message && message.ackId) body.ackMessageId = message.ackId;
  const editId = (message as { editMessageId?: string }).editMessageId;
  if (editId) asEdit(body, editId, 'ext' in message && !!message.ext && Object.keys(message.ext).length > 0);
  const m = message as Partial<TextMsgFields>;
  if (chatType === 'groupChat' && !ACK_WIRE_TYPE[message.type])
    body.msgConfig = { allowGroupAck: m.msgConfig?.allowGroupAck === true };
  // A group read receipt asks for the count, with the reader's free text (official: msgConfig + ackContent).
  if (chatType === 'groupChat' && message.type === 'read') {
    body.msgConfig = { allowGroupAck: true };
    const content = (message as { ackContent?: unknown }).ackContent;
    if (typeof content === 'string') body.ackContent = content;
  }
  // The official meta: translations (send-time translation) and thread, when present.
  const translations = (message as { translations?: unknown }).translations;
  const extra = {
    ...(translations === undefined ? {} : { translations }),
    ...(m.isChatThread ? { thread: {} } : {}),
  };
  if (Object.keys(extra).length > 0) body.meta = JSON.stringify(extra);
  const meta: Meta = {
    id: message.id,
    to: {
      appKey: me.appKey,
      name: to,
      domain: chatType === 'singleChat' ? Domain.USER : Domain.CONFERENCE,
    },
    ns: NameSpace.CHAT,
    payload: msync.MessageBody.encode(body),
  };
  if (slash > -1) meta.to!.clientResource = message.to.slice(slash + 1);
  if (m.receiverList?.length && chatType !== 'singleChat') {
    meta.routetype = RouteType.ROUTE_DIRECT;
    meta.directedUsers = m.receiverList;
  } else {
    meta.routetype = m.deliverOnlineOnly ? RouteType.ROUTE_ONLINE : RouteType.ROUTE_ALL;
  }
  // Chat rooms tag priority like the official SDK (normal = 1).
  if (chatType === 'chatRoom')
    meta.ext = [{ key: 'chatroom_msg_tag', type: ValueType.INT, varintValue: priorityTag(m.priority) }];
  if (message.type === 'recall' && message.metaExt)
    meta.ext = [{ key: 'recallMessageExtensionInfo', type: ValueType.STRING, stringValue: message.metaExt }];
  return meta;
}

interface TextMsgFields {
  msgConfig: { allowGroupAck?: boolean };
  isChatThread: boolean;
  receiverList: string[];
  deliverOnlineOnly: boolean;
  priority: 'high' | 'normal' | 'low';
}

function priorityTag(priority: TextMsgFields['priority'] | undefined): number {
  return priority === 'high' ? 0 : priority === 'low' ? 2 : 1;
}
