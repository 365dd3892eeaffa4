// Thread events as the official SDK hands them to `onChatThreadChange` (spec msync §4.9):
// a NOTIFY meta `{"type":"thread","data":{id, name, muc_parent_id, msg_parent_id, timestamp, from,
// operation: create|update|update_msg|delete, message_count, last_message}}` (create; update and
// update_msg → update; delete → destroy), and a MUC meta with `isThread` of operation THREAD_KICK (37)
// → userRemove. The thread operations 33–36 and 38 are other devices' (onMultiDeviceEvent): not decoded.
import {
  MucOperation,
  NameSpace,
  messageFromRestJson,
  msync,
  type Meta,
  type RestJsonMessage,
} from '@confab/protocol';
import type { ThreadChangeInfo, ThreadMultiDeviceEvent } from './thread-types.js';

export type DecodedThreadEvent =
  | { event: 'onChatThreadChange'; payload: ThreadChangeInfo }
  | { event: 'onMultiDeviceEvent'; payload: ThreadMultiDeviceEvent };

/** MUC thread operations done on another device of this user → onMultiDeviceEvent. */
const OWN_DEVICE: Partial<Record<number, ThreadMultiDeviceEvent['operation']>> = {
  [MucOperation.THREAD_CREATE]: 'chatThreadCreate',
  [MucOperation.THREAD_DESTROY]: 'chatThreadDestroy',
  [MucOperation.THREAD_JOIN]: 'chatThreadJoin',
  [MucOperation.THREAD_LEAVE]: 'chatThreadLeave',
  [MucOperation.THREAD_UPDATE]: 'chatThreadNameUpdate',
};

interface WireThread {
  id?: string;
  name?: string;
  muc_parent_id?: string;
  msg_parent_id?: string;
  timestamp?: number;
  from?: string;
  operation?: string;
  message_count?: number;
  last_message?: RestJsonMessage;
}

function fromNotify(meta: Meta): ThreadChangeInfo | undefined {
  const json = JSON.parse(new TextDecoder().decode(meta.payload ?? new Uint8Array())) as {
    type?: string;
    data?: WireThread;
  };
  if (json.type !== 'thread' || !json.data) return undefined;
  const d = json.data;
  const base = {
    id: d.id ?? '',
    name: d.name ?? '',
    parentId: d.muc_parent_id ?? '',
    messageId: d.msg_parent_id ?? '',
    timestamp: d.timestamp ?? 0,
    operator: d.from ?? '',
  };
  switch (d.operation) {
    case 'create':
      return { ...base, operation: 'create', createTimestamp: base.timestamp, messageCount: 0 };
    case 'update_msg': {
      const last = d.last_message;
      const lastMessage = last && JSON.stringify(last) !== '{}' ? (messageFromRestJson(last) ?? {}) : {};
      return { ...base, operation: 'update', messageCount: d.message_count ?? 0, lastMessage };
    }
    case 'update':
      return { ...base, operation: 'update', messageCount: d.message_count ?? 0 };
    case 'delete':
      return { ...base, operation: 'destroy' };
    default:
      return undefined;
  }
}

function fromMuc(meta: Meta): DecodedThreadEvent | undefined {
  const body = msync.MUCBody.decode(meta.payload ?? new Uint8Array());
  if (!body.isThread) return undefined;
  const own = OWN_DEVICE[body.operation ?? -1];
  if (own)
    return {
      event: 'onMultiDeviceEvent',
      payload: {
        operation: own,
        chatThreadId: body.mucId?.name ?? '',
        chatThreadName: body.mucName ?? '',
        parentId: body.mucParentId?.name ?? '',
      },
    };
  if (body.operation !== MucOperation.THREAD_KICK) return undefined;
  return {
    event: 'onChatThreadChange',
    payload: {
      id: body.mucId?.name ?? '',
      name: body.mucName ?? '',
      operation: 'userRemove',
      parentId: body.mucParentId?.name ?? '',
      operator: body.from?.name ?? '',
      userName: body.to?.[0]?.name ?? '',
    },
  };
}

/** The thread event of a meta, if it is one (NOTIFY "thread", or a thread's MUC meta). */
export function decodeThreadEvent(meta: Meta): DecodedThreadEvent | undefined {
  if (meta.ns === NameSpace.NOTIFY) {
    const payload = fromNotify(meta);
    return payload && { event: 'onChatThreadChange', payload };
  }
  if (meta.ns === NameSpace.MUC) return fromMuc(meta);
  return undefined;
}

/** A meta that is about threads (dispatched or not), so the other decoders leave it alone. */
export function isThreadMeta(meta: Meta): boolean {
  if (meta.ns === NameSpace.MUC)
    return msync.MUCBody.decode(meta.payload ?? new Uint8Array()).isThread === true;
  if (meta.ns !== NameSpace.NOTIFY) return false;
  try {
    const json = JSON.parse(new TextDecoder().decode(meta.payload ?? new Uint8Array())) as { type?: string };
    return json.type === 'thread';
  } catch {
    return false;
  }
}
