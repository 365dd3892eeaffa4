// Chat room super admins (Agora: POST / GET / DELETE /chatrooms/super_admin[/{u}]): the users of an app
// who may create chat rooms with their own token (SDK createChatRoom). The app server names them. They
// are an app-wide user list, kept in the MUC list store under an id no MUC has (MUC ids are digits), so
// both storage adapters and their contract suite already cover it.
import { ConfabError, ErrorCode } from '@confab/protocol';
import { NEVER_EXPIRES, type MucListStore } from '../ports/muc-lists.js';
import type { UserStore } from '../ports/storage.js';
import type { Clock } from '../ports/clock.js';

/** The list's key in the MUC list store: not digits, so never a MUC's id. */
const SUPER_ADMINS = 'room-super-admins';

export interface SuperAdminDeps {
  readonly lists: Pick<MucListStore, 'add' | 'remove' | 'entries' | 'onList'>;
  readonly users: Pick<UserStore, 'find'>;
  readonly clock: Clock;
  readonly maxSuperAdmins: number;
}

/** Names a super admin (the user must exist: 204); naming one again changes nothing. */
export async function addSuperAdmin(deps: SuperAdminDeps, appId: number, username: string): Promise<void> {
  if (!(await deps.users.find(appId, username)))
    throw new ConfabError(ErrorCode.USER_NOT_FOUND, `username ${username} doesn't exist!'`);
  if (await isSuperAdmin(deps, appId, username)) return;
  const now = deps.clock.now();
  const current = await deps.lists.entries(appId, SUPER_ADMINS, 'allow', now, 0, deps.maxSuperAdmins);
  if (current.length >= deps.maxSuperAdmins)
    throw new ConfabError(ErrorCode.MAX_LIMIT, `at most ${deps.maxSuperAdmins} super admins`);
  await deps.lists.add(appId, SUPER_ADMINS, 'allow', [{ username, expiresAt: NEVER_EXPIRES }], now);
}

/** Takes a super admin's right away; -3 when the user is not one. */
export async function removeSuperAdmin(deps: SuperAdminDeps, appId: number, username: string): Promise<void> {
  const removed = await deps.lists.remove(appId, SUPER_ADMINS, 'allow', [username]);
  if (removed.length === 0)
    throw new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, `${username} is not a super admin`);
}

/** The super admins, newest first, a page of them. */
export async function superAdmins(
  deps: SuperAdminDeps,
  appId: number,
  offset: number,
  limit: number,
): Promise<string[]> {
  const entries = await deps.lists.entries(appId, SUPER_ADMINS, 'allow', deps.clock.now(), offset, limit);
  return entries.map((e) => e.username);
}

export async function isSuperAdmin(deps: SuperAdminDeps, appId: number, username: string): Promise<boolean> {
  return (await deps.lists.onList(appId, SUPER_ADMINS, 'allow', [username], deps.clock.now())).length > 0;
}
