// Group mutes (REST §1.5 #89–#92, #97, #98; §3 "Mute"): POST/GET …/chatgroups/{id}/mute, DELETE
// …/mute/{u[,u2]}, GET …/sdk/chatgroups/{id}/mute/{me}, POST/DELETE …/ban. Rules in domain/mucs/mute-members.ts.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import {
  isOnMuteList,
  muteList,
  muteMembers,
  setAllMuted,
  unmuteMembers,
} from '../../domain/mucs/mute-members.js';
import type { RestAuth } from '../auth.js';
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

interface MuteBody {
  usernames?: unknown;
  mute_duration?: unknown;
}

export function groupMuteRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
  surface: MucSurface = GROUP_SURFACE,
): void {
  const deps = listDeps(ctx, surface);
  const token = { preHandler: auth.appToken };
  const base = (id: string) => `/${surface.segment}/${id}`;

  app.post<{ Params: GroupParams; Querystring: ResourceQuery; Body: MuteBody | undefined }>(
    `/:org/:app/${surface.segment}/:groupId/mute`,
    token,
    async (request) => {
      const { id } = groupApp(request, surface);
      const { groupId } = request.params;
      const body = request.body ?? {};
      const results = await muteMembers(
        deps,
        surface.bulkMax(ctx.limits),
        id,
        groupId,
        actorOf(request),
        usersInBody(body),
        body.mute_duration,
      );
      return answer(request, baseUrl(), `${base(groupId)}/mute`, {
        data: results.map((r) => ({ result: r.result, expire: r.expire, user: r.user })),
      });
    },
  );

  app.delete<{ Params: GroupUsersParams; Querystring: ResourceQuery }>(
    `/:org/:app/${surface.segment}/:groupId/mute/:users`,
    token,
    async (request) => {
      const { id } = groupApp(request, surface);
      const { groupId, users } = request.params;
      const results = await unmuteMembers(
        deps,
        surface.bulkMax(ctx.limits),
        id,
        groupId,
        actorOf(request),
        usersInPath(users),
      );
      return answer(request, baseUrl(), `${base(groupId)}/mute/${users}`, { data: results });
    },
  );

  app.get<{ Params: GroupParams; Querystring: ResourceQuery }>(
    `/:org/:app/${surface.segment}/:groupId/mute`,
    token,
    async (request) => {
      const { id } = groupApp(request, surface);
      const { groupId } = request.params;
      const entries = await muteList(deps, LIST_ANSWER_MAX, id, groupId, actorOf(request));
      const data = entries.map((e) => ({ expire: e.expiresAt, user: e.username }));
      return answer(request, baseUrl(), `${base(groupId)}/mute`, { data, count: data.length });
    },
  );

  // isInGroupMutelist: the caller's own entry (the app server may ask about anyone).
  app.get<{ Params: GroupParams & { me: string }; Querystring: ResourceQuery }>(
    `/:org/:app/sdk/${surface.segment}/:groupId/mute/:me`,
    { preHandler: auth.adminOrSelf('me') },
    async (request) => {
      const { id } = groupApp(request, surface);
      const { groupId, me } = request.params;
      const muted = await isOnMuteList(deps, id, groupId, actorOf(request), me);
      return answer(request, baseUrl(), `/sdk${base(groupId)}/mute/${me}`, { data: muted });
    },
  );

  for (const [method, muted] of [
    ['POST', true],
    ['DELETE', false],
  ] as const) {
    app.route<{ Params: GroupParams; Querystring: ResourceQuery }>({
      method,
      url: `/:org/:app/${surface.segment}/:groupId/ban`,
      preHandler: auth.appToken,
      handler: async (request) => {
        const { id } = groupApp(request, surface);
        const { groupId } = request.params;
        const mute = await setAllMuted(deps, id, groupId, actorOf(request), muted);
        return answer(request, baseUrl(), `${base(groupId)}/ban`, { data: { mute } });
      },
    });
  }
}
