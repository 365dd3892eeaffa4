// Attachments (msync spec §4.4, REST §1.1 #6 and #11): an img/file/audio/video message with a local
// `file` is uploaded to POST /{org}/{app}/chatfiles (multipart `file`) before it is sent, and the
// message then carries `{apiUrl}/{org}/{app}/chatfiles/{uuid}` and the share secret, like the official
// SDK. Failures use the official codes: 102 without a token, 101 for any failed upload.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { AttachmentBody, FileCreate } from './message-kinds.js';
import type { ChatType, MessageBody } from './types.js';

export interface FileEndpoint {
  apiUrl: string;
  orgName: string;
  appName: string;
  fetch: typeof fetch;
}

export interface UploadedFile {
  uuid: string;
  secret: string;
  url: string;
  contentLength: number;
  contentType: string;
}

const CHAT_TYPE_PARAM: Record<ChatType, string> = {
  singleChat: 'CHAT',
  groupChat: 'GROUP',
  chatRoom: 'ROOM',
};
const FILE_KINDS = new Set(['img', 'file', 'audio', 'video']);

/** True for an attachment message that still has to upload its file. */
export function needsUpload(message: MessageBody): boolean {
  if (!FILE_KINDS.has(message.type)) return false;
  const m = message as FileCreate;
  return !!m.file?.data && !m.body?.url && !m.url;
}

export async function uploadFile(
  endpoint: FileEndpoint,
  token: string,
  file: { data: Blob; filename?: string },
  target?: { chatType: ChatType; to: string },
): Promise<UploadedFile> {
  if (!token) throw new ConfabError(ErrorCode.WEBIM_UPLOADFILE_NO_LOGIN, 'AccessToken cannot be empty');
  if (file.data.size <= 0)
    throw new ConfabError(ErrorCode.WEBIM_UPLOADFILE_ERROR, 'fileSize must be greater than 0');
  const base = `${endpoint.apiUrl}/${endpoint.orgName}/${endpoint.appName}/chatfiles`;
  const query = target ? `?chat-type=${CHAT_TYPE_PARAM[target.chatType]}&chat-target=${target.to}` : '';
  const form = new FormData();
  form.append('file', file.data, file.filename ?? 'file');
  let status: number;
  let body: unknown;
  try {
    const res = await endpoint.fetch(`${base}${query}`, {
      method: 'POST',
      headers: { 'restrict-access': 'true', Accept: '*/*', Authorization: `Bearer ${token}` },
      body: form,
    });
    status = res.status;
    body = (await res.json()) as unknown;
  } catch (cause) {
    throw new ConfabError(ErrorCode.WEBIM_UPLOADFILE_ERROR, 'Failed to upload the file', { cause });
  }
  const entity = (body as { entities?: Array<Record<string, unknown>> } | null)?.entities?.[0];
  if (status !== 200 || !entity || typeof entity['uuid'] !== 'string') {
    const description = (body as { error_description?: unknown } | null)?.error_description;
    throw new ConfabError(
      ErrorCode.WEBIM_UPLOADFILE_ERROR,
      typeof description === 'string' ? description : 'Failed to upload the file',
      { status, body },
    );
  }
  const meta = (entity['file-metadata'] ?? {}) as Record<string, unknown>;
  return {
    uuid: entity['uuid'],
    secret: typeof entity['share-secret'] === 'string' ? entity['share-secret'] : '',
    url: `${base}/${entity['uuid']}`,
    contentLength: Number(meta['content-length'] ?? file.data.size),
    contentType: typeof meta['content-type'] === 'string' ? meta['content-type'] : '',
  };
}

/** Uploads the message's file and returns the message with its `body` filled in. */
export async function withUploadedFile(
  endpoint: FileEndpoint,
  token: string,
  message: MessageBody,
): Promise<MessageBody> {
  const m = message as FileCreate & MessageBody;
  const file = m.file!;
  try {
    const uploaded = await uploadFile(endpoint, token, file, { chatType: m.chatType, to: m.to });
    const body: AttachmentBody = {
      url: uploaded.url,
      filename: file.filename ?? m.filename ?? '',
      secret: uploaded.secret,
      file_length: file.data.size,
      length: m.length ?? 0,
      size: { width: m.width ?? 0, height: m.height ?? 0 },
    };
    m.onFileUploadComplete?.({ entities: [{ uuid: uploaded.uuid, 'share-secret': uploaded.secret }] });
    return { ...m, body } as MessageBody;
  } catch (error) {
    m.onFileUploadError?.(error);
    throw error;
  }
}

/**
 * Downloads an attachment (official utils.download): Bearer token and share secret as headers.
 * 200 → bytes; 403 "chatfile no permission" → 222, other 403 → 603; 404 file_expired → 223; other → 200.
 */
export async function downloadFile(
  endpoint: Pick<FileEndpoint, 'fetch'>,
  token: string,
  url: string,
  secret?: string,
): Promise<Uint8Array> {
  const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest' };
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (secret) headers['share-secret'] = secret;
  let res: Response;
  try {
    res = await endpoint.fetch(url, { headers });
  } catch (cause) {
    throw new ConfabError(ErrorCode.WEBIM_DOWNLOADFILE_ERROR, 'download file error', { cause });
  }
  if (res.status === 200) return new Uint8Array(await res.arrayBuffer());
  const text = await res.text().catch(() => '');
  let body: { error?: unknown; error_description?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: a plain download error
  }
  if (res.status === 403)
    throw body.error_description === 'chatfile no permission'
      ? new ConfabError(ErrorCode.WEBIM_DOWNLOADFILE_ERROR_NO_PERMISSION, 'chatfile no permission')
      : new ConfabError(ErrorCode.PERMISSION_DENIED, 'permission denied');
  if (res.status === 404 && body.error === 'file_expired')
    throw new ConfabError(ErrorCode.WEBIM_DOWNLOADFILE_ERROR_EXPIRED, 'file expired');
  if (res.status === 500) throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'download file error');
  throw new ConfabError(ErrorCode.WEBIM_DOWNLOADFILE_ERROR, 'download file error', { status: res.status });
}
