// The group announcement (REST §1.5 #104, #105; §3 "Announcement"): GET / POST …/chatgroups/{id}/announcement.
// Rules in domain/mucs/group-announcement.ts.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { getAnnouncement, setAnnouncement } from '../../domain/mucs/group-announcement.js';
import type { RestAuth } from '../auth.js';
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

export function groupAnnouncementRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
  surface: MucSurface = GROUP_SURFACE,
): void {
  const deps = listDeps(ctx, surface);
  const url = `/:org/:app/${surface.segment}/:groupId/announcement`;
  const path = (groupId: string) => `/${surface.segment}/${groupId}/announcement`;

  app.get<{ Params: GroupParams }>(url, { preHandler: auth.appToken }, async (request) => {
    const { id } = groupApp(request, surface);
    const { groupId } = request.params;
    const announcement = await getAnnouncement(deps, id, groupId, actorOf(request));
    return answer(request, baseUrl(), path(groupId), { data: { announcement } });
  });

  app.post<{ Params: GroupParams; Querystring: ResourceQuery; Body: { announcement?: unknown } | undefined }>(
    url,
    { preHandler: auth.appToken },
    async (request) => {
      const { id } = groupApp(request, surface);
      const { groupId } = request.params;
      await setAnnouncement(
        deps,
        surface.announcementMaxChars(ctx.limits),
        id,
        groupId,
        actorOf(request),
        request.body?.announcement,
      );
      return answer(request, baseUrl(), path(groupId), { data: { id: groupId, result: true } });
    },
  );
}
