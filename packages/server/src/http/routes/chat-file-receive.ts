// Receiving an attachment's bytes: the multipart part is streamed into the FileStore (at most the app's
// limit, enforced while streaming) with its first bytes kept for content sniffing. Status codes are the
// ones the official SDK maps: 400 with error_code 14403 → 101 (WEBIM_UPLOADFILE_ERROR).
import type { IncomingMessage } from 'node:http';
import { pipeline, Transform } from 'node:stream';
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { appSettings, serviceEnabled, type ResolvedAppSettings } from '../../domain/apps/app-settings.js';
import { FileTooLargeError } from '../../domain/ports/chat-files.js';
import type { AppRecord } from '../../domain/ports/storage.js';

/** What is read past an oversized file before the answer goes out (so the client sees it), at most. */
export const DISCARD_CAP = 64 * 1024 * 1024;

export const uploadError = (message: string) => new ConfabError(ErrorCode.WEBIM_UPLOADFILE_ERROR, message);

/** The uploader (after auth.appToken): the app with the files service on, the token's user, the settings. */
export function uploaderOf(request: FastifyRequest): {
  target: AppRecord;
  owner: string;
  settings: ResolvedAppSettings;
} {
  const target = request.appRecord;
  requireFilesService(target);
  return { target, owner: request.token?.username ?? '', settings: appSettings(target) };
}

function requireFilesService(app: AppRecord): void {
  if (!serviceEnabled(app, 'files'))
    throw new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'service not open!');
}

/** Reads and drops the rest of a request body so the client gets the answer; gives up past `cap`. */
export function discardBody(raw: IncomingMessage, cap: number): Promise<void> {
  return new Promise((resolve) => {
    if (raw.readableEnded || raw.destroyed) return resolve();
    let seen = 0;
    raw.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > cap) {
        raw.destroy();
        resolve();
      }
    });
    raw.once('end', () => resolve());
    raw.once('close', () => resolve());
    raw.once('error', () => resolve());
    raw.resume();
  });
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
 * Streams the multipart part named `field` into the FileStore (at most `maxBytes`) and collects the
 * small text fields around it (the SDK sends `part_number` after the file). Keeps nothing on failure.
 */
export async function receiveFile(
  request: FastifyRequest,
  ctx: ServerContext,
  field: string,
  maxBytes: number,
): Promise<ReceivedFile> {
  if (!request.isMultipart())
    throw uploadError(`a multipart/form-data body with a "${field}" part is required`);
  const store = ctx.attachments.store;
  let received: Omit<ReceivedFile, 'fields'> | undefined;
  const fields: Record<string, string> = {};
  try {
    const parts = request.parts({
      limits: { fileSize: maxBytes + 1, files: 1, fields: 8, fieldSize: 256, parts: 9 },
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
      const written = await store.write(source, maxBytes);
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
    if (tooLarge) {
      await discardBody(request.raw, DISCARD_CAP);
      throw uploadError(`file size exceeds the limit of ${maxBytes} bytes`);
    }
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
