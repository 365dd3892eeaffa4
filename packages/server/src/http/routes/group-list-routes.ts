// Group mute, allow and block lists, announcement, shared files, member attributes and message shields
// (REST §1.5 #68, #89–#102, #104–#113 and their §3 app-server forms): one registration for http-server.ts.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import type { RestAuth } from '../auth.js';
import { groupAllowBlockRoutes } from './group-allow-block-routes.js';
import { groupAnnouncementRoutes } from './group-announcement-routes.js';
import { groupAttributeRoutes } from './group-attribute-routes.js';
import { groupFileRoutes } from './group-file-routes.js';
import { groupMuteRoutes } from './group-mute-routes.js';
import { groupShieldRoutes } from './group-shield-routes.js';

export async function groupListRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): Promise<void> {
  groupMuteRoutes(app, ctx, auth, baseUrl);
  groupAllowBlockRoutes(app, ctx, auth, baseUrl);
  groupAnnouncementRoutes(app, ctx, auth, baseUrl);
  groupAttributeRoutes(app, ctx, auth, baseUrl);
  groupShieldRoutes(app, ctx, auth, baseUrl);
  await groupFileRoutes(app, ctx, auth, baseUrl);
}
