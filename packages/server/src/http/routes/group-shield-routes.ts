// A member's shield against a group's messages: POST / DELETE …/chatgroups/{id}/shield (REST §1.5 #112,
// #113) and the legacy blockGroupMessages, PUT …/users/{me} with `{entities: [{"notification_ignore_<id>":
// true}]}` (#68), and updateCurrentUserNick's `{nickname}` (#15). Push-token bodies: domain/push/push-devices.ts.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { userActor } from '../../domain/mucs/muc-access.js';
import { setShield } from '../../domain/mucs/message-shield.js';
import { setPushNickname } from '../../domain/users/push-nickname.js';
import { applyPushBody, isPushBody } from '../../domain/push/push-devices.js';
import { requireUser } from '../../domain/users/user-admin.js';
import { userEntity } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest, present } from '../params.js';
import { routeNotSupported } from '../rest-error.js';
import type { AppParams } from './app-resolver.js';
import {
  actorOf,
  answer,
  groupApp,
  listDeps,
  type GroupParams,
  type ResourceQuery,
  notOnGroupUrl,
} from './group-list-common.js';

const IGNORE_PREFIX = 'notification_ignore_';

export function groupShieldRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const deps = listDeps(ctx);

  for (const [method, shielded] of [
    ['POST', true],
    ['DELETE', false],
  ] as const) {
    app.route<{ Params: GroupParams; Querystring: ResourceQuery }>({
      method,
      url: '/:org/:app/chatgroups/:groupId/shield',
      preHandler: auth.appToken,
      handler: async (request) => {
        const { id } = groupApp(request);
        const { groupId } = request.params;
        const actor = actorOf(request);
        await setShield(deps, id, groupId, actor, shielded);
        const user = actor.kind === 'user' ? actor.username : '';
        return answer(request, baseUrl(), `/chatgroups/${groupId}/shield`, {
          data: { action: shielded ? 'shield' : 'unshield', groupid: groupId, result: true, user },
        });
      },
    });
  }

  app.put<{ Params: AppParams & { username: string }; Querystring: ResourceQuery; Body: unknown }>(
    '/:org/:app/users/:username',
    { preHandler: auth.adminOrSelf('username') },
    async (request) => {
      const { username } = request.params;
      const entities = (request.body as { entities?: unknown } | undefined)?.entities;
      // updateCurrentUserNick: {nickname} (issue 15, domain/users/push-nickname.ts).
      const nick = request.body as { nickname?: unknown } | undefined;
      if (!Array.isArray(entities) && nick && typeof nick === 'object' && 'nickname' in nick) {
        const user = await setPushNickname(ctx, request.appRecord, username, nick.nickname);
        return answer(request, baseUrl(), `/users/${username}`, { entities: [userEntity(user)] });
      }
      // Device token bind/unbind and push display style (issue 20, domain/push/push-devices.ts).
      if (!Array.isArray(entities) && isPushBody(request.body)) {
        const devices = await applyPushBody(ctx, request.appRecord, username, request.body);
        const user = await requireUser(ctx.storage, request.appRecord, username);
        const pushInfo = devices.map((d) => ({
          device_Id: d.deviceId,
          device_token: d.token,
          notifier_name: d.notifier,
        }));
        return answer(request, baseUrl(), `/users/${username}`, {
          entities: [{ ...userEntity(user), pushInfo }],
        });
      }
      if (!Array.isArray(entities)) throw routeNotSupported('PUT', `/users/${username}`);
      const { id } = groupApp(request);
      const changes: [string, boolean][] = [];
      for (const entity of entities) {
        if (typeof entity !== 'object' || entity === null) throw badRequest('entities must be objects');
        for (const [key, value] of Object.entries(entity as Record<string, unknown>)) {
          if (!key.startsWith(IGNORE_PREFIX) || typeof value !== 'boolean')
            throw badRequest(`unsupported user property ${key}`);
          changes.push([key.slice(IGNORE_PREFIX.length), value]);
        }
      }
      const actor = userActor(username, present(request.query.resource));
      // The URL names no `chatgroups`: "not a member" and "no such group" as outsideGroupUrl says.
      for (const [groupId, shielded] of changes)
        await notOnGroupUrl(() => setShield(deps, id, groupId, actor, shielded));
      const user = await ctx.storage.users.find(id, username);
      return answer(request, baseUrl(), `/users/${username}`, { entities: user ? [userEntity(user)] : [] });
    },
  );
}
