import { ConfabError, ErrorCode } from '@confab/protocol';
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
    throw new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, 'username and password are required', {
      error: 'invalid_grant',
    });
  }
  const user = await storage.users.find(app.id, username);
  if (!user) throw new ConfabError(ErrorCode.USER_NOT_FOUND, 'user not found');
  if (!(await verifyPassword(password, user.passwordHash))) {
    // The official SDK recognises this exact text (it stops retrying other hosts on it).
    throw new ConfabError(ErrorCode.WEBIM_CONNCTION_AJAX_ERROR, 'invalid password', {
      error: 'invalid_grant',
    });
  }
  if (!user.activated) {
    throw new ConfabError(ErrorCode.PERMISSION_DENIED, `user ${username} is not activated`, {
      error: 'forbidden_op',
    });
  }
  return { user, issued: await issueToken(storage, clock, app, username) };
}
