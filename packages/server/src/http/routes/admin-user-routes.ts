// The app-server REST API for users (agora-rest-api.md §3 "Users and tokens"), authorized by the
// app's admin token; a few calls about oneself also take the user's own token. Shapes follow Agora:
// the success envelope with `entities` or `data`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { unauthenticated } from '../../domain/auth/admin-auth.js';
import type { AppRecord } from '../../domain/ports/storage.js';
import {
  changePassword,
  deleteUser,
  forceLogout,
  requireUser,
  setActivated,
} from '../../domain/users/user-admin.js';
import { envelope, userEntity } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest, decodeNameCursor, encodeNameCursor, strictPageSize } from '../params.js';
import type { AppParams } from './app-resolver.js';

interface UserParams extends AppParams {
  username: string;
}
interface DeviceParams extends UserParams {
  resource: string;
}
interface PageQuery {
  limit?: string;
  cursor?: string;
}

const MAX_PAGE = 100;
const MAX_STATUS_BATCH = 100;

export function adminUserRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const admin = { preHandler: auth.admin };
  const adminOrSelf = { preHandler: auth.adminOrSelf('username') };
  const isOnline = async (target: AppRecord, username: string) =>
    (await ctx.sessions.list(target.id, username)).length > 0;

  app.get<{ Params: UserParams }>('/:org/:app/users/:username', admin, async (request) => {
    const target = request.appRecord;
    const user = await requireUser(ctx.storage, target, request.params.username);
    return envelope(target, 'get', '/users', baseUrl(), { entities: [userEntity(user)], count: 1 });
  });

  app.get<{ Params: AppParams; Querystring: PageQuery }>('/:org/:app/users', admin, async (request) => {
    const target = request.appRecord;
    const limit = strictPageSize(request.query.limit, 10, MAX_PAGE);
    const users = await ctx.storage.users.list(target.id, limit, decodeNameCursor(request.query.cursor));
    const last = users.length === limit ? users.at(-1) : undefined;
    return envelope(target, 'get', '/users', baseUrl(), {
      params: { limit: [String(limit)] },
      entities: users.map(userEntity),
      count: users.length,
      ...(last ? { cursor: encodeNameCursor(last.username) } : {}),
    });
  });

  app.delete<{ Params: UserParams }>('/:org/:app/users/:username', admin, async (request) => {
    const target = request.appRecord;
    const user = await deleteUser(ctx, target, request.params.username);
    return envelope(target, 'delete', '/users', baseUrl(), { entities: [userEntity(user)] });
  });

  // Batch delete: the first `limit` users (username order); the cursor continues after them.
  app.delete<{ Params: AppParams; Querystring: PageQuery }>('/:org/:app/users', admin, async (request) => {
    const target = request.appRecord;
    const limit = strictPageSize(request.query.limit, 10, MAX_PAGE);
    const users = await ctx.storage.users.list(target.id, limit, decodeNameCursor(request.query.cursor));
    for (const u of users) await deleteUser(ctx, target, u.username);
    const last = users.length === limit ? users.at(-1) : undefined;
    return envelope(target, 'delete', '/users', baseUrl(), {
      entities: users.map(userEntity),
      count: users.length,
      ...(last ? { cursor: encodeNameCursor(last.username) } : {}),
    });
  });

  app.put<{ Params: UserParams; Body: { newpassword?: unknown } | undefined }>(
    '/:org/:app/users/:username/password',
    admin,
    async (request) => {
      const target = request.appRecord;
      await changePassword(ctx, target, request.params.username, request.body?.newpassword);
      return { action: 'set user password', timestamp: ctx.clock.now(), duration: 0 };
    },
  );

  for (const [verb, activated] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post<{ Params: UserParams }>(`/:org/:app/users/:username/${verb}`, admin, async (request) => {
      const target = request.appRecord;
      const user = await setActivated(ctx, target, request.params.username, activated);
      return envelope(target, 'post', `/users/${user.username}/${verb}`, baseUrl(), {
        entities: [userEntity(user)],
      });
    });
  }

  // Forced logout of every device (documented as GET; the overview table says POST: both).
  const disconnectAll = async (request: FastifyRequest<{ Params: UserParams }>) => {
    const target = request.appRecord;
    await forceLogout(ctx, target, request.params.username);
    return envelope(target, 'get', `/users/${request.params.username}/disconnect`, baseUrl(), {
      data: { result: true },
    });
  };
  app.get<{ Params: UserParams }>('/:org/:app/users/:username/disconnect', admin, disconnectAll);
  app.post<{ Params: UserParams }>('/:org/:app/users/:username/disconnect', admin, disconnectAll);

  // Forced logout of one device, by the admin or by the user's other device (its own token): 217.
  const disconnectOne = async (request: FastifyRequest<{ Params: DeviceParams }>) => {
    const target = request.appRecord;
    const { username, resource } = request.params;
    await forceLogout(ctx, target, username, resource);
    return envelope(target, 'delete', `/users/${username}/disconnect/${resource}`, baseUrl(), {
      data: { result: true },
    });
  };
  app.delete<{ Params: DeviceParams }>(
    '/:org/:app/users/:username/disconnect/:resource',
    adminOrSelf,
    disconnectOne,
  );
  app.get<{ Params: DeviceParams }>(
    '/:org/:app/users/:username/disconnect/:resource',
    adminOrSelf,
    disconnectOne,
  );
  app.post<{ Params: DeviceParams }>(
    '/:org/:app/users/:username/disconnect/:resource',
    adminOrSelf,
    disconnectOne,
  );

  app.get<{ Params: UserParams }>('/:org/:app/users/:username/status', admin, async (request) => {
    const target = request.appRecord;
    const { username } = request.params;
    await requireUser(ctx.storage, target, username);
    const status = (await isOnline(target, username)) ? 'online' : 'offline';
    return envelope(target, 'get', `/users/${username}/status`, baseUrl(), { data: { [username]: status } });
  });

  app.post<{ Params: AppParams; Body: { usernames?: unknown } | undefined }>(
    '/:org/:app/users/batch/status',
    admin,
    async (request) => {
      const target = request.appRecord;
      const names = request.body?.usernames;
      if (
        !Array.isArray(names) ||
        names.length === 0 ||
        names.length > MAX_STATUS_BATCH ||
        !names.every((n) => typeof n === 'string')
      ) {
        throw badRequest(`usernames must list 1..${MAX_STATUS_BATCH} users`);
      }
      const data = [];
      for (const u of names) data.push({ [u]: (await isOnline(target, u)) ? 'online' : 'offline' });
      return envelope(target, 'post', '/users/batch/status', baseUrl(), { data });
    },
  );

  // The user's live devices; what the SDK's getSelfIdsOnOtherPlatform reads (data[].res).
  app.get<{ Params: UserParams }>('/:org/:app/users/:username/resources', adminOrSelf, async (request) => {
    const target = request.appRecord;
    const { username } = request.params;
    const seen = new Set<string>();
    const data = [];
    for (const e of await ctx.sessions.list(target.id, username)) {
      if (seen.has(e.resource)) continue;
      seen.add(e.resource);
      data.push({ res: e.resource, login_time: e.since });
    }
    return envelope(target, 'get', `/users/${username}/resources`, baseUrl(), { data });
  });

  // renewToken: the new token's expiry (msync spec §4.11). Only the user's own valid token answers.
  // Anything but a live token of this user is 401 (SDK 52: log in again), a deactivated user's and the
  // admin token (no expiry of the user's to renew) included.
  app.get<{ Params: UserParams }>(
    '/:org/:app/sdk/users/:username/token/expires',
    { preHandler: auth.anyone },
    (request) => {
      const token = request.token;
      if (token?.username !== request.params.username) throw unauthenticated();
      return { expire_timestamp: token.expiresAt };
    },
  );
}
