// Group block and allow lists (REST §1.5 #93–#96, #99–#102; §3 "Blocklist", "Allowlist"):
// …/chatgroups/{id}/blocks/users[/{u[,u2]}] and …/white/users[/{u[,u2]}]. A call naming one user in its
// path answers one object (and an error when nothing changed for that user); a batch answers an array
// with each user's result and reason. Rules in domain/mucs/block-list.ts and allow-list.ts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import {
  addToAllowList,
  allowList,
  isAllowListed,
  removeFromAllowList,
  type ListOutcome,
} from '../../domain/mucs/allow-list.js';
import { blockList, blockMembers, unblockMembers } from '../../domain/mucs/block-list.js';
import type { MucActor } from '../../domain/mucs/muc-access.js';
import type { MucListDeps } from '../../domain/mucs/muc-list-rules.js';
import type { RestAuth } from '../auth.js';
import { decodeOffset, encodeOffset, pageSize, present } from '../params.js';
import {
  actorOf,
  answer,
  groupApp,
  LIST_ANSWER_MAX,
  listDeps,
  usersInBody,
  usersInPath,
  type GroupParams,
  type GroupUsersParams,
  type ResourceQuery,
  GROUP_SURFACE,
  type MucSurface,
} from './group-list-common.js';

/** Agora: without `pageSize` the block list answers its newest 500; with it, pages of at most 50. */
const BLOCK_LIST_WHOLE = 500;
const BLOCK_LIST_PAGE_MAX = 50;

type BatchCall = (
  deps: MucListDeps,
  batchMax: number,
  appId: number,
  groupId: string,
  actor: MucActor,
  usernames: readonly string[],
) => Promise<ListOutcome[]>;

const wire = (groupId: string, action: string, idKey: MucSurface['idKey']) => (o: ListOutcome) => ({
  result: o.result,
  action,
  ...(o.reason === undefined ? {} : { reason: o.reason }),
  user: o.user,
  [idKey]: groupId,
});

export function groupAllowBlockRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
  surface: MucSurface = GROUP_SURFACE,
): void {
  const deps = listDeps(ctx, surface);
  const token = { preHandler: auth.appToken };

  /** Runs a batch call; a path naming one user answers that user's object, or its error. */
  const run = async (
    request: FastifyRequest<{ Params: GroupParams }>,
    call: BatchCall,
    users: string[],
    single: boolean,
    action: string,
    path: string,
  ) => {
    const { id } = groupApp(request, surface);
    const { groupId } = request.params;
    const outcomes = await call(deps, surface.bulkMax(ctx.limits), id, groupId, actorOf(request), users);
    const data = outcomes.map(wire(groupId, action, surface.idKey));
    if (single && outcomes.length === 1) {
      if (outcomes[0]!.error) throw outcomes[0]!.error;
      return answer(request, baseUrl(), path, { data: data[0] });
    }
    return answer(request, baseUrl(), path, { data });
  };

  for (const [segment, add, remove, addAction, removeAction] of [
    ['blocks', blockMembers, unblockMembers, 'add_blocks', 'remove_blocks'],
    ['white', addToAllowList, removeFromAllowList, 'add_user_whitelist', 'remove_user_whitelist'],
  ] as const) {
    app.post<{ Params: GroupParams; Querystring: ResourceQuery; Body: unknown }>(
      `/:org/:app/${surface.segment}/:groupId/${segment}/users`,
      token,
      (request) =>
        run(
          request,
          add,
          usersInBody(request.body),
          false,
          addAction,
          `/${surface.segment}/${request.params.groupId}/${segment}/users`,
        ),
    );
    app.post<{ Params: GroupUsersParams; Querystring: ResourceQuery }>(
      `/:org/:app/${surface.segment}/:groupId/${segment}/users/:users`,
      token,
      (request) => {
        const users = usersInPath(request.params.users);
        const path = `/${surface.segment}/${request.params.groupId}/${segment}/users/${request.params.users}`;
        return run(request, add, users, users.length === 1, addAction, path);
      },
    );
    app.delete<{ Params: GroupUsersParams; Querystring: ResourceQuery }>(
      `/:org/:app/${surface.segment}/:groupId/${segment}/users/:users`,
      token,
      (request) => {
        const users = usersInPath(request.params.users);
        const path = `/${surface.segment}/${request.params.groupId}/${segment}/users/${request.params.users}`;
        return run(request, remove, users, users.length === 1, removeAction, path);
      },
    );
  }

  app.get<{ Params: GroupParams; Querystring: { pageSize?: string; cursor?: string } }>(
    `/:org/:app/${surface.segment}/:groupId/blocks/users`,
    token,
    async (request) => {
      const { id } = groupApp(request, surface);
      const { groupId } = request.params;
      const paged =
        present(request.query.pageSize) !== undefined || present(request.query.cursor) !== undefined;
      const limit = paged
        ? pageSize(request.query.pageSize, BLOCK_LIST_PAGE_MAX, BLOCK_LIST_PAGE_MAX)
        : BLOCK_LIST_WHOLE;
      const offset = decodeOffset(request.query.cursor);
      const users = await blockList(deps, id, groupId, actorOf(request), offset, limit);
      return answer(request, baseUrl(), `/${surface.segment}/${groupId}/blocks/users`, {
        data: users,
        count: users.length,
        ...(paged && users.length === limit ? { cursor: encodeOffset(offset + limit) } : {}),
      });
    },
  );

  app.get<{ Params: GroupParams }>(
    `/:org/:app/${surface.segment}/:groupId/white/users`,
    token,
    async (request) => {
      const { id } = groupApp(request, surface);
      const { groupId } = request.params;
      const users = await allowList(deps, LIST_ANSWER_MAX, id, groupId, actorOf(request));
      return answer(request, baseUrl(), `/${surface.segment}/${groupId}/white/users`, {
        data: users,
        count: users.length,
      });
    },
  );

  // isInGroupAllowlist: a member about themselves, the app server about anyone.
  app.get<{ Params: GroupUsersParams }>(
    `/:org/:app/${surface.segment}/:groupId/white/users/:users`,
    token,
    async (request) => {
      const { id } = groupApp(request, surface);
      const { groupId, users: user } = request.params;
      const white = await isAllowListed(deps, id, groupId, actorOf(request), user);
      return answer(request, baseUrl(), `/${surface.segment}/${groupId}/white/users/${user}`, {
        data: { member: user, white },
      });
    },
  );
}
