// Chat room super admins (Agora: POST / GET / DELETE /chatrooms/super_admin[/{u}]): the users of an app
// who may create chat rooms with their own token (SDK createChatRoom). The app server names them, at most
// `maxSuperAdmins` per app.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';
import type { RoomSuperAdminStore } from '../ports/room-super-admins.js';
import type { UserStore } from '../ports/storage.js';

export interface SuperAdminDeps {
  readonly superAdmins: RoomSuperAdminStore;
  readonly users: Pick<UserStore, 'find'>;
  readonly clock: Clock;
  readonly maxSuperAdmins: number;
}

/** Names a super admin (the user must exist: 204); naming one again changes nothing. */
export async function addSuperAdmin(deps: SuperAdminDeps, appId: number, username: string): Promise<void> {
  if (!(await deps.users.find(appId, username)))
    throw new ConfabError(ErrorCode.USER_NOT_FOUND, `username ${username} doesn't exist!'`);
  if (await deps.superAdmins.has(appId, username)) return;
  if ((await deps.superAdmins.count(appId)) >= deps.maxSuperAdmins)
    throw new ConfabError(ErrorCode.MAX_LIMIT, `at most ${deps.maxSuperAdmins} super admins`);
  await deps.superAdmins.add(appId, username, deps.clock.now());
}

/** Takes a super admin's right away; -3 when the user is not one. */
export async function removeSuperAdmin(deps: SuperAdminDeps, appId: number, username: string): Promise<void> {
  if (!(await deps.superAdmins.remove(appId, username)))
    throw new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, `${username} is not a super admin`);
}

/** The super admins, newest first, a page of them. */
export const superAdmins = (deps: SuperAdminDeps, appId: number, offset: number, limit: number) =>
  deps.superAdmins.list(appId, offset, limit);

export const isSuperAdmin = (deps: Pick<SuperAdminDeps, 'superAdmins'>, appId: number, username: string) =>
  deps.superAdmins.has(appId, username);
