// POST /{org}/{app}/users: open registration (the SDK's registerUser, no Authorization header), or
// registration by the app admin, one user or an array of at most 60.
import { isConfabError } from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { forbidden, unauthenticated } from '../../domain/auth/admin-auth.js';
import { registerUser, type RegisterInput } from '../../domain/users/register-user.js';
import { envelope, userEntity } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest } from '../params.js';
import type { AppParams } from './app-resolver.js';

const MAX_BATCH = 60;

export function userRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  app.post<{ Params: AppParams; Body: RegisterInput | RegisterInput[] | undefined }>(
    '/:org/:app/users',
    { preHandler: auth.optionalToken },
    async (request) => {
      const target = request.appRecord;
      const admin = request.token !== undefined && request.token.username === undefined;
      const body = request.body;
      if (Array.isArray(body)) {
        // A valid user token is authenticated but not allowed (403); no token at all is 401.
        if (!admin) throw request.token ? forbidden('an app admin token is required') : unauthenticated();
        if (body.length === 0 || body.length > MAX_BATCH) {
          throw badRequest(`between 1 and ${MAX_BATCH} users per request`);
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
        throw badRequest('a JSON object {username, password} is required');
      }
      const user = await registerUser(ctx, target, body, admin, request.ip);
      return envelope(target, 'post', '/users', baseUrl(), { entities: [userEntity(user)] });
    },
  );
}
