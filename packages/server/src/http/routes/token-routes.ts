// POST /{org}/{app}/token: password grant (what the SDK's open({user, pwd}) calls) and
// client_credentials (app admin token for the app-server API).
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { clientCredentialsLogin } from '../../domain/apps/app-admin.js';
import { passwordLogin } from '../../domain/auth/password-login.js';
import { userEntity } from '../agora-envelope.js';
import { resolveApp, type AppParams } from './app-resolver.js';

interface TokenBody {
  grant_type?: unknown;
  username?: unknown;
  password?: unknown;
  client_id?: unknown;
  client_secret?: unknown;
}

export function tokenRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.post<{ Params: AppParams; Body: TokenBody | undefined }>('/:org/:app/token', async (request) => {
    const target = await resolveApp(ctx, request.params);
    const body = request.body ?? {};
    switch (body.grant_type) {
      case 'password': {
        const { user, issued } = await passwordLogin(
          ctx.storage,
          ctx.clock,
          target,
          body.username,
          body.password,
        );
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
      default:
        throw new ConfabError(
          ErrorCode.REQUEST_PARAMETER_ERROR,
          'grant_type must be password or client_credentials',
          {
            error: 'unsupported_grant_type',
          },
        );
    }
  });
}
