// POST /{org}/{app}/token: password grant (what the SDK's open({user, pwd}) calls) and
// client_credentials (app admin token for the app-server API), and inherit (a user token issued by the
// app server with its admin token, Agora's "get a user token").
import { restError } from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { clientCredentialsLogin } from '../../domain/apps/app-admin.js';
import { requireAdmin } from '../../domain/auth/admin-auth.js';
import { passwordLogin } from '../../domain/auth/password-login.js';
import { issueUserToken } from '../../domain/auth/user-token.js';
import { userEntity } from '../agora-envelope.js';
import { bearer, resolveApp, type AppParams } from './app-resolver.js';

interface TokenBody {
  grant_type?: unknown;
  username?: unknown;
  password?: unknown;
  client_id?: unknown;
  client_secret?: unknown;
  ttl?: unknown;
  autoCreateUser?: unknown;
}

export function tokenRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: AppParams; Body: TokenBody | undefined }>('/:org/:app/token', async (request) => {
    const target = await resolveApp(ctx, request.params);
    const body = request.body ?? {};
    switch (body.grant_type) {
      case 'password': {
        const { user, issued } = await passwordLogin(ctx, target, body.username, body.password, request.ip);
        // The SDK reads only access_token and expires_in (seconds); `user` is Agora's documented extra.
        return { access_token: issued.token, expires_in: issued.expiresIn, user: userEntity(user) };
      }
      case 'client_credentials': {
        const issued = await clientCredentialsLogin(
          ctx.storage,
          ctx.clock,
          target,
          body.client_id,
          body.client_secret,
        );
        return { access_token: issued.token, expires_in: issued.expiresIn, application: target.uuid };
      }
      case 'inherit': {
        await requireAdmin(ctx.storage, ctx.clock, target, bearer(request.headers.authorization));
        const { user, issued } = await issueUserToken(ctx, target, body);
        return { access_token: issued.token, expires_in: issued.expiresIn, user: userEntity(user) };
      }
      default:
        throw restError(
          'REQUEST_PARAMETER_ERROR',
          'unsupportedGrantType',
          'grant_type must be password, client_credentials or inherit',
        );
    }
  });
}
