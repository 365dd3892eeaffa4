// Presence (REST spec §1.4 #54–58, §3): publish POST /users/{u}/presence/{resource}/{status} {ext},
// subscribe POST /users/{u}/presence/{expiry} {usernames}, status POST /users/{u}/presence {usernames},
// unsubscribe DELETE /users/{u}/presence with a bare JSON array, and the subscription list GET
// /users/{u}/presence/sublist?pageNum&pageSize. Answers carry a top-level `result` and no envelope. An app
// without the presence service answers 400 {result: "the app not open presence"} (the SDK's 505).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { serviceEnabled } from '../../domain/apps/app-settings.js';
import {
  presenceStatus,
  presenceUsers,
  publishPresence,
  subscribePresence,
  subscribedPresenceList,
  unsubscribePresence,
} from '../../domain/presence/presence-calls.js';
import { MAX_PRESENCE_PAGE } from '../../domain/presence/presence-limits.js';
import type { RestAuth } from '../auth.js';
import { badRequest, pageSize, present } from '../params.js';
import type { AppParams } from './app-resolver.js';

interface UserParams extends AppParams {
  username: string;
}

interface UsersBody {
  usernames?: unknown;
  ext?: unknown;
}

const NOT_OPEN = 'the app not open presence';

export function presenceRoutes(app: FastifyInstance, ctx: ServerContext, auth: RestAuth): void {
  const self = auth.adminOrSelf('username');
  /** adminOrSelf, then the app's presence service (off → 400 with the text the SDK maps to 505). */
  const preHandler = [
    self,
    async (request: FastifyRequest, reply: FastifyReply) => {
      if (serviceEnabled(request.appRecord, 'presence')) return;
      await reply.code(400).send({
        result: NOT_OPEN,
        error: 'service_not_open',
        error_description: NOT_OPEN,
        timestamp: Date.now(),
        duration: 0,
      });
    },
  ];

  app.post<{ Params: UserParams & { resource: string; status: string }; Body: UsersBody | undefined }>(
    '/:org/:app/users/:username/presence/:resource/:status',
    { preHandler },
    async (request) => {
      await publishPresence(ctx, request.appRecord.id, request.me, request.body?.ext);
      return { result: 'ok' };
    },
  );

  app.post<{ Params: UserParams & { expiry: string }; Body: UsersBody | undefined }>(
    '/:org/:app/users/:username/presence/:expiry',
    { preHandler },
    async (request) => {
      const expiry = Number(request.params.expiry);
      const users = presenceUsers(request.body?.usernames);
      return { result: await subscribePresence(ctx, request.appRecord.id, request.me, users, expiry) };
    },
  );

  app.post<{ Params: UserParams; Body: UsersBody | undefined }>(
    '/:org/:app/users/:username/presence',
    { preHandler },
    async (request) => {
      const users = presenceUsers(request.body?.usernames);
      return { result: await presenceStatus(ctx, request.appRecord.id, request.me, users) };
    },
  );

  app.delete<{ Params: UserParams; Body: unknown }>(
    '/:org/:app/users/:username/presence',
    { preHandler },
    async (request) => {
      // The SDK sends the bare array; `{usernames}` is accepted too.
      const body = request.body;
      const raw = Array.isArray(body) ? body : (body as UsersBody | undefined)?.usernames;
      await unsubscribePresence(ctx, request.appRecord.id, request.me, presenceUsers(raw));
      return { result: 'ok' };
    },
  );

  app.get<{ Params: UserParams; Querystring: { pageNum?: string; pageSize?: string } }>(
    '/:org/:app/users/:username/presence/sublist',
    { preHandler },
    async (request) => {
      const raw = present(request.query.pageNum);
      const pageNum = raw === undefined ? 1 : Number(raw);
      if (!Number.isInteger(pageNum) || pageNum < 0) throw badRequest('pageNum must be an integer ≥ 0');
      const size = pageSize(request.query.pageSize, 20, MAX_PRESENCE_PAGE);
      return {
        result: await subscribedPresenceList(ctx, request.appRecord.id, request.me, pageNum, size),
      };
    },
  );
}
