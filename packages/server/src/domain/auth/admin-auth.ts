// Who may call the app-server REST API: the app's admin token (client_credentials), and for a few
// calls about oneself the user's own token. Every refusal has the status Agora documents: no, unknown,
// expired or another app's token → 401 "Unable to authenticate (OAuth)" (SDK code 52); a valid user
// token on an admin-only call, or on another user → 403 (603 "permission denied"). The token of a
// deactivated user → 403 too (603, whose catalog text says "check whether the user is banned"); a deleted
// user's tokens are gone → 401.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';
import type { AppRecord, Storage, TokenRecord } from '../ports/storage.js';
import { checkLiveToken } from './tokens.js';

export const unauthenticated = () =>
  new ConfabError(ErrorCode.NO_PERMISSION, 'Unable to authenticate (OAuth)');

export const forbidden = (message = 'permission denied') =>
  new ConfabError(ErrorCode.PERMISSION_DENIED, message);

/** A valid token of this app (admin, or user of an existing activated account), else 401 / 403. */
export async function requireAppToken(
  storage: Storage,
  clock: Clock,
  app: AppRecord,
  token: string | undefined,
): Promise<TokenRecord> {
  if (!token) throw unauthenticated();
  const check = await checkLiveToken(storage, clock, app, token);
  if (check.ok) return check.token;
  throw check.reason === 'user-deactivated'
    ? forbidden('the user of this token is deactivated')
    : unauthenticated();
}

/** The app's admin token, else 401 / 403. */
export async function requireAdmin(
  storage: Storage,
  clock: Clock,
  app: AppRecord,
  token: string | undefined,
): Promise<TokenRecord> {
  const record = await requireAppToken(storage, clock, app, token);
  if (record.username !== undefined) throw forbidden('an app admin token is required');
  return record;
}

/** The app's admin token or `username`'s own token, else 401 / 403. */
export async function requireAdminOrSelf(
  storage: Storage,
  clock: Clock,
  app: AppRecord,
  token: string | undefined,
  username: string,
): Promise<TokenRecord> {
  const record = await requireAppToken(storage, clock, app, token);
  if (record.username !== undefined && record.username !== username) throw forbidden();
  return record;
}
