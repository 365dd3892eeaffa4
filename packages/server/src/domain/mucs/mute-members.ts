// Muting members with a duration, unmuting them, the mute list, "am I muted", and mute-all (REST §1.5
// #89–#92, #97, #98). The owner and admins mute; the owner is never muted and admins do not mute admins.
// Every change is told to all members: muteMember (ADD_MUTE, with `user_mute_time`), unmuteMember
// (REMOVE_MUTE), muteAllMembers / unmuteAllMembers (BAN_GROUP / REMOVE_BAN_GROUP).
import { MucOperation } from '@confab/protocol';
import { NEVER_EXPIRES, type MucListEntry } from '../ports/muc-lists.js';
import { muteEventExt } from './muc-event-meta.js';
import { accessMuc, type MucActor, mucNotFound, notMemberOf, roleOf } from './muc-access.js';
import {
  badParameter,
  batchOf,
  everyMember,
  requireOutranks,
  tell,
  type MucListDeps,
} from './muc-list-rules.js';

export interface MuteOutcome {
  user: string;
  /** When the mute ends (ms), NEVER_EXPIRES for a permanent one. */
  expire: number;
  result: boolean;
}

/**
 * When a mute of `durationMs` given at `now` ends: -1 and 0 mean for good (Agora's `mute_duration`),
 * a positive number of milliseconds from now; anything else is a bad parameter (-3).
 */
export function muteExpiry(durationMs: unknown, now: number): number {
  if (durationMs === -1 || durationMs === 0) return NEVER_EXPIRES;
  if (typeof durationMs !== 'number' || !Number.isSafeInteger(durationMs) || durationMs < 0)
    throw badParameter('mute_duration must be a number of milliseconds, or -1 for ever');
  const end = now + durationMs;
  if (!Number.isSafeInteger(end)) throw badParameter('mute_duration is too large');
  return end;
}

export async function muteMembers(
  deps: MucListDeps,
  batchMax: number,
  appId: number,
  groupId: string,
  actor: MucActor,
  usernames: readonly string[],
  durationMs: unknown,
): Promise<MuteOutcome[]> {
  const a = await accessMuc(deps, appId, groupId, actor, 'admin');
  const targets = batchOf(usernames, batchMax);
  const now = deps.clock.now();
  const expire = muteExpiry(durationMs, now);
  const missing: string[] = [];
  for (const user of targets) {
    const member = await deps.mucs.member(appId, groupId, user);
    if (!member) missing.push(user);
    else requireOutranks(roleOf(a), user, member.role, 'may not mute');
  }
  if (missing.length > 0) throw notMemberOf(deps.kind, missing.join(','));
  await deps.lists.add(
    appId,
    groupId,
    'mute',
    targets.map((username) => ({ username, expiresAt: expire })),
    now,
  );
  for (const user of targets) {
    await tell(deps, a, actor, MucOperation.ADD_MUTE, everyMember, {
      targets: [user],
      ext: muteEventExt({ [user]: expire }),
    });
  }
  return targets.map((user) => ({ user, expire, result: true }));
}

/** Unmutes; every named user comes back with `result: true` (they are not muted now); only real changes are told. */
export async function unmuteMembers(
  deps: MucListDeps,
  batchMax: number,
  appId: number,
  groupId: string,
  actor: MucActor,
  usernames: readonly string[],
): Promise<{ user: string; result: boolean }[]> {
  const a = await accessMuc(deps, appId, groupId, actor, 'admin');
  const targets = batchOf(usernames, batchMax);
  const removed = await deps.lists.remove(appId, groupId, 'mute', targets);
  for (const user of removed)
    await tell(deps, a, actor, MucOperation.REMOVE_MUTE, everyMember, { targets: [user] });
  return targets.map((user) => ({ user, result: true }));
}

/** The mutes in force, newest first (owner and admins). */
export async function muteList(
  deps: MucListDeps,
  maxEntries: number,
  appId: number,
  groupId: string,
  actor: MucActor,
): Promise<MucListEntry[]> {
  await accessMuc(deps, appId, groupId, actor, 'admin');
  return deps.lists.entries(appId, groupId, 'mute', deps.clock.now(), 0, maxEntries);
}

/** Whether the calling member is on the mute list (#92; mute-all is not a mute-list entry). */
export async function isOnMuteList(
  deps: MucListDeps,
  appId: number,
  groupId: string,
  actor: MucActor,
  username: string,
): Promise<boolean> {
  await accessMuc(deps, appId, groupId, actor, 'member');
  if (actor.kind === 'app' && !(await deps.mucs.member(appId, groupId, username)))
    throw notMemberOf(deps.kind, username);
  const on = await deps.lists.onList(appId, groupId, 'mute', [username], deps.clock.now());
  return on.length > 0;
}

/** Mute-all on or off (owner and admins); told to every member even when it was already so. */
export async function setAllMuted(
  deps: MucListDeps,
  appId: number,
  groupId: string,
  actor: MucActor,
  muted: boolean,
): Promise<boolean> {
  const a = await accessMuc(deps, appId, groupId, actor, 'admin');
  const now = deps.clock.now();
  const updated = await deps.mucs.update(appId, groupId, { allMuted: muted }, now);
  if (!updated) throw mucNotFound(deps.kind, groupId); // destroyed since access loaded it
  await tell(
    deps,
    { ...a, muc: updated },
    actor,
    muted ? MucOperation.BAN_GROUP : MucOperation.REMOVE_BAN_GROUP,
    everyMember,
  );
  return muted;
}
