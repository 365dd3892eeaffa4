// Destroying a group (SDK destroyGroup, DELETE /chatgroups/{id}): the owner or the app server (a
// disabled group too). Its members are told one by one (DESTROY): the group's log has no members left
// to read it. Messages stay stored.
import { MucOperation } from '@confab/protocol';
import type { MucRecord } from '../ports/mucs.js';
import { type GroupDeps, tell } from './group-deps.js';
import { accessMuc, type MucActor, mucNotFound } from './muc-access.js';

export async function destroyGroup(
  deps: GroupDeps,
  appId: number,
  actor: MucActor,
  id: string,
): Promise<MucRecord> {
  const { muc } = await accessMuc(deps, appId, id, actor, 'owner', { allowDisabled: actor.kind === 'app' });
  const members = await deps.mucs.memberNames(appId, id);
  if (!(await deps.mucs.destroy(appId, id))) throw mucNotFound(deps.kind, id);
  await deps.membership({ appId, groupId: id, destroyed: true });
  // Its lists, attributes and shared files go with it (the files' bytes too).
  for (const key of await deps.lists.forgetMuc(appId, id))
    await deps.fileStore.remove(key).catch(() => undefined);
  await tell(deps, muc, actor, MucOperation.DESTROY, { users: members });
  return muc;
}
