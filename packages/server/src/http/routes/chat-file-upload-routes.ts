// Upload in one request: POST /{org}/{app}/chatfiles (multipart `file`), by any valid token of the app.
// The record (uuid, share secret, expiry) is made in domain/files/upload-file.ts.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { recordUpload, type StoredUpload } from '../../domain/files/upload-file.js';
import { uploadLimit } from '../../domain/files/upload-quota.js';
import type { ChatFileRecord } from '../../domain/ports/chat-files.js';
import type { AppRecord } from '../../domain/ports/storage.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import type { AppParams } from './app-resolver.js';
import { receiveFile, storageQuota, uploaderOf } from './chat-file-receive.js';

export type UploadQuery = Record<string, string | undefined>;

const chatFileEntity = (f: ChatFileRecord) => ({
  uuid: f.uuid,
  type: 'chatfile',
  'share-secret': f.secret,
  'file-metadata': { 'content-type': f.contentType, 'content-length': f.size },
});

/** Records stored bytes and answers the upload envelope (one-request and chunked uploads alike). */
export async function answerUpload(
  ctx: ServerContext,
  baseUrl: string,
  target: AppRecord,
  owner: string,
  query: UploadQuery,
  stored: StoredUpload,
): Promise<Record<string, unknown>> {
  const deps = {
    files: ctx.storage.files,
    store: ctx.attachments.store,
    clock: ctx.clock,
    holder: ctx.nodeId,
    quota: storageQuota(ctx),
  };
  const where = { chatType: query['chat-type'], chatTarget: query['chat-target'] };
  const file = await recordUpload(deps, target, owner, where, stored);
  return envelope(target, 'post', '/chatfiles', baseUrl, { entities: [chatFileEntity(file)] });
}

export function chatFileUploadRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  app.post<{ Params: AppParams; Querystring: UploadQuery }>(
    '/:org/:app/chatfiles',
    { preHandler: auth.appToken },
    async (request, reply) => {
      const { target, owner } = uploaderOf(request);
      const limit = await uploadLimit(ctx.storage.files, target, owner, storageQuota(ctx), ctx.clock.now());
      const stored = await receiveFile(request, reply, ctx, 'file', limit);
      return answerUpload(ctx, baseUrl(), target, owner, request.query, stored);
    },
  );
}
