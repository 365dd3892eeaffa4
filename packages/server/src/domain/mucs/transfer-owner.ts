// Handing a group over (SDK changeGroupOwner, PUT /chatgroups/{id} {newowner}): the owner or the app
// server, to a member (602 otherwise; to the owner itself 603). The old owner stays as a member; every
// member is told (ASSIGN_OWNER).
import { MucOperation } from '@confab/protocol';
import { tell, type GroupDeps } from './group-deps.js';
import { access, notMember, permissionDenied, type MucActor } from './muc-access.js';

export async function transferOwner(
  deps: GroupDeps,
  appId: number,
  actor: MucActor,
  id: string,
  newOwner: string,
): Promise<void> {
  const { muc } = await access(deps.mucs, appId, id, actor, 'owner');
  if (newOwner === muc.owner) throw permissionDenied(`${newOwner} owns the group already`);
  if (!(await deps.mucs.member(appId, id, newOwner))) throw notMember(newOwner);
  if (!(await deps.mucs.transferOwner(appId, id, newOwner, deps.clock.now()))) throw notMember(newOwner);
  await tell(deps, muc, actor, MucOperation.ASSIGN_OWNER, { members: true }, { targets: [newOwner] });
}
