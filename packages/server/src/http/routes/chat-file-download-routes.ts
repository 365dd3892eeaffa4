// Download: GET /{org}/{app}/chatfiles/{uuid} for the conversation's members or whoever has the share
// secret (`thumbnail=true`: a 170×170 thumbnail of a PNG/JPEG from ctx.attachments.thumbnails). Status
// codes are the ones the official SDK's download path maps: 403 "chatfile no permission" → 222, 404
// `file_expired` → 223, any other 404 → 200.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerContext } from '../../context.js';
import { downloadAccess, servedAs } from '../../domain/files/chat-file-access.js';
import { thumbnailKey } from '../../domain/ports/chat-files.js';
import type { RestAuth } from '../auth.js';
import type { AppParams } from './app-resolver.js';

type FileParams = AppParams & { uuid: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The download error bodies the SDK's download path reads (`error`, `error_description`). */
function downloadFailure(reply: FastifyReply, status: number, error: string, description: string) {
  return reply
    .code(status)
    .send({ error, timestamp: Date.now(), duration: 0, error_description: description });
}

export function chatFileDownloadRoutes(app: FastifyInstance, ctx: ServerContext, auth: RestAuth): void {
  app.get<{ Params: FileParams; Querystring: Record<string, string | undefined> }>(
    '/:org/:app/chatfiles/:uuid',
    { preHandler: auth.anyone },
    async (request, reply) => {
      const target = request.appRecord;
      const user = request.token === undefined ? undefined : (request.token.username ?? '');
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
      const served = servedAs(f);
      const security = (r: FastifyReply) =>
        r
          .header('content-disposition', served.disposition)
          .header('cache-control', 'private, max-age=86400')
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "sandbox; default-src 'none'");
      // thumbnail=true: PNG/JPEG get a real thumbnail; other files, small images and images that cannot
      // be decoded (or are too big to) are their own thumbnail (docs/protocol.md).
      if (request.query['thumbnail'] === 'true') {
        const thumb = await ctx.attachments.thumbnails.thumbnailOf(f).catch((err: unknown) => {
          ctx.logger.warn({ err, uuid: f.uuid }, 'thumbnail unavailable');
          return undefined;
        });
        if (thumb)
          return security(reply)
            .header('content-type', thumb.contentType)
            .header('content-length', thumb.bytes.length)
            .send(Buffer.from(thumb.bytes.buffer, thumb.bytes.byteOffset, thumb.bytes.length));
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
        .header('content-type', served.contentType)
        .header('content-length', f.size)
        .send(body);
    },
  );
}
