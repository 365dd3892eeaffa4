// POST /{org}/{app}/users: open registration (the SDK's registerUser, no Authorization header), or
// registration by the app admin, one user or an array of at most 60.
import { ConfabError, ErrorCode, isConfabError } from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { forbidden, unauthenticated } from '../../domain/auth/admin-auth.js';
import { checkToken } from '../../domain/auth/tokens.js';
import type { AppRecord } from '../../domain/ports/storage.js';
import { registerUser, type RegisterInput } from '../../domain/users/register-user.js';
import { envelope, userEntity } from '../agora-envelope.js';
import { bearer, resolveApp, type AppParams } from './app-resolver.js';

const MAX_BATCH = 60;

async function isAdmin(
  ctx: ServerContext,
  app: AppRecord,
  authorization: string | undefined,
): Promise<boolean> {
  const token = bearer(authorization);
  if (!token) return false;
  const check = await checkToken(ctx.storage, ctx.clock, app, token);
  if (!check.ok)
    throw new ConfabError(ErrorCode.NO_PERMISSION, 'Unable to authenticate (OAuth)', {
      error: 'unauthorized',
    });
  return check.token.username === undefined;
}

export function userRoutes(app: FastifyInstance, ctx: ServerContext, baseUrl: () => string): void {
  app.post<{ Params: AppParams; Body: RegisterInput | RegisterInput[] | undefined }>(
    '/:org/:app/users',
    async (request) => {
      const target = await resolveApp(ctx, request.params);
      const admin = await isAdmin(ctx, target, request.headers.authorization);
      const body = request.body;
      if (Array.isArray(body)) {
        // A valid user token is authenticated but not allowed (403); no token at all is 401.
        if (!admin)
          throw bearer(request.headers.authorization)
            ? forbidden('an app admin token is required')
            : unauthenticated();
        if (body.length === 0 || body.length > MAX_BATCH) {
          throw new ConfabError(
            ErrorCode.REQUEST_PARAMETER_ERROR,
            `between 1 and ${MAX_BATCH} users per request`,
            {
              error: 'illegal_argument',
            },
          );
        }
        const entities = [];
        const failures = [];
        for (const input of body) {
          try {
            entities.push(userEntity(await registerUser(ctx, target, input, true)));
          } catch (err) {
            if (!isConfabError(err)) throw err;
            failures.push({ username: input.username, registerUserFailReason: err.message });
          }
        }
        return envelope(target, 'post', '/users', baseUrl(), { entities, data: failures });
      }
      if (!body || typeof body !== 'object') {
        throw new ConfabError(
          ErrorCode.REQUEST_PARAMETER_ERROR,
          'a JSON object {username, password} is required',
          {
            error: 'illegal_argument',
          },
        );
      }
      const user = await registerUser(ctx, target, body, admin, request.ip);
      return envelope(target, 'post', '/users', baseUrl(), { entities: [userEntity(user)] });
    },
  );
}
