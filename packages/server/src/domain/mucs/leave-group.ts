// Leaving (SDK leaveGroup, DELETE /chatgroups/{id}/quit): any member but the owner, who must hand the
// group over or destroy it first (603, as Agora answers). The remaining members are told (ABSENCE).
import { MucOperation } from '@confab/protocol';
import { type GroupDeps, tell } from './group-deps.js';
import { accessMuc, notMemberOf, permissionDenied, userActor } from './muc-access.js';

export async function leaveGroup(
  deps: GroupDeps,
  appId: number,
  username: string,
  resource: string | undefined,
  id: string,
): Promise<void> {
  const actor = userActor(username, resource);
  const { muc, member } = await accessMuc(deps, appId, id, actor, 'member');
  if (member?.role === 'owner')
    throw permissionDenied('the owner can not leave the group; transfer it or destroy it');
  const removed = await deps.mucs.removeMembers(appId, id, [username]);
  if (removed.length === 0) throw notMemberOf(deps.kind, username);
  await deps.membership({ appId, groupId: id, removed });
  await deps.lists.forgetMembers(appId, id, removed);
  const memberCount = (await deps.mucs.get(appId, id))?.memberCount ?? muc.memberCount - 1;
  // The leaver is no member any more: their other devices hear it as one of the audience.
  await tell(
    deps,
    muc,
    actor,
    MucOperation.ABSENCE,
    { members: true, alsoUsers: [username] },
    { memberCount },
  );
}
