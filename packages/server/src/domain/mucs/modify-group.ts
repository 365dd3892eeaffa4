// Changing a group's settings (SDK modifyGroup, PUT /chatgroups/{id}): the owner, an admin or the app
// server. Every member is told (UPDATE) with the changed fields as JSON under Agora's names, which the
// SDK maps to the `updateInfo` detail (muc-event-meta.ts updateInfoEventExt).
import { MucOperation } from '@confab/protocol';
import type { MucPatch, MucRecord } from '../ports/mucs.js';
import { checkGroupFields, checkMaxUsers, membersOverMax } from './create-group.js';
import { type GroupDeps, tell } from './group-deps.js';
import { updateInfoEventExt } from './muc-event-meta.js';
import { accessMuc, type MucActor, mucNotFound } from './muc-access.js';

export type GroupSettings = Pick<
  MucPatch,
  | 'name'
  | 'description'
  | 'avatar'
  | 'custom'
  | 'public'
  | 'approval'
  | 'allowInvites'
  | 'inviteNeedConfirm'
  | 'maxUsers'
>;

/** The settings a call may change, in this order. */
const SETTINGS: readonly (keyof GroupSettings)[] = [
  'name',
  'description',
  'avatar',
  'custom',
  'public',
  'approval',
  'allowInvites',
  'inviteNeedConfirm',
  'maxUsers',
];

export interface Modified {
  muc: MucRecord;
  /** The settings the call gave, in the order of GroupSettings. */
  changed: (keyof GroupSettings)[];
}

export async function modifyGroup(
  deps: GroupDeps,
  appId: number,
  actor: MucActor,
  id: string,
  input: GroupSettings,
): Promise<Modified> {
  const { muc } = await accessMuc(deps, appId, id, actor, 'admin');
  const text = checkGroupFields(deps, input);
  const patch: GroupSettings = {};
  for (const key of SETTINGS) {
    const value = key in text ? text[key as keyof typeof text] : input[key];
    if (value !== undefined) Object.assign(patch, { [key]: value });
  }
  if (patch.maxUsers !== undefined) {
    checkMaxUsers(deps, patch.maxUsers);
    if (patch.maxUsers < muc.memberCount)
      throw membersOverMax(
        `members size is greater than max user size ! (${muc.memberCount} members > ${patch.maxUsers})`,
      );
  }
  const changed = Object.keys(patch) as (keyof GroupSettings)[];
  if (changed.length === 0) return { muc, changed };
  const now = deps.clock.now();
  const updated = await deps.mucs.update(appId, id, patch, now);
  if (!updated) throw mucNotFound(deps.kind, id);
  await tell(
    deps,
    updated,
    actor,
    MucOperation.UPDATE,
    { members: true },
    {
      ext: updateInfoEventExt({ ...patch, modifiedAt: now }),
    },
  );
  return { muc: updated, changed };
}
