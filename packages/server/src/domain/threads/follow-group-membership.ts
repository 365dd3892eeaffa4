// Threads follow their group's membership: who leaves the group (leave, removal, block) leaves its
// threads, so their messages stop reaching them; a destroyed group's threads go with it. Called with every
// committed membership change of a group (the use cases' `membership` hook).
import type { MembershipChange } from '../messages/group-fanout.js';
import type { ThreadStore } from '../ports/threads.js';

export async function followGroupMembership(
  threads: Pick<ThreadStore, 'forgetGroupMembers' | 'destroyOfGroup'>,
  change: MembershipChange,
): Promise<void> {
  if ((change.kind ?? 'group') !== 'group') return;
  if (change.destroyed) await threads.destroyOfGroup(change.appId, change.groupId);
  else if (change.removed?.length)
    await threads.forgetGroupMembers(change.appId, change.groupId, change.removed);
}
