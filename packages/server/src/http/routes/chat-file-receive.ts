// Receiving an attachment's bytes: the multipart part is streamed into the FileStore (at most the
// upload's limit, enforced while streaming) with its first bytes kept for content sniffing. Status codes
// are the ones the official SDK maps: 400 with error_code 14403 → 101 (WEBIM_UPLOADFILE_ERROR); its
// upload reads any other status (413 included) as a success. An upload over its limit is answered at
// once, before its bytes are read when Content-Length says so, and its connection closed after the answer
// (close-after-reply.ts): reading and dropping up to 64 MB first, as before, reset larger uploads unanswered.
import { pipeline, Transform } from 'node:stream';
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { serviceEnabled } from '../../domain/apps/app-settings.js';
import { uploadRefused, type UploadLimit } from '../../domain/files/upload-quota.js';
import { FileTooLargeError, type StorageQuota } from '../../domain/ports/chat-files.js';
import type { AppRecord } from '../../domain/ports/storage.js';
import { closeAfterReply } from '../close-after-reply.js';

/**
 * What a multipart body may carry besides the file: boundaries, part headers and the few small fields
 * the SDK sends (under 1 KB). A body longer than the file limit plus this cannot be an acceptable upload.
 */
const MULTIPART_ENVELOPE_BYTES = 64 * 1024;

export const uploadError = uploadRefused;

/** The storage quota of the config (LIMITS: attachmentQuotaPerUserBytes, attachmentQuotaPerAppBytes). */
export const storageQuota = (ctx: ServerContext): StorageQuota => ({
  perOwnerBytes: ctx.limits.attachmentQuotaPerUserBytes,
  perAppBytes: ctx.limits.attachmentQuotaPerAppBytes,
});

/** The uploader (after auth.appToken): the app with the files service on and the token's user ('' = admin). */
export function uploaderOf(request: FastifyRequest): { target: AppRecord; owner: string } {
  const target = request.appRecord;
  requireFilesService(target);
  return { target, owner: request.token?.username ?? '' };
}

function requireFilesService(app: AppRecord): void {
  if (!serviceEnabled(app, 'files'))
    throw new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'service not open!');
}

/** Passes bytes through and keeps the first 16 (content sniffing). */
function headTap(out: { head: Uint8Array }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (out.head.length < 16) out.head = Buffer.concat([out.head, chunk]).subarray(0, 16);
      done(null, chunk);
    },
  });
}

export interface ReceivedFile {
  key: string;
  size: number;
  head: Uint8Array;
  filename: string;
  mimetype: string;
  fields: Record<string, string>;
}

/**
 * Streams the multipart part named `field` into the FileStore (at most `limit.bytes`; as a `part` of a
 * chunked upload or a whole object) and collects the small text fields around it (the SDK sends
 * `part_number` after the file). Keeps nothing on failure.
 */
export async function receiveFile(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: ServerContext,
  field: 'file' | 'part_file',
  limit: UploadLimit,
): Promise<ReceivedFile> {
  if (!request.isMultipart())
    throw uploadError(`a multipart/form-data body with a "${field}" part is required`);
  const refuse = () => {
    closeAfterReply(request, reply, ctx.limits.httpLingerMs);
    return uploadError(limit.refusal);
  };
  const declared = Number(request.headers['content-length']);
  if (limit.bytes <= 0 || declared > limit.bytes + MULTIPART_ENVELOPE_BYTES) throw refuse();
  const store = ctx.attachments.store;
  let received: Omit<ReceivedFile, 'fields'> | undefined;
  const fields: Record<string, string> = {};
  try {
    const parts = request.parts({
      limits: { fileSize: limit.bytes + 1, files: 1, fields: 8, fieldSize: 256, parts: 9 },
    });
    for await (const part of parts) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== field || received) {
        part.file.resume();
        continue;
      }
      const tap = { head: new Uint8Array(0) };
      // pipeline, not pipe: when the client aborts, multipart destroys `part.file` with an error, and
      // only pipeline carries it on to the tap and so to the store's write (which then closes its fd and
      // removes its `.tmp`); with pipe the tap waited for an end that never came, fd and file held for good.
      const source = pipeline(part.file, headTap(tap), () => undefined);
      const written = await store.write(source, limit.bytes, field === 'part_file' ? 'part' : 'object');
      received = {
        ...written,
        head: tap.head,
        filename: (part.filename || '').slice(0, 255),
        mimetype: part.mimetype,
      };
    }
  } catch (err) {
    if (received) await store.remove(received.key).catch(() => undefined);
    const tooLarge =
      err instanceof FileTooLargeError ||
      (err as { code?: string } | null)?.code === 'FST_REQ_FILE_TOO_LARGE';
    if (tooLarge) throw refuse();
    if (err instanceof ConfabError) throw err;
    ctx.logger.warn({ err }, 'attachment upload failed');
    throw uploadError('the upload could not be read');
  }
  if (!received) throw uploadError(`a multipart "${field}" part is required`);
  if (received.size === 0) {
    await store.remove(received.key).catch(() => undefined);
    throw uploadError('fileSize must be greater than 0');
  }
  return { ...received, fields };
}
