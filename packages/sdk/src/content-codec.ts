// MessageBody.Content for every message kind, both ways, as the official SDK writes (`Ee()`) and reads
// (`T()`) it, so a message sent by either SDK reads back with the same fields in the other.
import { ContentType } from '@confab/protocol';
import type { Content } from '@confab/protocol';
import { decodeExt, encodeExt } from './ext-codec.js';
import type {
  CreatedMessage,
  FileCreate,
  ReceivedCombineMessage,
  ReceivedCustomMessage,
  ReceivedImageMessage,
  ReceivedLocationMessage,
} from './message-kinds.js';
import type { ReceivedMessage } from './types.js';

/** Sub-type of a TEXT content that marks a combined (forwarded) message. */
const SUBTYPE_COMBINE = 0;
const SUBTYPE_GIF = 1;

function attachment(m: FileCreate): {
  url: string;
  filename: string;
  secret: string;
  fileLength: number;
  length: number;
  size: { width: number; height: number };
} {
  const b = m.body;
  return {
    url: b?.url ?? m.url ?? '',
    filename: b?.filename ?? m.filename ?? m.file?.filename ?? '',
    secret: b?.secret ?? m.secret ?? '',
    fileLength: b?.file_length ?? m.file_length ?? m.file?.data.size ?? 0,
    length: b?.length ?? m.length ?? 0,
    size: b?.size ?? { width: m.width ?? 0, height: m.height ?? 0 },
  };
}

/** The one Content a created message carries on the wire. */
export function encodeContent(m: CreatedMessage): Content {
  switch (m.type) {
    case 'txt':
      return { type: ContentType.TEXT, text: m.msg };
    case 'img': {
      const a = attachment(m);
      const c: Content = {
        type: ContentType.IMAGE,
        displayName: a.filename,
        remotePath: a.url,
        secretKey: a.secret,
        fileLength: a.fileLength,
        size: a.size,
        thumbnailDisplayName: a.filename,
      };
      if (m.isGif) c.subType = SUBTYPE_GIF;
      return c;
    }
    case 'video': {
      const a = attachment(m);
      return {
        type: ContentType.VIDEO,
        displayName: a.filename,
        remotePath: a.url,
        secretKey: a.secret,
        fileLength: a.fileLength,
        duration: a.length,
        thumbnailDisplayName: a.filename,
        thumbnailRemotePath: a.url ? `${a.url}?vframe=true` : '',
        thumbnailSecretKey: a.secret,
      };
    }
    case 'audio':
    case 'file': {
      const a = attachment(m);
      const c: Content = {
        type: m.type === 'audio' ? ContentType.VOICE : ContentType.FILE,
        displayName: a.filename,
        remotePath: a.url,
        secretKey: a.secret,
        fileLength: a.fileLength,
        thumbnailDisplayName: a.filename,
      };
      if (m.type === 'audio') c.duration = a.length;
      return c;
    }
    case 'loc':
      return {
        type: ContentType.LOCATION,
        latitude: m.lat,
        longitude: m.lng,
        address: m.addr ?? '',
        buildingName: m.buildingName ?? '',
      };
    case 'cmd':
      return { type: ContentType.COMMAND, action: m.action };
    case 'custom':
      return { type: ContentType.CUSTOM, customEvent: m.customEvent, customExts: encodeExt(m.customExts) };
    case 'combine':
      return {
        type: ContentType.TEXT,
        subType: SUBTYPE_COMBINE,
        text: m.compatibleText ?? '',
        displayName: m.filename ?? '',
        remotePath: m.url,
        secretKey: m.secret ?? '',
        fileLength: m.file_length ?? 0,
        title: m.title ?? '',
        summary: m.summary ?? '',
        combineLevel: m.combineLevel ?? 1,
      };
    default:
      // read/delivery/channel acks carry one empty content, like the official client
      return {};
  }
}

/** Common fields of a received message (id, chatType, from, to, ext, time, onlineState…). */
export type ReceivedCommon = Omit<ReceivedMessage, 'type'> & Record<string, unknown>;

/** The official formatAttachUrl: the stored URL's path (and query) moved onto apiUrl. */
export function formatAttachUrl(remotePath: string | undefined, apiUrl: string): string {
  if (!remotePath) return '';
  const slash = remotePath.indexOf('/', 9);
  return `${apiUrl}${slash >= 0 ? remotePath.slice(slash) : ''}`;
}

/** The official attachment URL: formatAttachUrl plus em-redirect and the share secret. */
export function attachmentUrl(
  remotePath: string | undefined,
  secret: string | undefined,
  apiUrl: string,
): string {
  if (!remotePath) return '';
  let url = formatAttachUrl(remotePath, apiUrl);
  if (!remotePath.includes('?em-redirect')) {
    url += '?em-redirect=true';
    if (secret) url += `&share-secret=${secret}`;
  }
  return url;
}

/** Builds the app message of one received content; undefined for an unknown content type. */
export function decodeContent(
  c: Content,
  common: ReceivedCommon,
  apiUrl: string,
  token: string,
): ReceivedMessage | undefined {
  const url = attachmentUrl(c.remotePath, c.secretKey, apiUrl);
  const fileLike = {
    url,
    secret: c.secretKey ?? '',
    file: {},
    filename: c.displayName ?? '',
    length: c.duration ?? 0,
    file_length: c.fileLength ?? 0,
    filetype: '',
    accessToken: token,
  };
  switch (c.type ?? ContentType.TEXT) {
    case ContentType.TEXT:
      if (Object.prototype.hasOwnProperty.call(c, 'subType') && c.subType === SUBTYPE_COMBINE) {
        const combine: ReceivedCombineMessage = {
          ...common,
          type: 'combine',
          title: c.title ?? '',
          summary: c.summary ?? '',
          url,
          secret: c.secretKey ?? '',
          file_length: c.fileLength ?? 0,
          filename: c.displayName ?? '',
          compatibleText: c.text ?? '',
          combineLevel: c.combineLevel ?? 0,
        };
        return combine;
      }
      return { ...common, type: 'txt', msg: c.text ?? '' };
    case ContentType.IMAGE: {
      const img: ReceivedImageMessage = {
        ...common,
        type: 'img',
        url,
        width: c.size?.width ?? 0,
        height: c.size?.height ?? 0,
        secret: c.secretKey ?? '',
        thumb: `${url}&thumbnail=true`,
        thumb_secret: c.secretKey ?? '',
        file_length: c.fileLength ?? 0,
      };
      if (c.subType === SUBTYPE_GIF) img.isGif = true;
      return img;
    }
    case ContentType.VIDEO:
      return {
        ...common,
        ...fileLike,
        type: 'video',
        thumb: formatAttachUrl(c.thumbnailRemotePath, apiUrl),
        thumb_secret: c.thumbnailSecretKey ?? '',
      };
    case ContentType.VOICE:
      return { ...common, ...fileLike, type: 'audio' };
    case ContentType.FILE:
      return { ...common, ...fileLike, type: 'file' };
    case ContentType.LOCATION: {
      const loc: ReceivedLocationMessage = {
        ...common,
        type: 'loc',
        buildingName: c.buildingName ?? '',
        addr: c.address ?? '',
        lat: c.latitude ?? 0,
        lng: c.longitude ?? 0,
      };
      return loc;
    }
    case ContentType.COMMAND:
      return { ...common, type: 'cmd', action: c.action ?? '' };
    case ContentType.CUSTOM: {
      const custom: ReceivedCustomMessage = {
        ...common,
        type: 'custom',
        customEvent: c.customEvent ?? '',
        params: decodeExt(c.params),
        customExts: decodeExt(c.customExts),
      };
      return custom;
    }
    default:
      return undefined;
  }
}
