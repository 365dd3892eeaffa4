// Group details for one or many ids (SDK getGroupInfo, app server GET /chatgroups/{id[,id…]}): each
// group with its members. Anyone of the app may look a group up (a user decides whether to join it);
// a disabled group is shown with `disabled` set.
import type { MucMember, MucRecord } from '../ports/mucs.js';
import { type GroupDeps, overLimit } from './group-deps.js';
import { mucNotFound } from './muc-access.js';

export interface GroupDetails {
  muc: MucRecord;
  /** Owner first, then admins, then members, each by join time. */
  members: MucMember[];
}

/** In the order asked; unknown ids are left out, and when none is known: 605. At most groupDetailsMax ids (50). */
export async function groupDetails(
  deps: GroupDeps,
  appId: number,
  ids: readonly string[],
): Promise<GroupDetails[]> {
  const unique = [...new Set(ids)];
  if (unique.length > deps.limits.groupDetailsMax)
    throw overLimit(`at most ${deps.limits.groupDetailsMax} groups per call`);
  const mucs = (await deps.mucs.getMany(appId, unique)).filter((m) => m.kind === (deps.kind ?? 'group'));
  if (mucs.length === 0) throw mucNotFound(deps.kind, unique.join(','));
  const out: GroupDetails[] = [];
  for (const muc of mucs)
    out.push({ muc, members: await deps.mucs.members(appId, muc.id, 0, Math.max(muc.memberCount, 1)) });
  return out;
}
