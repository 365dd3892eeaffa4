// User tokens issued by the app server (Agora's "get a user token" with an app token:
// POST /{org}/{app}/token {grant_type:"inherit", username, autoCreateUser?, ttl?}). The app's
// backend authenticates its users its own way and hands them a Confab token for open({accessToken}).
import { randomBytes } from 'node:crypto';
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { AppRecord, UserRecord } from '../ports/storage.js';
import { registerUser } from '../users/register-user.js';
import { requireUser } from '../users/user-admin.js';
import { forbidden } from './admin-auth.js';
import type { CredentialDeps } from './credentials.js';
import { issueToken, type IssuedToken } from './tokens.js';

export interface UserTokenRequest {
  username?: unknown;
  /** Seconds; at most the app's tokenTtlSeconds, which is also the default. */
  ttl?: unknown;
  /** Register the user (random password) when it does not exist. */
  autoCreateUser?: unknown;
}

const bad = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);

export async function issueUserToken(
  deps: CredentialDeps,
  app: AppRecord,
  request: UserTokenRequest,
): Promise<{ user: UserRecord; issued: IssuedToken }> {
  const { username, ttl, autoCreateUser } = request;
  if (typeof username !== 'string' || username === '') throw bad('username is required');
  const max = app.settings.tokenTtlSeconds;
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > max))
    throw bad(`ttl must be an integer number of seconds in 1..${max}`);
  let user = await deps.storage.users.find(app.id, username);
  if (!user && autoCreateUser === true) {
    const password = randomBytes(24).toString('base64url');
    user = await registerUser(deps, app, { username, password }, true);
  }
  user ??= await requireUser(deps.storage, app, username);
  if (!user.activated) throw forbidden(`user ${username} is deactivated`);
  const issued = await issueToken(deps.storage, deps.clock, app, username, ttl);
  return { user, issued };
}
