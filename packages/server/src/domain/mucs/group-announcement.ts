// The group announcement (REST §1.5 #104, #105), a field of the group record: members read it, the owner
// and admins write it (at most `maxChars` characters). Every member is told updateAnnouncement with the
// text, or deleteAnnouncement when it was cleared.
import { MucOperation } from '@confab/protocol';
import { accessMuc, type MucActor, mucNotFound } from './muc-access.js';
import { badParameter, everyMember, maxLimit, tell, type MucListDeps } from './muc-list-rules.js';

export async function getAnnouncement(
  deps: Pick<MucListDeps, 'mucs'>,
  appId: number,
  groupId: string,
  actor: MucActor,
): Promise<string> {
  return (await accessMuc(deps, appId, groupId, actor, 'member')).muc.announcement;
}

export async function setAnnouncement(
  deps: MucListDeps,
  maxChars: number,
  appId: number,
  groupId: string,
  actor: MucActor,
  announcement: unknown,
): Promise<void> {
  const a = await accessMuc(deps, appId, groupId, actor, 'admin');
  if (typeof announcement !== 'string') throw badParameter('announcement must be a string');
  // Characters as people count them (code points), not UTF-16 units.
  if ([...announcement].length > maxChars)
    throw maxLimit(`the announcement may have at most ${maxChars} characters`);
  const updated = await deps.mucs.update(appId, groupId, { announcement }, deps.clock.now());
  if (!updated) throw mucNotFound(deps.kind, groupId);
  if (announcement === '')
    await tell(deps, { ...a, muc: updated }, actor, MucOperation.DELETE_ANNOUNCEMENT, everyMember);
  else
    await tell(deps, { ...a, muc: updated }, actor, MucOperation.UPDATE_ANNOUNCEMENT, everyMember, {
      reason: announcement,
    });
}
