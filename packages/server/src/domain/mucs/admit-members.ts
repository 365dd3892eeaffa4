// Adding members, the one way every path takes (join, accepted request or invitation, direct invite,
// app server): the store adds them atomically within maxUsers (606 when full, 605 when the group went
// away meanwhile; 603 for a user on its block list), then each added user is told how they joined and the members are told who came.
import { MucOperation } from '@confab/protocol';
import type { MucRecord } from '../ports/mucs.js';
import { type GroupDeps, mucFull, tell } from './group-deps.js';
import { refuseBlocked } from './block-list.js';
import { type MucActor, mucNotFound } from './muc-access.js';

export interface Admitted {
  added: string[];
  already: string[];
  /** Members after the change. */
  memberCount: number;
}

export async function admitMembers(
  deps: GroupDeps,
  muc: MucRecord,
  actor: MucActor,
  usernames: readonly string[],
  /** Tell each added user with DIRECT_JOINED (they were added, not asked). */
  direct: boolean,
): Promise<Admitted> {
  await refuseBlocked(deps.lists, muc.appId, muc.id, usernames, deps.clock.now());
  const r = await deps.mucs.addMembers(muc.appId, muc.id, usernames, deps.clock.now());
  if (!r.ok) throw r.reason === 'full' ? mucFull(deps.kind) : mucNotFound(deps.kind, muc.id);
  if (r.added.length > 0) await deps.membership({ appId: muc.appId, groupId: muc.id, added: r.added });
  const memberCount = (await deps.mucs.get(muc.appId, muc.id))?.memberCount ?? muc.memberCount;
  // Each added user gets one notice here: they go out together (one group commit for all), and the
  // members' presence event follows them all as before.
  if (direct)
    await Promise.all(
      r.added.map((username) =>
        tell(
          deps,
          muc,
          actor,
          MucOperation.DIRECT_JOINED,
          { users: [username] },
          {
            mucName: muc.name,
            targets: [username],
          },
        ),
      ),
    );
  // One user: memberPresence from them; several at once: one membersPresence naming them all.
  const [only] = r.added;
  if (r.added.length === 1 && only !== undefined)
    await tell(deps, muc, actor, MucOperation.PRESENCE, { members: true }, { from: only, memberCount });
  else if (r.added.length > 1)
    await tell(deps, muc, actor, MucOperation.PRESENCE, { members: true }, { members: r.added, memberCount });
  return { added: r.added, already: r.already, memberCount };
}
