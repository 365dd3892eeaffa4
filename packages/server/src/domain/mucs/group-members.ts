// Reading a group's members (SDK listGroupMembers / getGroupMembers, GET /chatgroups/{id}/users): its
// members (602 for anyone else) or the app server; owner first, then admins, then members, each by
// join time. Membership checks for the app server (GET …/user/{u}/is_joined).
import type { MucMember } from '../ports/mucs.js';
import type { GroupDeps } from './group-deps.js';
import { accessMuc, loadMuc, type MucActor } from './muc-access.js';

export async function groupMembers(
  deps: GroupDeps,
  appId: number,
  actor: MucActor,
  id: string,
  offset: number,
  limit: number,
): Promise<{ members: MucMember[]; memberCount: number }> {
  const { muc } = await accessMuc(deps, appId, id, actor, 'member', {
    allowDisabled: actor.kind === 'app',
  });
  return { members: await deps.mucs.members(appId, id, offset, limit), memberCount: muc.memberCount };
}

/** Whether the user is a member (605 when the group does not exist). */
export async function isMember(
  deps: GroupDeps,
  appId: number,
  id: string,
  username: string,
): Promise<boolean> {
  await loadMuc(deps, appId, id, { allowDisabled: true });
  return (await deps.mucs.member(appId, id, username)) !== undefined;
}
