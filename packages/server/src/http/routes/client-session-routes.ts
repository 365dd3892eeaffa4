// What a long-running client needs beyond the official API (issue 18): a fresh user token for a still
// valid one, so a session outlives its token without the password (POST …/sdk/users/{u}/token), and the
// app's rules a client shows before it acts (GET …/sdk/client-settings: the recall and edit windows, and
// the user id rules of registration, taken from the validation the server itself applies).
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { unauthenticated } from '../../domain/auth/admin-auth.js';
import { issueToken } from '../../domain/auth/tokens.js';
import { appSettings } from '../../domain/apps/app-settings.js';
import { USERNAME_RULES } from '../../domain/users/username-rules.js';
import type { RestAuth } from '../auth.js';
import type { AppParams } from './app-resolver.js';

interface UserParams extends AppParams {
  username: string;
}

export function clientSessionRoutes(app: FastifyInstance, ctx: ServerContext, auth: RestAuth): void {
  // Renewal: only the user's own live token (not expired, user activated) gets a new one, with the app's
  // token lifetime. The old token stays valid until it expires (sockets logged in with it keep working).
  app.post<{ Params: UserParams }>(
    '/:org/:app/sdk/users/:username/token',
    { preHandler: auth.anyone },
    async (request) => {
      const token = request.token;
      if (token?.username === undefined || token.username !== request.params.username)
        throw unauthenticated();
      const issued = await issueToken(ctx.storage, ctx.clock, request.appRecord, token.username);
      return {
        access_token: issued.token,
        expires_in: issued.expiresIn,
        expire_timestamp: issued.expiresAt,
      };
    },
  );

  // Public: a registration form shows the rules before anyone has a token.
  app.get<{ Params: AppParams }>('/:org/:app/sdk/client-settings', { preHandler: auth.anyone }, (request) => {
    const s = appSettings(request.appRecord);
    return {
      recallWindowSeconds: s.recallWindowSeconds,
      editWindowSeconds: s.editWindowSeconds,
      maxEditCount: s.maxEditCount,
      openRegistration: s.openRegistration,
      tokenTtlSeconds: s.tokenTtlSeconds,
      username: USERNAME_RULES,
    };
  });
}
