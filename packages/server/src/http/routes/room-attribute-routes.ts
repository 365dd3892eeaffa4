// Chat-room attributes over REST (spec rest §1.6 #145–147; the same paths serve the app server, §3):
// PUT …/metadata/chatroom/{id}/user/{u}[/forced] {metaData, autoDelete} and DELETE (same paths) {keys}
// answer {successKeys, errorKeys}; POST …/metadata/chatroom/{id} {keys?} answers the key → value map.
// Rules in domain/rooms/room-attributes.ts.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { serviceEnabled } from '../../domain/apps/app-settings.js';
import {
  getRoomAttributes,
  removeRoomAttributes,
  setRoomAttributes,
  type AttributeCaller,
  type RoomAttributeDeps,
} from '../../domain/rooms/room-attributes.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { present } from '../params.js';
import type { AppParams } from './app-resolver.js';
import { roomDeps } from './group-route-kit.js';

interface RoomParams extends AppParams {
  roomId: string;
}
interface UserParams extends RoomParams {
  username: string;
}

function roomsApp(request: FastifyRequest) {
  const app = request.appRecord;
  if (!serviceEnabled(app, 'chatrooms'))
    throw new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'service not open!');
  return app;
}

/** A user token acts as its user (the path's, checked by adminOrSelf); the app server as the path's user. */
function callerOf(request: FastifyRequest<{ Params: UserParams }>): AttributeCaller {
  const resource = present((request.query as { resource?: string } | undefined)?.resource);
  const appServer = request.token?.username === undefined;
  return { username: request.params.username, appServer, ...(resource && !appServer ? { resource } : {}) };
}

export function roomAttributeRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const deps: RoomAttributeDeps = roomDeps(ctx);
  const self = { preHandler: auth.adminOrSelf('username') };
  const answer = (request: FastifyRequest, path: string, data: unknown) =>
    envelope(request.appRecord, request.method.toLowerCase(), path, baseUrl(), { data });

  for (const forced of [false, true]) {
    const suffix = forced ? '/forced' : '';
    app.put<{ Params: UserParams; Body: { metaData?: unknown; autoDelete?: unknown } | undefined }>(
      `/:org/:app/metadata/chatroom/:roomId/user/:username${suffix}`,
      self,
      async (request) => {
        const { id } = roomsApp(request);
        const { roomId, username } = request.params;
        const data = await setRoomAttributes(deps, id, roomId, callerOf(request), request.body ?? {}, forced);
        return answer(request, `/metadata/chatroom/${roomId}/user/${username}${suffix}`, data);
      },
    );
    app.delete<{ Params: UserParams; Body: { keys?: unknown } | undefined }>(
      `/:org/:app/metadata/chatroom/:roomId/user/:username${suffix}`,
      self,
      async (request) => {
        const { id } = roomsApp(request);
        const { roomId, username } = request.params;
        const data = await removeRoomAttributes(
          deps,
          id,
          roomId,
          callerOf(request),
          request.body ?? {},
          forced,
        );
        return answer(request, `/metadata/chatroom/${roomId}/user/${username}${suffix}`, data);
      },
    );
  }

  app.post<{ Params: RoomParams; Body: { keys?: unknown } | undefined }>(
    '/:org/:app/metadata/chatroom/:roomId',
    { preHandler: auth.appToken },
    async (request) => {
      const { id } = roomsApp(request);
      const { roomId } = request.params;
      const data = await getRoomAttributes(deps, id, roomId, request.body);
      return answer(request, `/metadata/chatroom/${roomId}`, data);
    },
  );
}
