// The allow list (REST §1.5 #99–#102): members on it speak while all are muted (not through their own
// mute, see muc-speech.ts). The owner and admins manage it; only members can be on it. The user added or
// removed is told (addUserToAllowlist / removeAllowlistMember).
import { MucOperation, type ConfabError } from '@confab/protocol';
import { NEVER_EXPIRES } from '../ports/muc-lists.js';
import { accessMuc, type MucActor, notMemberOf, permissionDenied } from './muc-access.js';
import { notListed } from './muc-list-rules.js';
import { batchOf, onlyUsers, tell, type MucListDeps } from './muc-list-rules.js';

/**
 * One user's result in a batch: false with the reason when nothing changed for that user; `error` is what a
 * call naming that user alone answers instead.
 */
export interface ListOutcome {
  user: string;
  result: boolean;
  reason?: string;
  error?: ConfabError;
}

export const ok = (user: string): ListOutcome => ({ user, result: true });
export const failed = (user: string, error: ConfabError): ListOutcome => ({
  user,
  result: false,
  reason: error.message,
  error,
});

export async function addToAllowList(
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
    outcomes.push(member ? ok(user) : failed(user, notMemberOf(deps.kind, user)));
  }
  const added = outcomes.filter((o) => o.result).map((o) => o.user);
  if (added.length > 0) {
    await deps.lists.add(
      appId,
      groupId,
      'allow',
      added.map((username) => ({ username, expiresAt: NEVER_EXPIRES })),
      deps.clock.now(),
    );
    for (const user of added)
      await tell(deps, a, actor, MucOperation.ADD_USER_WHITE_LIST, onlyUsers([user]), { targets: [user] });
  }
  return outcomes;
}

export async function removeFromAllowList(
  deps: MucListDeps,
  batchMax: number,
  appId: number,
  groupId: string,
  actor: MucActor,
  usernames: readonly string[],
): Promise<ListOutcome[]> {
  return takeOffList(deps, batchMax, appId, groupId, actor, usernames, 'allow');
}

/** Operation told to a user taken off a list (unblockMember is ALLOW in MUCBody's terms). */
const TAKEN_OFF = { allow: MucOperation.REMOVE_USER_WHITE_LIST, block: MucOperation.ALLOW } as const;

/**
 * Takes users off the allow or block list (owner and admins), telling each one removed; users not on it
 * fail with 'not listed'. One rule for both lists.
 */
export async function takeOffList(
  deps: MucListDeps,
  batchMax: number,
  appId: number,
  groupId: string,
  actor: MucActor,
  usernames: readonly string[],
  list: keyof typeof TAKEN_OFF,
): Promise<ListOutcome[]> {
  const a = await accessMuc(deps, appId, groupId, actor, 'admin');
  const targets = batchOf(usernames, batchMax);
  const removed = new Set(await deps.lists.remove(appId, groupId, list, targets));
  for (const user of removed)
    await tell(deps, a, actor, TAKEN_OFF[list], onlyUsers([user]), { targets: [user] });
  return targets.map((user) => (removed.has(user) ? ok(user) : failed(user, notListed(user, list))));
}

/** The allow list, newest first (owner and admins). */
export async function allowList(
  deps: MucListDeps,
  maxEntries: number,
  appId: number,
  groupId: string,
  actor: MucActor,
): Promise<string[]> {
  await accessMuc(deps, appId, groupId, actor, 'admin');
  const entries = await deps.lists.entries(appId, groupId, 'allow', deps.clock.now(), 0, maxEntries);
  return entries.map((e) => e.username);
}

/**
 * Whether `username` is on the allow list (#102): the app server asks about anyone, a member about
 * themselves only (603 otherwise; 602 for a non-member).
 */
export async function isAllowListed(
  deps: MucListDeps,
  appId: number,
  groupId: string,
  actor: MucActor,
  username: string,
): Promise<boolean> {
  await accessMuc(deps, appId, groupId, actor, 'member');
  if (actor.kind === 'user' && actor.username !== username)
    throw permissionDenied('a member may only ask about themselves');
  if (actor.kind === 'app' && !(await deps.mucs.member(appId, groupId, username)))
    throw notMemberOf(deps.kind, username);
  return (await deps.lists.onList(appId, groupId, 'allow', [username], deps.clock.now())).length > 0;
}
