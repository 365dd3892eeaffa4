// Shared by the per-user REST routes (history, conversations, message actions): the caller's token must
// belong to `{me}` (or be the app's admin token), and the SDK's absent-value conventions (REST spec T4).
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { requireAdminOrSelf } from '../../domain/auth/admin-auth.js';
import type { AppRecord } from '../../domain/ports/storage.js';
import { bearer, resolveApp, type AppParams } from './app-resolver.js';

export interface MeParams extends AppParams {
  me: string;
}

/** The app and the user `{me}`; 401 without a valid token, 403 for another user's token. */
export async function requireMe(
  ctx: ServerContext,
  request: FastifyRequest<{ Params: MeParams }>,
): Promise<{ app: AppRecord; me: string }> {
  const app = await resolveApp(ctx, request.params);
  await requireAdminOrSelf(
    ctx.storage,
    ctx.clock,
    app,
    bearer(request.headers.authorization),
    request.params.me,
  );
  return { app, me: request.params.me };
}

/** The SDK sends absent values as "", "undefined" or "null". */
export const present = (v: unknown): string | undefined => {
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return typeof v !== 'string' || v === '' || v === 'undefined' || v === 'null' ? undefined : v;
};

export const badRequest = (message: string) =>
  new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message, { error: 'illegal_argument' });

/** A page size: absent → fallback, else an integer in 1..max (larger values are clamped to max). */
export function pageSize(raw: unknown, fallback: number, max: number): number {
  const v = present(raw);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw badRequest(`limit must be an integer in 1..${max}`);
  return Math.min(n, max);
}

/** A decimal 64-bit message id, or undefined when absent / -1. */
export function messageId(raw: unknown): bigint | undefined {
  const v = present(raw);
  if (v === undefined || v === '-1') return undefined;
  if (!/^\d{1,20}$/.test(v)) throw badRequest(`illegal message id ${v}`);
  return BigInt(v);
}

// Offset cursors are opaque to clients and URL-safe (T4).
export const encodeOffset = (n: number) => Buffer.from(`o:${n}`, 'utf8').toString('base64url');
export function decodeOffset(raw: unknown): number {
  const v = present(raw);
  if (v === undefined) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(v, 'base64url').toString('utf8'));
  if (!m) throw badRequest('illegal cursor');
  return Number(m[1]);
}

/**
 * Registers routes in a scope whose JSON parser takes an empty body as no body: the official SDK sends
 * `Content-Type: application/json` on every call, also on DELETEs without a body (T3), which Fastify's
 * default parser refuses.
 */
export function lenientJsonScope(app: FastifyInstance, routes: (scope: FastifyInstance) => void): void {
  void app.register((scope, _opts, done) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, parsed) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (text.trim() === '') return parsed(null, undefined);
      try {
        parsed(null, JSON.parse(text) as unknown);
      } catch {
        parsed(Object.assign(new Error('bad json'), { statusCode: 400 }), undefined);
      }
    });
    routes(scope);
    done();
  });
}
