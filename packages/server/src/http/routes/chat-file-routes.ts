// Attachments (REST §1.1 #6–#11): upload POST /{org}/{app}/chatfiles (multipart `file`, streamed to the
// FileStore under a server-generated key, the app's maxAttachmentBytes enforced while streaming),
// chunked upload under /{org}/{app}/sdk/chatfiles/part-upload, and download GET /{org}/{app}/chatfiles/{uuid}
// for the conversation's members or whoever has the share secret (`thumbnail=true`: a 170×170 thumbnail of
// a PNG/JPEG, made once in a worker thread and stored next to the original). Status codes are the ones the
// official SDK maps: upload 400 (error_code 14403) → 101; download 403 "chatfile no permission" → 222,
// 404 `file_expired` → 223, any other 404 → 200.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform } from 'node:stream';
import multipart from '@fastify/multipart';
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { appSettings, serviceEnabled } from '../../domain/apps/app-settings.js';
import { requireAppToken } from '../../domain/auth/admin-auth.js';
import { checkLiveToken } from '../../domain/auth/tokens.js';
import {
  contentTypeOf,
  dispositionOf,
  downloadAccess,
  newShareSecret,
  uploadTarget,
} from '../../domain/files/chat-file-access.js';
import { PART_SIZE, PartUploads } from '../../domain/files/part-uploads.js';
import { FileTooLargeError, thumbnailKey, type ChatFileRecord } from '../../domain/ports/chat-files.js';
import type { AppRecord } from '../../domain/ports/storage.js';
import { Thumbnailer } from '../../adapters/files/thumbnailer.js';
import { envelope } from '../agora-envelope.js';
import { bearer, resolveApp, type AppParams } from './app-resolver.js';

type Query = Record<string, string | undefined>;
type FileParams = AppParams & { uuid: string };

/** What is read past an oversized file before the answer goes out (so the client sees it), at most. */
const DISCARD_CAP = 64 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const uploadError = (message: string) =>
  new ConfabError(ErrorCode.WEBIM_UPLOADFILE_ERROR, message, { error: 'illegal_argument' });

function requireFilesService(app: AppRecord): void {
  if (!serviceEnabled(app, 'files'))
    throw new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'service not open!', { error: 'forbidden_op' });
}

/** The download error bodies the SDK's download path reads (`error`, `error_description`). */
function downloadFailure(reply: FastifyReply, status: number, error: string, description: string) {
  return reply
    .code(status)
    .send({ error, timestamp: Date.now(), duration: 0, error_description: description });
}

/** Reads and drops the rest of a request body so the client gets the answer; gives up past `cap`. */
function discardBody(raw: IncomingMessage, cap: number): Promise<void> {
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

interface ReceivedFile {
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
async function receiveFile(
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
      const written = await store.write(part.file.pipe(headTap(tap)), maxBytes);
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

const chatFileEntity = (f: ChatFileRecord) => ({
  uuid: f.uuid,
  type: 'chatfile',
  'share-secret': f.secret,
  'file-metadata': { 'content-type': f.contentType, 'content-length': f.size },
});

export function chatFileRoutes(app: FastifyInstance, ctx: ServerContext, baseUrl: () => string) {
  const partUploads = new PartUploads(ctx.attachments.store);
  const thumbnails = new Thumbnailer(ctx.attachments.store, ctx.logger);
  app.addHook('onClose', () => thumbnails.close());

  async function uploader(request: FastifyRequest<{ Params: AppParams }>) {
    const target = await resolveApp(ctx, request.params);
    const token = await requireAppToken(
      ctx.storage,
      ctx.clock,
      target,
      bearer(request.headers.authorization),
    );
    requireFilesService(target);
    return { target, owner: token.username ?? '', settings: appSettings(target) };
  }

  /** Saves the metadata of stored bytes and answers the upload envelope. */
  async function record(
    target: AppRecord,
    owner: string,
    query: Query,
    stored: { key: string; size: number; head: Uint8Array; filename: string; mimetype: string | undefined },
  ) {
    const now = ctx.clock.now();
    const file: ChatFileRecord = {
      uuid: randomUUID(),
      appId: target.id,
      owner,
      ...uploadTarget(query['chat-type'], query['chat-target']),
      secret: newShareSecret(),
      filename: stored.filename,
      contentType: contentTypeOf(stored.mimetype, stored.head),
      size: stored.size,
      storageKey: stored.key,
      createdAt: now,
      expiresAt: now + appSettings(target).attachmentTtlSeconds * 1000,
    };
    try {
      await ctx.storage.files.save(file);
    } catch (err) {
      await ctx.attachments.store.remove(stored.key).catch(() => undefined);
      throw err;
    }
    return envelope(target, 'post', '/chatfiles', baseUrl(), { entities: [chatFileEntity(file)] });
  }

  return app.register(async (scope) => {
    await scope.register(multipart);
    // The SDK's chunked-upload init and complete POST no body with `Content-Type: application/json`;
    // nothing here reads a JSON body, so it is skipped rather than refused as unreadable.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', (_request, payload, done) => {
      payload.resume();
      payload.once('end', () => done(null, undefined));
      payload.once('error', (err) => done(err, undefined));
    });

    scope.post<{ Params: AppParams; Querystring: Query }>('/:org/:app/chatfiles', async (request) => {
      const { target, owner, settings } = await uploader(request);
      const stored = await receiveFile(request, ctx, 'file', settings.maxAttachmentBytes);
      return record(target, owner, request.query, stored);
    });

    scope.get<{ Params: FileParams; Querystring: Query }>(
      '/:org/:app/chatfiles/:uuid',
      async (request, reply) => {
        const target = await resolveApp(ctx, request.params);
        let user: string | undefined;
        const token = bearer(request.headers.authorization);
        // The official utils.download sends "Bearer undefined" without a session: not an error, just anonymous.
        if (token) {
          const check = await checkLiveToken(ctx.storage, ctx.clock, target, token);
          if (check.ok) user = check.token.username ?? '';
        }
        const header = request.headers['share-secret'];
        const secret =
          (typeof header === 'string' && header !== '' ? header : undefined) ?? request.query['share-secret'];
        const { uuid } = request.params;
        const file = UUID.test(uuid) ? await ctx.storage.files.find(target.id, uuid) : undefined;
        const decision = downloadAccess(file, { user, secret }, ctx.clock.now());
        if (!decision.ok) {
          if (decision.reason === 'no-permission')
            return downloadFailure(reply, 403, 'forbidden_op', 'chatfile no permission');
          if (decision.reason === 'expired') {
            // The bytes of an expired file are not needed any more; its record keeps answering 223.
            await ctx.attachments.store.remove(file!.storageKey).catch(() => undefined);
            await ctx.attachments.store.remove(thumbnailKey(file!.storageKey)).catch(() => undefined);
            return downloadFailure(reply, 404, 'file_expired', 'file expired');
          }
          return downloadFailure(reply, 404, 'service_resource_not_found', 'file not found');
        }
        // Video first frames are not generated (no media toolkit): the client shows its placeholder.
        if (request.query['vframe'] === 'true')
          return downloadFailure(reply, 404, 'service_resource_not_found', 'video frame not available');
        const f = decision.file;
        const security = (r: FastifyReply) =>
          r
            .header('content-disposition', dispositionOf(f.filename))
            .header('cache-control', 'private, max-age=86400')
            .header('x-content-type-options', 'nosniff')
            .header('content-security-policy', "sandbox; default-src 'none'");
        // thumbnail=true: PNG/JPEG get a real thumbnail; other files, small images and images that cannot
        // be decoded (or are too big to) are their own thumbnail (docs/protocol.md).
        if (request.query['thumbnail'] === 'true') {
          const thumb = await thumbnails.thumbnailOf(f).catch((err: unknown) => {
            ctx.logger.warn({ err, uuid: f.uuid }, 'thumbnail unavailable');
            return undefined;
          });
          if (thumb)
            return security(reply)
              .header('content-type', thumb.contentType)
              .header('content-length', thumb.bytes.length)
              .send(thumb.bytes);
        }
        const body = ctx.attachments.store.read(f.storageKey);
        try {
          await new Promise<void>((resolve, reject) => {
            body.once('open', () => resolve());
            body.once('readable', () => resolve());
            body.once('error', reject);
          });
        } catch (err) {
          ctx.logger.warn({ err, uuid: f.uuid }, 'attachment bytes missing');
          return downloadFailure(reply, 404, 'service_resource_not_found', 'file not found');
        } finally {
          body.removeAllListeners('readable');
        }
        return security(reply)
          .header('content-type', f.contentType)
          .header('content-length', f.size)
          .send(body);
      },
    );

    // Chunked upload. Init failing makes the SDK upload in one request instead.
    const partUrl = '/:org/:app/sdk/chatfiles/part-upload';
    scope.post<{ Params: AppParams }>(partUrl, async (request) => {
      const { target, owner, settings } = await uploader(request);
      if (!ctx.attachments.chunkedUploads) throw uploadError('chunked upload is not offered here');
      const session = await partUploads.open(target.id, owner, settings.maxAttachmentBytes, ctx.clock.now());
      if (!session) throw uploadError('too many chunked uploads in progress');
      return envelope(target, 'post', '/sdk/chatfiles/part-upload', baseUrl(), {
        entities: [{ uuid: session.uuid, file_upper_limit: session.maxBytes, part_lower_limit: PART_SIZE }],
      });
    });

    const session = async (request: FastifyRequest<{ Params: FileParams }>) => {
      const { target, owner } = await uploader(request);
      const s = partUploads.get(target.id, request.params.uuid, owner);
      if (!s)
        throw new ConfabError(ErrorCode.WEBIM_UPLOADFILE_ERROR, 'no such chunked upload', {
          error: 'illegal_argument',
        });
      return { target, owner, s };
    };

    scope.put<{ Params: FileParams }>(`${partUrl}/:uuid`, async (request) => {
      const { target, s } = await session(request);
      const part = await receiveFile(request, ctx, 'part_file', s.maxBytes);
      const n = Number(part.fields['part_number']);
      if (!(await partUploads.addPart(s, n, part)))
        throw uploadError('bad part_number, or the parts exceed the file size limit');
      return envelope(target, 'put', `/sdk/chatfiles/part-upload/${s.uuid}`, baseUrl(), {
        entities: [{ uuid: s.uuid, part_number: n }],
      });
    });

    scope.post<{ Params: FileParams; Querystring: Query }>(`${partUrl}/:uuid`, async (request) => {
      const { target, owner, s } = await session(request);
      let stored: Awaited<ReturnType<PartUploads['complete']>>;
      try {
        stored = await partUploads.complete(s);
      } catch (err) {
        throw err instanceof FileTooLargeError
          ? uploadError(`file size exceeds the limit of ${s.maxBytes} bytes`)
          : uploadError('the parts of this upload are incomplete');
      }
      return record(target, owner, request.query, { ...stored, filename: '', mimetype: undefined });
    });

    scope.delete<{ Params: FileParams }>(`${partUrl}/:uuid`, async (request) => {
      const { target, s } = await session(request);
      await partUploads.abort(s);
      return envelope(target, 'delete', `/sdk/chatfiles/part-upload/${s.uuid}`, baseUrl(), {});
    });
  });
}
