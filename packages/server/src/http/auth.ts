// Who may call a route, said once per route as a preHandler. Each resolves the app of `/:org/:app` and
// checks the bearer token with the rules of domain/auth/admin-auth.ts (401 without a valid token, 403 for
// the wrong one), then decorates the request: `request.appRecord`, `request.token` and, for per-user
// routes, `request.me`. Handlers only read them.
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { ServerContext } from '../context.js';
import {
  requireAdmin,
  requireAdminOrSelf,
  requireAppToken,
  unauthenticated,
} from '../domain/auth/admin-auth.js';
import { isOperatorToken } from '../domain/auth/operator-token.js';
import { checkLiveToken } from '../domain/auth/tokens.js';
import type { AppRecord, TokenRecord } from '../domain/ports/storage.js';
import { bearer, resolveApp, type AppParams } from './routes/app-resolver.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The app of the URL; set by every RestAuth preHandler except `operator`. */
    appRecord: AppRecord;
    /** The caller's valid token; undefined only after `anyone`, for an anonymous caller. */
    token: TokenRecord | undefined;
    /** The user the route acts for (`:me` or `:username`), checked against the token. */
    me: string;
  }
}

export interface RestAuth {
  /** Anyone; resolves the app and keeps a valid token if one is sent (never refuses). */
  readonly anyone: preHandlerAsyncHookHandler;
  /** A valid token if one is sent (401 for an invalid one), else anonymous (`request.token` undefined). */
  readonly optionalToken: preHandlerAsyncHookHandler;
  /** Any valid token of the app (admin or user). */
  readonly appToken: preHandlerAsyncHookHandler;
  /** The app's admin token. */
  readonly admin: preHandlerAsyncHookHandler;
  /** The app's admin token or the own token of the user named by route parameter `param`. */
  adminOrSelf(param: 'me' | 'username'): preHandlerAsyncHookHandler;
  /** The operator token (server level: creating and listing apps). */
  readonly operator: preHandlerAsyncHookHandler;
}

/** Registers the request decorations and returns the preHandlers. */
export function restAuth(app: FastifyInstance, ctx: ServerContext): RestAuth {
  app.decorateRequest('appRecord', null as unknown as AppRecord);
  app.decorateRequest('token', undefined);
  app.decorateRequest('me', '');

  const appOf = (request: FastifyRequest) => resolveApp(ctx, request.params as AppParams);
  const tokenOf = (request: FastifyRequest) => bearer(request.headers.authorization);
  const selfCheck: Partial<Record<'me' | 'username', preHandlerAsyncHookHandler>> = {};

  return {
    async anyone(request) {
      request.appRecord = await appOf(request);
      const token = tokenOf(request);
      // The official utils.download sends "Bearer undefined" without a session: anonymous, not an error.
      const check = token
        ? await checkLiveToken(ctx.storage, ctx.clock, request.appRecord, token)
        : undefined;
      request.token = check?.ok ? check.token : undefined;
    },
    async optionalToken(request) {
      request.appRecord = await appOf(request);
      const token = tokenOf(request);
      request.token = token
        ? await requireAppToken(ctx.storage, ctx.clock, request.appRecord, token)
        : undefined;
    },
    async appToken(request) {
      request.appRecord = await appOf(request);
      request.token = await requireAppToken(ctx.storage, ctx.clock, request.appRecord, tokenOf(request));
    },
    async admin(request) {
      request.appRecord = await appOf(request);
      request.token = await requireAdmin(ctx.storage, ctx.clock, request.appRecord, tokenOf(request));
    },
    adminOrSelf(param) {
      return (selfCheck[param] ??= async (request) => {
        const user = (request.params as Record<string, string>)[param] ?? '';
        request.appRecord = await appOf(request);
        request.token = await requireAdminOrSelf(
          ctx.storage,
          ctx.clock,
          request.appRecord,
          tokenOf(request),
          user,
        );
        request.me = user;
      });
    },
    // eslint-disable-next-line @typescript-eslint/require-await -- Fastify awaits every preHandler
    async operator(request) {
      if (!isOperatorToken(ctx.operatorTokenHash, tokenOf(request))) throw unauthenticated();
    },
  };
}
