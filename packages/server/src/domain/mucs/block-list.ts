// The block list (REST §1.5 #93–#96): a blocked member is removed from the group and kept out (cannot
// join, send or receive) until unblocked. The owner and admins block, only members below their own role;
// the blocked user is told removeMember (KICK), the others memberAbsence; an unblocked user is told
// unblockMember (ALLOW).
import { MucOperation } from '@confab/protocol';
import { NEVER_EXPIRES, type MucListStore } from '../ports/muc-lists.js';
import { accessMuc, type MucActor, notMemberOf, permissionDenied, roleOf } from './muc-access.js';
import { failed, ok, takeOffList, type ListOutcome } from './allow-list.js';
import { batchOf, everyMember, onlyUsers, outranks, tell, type MucListDeps } from './muc-list-rules.js';

/**
 * Blocks members: each is put on the block list first and then removed (with their delivery rows), so a
 * crash in between leaves them blocked and a retry finishes; what they had set (attributes, mutes) goes.
 */
export async function blockMembers(
  deps: MucListDeps,
  batchMax: number,
  appId: number,
  groupId: string,
  actor: MucActor,
  usernames: readonly string[],
): Promise<ListOutcome[]> {
  const a = await accessMuc(deps, appId, groupId, actor, 'admin');
  const targets = batchOf(usernames, batchMax);
  const outcomes: ListOutcome[] = [];
  for (const user of targets) {
    const member = await deps.mucs.member(appId, groupId, user);
    if (!member) outcomes.push(failed(user, notMemberOf(deps.kind, user)));
    else if (!outranks(roleOf(a), member.role))
      outcomes.push(failed(user, permissionDenied(`may not block ${user} (${member.role})`)));
    else outcomes.push(ok(user));
  }
  const blocked = outcomes.filter((o) => o.result).map((o) => o.user);
  if (blocked.length === 0) return outcomes;
  await deps.lists.add(
    appId,
    groupId,
    'block',
    blocked.map((username) => ({ username, expiresAt: NEVER_EXPIRES })),
    deps.clock.now(),
  );
  const removed = await deps.mucs.removeMembers(appId, groupId, blocked);
  if (removed.length > 0) await deps.membership({ appId, groupId, removed });
  await deps.lists.forgetMembers(appId, groupId, removed);
  const memberCount = (await deps.mucs.get(appId, groupId))?.memberCount;
  for (const user of removed) {
    await tell(deps, a, actor, MucOperation.KICK, onlyUsers([user]), { targets: [user] });
    await deps.events.notify(
      {
        appId,
        kind: a.muc.kind,
        mucId: groupId,
        operation: MucOperation.ABSENCE,
        actor: user,
        ...(memberCount === undefined ? {} : { memberCount }),
        createdAt: deps.clock.now(),
      },
      everyMember,
    );
  }
  return outcomes;
}

export async function unblockMembers(
  deps: MucListDeps,
  batchMax: number,
  appId: number,
  groupId: string,
  actor: MucActor,
  usernames: readonly string[],
): Promise<ListOutcome[]> {
  return takeOffList(deps, batchMax, appId, groupId, actor, usernames, 'block');
}

/** The block list, newest first, a page of it (owner and admins). */
export async function blockList(
  deps: MucListDeps,
  appId: number,
  groupId: string,
  actor: MucActor,
  offset: number,
  limit: number,
): Promise<string[]> {
  await accessMuc(deps, appId, groupId, actor, 'admin');
  const entries = await deps.lists.entries(appId, groupId, 'block', deps.clock.now(), offset, limit);
  return entries.map((e) => e.username);
}

/** 603 when one of `usernames` is on the group's block list: they may not join, be invited or added. */
export async function refuseBlocked(
  lists: Pick<MucListStore, 'onList'>,
  appId: number,
  groupId: string,
  usernames: readonly string[],
  now: number,
): Promise<void> {
  const blocked = await blockedUsers(lists, appId, groupId, usernames, now);
  if (blocked.length > 0) throw permissionDenied(`blocked from the group: ${blocked.join(',')}`);
}

/**
 * Those of `usernames` blocked from the group: joining, being invited or added must leave them out
 * (the join, invite and add use cases ask here).
 */
export function blockedUsers(
  lists: Pick<MucListStore, 'onList'>,
  appId: number,
  groupId: string,
  usernames: readonly string[],
  now: number,
): Promise<string[]> {
  return lists.onList(appId, groupId, 'block', usernames, now);
}
