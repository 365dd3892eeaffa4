import { ConfabError, ErrorCode, restError } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';
import type { AppRecord, Storage, UserRecord } from '../ports/storage.js';
import { verifyPassword } from './password-hash.js';
import { issueToken, type IssuedToken } from './tokens.js';

/** grant_type=password: the token the official SDK's open({user, pwd}) fetches. */
export async function passwordLogin(
  storage: Storage,
  clock: Clock,
  app: AppRecord,
  username: unknown,
  password: unknown,
): Promise<{ user: UserRecord; issued: IssuedToken }> {
  if (typeof username !== 'string' || typeof password !== 'string' || username === '' || password === '') {
    throw restError('REQUEST_PARAMETER_ERROR', 'invalidGrant', 'username and password are required');
  }
  const user = await storage.users.find(app.id, username);
  if (!user) throw new ConfabError(ErrorCode.USER_NOT_FOUND, 'user not found');
  if (!(await verifyPassword(password, user.passwordHash))) {
    // The official SDK recognises this exact text (it stops retrying other hosts on it).
    throw restError('WEBIM_CONNCTION_AJAX_ERROR', 'invalidGrant', 'invalid password');
  }
  if (!user.activated) {
    throw new ConfabError(ErrorCode.PERMISSION_DENIED, `user ${username} is not activated`);
  }
  return { user, issued: await issueToken(storage, clock, app, username) };
}
