// The nickname shown in push notifications (REST spec §1.1 #15 updateCurrentUserNick, §3 "Push nickname":
// PUT /users/{u} {nickname ≤100}). Not the user attribute `nickname` (user-attributes.ts): Agora keeps the two
// apart, and so does Confab.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';
import type { AppRecord, Storage, UserRecord } from '../ports/storage.js';
import { requireUser } from './user-admin.js';

export const MAX_PUSH_NICKNAME_CHARS = 100;

export async function setPushNickname(
  deps: { storage: Storage; clock: Clock },
  app: AppRecord,
  username: string,
  nickname: unknown,
): Promise<UserRecord> {
  if (typeof nickname !== 'string')
    throw new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, 'nickname must be a string');
  if ([...nickname].length > MAX_PUSH_NICKNAME_CHARS)
    throw new ConfabError(
      ErrorCode.MAX_LIMIT,
      `nickname is longer than ${MAX_PUSH_NICKNAME_CHARS} characters`,
    );
  await requireUser(deps.storage, app, username);
  await deps.storage.users.setNickname(app.id, username, nickname, deps.clock.now());
  return requireUser(deps.storage, app, username);
}
