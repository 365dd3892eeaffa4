// Chat room mute, allow and block lists, announcement and shared files (REST §1.6 #126–#144 but the
// attributes; §3 "Chat rooms"): the group list routes registered again under `/chatrooms` (ROOM_SURFACE),
// with the room limits and codes. One registration for http-server.ts.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import type { RestAuth } from '../auth.js';
import { groupAllowBlockRoutes } from './group-allow-block-routes.js';
import { groupAnnouncementRoutes } from './group-announcement-routes.js';
import { groupFileRoutes } from './group-file-routes.js';
import { ROOM_SURFACE } from './group-list-common.js';
import { groupMuteRoutes } from './group-mute-routes.js';
import { roomMemberRoutes } from './room-member-routes.js';
import { roomRoutes } from './room-routes.js';

export async function chatRoomRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): Promise<void> {
  roomRoutes(app, ctx, auth, baseUrl);
  roomMemberRoutes(app, ctx, auth, baseUrl);
  groupMuteRoutes(app, ctx, auth, baseUrl, ROOM_SURFACE);
  groupAllowBlockRoutes(app, ctx, auth, baseUrl, ROOM_SURFACE);
  groupAnnouncementRoutes(app, ctx, auth, baseUrl, ROOM_SURFACE);
  await groupFileRoutes(app, ctx, auth, baseUrl, ROOM_SURFACE);
}
