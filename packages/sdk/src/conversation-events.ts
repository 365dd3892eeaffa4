// NOTIFY "conv" and "roaming_delete" (msync §4.9), as the official SDK reads them:
// - `{"type":"conv","data":{op, id, type, ts, ext, from, res}}` with op `top` / `not_top` / `mark` /
//   `mark_delete` / `del` → onMultiDeviceEvent `pinnedConversation` / `unpinnedConversation` /
//   `markConversation` / `unMarkConversation` / `deleteConversation` `{operation, conversationId,
//   conversationType, timestamp}` (+ `conversationMark` from ext `mark_N` for the marks); op `pin` /
//   `pin_delete` → onMessagePinEvent `{messageId: ext, conversationId, conversationType, operation: pin |
//   unpin, operatorId: from, time: ts}`. Ignored when made on this very device (`res` and `from` are ours).
// - `{"type":"roaming_delete","data":{resource, to, chatType}}` → onMultiDeviceEvent `deleteRoaming`,
//   ignored when `resource` is this device's.
// One difference: for a one-to-one pin the official SDK names the conversation after the operator, which
// on the operator's own other devices is the user itself; this SDK names the peer there.

/** The official MarkType: mark_0 … mark_19 as 0 … 19. */
export type MarkType = number;

export interface ConversationChangedInfo {
  operation:
    | 'pinnedConversation'
    | 'unpinnedConversation'
    | 'deleteConversation'
    | 'markConversation'
    | 'unMarkConversation';
  conversationId: string;
  conversationType: 'singleChat' | 'groupChat';
  conversationMark?: MarkType;
  /** When the change was made (ms). */
  timestamp: number;
}

export interface RoamingDeleteMultiDeviceInfo {
  operation: 'deleteRoaming';
  conversationId: string;
  chatType: 'singleChat' | 'groupChat';
  /** The device that deleted the messages. */
  resource: string;
}

export interface MessagePinEvent {
  conversationType: 'singleChat' | 'groupChat' | 'chatRoom';
  conversationId: string;
  messageId: string;
  operatorId: string;
  time: number;
  operation: 'pin' | 'unpin';
}

export type ConversationNotifyEvent =
  | { event: 'onMultiDeviceEvent'; payload: ConversationChangedInfo | RoamingDeleteMultiDeviceInfo }
  | { event: 'onMessagePinEvent'; payload: MessagePinEvent };

interface WireConv {
  op?: string;
  id?: string;
  type?: string;
  ts?: number;
  ext?: string;
  from?: string;
  res?: string;
}

interface WireRoamingDelete {
  resource?: string;
  to?: string;
  chatType?: string;
}

const CONVERSATION_OPS: Record<string, ConversationChangedInfo['operation']> = {
  del: 'deleteConversation',
  top: 'pinnedConversation',
  not_top: 'unpinnedConversation',
  mark: 'markConversation',
  mark_delete: 'unMarkConversation',
};

const CHAT_TYPES: Record<string, MessagePinEvent['conversationType']> = {
  chat: 'singleChat',
  groupchat: 'groupChat',
  chatroom: 'chatRoom',
  singleChat: 'singleChat',
  groupChat: 'groupChat',
  chatRoom: 'chatRoom',
};

/**
 * The events of a parsed NOTIFY JSON; undefined when it is neither "conv" nor "roaming_delete", [] when it
 * is one this device made (or an unknown op).
 */
export function decodeConversationNotify(
  json: { type?: string; data?: unknown },
  self: { user: string; resource: string },
): ConversationNotifyEvent[] | undefined {
  if (json.type === 'roaming_delete') {
    const d = (json.data ?? {}) as WireRoamingDelete;
    if (d.resource === self.resource) return [];
    const payload: RoamingDeleteMultiDeviceInfo = {
      operation: 'deleteRoaming',
      conversationId: d.to ?? '',
      chatType: d.chatType === 'chat' ? 'singleChat' : 'groupChat',
      resource: d.resource ?? '',
    };
    return [{ event: 'onMultiDeviceEvent', payload }];
  }
  if (json.type !== 'conv') return undefined;
  const d = (json.data ?? {}) as WireConv;
  if (d.res === self.resource && d.from === self.user) return [];
  if (d.op === 'pin' || d.op === 'pin_delete') {
    const from = d.from ?? '';
    const direct = d.type === 'chat';
    const payload: MessagePinEvent = {
      messageId: d.ext ?? '',
      conversationId: direct && from !== self.user ? from : (d.id ?? ''),
      conversationType: CHAT_TYPES[d.type ?? ''] ?? 'singleChat',
      operation: d.op === 'pin' ? 'pin' : 'unpin',
      operatorId: from,
      time: d.ts ?? 0,
    };
    return [{ event: 'onMessagePinEvent', payload }];
  }
  const operation = CONVERSATION_OPS[d.op ?? ''];
  if (!operation) return [];
  const payload: ConversationChangedInfo = {
    operation,
    conversationId: d.id ?? '',
    conversationType: d.type === 'chat' ? 'singleChat' : 'groupChat',
    timestamp: d.ts ?? 0,
  };
  const mark = /^mark_(\d+)$/.exec(d.ext ?? '');
  if (
    (operation === 'markConversation' || operation === 'unMarkConversation') &&
    mark &&
    Number(mark[1]) < 20
  )
    payload.conversationMark = Number(mark[1]);
  return [{ event: 'onMultiDeviceEvent', payload }];
}
