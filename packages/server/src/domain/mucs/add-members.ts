// The app server adds members directly (POST /chatgroups/{id}/users/{u} and …/users {usernames}): no
// invitation, within maxUsers (606). One user already in the group fails the call (601); a batch skips
// those and reports who was added.
import { admitMembers, type Admitted } from './admit-members.js';
import { alreadyJoined, bulk, checkJoinedLimit, type GroupDeps, requireUsers } from './group-deps.js';
import { accessMuc, appServer } from './muc-access.js';

export async function addMembers(
  deps: GroupDeps,
  appId: number,
  id: string,
  usernames: readonly string[],
): Promise<Admitted> {
  const { muc } = await accessMuc(deps, appId, id, appServer, 'owner');
  const users = bulk(deps, usernames);
  await requireUsers(deps, appId, users);
  const fresh: string[] = [];
  for (const u of users) {
    if (!(await deps.mucs.member(appId, id, u))) fresh.push(u);
    // A chat room answers an add of a member with nobody new (Agora's `newmembers` is empty).
    else if (users.length === 1 && deps.kind !== 'room') throw alreadyJoined(u);
  }
  await checkJoinedLimit(deps, appId, fresh);
  if (fresh.length === 0) return { added: [], already: users, memberCount: muc.memberCount };
  return admitMembers(deps, muc, appServer, fresh, true);
}
