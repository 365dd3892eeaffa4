// Destroying a group (SDK destroyGroup, DELETE /chatgroups/{id}): the owner or the app server (a
// disabled group too). Its members are told one by one (DESTROY): the group's log has no members left
// to read it. Messages stay stored.
import { MucOperation } from '@confab/protocol';
import type { MucRecord } from '../ports/mucs.js';
import { tell, type GroupDeps } from './group-deps.js';
import { access, groupNotFound, type MucActor } from './muc-access.js';

export async function destroyGroup(
  deps: GroupDeps,
  appId: number,
  actor: MucActor,
  id: string,
): Promise<MucRecord> {
  const { muc } = await access(deps.mucs, appId, id, actor, 'owner', { allowDisabled: actor.kind === 'app' });
  const members = await deps.mucs.memberNames(appId, id);
  if (!(await deps.mucs.destroy(appId, id))) throw groupNotFound(id);
  await deps.membership({ appId, groupId: id, destroyed: true });
  await tell(deps, muc, actor, MucOperation.DESTROY, { users: members });
  return muc;
}
