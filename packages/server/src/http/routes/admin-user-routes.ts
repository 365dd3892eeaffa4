// The app-server REST API for users (agora-rest-api.md §3 "Users and tokens"), authorized by the
// app's admin token; a few calls about oneself also take the user's own token. Shapes follow Agora:
// the success envelope with `entities` or `data`.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { requireAdmin, requireAdminOrSelf, unauthenticated } from '../../domain/auth/admin-auth.js';
import { checkLiveToken } from '../../domain/auth/tokens.js';
import type { AppRecord } from '../../domain/ports/storage.js';
import {
  changePassword,
  deleteUser,
  forceLogout,
  requireUser,
  setActivated,
} from '../../domain/users/user-admin.js';
import { envelope, userEntity } from '../agora-envelope.js';
import { bearer, resolveApp, type AppParams } from './app-resolver.js';

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

/** The SDK sends absent values as "", "undefined" or "null" (REST spec T4). */
const present = (v: string | undefined): string | undefined =>
  v === undefined || v === '' || v === 'undefined' || v === 'null' ? undefined : v;

function pageLimit(raw: string | undefined, fallback: number): number {
  const v = present(raw);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, `limit must be 1..${MAX_PAGE}`, {
      error: 'illegal_argument',
    });
  return n;
}

// Cursors are opaque to clients: the last username of the page, base64url (URL-safe, T4).
const encodeCursor = (username: string) => Buffer.from(username, 'utf8').toString('base64url');
const decodeCursor = (cursor: string | undefined) =>
  cursor === undefined ? undefined : Buffer.from(cursor, 'base64url').toString('utf8');

export function adminUserRoutes(app: FastifyInstance, ctx: ServerContext, baseUrl: () => string): void {
  const admin = async (request: FastifyRequest<{ Params: AppParams }>): Promise<AppRecord> => {
    const target = await resolveApp(ctx, request.params);
    await requireAdmin(ctx.storage, ctx.clock, target, bearer(request.headers.authorization));
    return target;
  };
  const adminOrSelf = async (request: FastifyRequest<{ Params: UserParams }>): Promise<AppRecord> => {
    const target = await resolveApp(ctx, request.params);
    await requireAdminOrSelf(
      ctx.storage,
      ctx.clock,
      target,
      bearer(request.headers.authorization),
      request.params.username,
    );
    return target;
  };
  const isOnline = async (target: AppRecord, username: string) =>
    (await ctx.sessions.list(target.id, username)).length > 0;

  app.get<{ Params: UserParams }>('/:org/:app/users/:username', async (request) => {
    const target = await admin(request);
    const user = await requireUser(ctx.storage, target, request.params.username);
    return envelope(target, 'get', '/users', baseUrl(), { entities: [userEntity(user)], count: 1 });
  });

  app.get<{ Params: AppParams; Querystring: PageQuery }>('/:org/:app/users', async (request) => {
    const target = await admin(request);
    const limit = pageLimit(request.query.limit, 10);
    const users = await ctx.storage.users.list(target.id, limit, decodeCursor(present(request.query.cursor)));
    const last = users.length === limit ? users.at(-1) : undefined;
    return envelope(target, 'get', '/users', baseUrl(), {
      params: { limit: [String(limit)] },
      entities: users.map(userEntity),
      count: users.length,
      ...(last ? { cursor: encodeCursor(last.username) } : {}),
    });
  });

  app.delete<{ Params: UserParams }>('/:org/:app/users/:username', async (request) => {
    const target = await admin(request);
    const user = await deleteUser(ctx, target, request.params.username);
    return envelope(target, 'delete', '/users', baseUrl(), { entities: [userEntity(user)] });
  });

  // Batch delete: the first `limit` users (username order); the cursor continues after them.
  app.delete<{ Params: AppParams; Querystring: PageQuery }>('/:org/:app/users', async (request) => {
    const target = await admin(request);
    const limit = pageLimit(request.query.limit, 10);
    const users = await ctx.storage.users.list(target.id, limit, decodeCursor(present(request.query.cursor)));
    for (const u of users) await deleteUser(ctx, target, u.username);
    const last = users.length === limit ? users.at(-1) : undefined;
    return envelope(target, 'delete', '/users', baseUrl(), {
      entities: users.map(userEntity),
      count: users.length,
      ...(last ? { cursor: encodeCursor(last.username) } : {}),
    });
  });

  app.put<{ Params: UserParams; Body: { newpassword?: unknown } | undefined }>(
    '/:org/:app/users/:username/password',
    async (request) => {
      const target = await admin(request);
      await changePassword(ctx, target, request.params.username, request.body?.newpassword);
      return { action: 'set user password', timestamp: ctx.clock.now(), duration: 0 };
    },
  );

  for (const [verb, activated] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    app.post<{ Params: UserParams }>(`/:org/:app/users/:username/${verb}`, async (request) => {
      const target = await admin(request);
      const user = await setActivated(ctx, target, request.params.username, activated);
      return envelope(target, 'post', `/users/${user.username}/${verb}`, baseUrl(), {
        entities: [userEntity(user)],
      });
    });
  }

  // Forced logout of every device (documented as GET; the overview table says POST: both).
  const disconnectAll = async (request: FastifyRequest<{ Params: UserParams }>) => {
    const target = await admin(request);
    await forceLogout(ctx, target, request.params.username);
    return envelope(target, 'get', `/users/${request.params.username}/disconnect`, baseUrl(), {
      data: { result: true },
    });
  };
  app.get('/:org/:app/users/:username/disconnect', disconnectAll);
  app.post('/:org/:app/users/:username/disconnect', disconnectAll);

  // Forced logout of one device, by the admin or by the user's other device (its own token): 217.
  const disconnectOne = async (request: FastifyRequest<{ Params: DeviceParams }>) => {
    const target = await adminOrSelf(request);
    const { username, resource } = request.params;
    await forceLogout(ctx, target, username, resource);
    return envelope(target, 'delete', `/users/${username}/disconnect/${resource}`, baseUrl(), {
      data: { result: true },
    });
  };
  app.delete('/:org/:app/users/:username/disconnect/:resource', disconnectOne);
  app.get('/:org/:app/users/:username/disconnect/:resource', disconnectOne);
  app.post('/:org/:app/users/:username/disconnect/:resource', disconnectOne);

  app.get<{ Params: UserParams }>('/:org/:app/users/:username/status', async (request) => {
    const target = await admin(request);
    const { username } = request.params;
    await requireUser(ctx.storage, target, username);
    const status = (await isOnline(target, username)) ? 'online' : 'offline';
    return envelope(target, 'get', `/users/${username}/status`, baseUrl(), { data: { [username]: status } });
  });

  app.post<{ Params: AppParams; Body: { usernames?: unknown } | undefined }>(
    '/:org/:app/users/batch/status',
    async (request) => {
      const target = await admin(request);
      const names = request.body?.usernames;
      if (
        !Array.isArray(names) ||
        names.length === 0 ||
        names.length > MAX_STATUS_BATCH ||
        !names.every((n) => typeof n === 'string')
      ) {
        throw new ConfabError(
          ErrorCode.REQUEST_PARAMETER_ERROR,
          `usernames must list 1..${MAX_STATUS_BATCH} users`,
          { error: 'illegal_argument' },
        );
      }
      const data = [];
      for (const u of names) data.push({ [u]: (await isOnline(target, u)) ? 'online' : 'offline' });
      return envelope(target, 'post', '/users/batch/status', baseUrl(), { data });
    },
  );

  // The user's live devices; what the SDK's getSelfIdsOnOtherPlatform reads (data[].res).
  app.get<{ Params: UserParams }>('/:org/:app/users/:username/resources', async (request) => {
    const target = await adminOrSelf(request);
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
  app.get<{ Params: UserParams }>('/:org/:app/sdk/users/:username/token/expires', async (request) => {
    const target = await resolveApp(ctx, request.params);
    const token = bearer(request.headers.authorization);
    const check = token ? await checkLiveToken(ctx.storage, ctx.clock, target, token) : undefined;
    if (!check?.ok || check.token.username !== request.params.username) throw unauthenticated();
    return { expire_timestamp: check.token.expiresAt };
  });
}
