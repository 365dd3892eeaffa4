// Reactions (agora-rest-api.md §1.4 #48–51 and §3 "Reactions"): the SDK's and the app server's calls are
// the same paths, the user's token or the app admin's. POST …/reaction/user/{me} {msgId, message};
// DELETE the same path ?msgId&message; GET it ?msgIdList=a,b&msgType&groupId; GET …/detail
// ?msgId&message&currentPage|cursor&pageSize|limit (the SDK sends the first names, Agora's docs the
// second: both are read). Answers carry `requestStatusCode: "ok"` and `data`. Rules: domain/reactions.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import {
  addReaction,
  deleteReaction,
  listReactions,
  reactionDetail,
  type ReactionDeps,
} from '../../domain/reactions/reactions.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { decodeOffset, encodeOffset, messageId, pageSize, present } from '../params.js';
import type { MeParams } from './app-resolver.js';

interface ReactionBody {
  msgId?: unknown;
  message?: unknown;
}

interface ListQuery {
  msgIdList?: string | string[];
  msgType?: string;
  groupId?: string;
}

interface DetailQuery {
  msgId?: string;
  message?: string;
  currentPage?: string;
  cursor?: string;
  pageSize?: string;
  limit?: string;
}

/** Detail page size when the call names none (the SDK's default). */
const DEFAULT_DETAIL_PAGE = 20;

/** `a,b` (the SDK joins an array with commas, T4) or a repeated parameter. */
function idList(raw: string | string[] | undefined): bigint[] {
  const parts = (Array.isArray(raw) ? raw : [raw ?? ''])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => present(v) !== undefined);
  return parts.map((v) => messageId(v));
}

export function reactionRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const self = { preHandler: auth.adminOrSelf('me') };
  const deps: ReactionDeps = {
    storage: ctx.storage,
    bus: ctx.bus,
    ids: ctx.ids,
    logger: ctx.logger,
    clock: ctx.clock,
    limits: ctx.limits,
  };
  const ok = (data: unknown) => ({ requestStatusCode: 'ok', data });

  app.post<{ Params: MeParams; Body: ReactionBody | undefined }>(
    '/:org/:app/reaction/user/:me',
    self,
    async (request) => {
      const { appRecord: target, me } = request;
      const body = request.body ?? {};
      await addReaction(deps, target, me, messageId(body.msgId), body.message);
      return envelope(target, 'post', `/reaction/user/${me}`, baseUrl(), ok({}));
    },
  );

  app.delete<{ Params: MeParams; Querystring: ReactionBody }>(
    '/:org/:app/reaction/user/:me',
    self,
    async (request) => {
      const { appRecord: target, me } = request;
      const q = request.query;
      await deleteReaction(deps, target, me, messageId(q.msgId), q.message);
      return envelope(target, 'delete', `/reaction/user/${me}`, baseUrl(), ok({}));
    },
  );

  app.get<{ Params: MeParams; Querystring: ListQuery }>(
    '/:org/:app/reaction/user/:me',
    self,
    async (request) => {
      const { appRecord: target, me } = request;
      const data = await listReactions(deps, target, me, idList(request.query.msgIdList));
      return envelope(target, 'get', `/reaction/user/${me}`, baseUrl(), ok(data));
    },
  );

  app.get<{ Params: MeParams; Querystring: DetailQuery }>(
    '/:org/:app/reaction/user/:me/detail',
    self,
    async (request) => {
      const { appRecord: target, me } = request;
      const q = request.query;
      const size = pageSize(q.pageSize ?? q.limit, DEFAULT_DETAIL_PAGE, ctx.limits.reactionDetailMaxPage);
      const offset = decodeOffset(present(q.currentPage) ?? q.cursor);
      const { detail, nextOffset } = await reactionDetail(deps, target, me, messageId(q.msgId), q.message, {
        offset,
        size,
      });
      const cursor = nextOffset === undefined ? '' : encodeOffset(nextOffset);
      return envelope(target, 'get', `/reaction/user/${me}/detail`, baseUrl(), ok({ ...detail, cursor }));
    },
  );
}
