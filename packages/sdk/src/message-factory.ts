// `message.create(...)` and the wire form of an outgoing message (msync spec §4.4).
import { ContentType, Domain, MessageType, NameSpace, RouteType, ValueType, msync } from '@confab/protocol';
import type { Meta, MessageBody as WireMessageBody } from '@confab/protocol';
import { encodeExt } from './ext-codec.js';
import { sdkErrors } from './sdk-errors.js';
import type { ChatType, CreateTextMsgParameters, MessageBody, TextMsgBody } from './types.js';

// The official getUniqueId: ms since 2010-02-01 (local time) plus a process-wide counter, so ids are
// ~12-digit decimal strings, unique per client and increasing.
const EPOCH_2010 = new Date(2010, 1, 1).getTime();
let counter = 0;

export function getUniqueId(now: number = Date.now()): string {
  counter += 1;
  return String(now - EPOCH_2010 + counter);
}

export type CreateMsgParameters = CreateTextMsgParameters;

/** Builds a message object like the official `message.create` (only 'txt' is supported so far). */
export function createMessage(params: CreateMsgParameters): MessageBody {
  // Plain-JS callers can pass anything: check at run time.
  const input = params as unknown as Record<string, unknown> | null;
  if (!input || typeof input !== 'object')
    throw sdkErrors.invalidParameter('the message parameters are illegal');
  if (input['type'] !== 'txt') {
    throw sdkErrors.invalidParameter(`unsupported message type: ${String(input['type'])}`);
  }
  const body: TextMsgBody = {
    type: 'txt',
    id: getUniqueId(),
    msg: params.msg,
    to: params.to,
    from: params.from ?? '',
    chatType: params.chatType,
    ext: params.ext,
    time: Date.now(),
  };
  if (params.msgConfig !== undefined) body.msgConfig = params.msgConfig;
  if (params.isChatThread !== undefined) body.isChatThread = params.isChatThread;
  if (params.deliverOnlineOnly !== undefined) body.deliverOnlineOnly = params.deliverOnlineOnly;
  if (params.receiverList !== undefined) body.receiverList = params.receiverList;
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
export function buildSendMeta(message: MessageBody, me: { user: string; appKey: string }): Meta {
  const chatType = normalizeChatType(message.chatType);
  const body: WireMessageBody = {
    type: WIRE_TYPE[chatType],
    from: { name: me.user },
    to: { name: message.to },
    contents: [{ type: ContentType.TEXT, text: message.msg }],
    ext: encodeExt(message.ext),
  };
  if (chatType === 'groupChat') body.msgConfig = { allowGroupAck: message.msgConfig?.allowGroupAck === true };
  const meta: Meta = {
    id: message.id,
    to: {
      appKey: me.appKey,
      name: message.to,
      domain: chatType === 'singleChat' ? Domain.USER : Domain.CONFERENCE,
    },
    ns: NameSpace.CHAT,
    payload: msync.MessageBody.encode(body),
  };
  if (message.receiverList?.length) {
    meta.routetype = RouteType.ROUTE_DIRECT;
    meta.directedUsers = message.receiverList;
  } else {
    meta.routetype = message.deliverOnlineOnly ? RouteType.ROUTE_ONLINE : RouteType.ROUTE_ALL;
  }
  // Chat rooms tag priority like the official SDK (normal = 1).
  if (chatType === 'chatRoom')
    meta.ext = [{ key: 'chatroom_msg_tag', type: ValueType.INT, varintValue: priorityTag(message.priority) }];
  return meta;
}

function priorityTag(priority: TextMsgBody['priority']): number {
  return priority === 'high' ? 0 : priority === 'low' ? 2 : 1;
}
