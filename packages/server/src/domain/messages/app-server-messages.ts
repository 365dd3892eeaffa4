// Messages the app server sends over REST (Agora "send a message", REST spec §3 "Messages and files"): the
// JSON body of each type becomes the MessageBody the official SDK would have sent, and goes through the same
// send paths as a client's (send-message.ts, send-group-message.ts, rooms/send-room-message.ts), with the
// sender marked `appServer` (membership, mutes and block lists do not apply), so receivers cannot tell a
// REST-sent message from one sent by a client.
import {
  ConfabError,
  ContentType,
  Domain,
  ErrorCode,
  MessageType,
  NameSpace,
  RouteType,
  ValueType,
  msync,
  toU64,
  type Content,
  type KeyValue,
  type MessageBody,
  type Meta,
} from '@confab/protocol';
import type { MessagingDeps, SendResult, Sender } from './messaging.js';
import { sendMessage } from './send-message.js';

export type RestChatType = 'users' | 'chatgroups' | 'chatrooms';
export const REST_MESSAGE_TYPES = ['txt', 'img', 'audio', 'video', 'file', 'loc', 'cmd', 'custom'] as const;
export type RestMessageType = (typeof REST_MESSAGE_TYPES)[number];

/** The sender of a REST message when `from` is absent (Agora's default). */
export const ADMIN_SENDER = 'admin';

const bad = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : 0;
};

/** A message `ext` object as the official SDK types it on the wire (ext-codec of our SDK). */
export function extToKeyValues(ext: unknown): KeyValue[] {
  if (ext === undefined || ext === null) return [];
  if (!isObject(ext)) throw bad('ext must be a JSON object');
  const out: KeyValue[] = [];
  for (const [key, value] of Object.entries(ext)) {
    if (value === undefined) continue;
    if (typeof value === 'object')
      out.push({ key, type: ValueType.JSON_STRING, stringValue: JSON.stringify(value) });
    else if (typeof value === 'string') out.push({ key, type: ValueType.STRING, stringValue: value });
    else if (typeof value === 'boolean') out.push({ key, type: ValueType.BOOL, varintValue: value ? 1 : 0 });
    else if (typeof value === 'number' && Number.isInteger(value))
      out.push({ key, type: ValueType.INT, varintValue: value });
    else if (typeof value === 'number') out.push({ key, type: ValueType.DOUBLE, doubleValue: value });
    // JSON has nothing else; a bigint from a caller in code reads as its digits.
    else if (typeof value === 'bigint')
      out.push({ key, type: ValueType.STRING, stringValue: value.toString() });
  }
  return out;
}

/** The one Content of a REST message body, as the official SDK writes that type (content-codec). */
export function restContent(type: unknown, body: unknown): Content {
  if (!isObject(body)) throw bad('body must be a JSON object');
  const file = () => ({
    displayName: str(body['filename']),
    remotePath: str(body['url']),
    secretKey: str(body['secret']),
    fileLength: num(body['file_length']),
    thumbnailDisplayName: str(body['filename']),
  });
  switch (type) {
    case 'txt':
      if (typeof body['msg'] !== 'string') throw bad('body.msg is required for a txt message');
      return { type: ContentType.TEXT, text: body['msg'] };
    case 'img': {
      const size = isObject(body['size']) ? body['size'] : {};
      return {
        type: ContentType.IMAGE,
        ...file(),
        size: { width: num(size['width']), height: num(size['height']) },
      };
    }
    case 'audio':
      return { type: ContentType.VOICE, ...file(), duration: num(body['length']) };
    case 'video':
      return {
        type: ContentType.VIDEO,
        ...file(),
        duration: num(body['length']),
        thumbnailRemotePath: str(body['thumb']),
        thumbnailSecretKey: str(body['thumb_secret']),
      };
    case 'file':
      return { type: ContentType.FILE, ...file() };
    case 'loc':
      if (body['lat'] === undefined || body['lng'] === undefined)
        throw bad('body.lat and body.lng are required');
      return {
        type: ContentType.LOCATION,
        latitude: num(body['lat']),
        longitude: num(body['lng']),
        address: str(body['addr']),
        buildingName: str(body['buildingName']),
      };
    case 'cmd':
      if (typeof body['action'] !== 'string') throw bad('body.action is required for a cmd message');
      return { type: ContentType.COMMAND, action: body['action'] };
    case 'custom': {
      const event = body['customEvent'] ?? body['customevent'];
      if (event !== undefined && (typeof event !== 'string' || event.length > 32))
        throw bad('body.customEvent must be a string of at most 32 characters');
      const exts = body['customExts'] ?? body['customexts'] ?? {};
      // Agora documents a map; the SDK's own shape is a list of one-key maps: both are taken.
      const map: Record<string, unknown> = Array.isArray(exts)
        ? (Object.assign({}, ...(exts as unknown[]).filter(isObject)) as Record<string, unknown>)
        : isObject(exts)
          ? exts
          : {};
      if (Object.keys(map).length > 16) throw bad('body.customExts has more than 16 entries');
      return { type: ContentType.CUSTOM, customEvent: event ?? '', customExts: extToKeyValues(map) };
    }
    default:
      throw bad(`type must be one of ${REST_MESSAGE_TYPES.join(', ')}`);
  }
}

export interface RestSend {
  kind: RestChatType;
  from: string;
  to: string;
  content: Content;
  ext: KeyValue[];
  /** routetype ROUTE_ONLINE: only devices online now get it, history leaves it out. */
  onlineOnly: boolean;
  /** need_group_ack: the group's members send read receipts (onGroupReadAck / getGroupMsgReadUser). */
  needGroupAck: boolean;
  /** chatroom_msg_level: high / normal / low. */
  roomLevel?: 'high' | 'normal' | 'low' | undefined;
  /** sync_device: the sender's own devices get it too (false: they are not woken for it). */
  syncDevice: boolean;
  force?: boolean;
}

const ROOM_TAG: Record<'high' | 'normal' | 'low', number> = { high: 0, normal: 1, low: 2 };

export function appServerSender(app: Sender['app'], username: string, force = false): Sender {
  return { app, appKey: `${app.org}#${app.name}`, username, resource: '', appServer: { force } };
}

/** The Meta the official SDK would send for this message; the send paths take it from there. */
export function restMeta(deps: Pick<MessagingDeps, 'ids'>, s: RestSend, appKey: string): Meta {
  const type =
    s.kind === 'users'
      ? MessageType.CHAT
      : s.kind === 'chatgroups'
        ? MessageType.GROUPCHAT
        : MessageType.CHATROOM;
  const body: MessageBody = {
    type,
    from: { name: s.from },
    to: { name: s.to },
    contents: [s.content],
    ext: s.ext,
  };
  if (s.needGroupAck) body.msgConfig = { allowGroupAck: true };
  const meta: Meta = {
    id: toU64(deps.ids.next()),
    to: { appKey, name: s.to, domain: s.kind === 'users' ? Domain.USER : Domain.CONFERENCE },
    ns: NameSpace.CHAT,
    payload: msync.MessageBody.encode(body),
    ext: s.roomLevel
      ? [{ key: 'chatroom_msg_tag', type: ValueType.INT, varintValue: ROOM_TAG[s.roomLevel] }]
      : [],
  };
  if (s.onlineOnly) meta.routetype = RouteType.ROUTE_ONLINE;
  return meta;
}

/** Sends one REST message through the client send paths; the caller publishes `hints`. */
export async function sendAsAppServer(
  deps: MessagingDeps,
  app: Sender['app'],
  s: RestSend,
): Promise<SendResult> {
  const sender = appServerSender(app, s.from, s.force);
  const result = await sendMessage(deps, sender, restMeta(deps, s, sender.appKey));
  if (s.syncDevice || s.kind !== 'users') return result;
  // Without sync_device the sender's devices are not woken for it (they still find it in the log later).
  return { ...result, hints: result.hints.filter((h) => !(h.kind === 'queue' && h.owner === s.from)) };
}
