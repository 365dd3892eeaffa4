// The app server disables a group (POST /chatgroups/{id}/disable: nothing can be done in it, 608) and
// enables it again (…/enable). Members are told (DISABLE_GROUP / ABLE_GROUP).
import { MucOperation } from '@confab/protocol';
import type { MucRecord } from '../ports/mucs.js';
import { type GroupDeps, tell } from './group-deps.js';
import { accessMuc, appServer, mucNotFound } from './muc-access.js';

export async function setGroupDisabled(
  deps: GroupDeps,
  appId: number,
  id: string,
  disabled: boolean,
): Promise<MucRecord> {
  const { muc } = await accessMuc(deps, appId, id, appServer, 'owner', { allowDisabled: true });
  if (muc.disabled === disabled) return muc;
  const updated = await deps.mucs.update(appId, id, { disabled }, deps.clock.now());
  if (!updated) throw mucNotFound(deps.kind, id);
  await tell(deps, updated, appServer, disabled ? MucOperation.DISABLE_GROUP : MucOperation.ABLE_GROUP, {
    members: true,
  });
  return updated;
}
