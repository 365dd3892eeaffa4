// Group members' custom attributes: the SDK's PUT …/sdk/metadata/chatgroup/{id}/user/{u} and POST
// …/sdk/metadata/chatgroup/{id}/get (REST §1.5 #110, #111), and the app server's PUT / GET
// …/metadata/chatgroup/{id}/user/{u} and POST …/metadata/chatgroup/{id}/get (§3 "Member attributes").
// Rules and error codes in domain/mucs/member-attributes.ts; these URLs name no `chatgroups`, so "not a
// member" and "no such group" go out as outsideGroupUrl says (603, 17).
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import {
  getMemberAttributes,
  getMembersAttributes,
  setMemberAttributes,
  type AttributeLimits,
} from '../../domain/mucs/member-attributes.js';
import type { RestAuth } from '../auth.js';
import {
  actorOf,
  answer,
  groupApp,
  listDeps,
  type GroupParams,
  type ResourceQuery,
  notOnGroupUrl,
} from './group-list-common.js';

type UserParams = GroupParams & { username: string };

export function groupAttributeRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const deps = listDeps(ctx);
  const limits = (): AttributeLimits => ({
    keyMaxBytes: ctx.limits.groupMemberAttributeKeyMaxBytes,
    valueMaxBytes: ctx.limits.groupMemberAttributeValueMaxBytes,
    totalMaxBytes: ctx.limits.groupMemberAttributesMaxBytes,
    fetchMax: ctx.limits.groupMemberAttributesFetchMax,
  });
  const token = { preHandler: auth.appToken };

  for (const prefix of ['/sdk', ''] as const) {
    const base = `${prefix}/metadata/chatgroup`;

    app.put<{ Params: UserParams; Querystring: ResourceQuery; Body: { metaData?: unknown } | undefined }>(
      `/:org/:app${base}/:groupId/user/:username`,
      token,
      (request) =>
        notOnGroupUrl(async () => {
          const { id } = groupApp(request);
          const { groupId, username } = request.params;
          const data = await setMemberAttributes(
            deps,
            limits(),
            id,
            groupId,
            actorOf(request),
            username,
            request.body?.metaData,
          );
          return answer(request, baseUrl(), `${base}/${groupId}/user/${username}`, { data });
        }),
    );

    app.post<{ Params: GroupParams; Body: { targets?: unknown; properties?: unknown } | undefined }>(
      `/:org/:app${base}/:groupId/get`,
      token,
      (request) =>
        notOnGroupUrl(async () => {
          const { id } = groupApp(request);
          const { groupId } = request.params;
          const body = request.body ?? {};
          const data = await getMembersAttributes(
            deps,
            limits().fetchMax,
            id,
            groupId,
            actorOf(request),
            body.targets,
            body.properties,
          );
          return answer(request, baseUrl(), `${base}/${groupId}/get`, { data });
        }),
    );
  }

  app.get<{ Params: UserParams }>(
    '/:org/:app/metadata/chatgroup/:groupId/user/:username',
    token,
    async (request) => {
      const { id } = groupApp(request);
      const { groupId, username } = request.params;
      const data = await getMemberAttributes(deps, id, groupId, actorOf(request), username);
      return answer(request, baseUrl(), `/metadata/chatgroup/${groupId}/user/${username}`, { data });
    },
  );
}
