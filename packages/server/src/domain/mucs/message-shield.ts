// A member's shield against a group's messages (REST §1.5 #112, #113 and the legacy #68 through
// PUT /users/{me}): set by the member for themselves, kept on the MUC's lists as 'shield'. Message
// delivery reads it (`isShielded`); nobody else is told.
import { NEVER_EXPIRES, type MucListStore } from '../ports/muc-lists.js';
import { accessMuc, type MucActor } from './muc-access.js';
import { badParameter, type MucListDeps } from './muc-list-rules.js';

export async function setShield(
  deps: Pick<MucListDeps, 'mucs' | 'lists' | 'clock'>,
  appId: number,
  groupId: string,
  actor: MucActor,
  shielded: boolean,
): Promise<void> {
  // A shield is the member's own: the app server has nobody to set it for.
  if (actor.kind === 'app') throw badParameter('a user token is required');
  await accessMuc(deps, appId, groupId, actor, 'member');
  if (shielded)
    await deps.lists.add(
      appId,
      groupId,
      'shield',
      [{ username: actor.username, expiresAt: NEVER_EXPIRES }],
      deps.clock.now(),
    );
  else await deps.lists.remove(appId, groupId, 'shield', [actor.username]);
}

/** Whether `username` shields themselves from the group's messages. */
export async function isShielded(
  lists: Pick<MucListStore, 'onList'>,
  appId: number,
  groupId: string,
  username: string,
  now: number,
): Promise<boolean> {
  return (await lists.onList(appId, groupId, 'shield', [username], now)).length > 0;
}
