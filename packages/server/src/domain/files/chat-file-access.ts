// Attachment rules: what an upload records, who may download (msync spec §4.5, REST §1.1 #6/#11), when a
// file has expired, and the content type a download is served with.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ChatFileRecord } from '../ports/chat-files.js';

const CHAT_TYPES = new Set(['CHAT', 'GROUP', 'ROOM']);

/**
 * The `chat-type`/`chat-target` query of an upload. The official SDK sends `undefined` for both when it
 * uploads without a conversation (utils.uploadFile); anything but CHAT/GROUP/ROOM means "none".
 */
export function uploadTarget(
  chatType: unknown,
  chatTarget: unknown,
): { chatType: string; chatTarget: string } {
  const type = typeof chatType === 'string' ? chatType.toUpperCase() : '';
  if (!CHAT_TYPES.has(type) || typeof chatTarget !== 'string' || chatTarget === '' || chatTarget.length > 128)
    return { chatType: '', chatTarget: '' };
  return { chatType: type, chatTarget };
}

/** URL-safe: the SDK appends it to the URL as `&share-secret=<secret>` without encoding. */
export const newShareSecret = (): string => randomBytes(24).toString('base64url');

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/;

/** Magic numbers of the kinds a chat client previews; the client's type is kept when it is specific. */
export function contentTypeOf(declared: string | undefined, head: Uint8Array): string {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (MEDIA_TYPE.test(type) && type !== 'application/octet-stream') return type;
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  const ascii = (from: number, text: string) => [...text].every((c, i) => head[from + i] === c.charCodeAt(0));
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (ascii(0, 'RIFF') && ascii(8, 'WAVE')) return 'audio/wav';
  if (ascii(4, 'ftyp')) return 'video/mp4';
  if (ascii(0, '%PDF-')) return 'application/pdf';
  return 'application/octet-stream';
}

export type DownloadDecision =
  { ok: true; file: ChatFileRecord } | { ok: false; reason: 'not-found' | 'no-permission' | 'expired' };

export interface Downloader {
  /** The authenticated user; '' for an app admin token; undefined without a valid token. */
  user: string | undefined;
  /** The share secret sent as header or query, if any. */
  secret: string | undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who may download: anyone with the share secret, the app admin, the uploader, and for a one-to-one
 * upload the chat target (the other member of the conversation). Permission is checked before expiry,
 * so a stranger learns nothing about a file.
 */
export function downloadAccess(
  file: ChatFileRecord | undefined,
  who: Downloader,
  now: number,
): DownloadDecision {
  if (!file) return { ok: false, reason: 'not-found' };
  const allowed =
    (who.secret !== undefined && who.secret !== '' && sameSecret(who.secret, file.secret)) ||
    who.user === '' ||
    (who.user !== undefined &&
      (who.user === file.owner || (file.chatType === 'CHAT' && who.user === file.chatTarget)));
  if (!allowed) return { ok: false, reason: 'no-permission' };
  if (file.expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, file };
}

/** A `filename*` parameter (RFC 6266/5987) for Content-Disposition; the name is metadata only. */
function filenameParam(filename: string): string {
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `; filename*=UTF-8''${encoded}`;
}

/** Passive kinds a browser may show in place (a chat client previews them); everything else is saved. */
const INLINE =
  /^(image\/(png|jpeg|gif|webp)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+|application\/pdf|text\/plain)$/;
/** Types a browser runs as a document or script (HTML, SVG, any XML, JavaScript): never served as such. */
const ACTIVE = /html|xml|script/;

/**
 * The Content-Type and Content-Disposition a download is served with. An uploaded HTML, SVG or XML file
 * opened from its URL would run in the server's origin, so it goes out as an opaque attachment (the
 * route adds nosniff and a sandboxing CSP as well); passive media stay inline for previews.
 */
export function servedAs(file: Pick<ChatFileRecord, 'filename' | 'contentType'>): {
  contentType: string;
  disposition: string;
} {
  const name = file.filename ? filenameParam(file.filename) : '';
  if (INLINE.test(file.contentType)) return { contentType: file.contentType, disposition: `inline${name}` };
  const contentType = ACTIVE.test(file.contentType) ? 'application/octet-stream' : file.contentType;
  return { contentType, disposition: `attachment${name}` };
}
