// Handing a group over (SDK changeGroupOwner, PUT /chatgroups/{id} {newowner}): the owner or the app
// server, to a member (602 otherwise; to the owner itself 603). The old owner stays as a member; every
// member is told (ASSIGN_OWNER).
import { MucOperation } from '@confab/protocol';
import { type GroupDeps, tell } from './group-deps.js';
import { accessMuc, type MucActor, notMemberOf, permissionDenied } from './muc-access.js';

export async function transferOwner(
  deps: GroupDeps,
  appId: number,
  actor: MucActor,
  id: string,
  newOwner: string,
): Promise<void> {
  const { muc } = await accessMuc(deps, appId, id, actor, 'owner');
  if (newOwner === muc.owner) throw permissionDenied(`${newOwner} owns the group already`);
  if (!(await deps.mucs.member(appId, id, newOwner))) throw notMemberOf(deps.kind, newOwner);
  if (!(await deps.mucs.transferOwner(appId, id, newOwner, deps.clock.now())))
    throw notMemberOf(deps.kind, newOwner);
  await tell(deps, muc, actor, MucOperation.ASSIGN_OWNER, { members: true }, { targets: [newOwner] });
}
