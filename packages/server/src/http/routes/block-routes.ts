// A user's blocklist (REST spec §1.2 #25–#27, §3 "Blocklist"): the SDK's calls (list under
// /users/{me}/blocks/users, add and remove with a body under /sdk/user/{me}/blocks) and the app server's
// (add with a body, list with pages, remove one named in the path). Rules in domain/contacts/blocklist.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { blockPage, blockUsers, unblockUsers } from '../../domain/contacts/blocklist.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { present, strictPageSize } from '../params.js';
import type { MeParams } from './app-resolver.js';
import { contactDeps, usernamesOf } from './contact-route-kit.js';
import { commaList } from './group-route-kit.js';

interface UserParams extends MeParams {
  user: string;
}

/** Agora: pages of at most 50 with `pageSize`; without it, the whole list (at most `blocklistMax`). */
const PAGE_MAX = 50;

export function blockRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const deps = contactDeps(ctx);
  const self = { preHandler: auth.adminOrSelf('me') };
  const answer = (request: FastifyRequest, path: string, extra: Record<string, unknown>) =>
    envelope(request.appRecord, request.method.toLowerCase(), path, baseUrl(), extra);

  app.get<{ Params: MeParams; Querystring: { pageSize?: string; cursor?: string } }>(
    '/:org/:app/users/:me/blocks/users',
    self,
    async (request) => {
      const { me } = request;
      const q = request.query;
      const paged = present(q.pageSize) !== undefined;
      const limit = paged ? strictPageSize(q.pageSize, PAGE_MAX, PAGE_MAX) : ctx.limits.blocklistMax;
      const page = await blockPage(
        deps,
        request.appRecord.id,
        me,
        paged ? present(q.cursor) : undefined,
        limit,
      );
      return answer(request, `/users/${me}/blocks/users`, {
        data: page.users.map((u) => u.username),
        count: page.users.length,
        ...(paged ? { cursor: page.cursor } : {}),
      });
    },
  );

  for (const path of ['/users/:me/blocks/users', '/sdk/user/:me/blocks']) {
    app.post<{ Params: MeParams; Body: unknown }>(`/:org/:app${path}`, self, async (request) => {
      const users = await blockUsers(deps, request.appRecord.id, request.me, usernamesOf(request.body));
      return answer(request, path.replace(':me', request.me), { data: users });
    });
  }

  app.delete<{ Params: MeParams; Body: unknown }>('/:org/:app/sdk/user/:me/blocks', self, async (request) => {
    const users = await unblockUsers(deps, request.appRecord.id, request.me, usernamesOf(request.body));
    return answer(request, `/sdk/user/${request.me}/blocks`, { data: users });
  });

  app.delete<{ Params: UserParams }>('/:org/:app/users/:me/blocks/users/:user', self, async (request) => {
    const users = await unblockUsers(deps, request.appRecord.id, request.me, commaList(request.params.user));
    const path = `/users/${request.me}/blocks/users/${request.params.user}`;
    return answer(request, path, {
      data: users,
      entities: users.map((username) => ({ username, type: 'user' })),
    });
  });
}
