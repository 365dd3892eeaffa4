import { randomUUID } from 'node:crypto';
import { ConfabError, ErrorCode, restError } from '@confab/protocol';
import type { CredentialDeps } from '../auth/credentials.js';
import type { AppRecord, UserRecord } from '../ports/storage.js';
import { isValidPassword, isValidUsername, MAX_NICKNAME_LENGTH } from './username-rules.js';

export interface RegisterInput {
  username: unknown;
  password: unknown;
  nickname?: unknown;
}

/**
 * Registers one user. `byAdmin` lifts the app's open-registration switch; open registration is throttled
 * per source `address` (429 past its budget, login-throttle.ts). Invalid input is refused as Agora does
 * (400 illegal_argument, "… is not legal"), which the SDK reports as 17 with that text.
 */
export async function registerUser(
  deps: CredentialDeps,
  app: AppRecord,
  input: RegisterInput,
  byAdmin: boolean,
  address = '',
): Promise<UserRecord> {
  const { storage, clock } = deps;
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
  if (!byAdmin) deps.credentials.throttle.registration(address);
  const passwordHash = await deps.credentials.hasher.hash(password);
  const now = clock.now();
  const user: UserRecord = {
    appId: app.id,
    username,
    uuid: randomUUID(),
    passwordHash,
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
