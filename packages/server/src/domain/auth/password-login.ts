import { ConfabError, ErrorCode, isConfabError, restError } from '@confab/protocol';
import type { AppRecord, UserRecord } from '../ports/storage.js';
import type { CredentialDeps } from './credentials.js';
import { issueToken, type IssuedToken } from './tokens.js';

/**
 * grant_type=password: the token the official SDK's open({user, pwd}) fetches. Throttled per user and per
 * source `address` (login-throttle.ts): a locked one gets 429 before any hashing.
 */
export async function passwordLogin(
  deps: CredentialDeps,
  app: AppRecord,
  username: unknown,
  password: unknown,
  address: string,
): Promise<{ user: UserRecord; issued: IssuedToken }> {
  if (typeof username !== 'string' || typeof password !== 'string' || username === '' || password === '') {
    throw restError('REQUEST_PARAMETER_ERROR', 'invalidGrant', 'username and password are required');
  }
  const attempt = deps.credentials.throttle.beginLogin(app.id, username, address);
  try {
    // An unknown user is a failed attempt too (guessing names costs the same budget).
    const user = await deps.storage.users.find(app.id, username);
    if (!user) throw new ConfabError(ErrorCode.USER_NOT_FOUND, 'user not found');
    if (!(await deps.credentials.hasher.verify(password, user.passwordHash))) {
      // The official SDK recognises this exact text (it stops retrying other hosts on it).
      throw restError('WEBIM_CONNCTION_AJAX_ERROR', 'invalidGrant', 'invalid password');
    }
    attempt.succeeded();
    if (!user.activated) {
      throw new ConfabError(ErrorCode.PERMISSION_DENIED, `user ${username} is not activated`);
    }
    return { user, issued: await issueToken(deps.storage, deps.clock, app, username) };
  } catch (err) {
    // Only a wrong guess counts: a busy hasher or a storage error is not the client's failure.
    const guessed =
      isConfabError(err) &&
      (err.type === ErrorCode.USER_NOT_FOUND || err.type === ErrorCode.WEBIM_CONNCTION_AJAX_ERROR);
    if (!guessed) attempt.cancelled();
    throw err;
  }
}
