// What a callback to the app server carries (Agora's message callbacks, docs/callbacks.md): the message as
// Agora's REST shape (`payload.bodies`, `payload.ext`), who sent it where, and the signatures: Agora's
// `security` (MD5 of callId + secret + timestamp) and an HMAC-SHA256 of the exact body in a header.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import {
  CONTENT_TYPE_NAMES,
  ContentType,
  u64ToString,
  type Content,
  type KeyValue,
  type MessageBody,
} from '@confab/protocol';

export type ChatKind = 'chat' | 'groupchat' | 'chatroom';

/** Header carrying `sha256=<hex HMAC-SHA256(secret, body)>`. */
export const SIGNATURE_HEADER = 'x-confab-signature';

function kvValue(kv: KeyValue): unknown {
  if (kv.stringValue !== undefined) return kv.stringValue;
  if (kv.varintValue !== undefined) return Number(u64ToString(kv.varintValue));
  return kv.doubleValue ?? kv.floatValue ?? null;
}

const kvObject = (kvs: readonly KeyValue[] | undefined): Record<string, unknown> =>
  Object.fromEntries((kvs ?? []).filter((kv) => kv.key).map((kv) => [kv.key!, kvValue(kv)]));

/** One content as Agora's REST body. */
function restBody(c: Content): Record<string, unknown> {
  const type = CONTENT_TYPE_NAMES[c.type ?? ContentType.TEXT] ?? 'unknown';
  switch (type) {
    case 'txt':
      return { type, msg: c.text ?? '' };
    case 'cmd':
      return { type, action: c.action ?? '' };
    case 'custom':
      return { type, customEvent: c.customEvent ?? '', customExts: kvObject(c.customExts) };
    case 'loc':
      return { type, lat: c.latitude, lng: c.longitude, addr: c.address ?? '' };
    default:
      return {
        type,
        url: c.remotePath ?? '',
        filename: c.displayName ?? '',
        ...(c.fileLength !== undefined ? { file_length: c.fileLength } : {}),
      };
  }
}

/** `payload` of a message callback. */
export function messagePayload(body: MessageBody): {
  bodies: Record<string, unknown>[];
  ext: Record<string, unknown>;
} {
  return { bodies: (body.contents ?? []).map(restBody), ext: kvObject(body.ext) };
}

/**
 * A rewrite answered by the pre-send callback (`payload.bodies`): text and custom contents take the new
 * text, custom event and string extensions, in order; other contents and fields stay as sent.
 */
export function rewriteBody(body: MessageBody, payload: unknown): MessageBody {
  const bodies = (payload as { bodies?: unknown } | null)?.bodies;
  if (!Array.isArray(bodies)) return body;
  const contents = (body.contents ?? []).map((c, i): Content => {
    const b = bodies[i] as Record<string, unknown> | undefined;
    if (!b || typeof b !== 'object') return c;
    if ((c.type ?? ContentType.TEXT) === ContentType.TEXT && typeof b['msg'] === 'string')
      return { ...c, text: b['msg'] };
    if (c.type === ContentType.CUSTOM) {
      const next: Content = { ...c };
      if (typeof b['customEvent'] === 'string') next.customEvent = b['customEvent'];
      const exts = b['customExts'];
      if (exts && typeof exts === 'object' && !Array.isArray(exts))
        next.customExts = Object.entries(exts as Record<string, unknown>)
          .filter(([, v]) => typeof v === 'string')
          .map(([key, v]) => ({ key, type: 7, stringValue: v as string }));
      return next;
    }
    return c;
  });
  return { ...body, contents };
}

export interface CallbackEnvelope {
  callId: string;
  timestamp: number;
  [field: string]: unknown;
}

export const newCallId = (appKey: string): string => `${appKey}_${randomUUID()}`;

/** Agora's `security`: MD5 of callId + secret + timestamp. */
export const agoraSecurity = (callId: string, secret: string, timestamp: number): string =>
  createHash('md5').update(`${callId}${secret}${timestamp}`).digest('hex');

/** The exact bytes sent and the headers that sign them. */
export function signedRequest(
  envelope: CallbackEnvelope,
  secret: string,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    ...envelope,
    securityVersion: '1.0.0',
    security: agoraSecurity(envelope.callId, secret, envelope.timestamp),
  });
  return {
    body,
    headers: { [SIGNATURE_HEADER]: `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` },
  };
}
