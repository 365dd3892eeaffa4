// Chunked upload under /{org}/{app}/sdk/chatfiles/part-upload: init (POST), one part (PUT, multipart
// `part_file` + `part_number`), complete (POST …/{uuid}) and abort (DELETE …/{uuid}). The parts are
// kept by ctx.attachments.parts; init failing makes the SDK upload in one request instead.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { PART_SIZE, type PartUploads } from '../../domain/files/part-uploads.js';
import { sizeLimit, uploadLimit } from '../../domain/files/upload-quota.js';
import { FileTooLargeError } from '../../domain/ports/chat-files.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import type { AppParams } from './app-resolver.js';
import { receiveFile, storageQuota, uploadError, uploaderOf } from './chat-file-receive.js';
import { answerUpload, type UploadQuery } from './chat-file-upload-routes.js';

type PartParams = AppParams & { uuid: string };

const PART_URL = '/:org/:app/sdk/chatfiles/part-upload';

export function chatFilePartRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const parts = ctx.attachments.parts;
  const uploader = { preHandler: auth.appToken };

  app.post<{ Params: AppParams }>(PART_URL, uploader, async (request) => {
    const { target, owner } = uploaderOf(request);
    if (!ctx.attachments.chunkedUploads) throw uploadError('chunked upload is not offered here');
    // The SDK gives up (101) on a file larger than the `file_upper_limit` answered here: the size limit,
    // or what is left of the quota.
    const now = ctx.clock.now();
    const limit = await uploadLimit(ctx.storage.files, target, owner, storageQuota(ctx), now);
    if (limit.bytes <= 0) throw uploadError(limit.refusal);
    const upload = await parts.open(target.id, owner, limit.bytes, now);
    if (!upload) throw uploadError('too many chunked uploads in progress');
    return envelope(target, 'post', '/sdk/chatfiles/part-upload', baseUrl(), {
      entities: [{ uuid: upload.uuid, file_upper_limit: upload.maxBytes, part_lower_limit: PART_SIZE }],
    });
  });

  /** The caller's upload in progress named by the URL. */
  const uploadOf = (request: FastifyRequest<{ Params: PartParams }>) => {
    const { target, owner } = uploaderOf(request);
    const upload = parts.get(target.id, request.params.uuid, owner);
    if (!upload) throw uploadError('no such chunked upload');
    return { target, owner, upload };
  };

  app.put<{ Params: PartParams }>(`${PART_URL}/:uuid`, uploader, async (request, reply) => {
    const { target, upload } = uploadOf(request);
    const part = await receiveFile(request, reply, ctx, 'part_file', sizeLimit(upload.maxBytes));
    const n = Number(part.fields['part_number']);
    if (!(await parts.addPart(upload, n, part)))
      throw uploadError('bad part_number, or the parts exceed the file size limit');
    return envelope(target, 'put', `/sdk/chatfiles/part-upload/${upload.uuid}`, baseUrl(), {
      entities: [{ uuid: upload.uuid, part_number: n }],
    });
  });

  app.post<{ Params: PartParams; Querystring: UploadQuery }>(
    `${PART_URL}/:uuid`,
    uploader,
    async (request) => {
      const { target, owner, upload } = uploadOf(request);
      let stored: Awaited<ReturnType<PartUploads['complete']>>;
      try {
        stored = await parts.complete(upload);
      } catch (err) {
        throw err instanceof FileTooLargeError
          ? uploadError(`file size exceeds the limit of ${upload.maxBytes} bytes`)
          : uploadError('the parts of this upload are incomplete');
      }
      return answerUpload(ctx, baseUrl(), target, owner, request.query, {
        ...stored,
        filename: '',
        mimetype: undefined,
      });
    },
  );

  app.delete<{ Params: PartParams }>(`${PART_URL}/:uuid`, uploader, async (request) => {
    const { target, upload } = uploadOf(request);
    await parts.abort(upload);
    return envelope(target, 'delete', `/sdk/chatfiles/part-upload/${upload.uuid}`, baseUrl(), {});
  });
}
