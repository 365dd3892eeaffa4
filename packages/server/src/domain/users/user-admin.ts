// What an app server does to its users through the REST API, with the kicks Agora Chat sends the
// affected devices (msync spec §4.10): deletion → 207, password change → 216 (and every old token
// stops working), forced logout → 217, deactivation → 207 (documented choice, docs/protocol.md).
import { ConfabError, ErrorCode, kickCode, StatisticsOperation } from '@confab/protocol';
import type { Credentials } from '../auth/credentials.js';
import type { Bus, KickCommand } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { AppRecord, Storage, UserRecord } from '../ports/storage.js';
import { isValidPassword } from './username-rules.js';
import type { KnownUsers } from './known-users.js';
import { announceCachedChange } from '../cache/cache-events.js';

export interface AccountDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly bus: Bus;
  /** Receivers this node knows exist (send-message.ts): a deleted user is forgotten at once. */
  readonly knownUsers?: KnownUsers;
}

export const userNotFound = (username: string) =>
  new ConfabError(ErrorCode.USER_NOT_FOUND, `username ${username} doesn't exist!'`);

export async function requireUser(storage: Storage, app: AppRecord, username: string): Promise<UserRecord> {
  const user = await storage.users.find(app.id, username);
  if (!user) throw userNotFound(username);
  return user;
}

export function kick(bus: Bus, command: Omit<KickCommand, 'kind'>): Promise<void> {
  return bus.publish({ kind: 'kick', ...command });
}

/** Deletes the account, its tokens and contacts; its live devices get 207. Messages stay (docs/protocol.md). */
export async function deleteUser(deps: AccountDeps, app: AppRecord, username: string): Promise<UserRecord> {
  const user = await requireUser(deps.storage, app, username);
  await deps.storage.tokens.deleteForUser(app.id, username);
  await deps.storage.users.delete(app.id, username);
  deps.knownUsers?.forget(app.id, username);
  await announceCachedChange(deps.bus, 'user', app.id, username);
  // A new account of the same name inherits none of the old one's contacts, requests or blocks.
  await deps.storage.contacts.forgetUser(app.id, username);
  await announceCachedChange(deps.bus, 'blocks', app.id, username);
  await deps.storage.userAttributes.delete(app.id, username);
  await kick(deps.bus, { appId: app.id, username, code: kickCode(StatisticsOperation.USER_REMOVED) });
  return user;
}

/** New password: every token of the user is revoked (REST and socket) and its devices get 216. */
export async function changePassword(
  deps: AccountDeps & { readonly credentials: Credentials },
  app: AppRecord,
  username: string,
  newPassword: unknown,
): Promise<void> {
  if (!isValidPassword(newPassword)) {
    throw new ConfabError(ErrorCode.WEBIM_CONNCTION_AJAX_ERROR, 'newpassword is not legal: 1 to 64 bytes');
  }
  await requireUser(deps.storage, app, username);
  const hash = await deps.credentials.hasher.hash(newPassword);
  if (!(await deps.storage.users.setPassword(app.id, username, hash, deps.clock.now())))
    throw userNotFound(username);
  await deps.storage.tokens.deleteForUser(app.id, username);
  await kick(deps.bus, {
    appId: app.id,
    username,
    code: kickCode(StatisticsOperation.USER_KICKED_BY_CHANGE_PASSWORD),
  });
}

/** Ban (false) or unban (true). A banned user cannot log in; its live devices get 207. */
export async function setActivated(
  deps: AccountDeps,
  app: AppRecord,
  username: string,
  activated: boolean,
): Promise<UserRecord> {
  if (!(await deps.storage.users.setActivated(app.id, username, activated, deps.clock.now())))
    throw userNotFound(username);
  if (!activated)
    await kick(deps.bus, { appId: app.id, username, code: kickCode(StatisticsOperation.USER_REMOVED) });
  return requireUser(deps.storage, app, username);
}

/** Forced logout of every device of the user, or of one (`resource`): 217. Tokens stay valid. */
export async function forceLogout(
  deps: AccountDeps,
  app: AppRecord,
  username: string,
  resource?: string,
): Promise<void> {
  await requireUser(deps.storage, app, username);
  await kick(deps.bus, {
    appId: app.id,
    username,
    code: kickCode(StatisticsOperation.USER_KICKED_BY_OTHER_DEVICE),
    ...(resource ? { resource } : {}),
  });
}
