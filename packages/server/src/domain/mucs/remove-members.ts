// Removing members (SDK removeGroupMember(s), DELETE /chatgroups/{id}/users/{u[,u…]}): the owner, an
// admin or the app server. Nobody removes the owner, and admins do not remove admins (603). Removed
// users are told (KICK), the members who stay hear who left (ABSENCE). One user who is not a member
// fails the call (602); in a batch, non-members are reported per user instead.
import { MucOperation } from '@confab/protocol';
import { bulk, type GroupDeps, tell } from './group-deps.js';
import { accessMuc, type MucActor, notMemberOf, permissionDenied, roleOf } from './muc-access.js';

export interface RemoveResult {
  user: string;
  result: boolean;
  reason?: string;
}

export async function removeMembers(
  deps: GroupDeps,
  appId: number,
  actor: MucActor,
  id: string,
  usernames: readonly string[],
): Promise<RemoveResult[]> {
  const a = await accessMuc(deps, appId, id, actor, 'admin');
  const { muc } = a;
  const targets = bulk(deps, usernames);
  const results = new Map<string, RemoveResult>();
  const removable: string[] = [];
  for (const user of targets) {
    const m = await deps.mucs.member(appId, id, user);
    if (!m) {
      if (targets.length === 1) throw notMemberOf(deps.kind, user);
      results.set(user, { user, result: false, reason: 'not a member of the group' });
      continue;
    }
    if (m.role === 'owner') throw permissionDenied('the owner can not be removed');
    if (m.role === 'admin' && roleOf(a) === 'admin') throw permissionDenied('admins can not remove admins');
    removable.push(user);
  }
  const removed = removable.length > 0 ? await deps.mucs.removeMembers(appId, id, removable) : [];
  for (const user of removable)
    results.set(
      user,
      removed.includes(user)
        ? { user, result: true }
        : { user, result: false, reason: 'not a member of the group' },
    );
  if (removed.length > 0) {
    await deps.membership({ appId, groupId: id, removed });
    await deps.lists.forgetMembers(appId, id, removed);
    await tell(deps, muc, actor, MucOperation.KICK, { users: removed }, { targets: removed });
    const memberCount = (await deps.mucs.get(appId, id))?.memberCount ?? muc.memberCount - removed.length;
    const [only] = removed;
    if (removed.length === 1 && only !== undefined)
      await tell(deps, muc, actor, MucOperation.ABSENCE, { members: true }, { from: only, memberCount });
    else
      await tell(
        deps,
        muc,
        actor,
        MucOperation.ABSENCE,
        { members: true },
        { members: removed, memberCount },
      );
  }
  return targets.map((u) => results.get(u)!);
}
