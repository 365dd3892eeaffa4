// A stored Meta as the JSON message of Agora's REST bodies (REST spec §1.3 "JSON message shape"), used by
// conversation lists (`meta`) and pinned messages (`message`); the SDK parses `payload` from a string.
import { ContentType, MessageType, ValueType, msync, u64ToString } from '@confab/protocol';
import type { Content, KeyValue, MessageBody } from '@confab/protocol';

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

const CHAT_TYPE: Record<number, string> = {
  [MessageType.CHAT]: 'chat',
  [MessageType.GROUPCHAT]: 'groupchat',
  [MessageType.CHATROOM]: 'chatroom',
};

/** `{id, timestamp, to, payload}` with `payload` as a compact JSON string. */
export function messageJson(metaBytes: Uint8Array): Record<string, unknown> {
  const meta = msync.Meta.decode(metaBytes);
  const body: MessageBody = msync.MessageBody.decode(meta.payload ?? new Uint8Array());
  const payload: Record<string, unknown> = {
    type: CHAT_TYPE[body.type ?? MessageType.CHAT] ?? 'chat',
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
