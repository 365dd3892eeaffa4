// Admins (SDK getGroupAdmin / setGroupAdmin / removeGroupAdmin, …/admin): members read the list; only
// the owner (or the app server) appoints and dismisses, at most groupAdminsMax (50 beyond it). The
// target must be a member (602); appointing the owner or an admin, or dismissing a non-admin, is 603.
// Every member is told (ADD_ADMIN / REMOVE_ADMIN).
import { MucOperation } from '@confab/protocol';
import { type GroupDeps, overLimit, tell } from './group-deps.js';
import { accessMuc, type MucActor, notMemberOf, permissionDenied } from './muc-access.js';

/** Page through members while reading admins (they come right after the owner). */
const PAGE = 100;

export async function groupAdmins(
  deps: GroupDeps,
  appId: number,
  actor: MucActor,
  id: string,
): Promise<string[]> {
  await accessMuc(deps, appId, id, actor, 'member', { allowDisabled: actor.kind === 'app' });
  return listAdmins(deps, appId, id);
}

async function listAdmins(deps: GroupDeps, appId: number, id: string): Promise<string[]> {
  const out: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await deps.mucs.members(appId, id, offset, PAGE);
    for (const m of page) if (m.role === 'admin') out.push(m.username);
    if (page.length < PAGE || page.some((m) => m.role === 'member')) return out;
  }
}

export async function setAdmin(
  deps: GroupDeps,
  appId: number,
  actor: MucActor,
  id: string,
  username: string,
  admin: boolean,
): Promise<void> {
  const { muc } = await accessMuc(deps, appId, id, actor, 'owner');
  const target = await deps.mucs.member(appId, id, username);
  if (!target) throw notMemberOf(deps.kind, username);
  if (target.role === 'owner') throw permissionDenied('the owner is no admin');
  if (admin && target.role === 'admin') throw permissionDenied(`${username} is an admin already`);
  if (!admin && target.role !== 'admin') throw permissionDenied(`${username} is not an admin`);
  if (admin && (await listAdmins(deps, appId, id)).length >= deps.limits.groupAdminsMax)
    throw overLimit(`at most ${deps.limits.groupAdminsMax} admins`);
  if (!(await deps.mucs.setRole(appId, id, username, admin ? 'admin' : 'member')))
    throw notMemberOf(deps.kind, username);
  await tell(
    deps,
    muc,
    actor,
    admin ? MucOperation.ADD_ADMIN : MucOperation.REMOVE_ADMIN,
    { members: true },
    {
      targets: [username],
    },
  );
}
