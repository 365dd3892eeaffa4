// User attributes (REST spec §1.2 #28–29, §3): PUT /metadata/user/{u} (the official SDK's updateOwnUserInfo
// / updateUserInfo send a form-urlencoded body, mini-program builds JSON), GET and DELETE the same path,
// POST /metadata/user/get {targets, properties} (fetchUserInfoById) and GET /metadata/user/capacity. The
// rules are in domain/users/user-attributes.ts. Answers are Agora's `{timestamp, data, duration}`.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { requireUser } from '../../domain/users/user-admin.js';
import {
  attributeChanges,
  fetchUserAttributes,
  updateUserAttributes,
} from '../../domain/users/user-attributes.js';
import type { RestAuth } from '../auth.js';
import { badRequest } from '../params.js';
import type { AppParams } from './app-resolver.js';

interface UserParams extends AppParams {
  username: string;
}

interface FetchBody {
  targets?: unknown;
  properties?: unknown;
}

const answer = (data: unknown) => ({ timestamp: Date.now(), data, duration: 0 });

/** A list of strings (one string is a list of one), else 400. */
function names(raw: unknown, what: string): string[] {
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.some((v) => typeof v !== 'string'))
    throw badRequest(`${what} must be an array of strings`);
  return list as string[];
}

export async function userAttributeRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
): Promise<void> {
  await app.register((scope, _opts, done) => {
    // The official SDK's form body: `nickname=a&avatarurl=b` (its one-key form leaves the value unencoded).
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, parsed) => {
        const text = typeof body === 'string' ? body : body.toString('utf8');
        const out: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(text)) out[k] = v;
        parsed(null, out);
      },
    );

    scope.put<{ Params: UserParams; Body: unknown }>(
      '/:org/:app/metadata/user/:username',
      { preHandler: auth.adminOrSelf('username') },
      async (request) => {
        const changes = attributeChanges(request.body);
        return answer(await updateUserAttributes(ctx, request.appRecord, request.params.username, changes));
      },
    );
    done();
  });

  app.get<{ Params: AppParams }>(
    '/:org/:app/metadata/user/capacity',
    { preHandler: auth.admin },
    async (request) => answer(await ctx.storage.userAttributes.usedBytes(request.appRecord.id)),
  );

  app.get<{ Params: UserParams }>(
    '/:org/:app/metadata/user/:username',
    { preHandler: auth.appToken },
    async (request) => {
      const { username } = request.params;
      await requireUser(ctx.storage, request.appRecord, username);
      const found = await fetchUserAttributes(ctx.storage, request.appRecord, [username], undefined);
      return answer(found[username] ?? {});
    },
  );

  app.delete<{ Params: UserParams }>(
    '/:org/:app/metadata/user/:username',
    { preHandler: auth.adminOrSelf('username') },
    async (request) => {
      await ctx.storage.userAttributes.delete(request.appRecord.id, request.params.username);
      return answer(true);
    },
  );

  app.post<{ Params: AppParams; Body: FetchBody | undefined }>(
    '/:org/:app/metadata/user/get',
    { preHandler: auth.appToken },
    async (request) => {
      const body = request.body ?? {};
      const targets = names(body.targets, 'targets');
      const properties = body.properties === undefined ? undefined : names(body.properties, 'properties');
      return answer(await fetchUserAttributes(ctx.storage, request.appRecord, targets, properties));
    },
  );
}
