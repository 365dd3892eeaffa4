import { randomUUID } from 'node:crypto';
import { ConfabError, ErrorCode, restError } from '@confab/protocol';
import { hashPassword } from '../auth/password-hash.js';
import type { Clock } from '../ports/clock.js';
import type { AppRecord, Storage, UserRecord } from '../ports/storage.js';
import { isValidPassword, isValidUsername, MAX_NICKNAME_LENGTH } from './username-rules.js';

export interface RegisterInput {
  username: unknown;
  password: unknown;
  nickname?: unknown;
}

/**
 * Registers one user. `byAdmin` lifts the app's open-registration switch. Invalid input is refused as
 * Agora does (400 illegal_argument, "… is not legal"), which the SDK reports as 17 with that text.
 */
export async function registerUser(
  storage: Storage,
  clock: Clock,
  app: AppRecord,
  input: RegisterInput,
  byAdmin: boolean,
): Promise<UserRecord> {
  if (!byAdmin && !app.settings.openRegistration) {
    throw new ConfabError(
      ErrorCode.NO_PERMISSION,
      "Open registration doesn't allow, so register user need token",
    );
  }
  const { username, password, nickname } = input;
  if (!isValidUsername(username)) {
    throw new ConfabError(ErrorCode.WEBIM_CONNCTION_AJAX_ERROR, `USERNAME ${String(username)} is not legal`);
  }
  if (!isValidPassword(password)) {
    throw new ConfabError(ErrorCode.WEBIM_CONNCTION_AJAX_ERROR, 'password is not legal: 1 to 64 bytes');
  }
  if (nickname !== undefined && (typeof nickname !== 'string' || nickname.length > MAX_NICKNAME_LENGTH)) {
    throw new ConfabError(
      ErrorCode.WEBIM_CONNCTION_AJAX_ERROR,
      'nickname is not legal: at most 64 characters',
    );
  }
  const now = clock.now();
  const user: UserRecord = {
    appId: app.id,
    username,
    uuid: randomUUID(),
    passwordHash: await hashPassword(password),
    nickname: typeof nickname === 'string' ? nickname : '',
    activated: true,
    createdAt: now,
    modifiedAt: now,
  };
  if (!(await storage.users.create(user))) {
    throw restError(
      'WEBIM_CONNCTION_AJAX_ERROR',
      'duplicateUniqueProperty',
      `Entity user requires that property named username be unique, value of ${username} exists`,
    );
  }
  return user;
}
