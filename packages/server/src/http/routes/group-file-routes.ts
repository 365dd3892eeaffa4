// Files shared in a group (REST §1.5 #106–#109; §3 "shared files"): POST …/chatgroups/{id}/share_files
// (multipart `file`), GET it (a page: pagenum, pagesize), GET / DELETE …/share_files/{fileId}. In a scope
// of their own with multipart parsing. Uploads fail the official way (HTTP 400 error_code 14403 → 101: the
// SDK's upload takes any other status for a success); downloads answer as chat-file downloads do (403
// "chatfile no permission" → 222 for a non-member). Files are for members only (the SDK uploads with
// `restrict-access: true`), so a `share-secret` header grants nothing. Rules in domain/mucs/shared-files.ts.
import multipart from '@fastify/multipart';
import { ErrorCode, isConfabError } from '@confab/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServerContext } from '../../context.js';
import { servedAs } from '../../domain/files/chat-file-access.js';
import type { Access } from '../../domain/mucs/muc-access.js';
import {
  checkUploader,
  deleteSharedFile,
  listSharedFiles,
  recordSharedFile,
  sharedFileToDownload,
} from '../../domain/mucs/shared-files.js';
import type { MucSharedFile } from '../../domain/ports/muc-lists.js';
import type { RestAuth } from '../auth.js';
import { pageSize } from '../params.js';
import { sizeLimit } from '../../domain/files/upload-quota.js';
import { closeAfterReply } from '../close-after-reply.js';
import { receiveFile, uploadError } from './chat-file-receive.js';
import {
  actorOf,
  answer,
  groupApp,
  listDeps,
  type GroupParams,
  type ResourceQuery,
  GROUP_SURFACE,
  type MucSurface,
} from './group-list-common.js';

type FileParams = GroupParams & { fileId: string };

/** Agora: pages of up to 1000 files, 1000 when `pagesize` is not given (the SDK sends 10). */
const FILE_PAGE_MAX = 1000;
/** pagenum: from 1. */
const FIRST_PAGE = 1;

function downloadFailure(reply: FastifyReply, status: number, error: string, description: string) {
  return reply
    .code(status)
    .send({ error, timestamp: Date.now(), duration: 0, error_description: description });
}

export function groupFileRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
  surface: MucSurface = GROUP_SURFACE,
) {
  const deps = { ...listDeps(ctx, surface), store: ctx.attachments.store };
  const filePath = (groupId: string) => `/${surface.segment}/${groupId}/share_files`;
  const fileUrl = (org: string, name: string, f: MucSharedFile) =>
    `${baseUrl()}/${org}/${name}${filePath(f.mucId)}/${f.fileId}`;

  return app.register(async (scope) => {
    await scope.register(multipart);

    scope.post<{ Params: GroupParams; Querystring: ResourceQuery }>(
      `/:org/:app/${surface.segment}/:groupId/share_files`,
      { preHandler: auth.appToken },
      async (request, reply) => {
        const target = groupApp(request, surface);
        const { groupId } = request.params;
        const actor = actorOf(request);
        let a: Access;
        try {
          a = await checkUploader(deps, target.id, groupId, actor);
        } catch (err) {
          // Refused before a byte is kept; the connection closes after the answer (the body is not read).
          closeAfterReply(request, reply, ctx.limits.httpLingerMs);
          throw isConfabError(err) ? uploadError(err.message) : err;
        }
        const stored = await receiveFile(
          request,
          reply,
          ctx,
          'file',
          sizeLimit(surface.sharedFileMaxBytes(ctx.limits)),
        );
        const f = await recordSharedFile(deps, a, actor, stored);
        return answer(request, baseUrl(), filePath(groupId), {
          data: {
            file_url: fileUrl(target.org, target.name, f),
            group_id: groupId,
            file_name: f.filename,
            created: f.createdAt,
            file_id: f.fileId,
            file_size: f.size,
          },
        });
      },
    );

    scope.get<{ Params: GroupParams; Querystring: { pagenum?: string; pagesize?: string } }>(
      `/:org/:app/${surface.segment}/:groupId/share_files`,
      { preHandler: auth.appToken },
      async (request) => {
        const { id } = groupApp(request, surface);
        const { groupId } = request.params;
        const size = pageSize(request.query.pagesize, FILE_PAGE_MAX, FILE_PAGE_MAX);
        const page = pageSize(request.query.pagenum, FIRST_PAGE, Number.MAX_SAFE_INTEGER);
        const offset = Math.min((page - 1) * size, Number.MAX_SAFE_INTEGER);
        const files = await listSharedFiles(deps, id, groupId, actorOf(request), offset, size);
        return answer(request, baseUrl(), filePath(groupId), {
          data: files.map((f) => ({
            file_id: f.fileId,
            file_name: f.filename,
            file_owner: f.owner,
            file_size: f.size,
            created: f.createdAt,
          })),
          count: files.length,
        });
      },
    );

    scope.get<{ Params: FileParams }>(
      `/:org/:app/${surface.segment}/:groupId/share_files/:fileId`,
      { preHandler: auth.appToken },
      async (request, reply) => {
        const { id } = groupApp(request, surface);
        const { groupId, fileId } = request.params;
        let file: MucSharedFile | undefined;
        try {
          file = await sharedFileToDownload(deps, id, groupId, actorOf(request), fileId);
        } catch (err) {
          if (
            isConfabError(err) &&
            (err.type === ErrorCode.GROUP_NOT_JOINED || err.type === ErrorCode.CHATROOM_NOT_JOINED)
          )
            return downloadFailure(reply, 403, 'forbidden_op', 'chatfile no permission');
          throw err;
        }
        if (!file) return downloadFailure(reply, 404, 'service_resource_not_found', 'file not found');
        const body = ctx.attachments.store.read(file.storageKey);
        try {
          await new Promise<void>((resolve, reject) => {
            body.once('open', () => resolve());
            body.once('readable', () => resolve());
            body.once('error', reject);
          });
        } catch (err) {
          ctx.logger.warn({ err, fileId }, 'group file bytes missing');
          return downloadFailure(reply, 404, 'service_resource_not_found', 'file not found');
        } finally {
          body.removeAllListeners('readable');
        }
        const served = servedAs(file);
        return reply
          .header('content-type', served.contentType)
          .header('content-disposition', served.disposition)
          .header('content-length', file.size)
          .header('cache-control', 'private, max-age=86400')
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "sandbox; default-src 'none'")
          .send(body);
      },
    );

    scope.delete<{ Params: FileParams; Querystring: ResourceQuery }>(
      `/:org/:app/${surface.segment}/:groupId/share_files/:fileId`,
      { preHandler: auth.appToken },
      async (request) => {
        const { id } = groupApp(request, surface);
        const { groupId, fileId } = request.params;
        await deleteSharedFile(deps, id, groupId, actorOf(request), fileId);
        return answer(request, baseUrl(), `${filePath(groupId)}/${fileId}`, {
          data: { group_id: groupId, file_id: fileId, result: true },
        });
      },
    );
  });
}
