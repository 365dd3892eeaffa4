// The JSON message of Agora's REST bodies (REST spec §1.3 "JSON message shape"), both directions: the
// server renders a stored Meta for conversation lists (`meta`) and pinned messages (`message`); the SDK
// turns it back into an app message. The SDK parses `payload` from a string.
import { msync, u64ToString } from './msync-codec.js';
import { ContentType, MessageType, ValueType } from './msync-enums.js';
import type { Content, KeyValue, MessageBody } from './msync-types.js';

export interface RestJsonMessage {
  id?: string;
  timestamp?: number;
  to?: string;
  payload?: string | Record<string, unknown>;
}

const num = (v: unknown): number =>
  typeof v === 'number'
    ? v
    : typeof v === 'string'
      ? Number(v)
      : Number((v as { toString(): string } | null)?.toString() ?? 0);

function extOf(list: readonly KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) {
    const key = kv.key ?? '';
    if (kv.type === ValueType.JSON_STRING) {
      try {
        out[key] = JSON.parse(kv.stringValue ?? '');
      } catch {
        out[key] = kv.stringValue;
      }
    } else if (kv.type === ValueType.STRING) out[key] = kv.stringValue ?? '';
    else if (kv.type === ValueType.DOUBLE) out[key] = kv.doubleValue;
    else if (kv.type === ValueType.FLOAT) out[key] = kv.floatValue;
    else if (kv.type === ValueType.BOOL) out[key] = num(kv.varintValue) !== 0;
    else out[key] = num(kv.varintValue);
  }
  return out;
}

function bodyOf(c: Content): Record<string, unknown> {
  const file = {
    url: c.remotePath ?? '',
    secret: c.secretKey ?? '',
    filename: c.displayName ?? '',
    file_length: c.fileLength ?? 0,
  };
  switch (c.type ?? ContentType.TEXT) {
    case ContentType.TEXT:
      return { type: 'txt', msg: c.text ?? '' };
    case ContentType.IMAGE:
      return { type: 'img', ...file, size: { width: c.size?.width ?? 0, height: c.size?.height ?? 0 } };
    case ContentType.VIDEO:
      return {
        type: 'video',
        ...file,
        thumb: c.thumbnailRemotePath ?? '',
        thumb_secret: c.thumbnailSecretKey ?? '',
        length: c.duration ?? 0,
      };
    case ContentType.VOICE:
      return { type: 'audio', ...file, length: c.duration ?? 0 };
    case ContentType.FILE:
      return { type: 'file', ...file };
    case ContentType.LOCATION:
      return {
        type: 'loc',
        addr: c.address ?? '',
        lat: c.latitude ?? 0,
        lng: c.longitude ?? 0,
        buildingName: c.buildingName ?? '',
      };
    case ContentType.COMMAND:
      return { type: 'cmd', action: c.action ?? '' };
    case ContentType.CUSTOM:
      return {
        type: 'custom',
        customEvent: c.customEvent ?? '',
        customExts: Object.entries(extOf(c.customExts)).map(([k, v]) => ({ [k]: v })),
      };
    case ContentType.COMBINE:
      return {
        type: 'combine',
        ...file,
        title: c.title ?? '',
        summary: c.summary ?? '',
        text: c.text ?? '',
        combineLevel: c.combineLevel ?? 0,
      };
    default:
      return { type: 'txt', msg: '' };
  }
}

const CHAT_TYPE_NAMES: Record<number, string> = {
  [MessageType.CHAT]: 'chat',
  [MessageType.GROUPCHAT]: 'groupchat',
  [MessageType.CHATROOM]: 'chatroom',
};

/** Server side: a stored Meta as `{id, timestamp, to, payload}`, `payload` a compact JSON string. */
export function restMessageJson(metaBytes: Uint8Array): RestJsonMessage & { payload: string } {
  const meta = msync.Meta.decode(metaBytes);
  const body: MessageBody = msync.MessageBody.decode(meta.payload ?? new Uint8Array());
  const payload: Record<string, unknown> = {
    type: CHAT_TYPE_NAMES[body.type ?? MessageType.CHAT] ?? 'chat',
    from: body.from?.name ?? '',
    to: body.to?.name ?? '',
    ext: extOf(body.ext),
    bodies: (body.contents ?? []).slice(0, 1).map(bodyOf),
  };
  if (body.meta) {
    try {
      payload['meta'] = JSON.parse(body.meta) as unknown;
    } catch {
      // not JSON: left out
    }
  }
  return {
    id: u64ToString(meta.id),
    timestamp: Number(u64ToString(meta.timestamp)),
    to: body.to?.name ?? '',
    payload: JSON.stringify(payload),
  };
}

type Body = Record<string, unknown> & { type?: string; size?: { width?: number; height?: number } };

const SDK_CHAT_TYPES: Record<string, string> = {
  chat: 'singleChat',
  groupchat: 'groupChat',
  chatroom: 'chatRoom',
};

/**
 * Client side: a JSON message as an app message, following the official SDK's module 565 `h`: the
 * first body gives the kind and its fields.
 */
export function messageFromRestJson(json: RestJsonMessage): Record<string, unknown> | undefined {
  const payload = (typeof json.payload === 'string' ? JSON.parse(json.payload) : json.payload) as
    | (Record<string, unknown> & { bodies?: Body[]; meta?: { edit_msg?: Record<string, unknown> } })
    | undefined;
  if (!payload) return undefined;
  const body: Body = payload.bodies?.[0] ?? {};
  const common: Record<string, unknown> = {
    id: json.id,
    type: body.type ?? 'txt',
    chatType: SDK_CHAT_TYPES[typeof payload['type'] === 'string' ? payload['type'] : 'chat'] ?? 'singleChat',
    from: payload['from'],
    to: payload['to'] ?? json.to ?? '',
    time: json.timestamp,
    ext: payload['ext'] ?? {},
  };
  const thread = (payload.meta as { thread?: Record<string, unknown> } | undefined)?.thread;
  if (thread && Object.keys(thread).length > 0)
    common['chatThread'] = {
      messageId: thread['msg_parent_id'],
      parentId: thread['muc_parent_id'],
      chatThreadName: thread['thread_name'],
    };
  const edit = payload.meta?.edit_msg;
  if (edit)
    common['modifiedInfo'] = {
      operationTime: edit['edit_time'],
      operatorId: edit['operator'],
      operationCount: edit['count'],
    };
  switch (body.type) {
    case 'txt':
      return { ...common, msg: body['msg'] ?? '' };
    case 'custom': {
      const exts = Array.isArray(body['customExts']) ? (body['customExts'] as Record<string, unknown>[]) : [];
      return { ...common, customEvent: body['customEvent'] ?? '', customExts: Object.assign({}, ...exts) };
    }
    case 'img':
      return {
        ...common,
        url: body['url'],
        secret: body['secret'],
        width: body.size?.width ?? 0,
        height: body.size?.height ?? 0,
      };
    default: {
      const { type: _type, ...fields } = body;
      return { ...fields, ...common };
    }
  }
}
