// What the list use cases (mute, allow, block, announcement, shared files, attributes, shields) share: their
// dependencies, who may act on whom, the batch limit, and how an event is told.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { MembershipChange } from '../messages/group-fanout.js';
import type { Clock } from '../ports/clock.js';
import type { MucEvent, MucAudience, MucEvents } from '../ports/muc-events.js';
import type { MucListStore } from '../ports/muc-lists.js';
import type { MucKind, MucRecord, MucRole, MucStore } from '../ports/mucs.js';
import { type Access, actorName, type MucActor, permissionDenied } from './muc-access.js';

export interface MucListDeps {
  mucs: MucStore;
  /** The kind of MUC the use cases act on: groups unless told. */
  kind?: MucKind | undefined;
  lists: MucListStore;
  events: MucEvents;
  /** Tells every node who left (blocked members are removed): group fan-out's indexes follow. */
  membership: (change: MembershipChange) => Promise<void>;
  clock: Clock;
}

/** Rank of a role: the owner outranks admins, admins outrank members. */
const RANK: Record<MucRole, number> = { member: 0, admin: 1, owner: 2 };

/**
 * Whether an actor of `actorRole` may put a member of `targetRole` on a list (mute, block): only a
 * strictly lower role, so the owner is never muted or blocked and admins cannot act on admins.
 */
export const outranks = (actorRole: MucRole, targetRole: MucRole): boolean =>
  RANK[actorRole] > RANK[targetRole];

export const maxLimit = (message: string) => new ConfabError(ErrorCode.MAX_LIMIT, message);
/** Taking a user off a list they are not on: nothing to do, said as a bad parameter (-3). */
export const notListed = (user: string, list: string) =>
  new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, `user: ${user} is not on the ${list} list`);
export const badParameter = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);

/** The users of a batch call, deduplicated in order: 1 to `max` of them (-3 when none, 50 past `max`). */
export function batchOf(usernames: readonly string[], max: number, what = 'usernames'): string[] {
  const unique = [...new Set(usernames)];
  if (unique.length === 0) throw badParameter(`${what} must name at least one user`);
  if (unique.length > max) throw maxLimit(`at most ${max} ${what} per call`);
  return unique;
}

/** 603 for an actor who may not act on `target` (its role: the owner, or an admin acted on by an admin). */
export function requireOutranks(actorRole: MucRole, target: string, targetRole: MucRole, what: string): void {
  if (!outranks(actorRole, targetRole)) throw permissionDenied(`${what} ${target} (${targetRole})`);
}

/** Tells `audience` about one operation on `muc`, by `actor`. */
export function tell(
  deps: Pick<MucListDeps, 'events' | 'clock'>,
  access: Access,
  actor: MucActor,
  operation: number,
  audience: MucAudience,
  extra: Partial<Pick<MucEvent, 'targets' | 'reason' | 'ext' | 'memberCount'>> = {},
): Promise<void> {
  const muc: MucRecord = access.muc;
  return deps.events.notify(
    {
      appId: muc.appId,
      kind: muc.kind,
      mucId: muc.id,
      operation,
      actor: actorName(actor, muc),
      ...(actor.kind === 'user' && actor.resource ? { actorResource: actor.resource } : {}),
      ...extra,
      createdAt: deps.clock.now(),
    },
    audience,
  );
}

/** Every current member of the MUC. */
export const everyMember: MucAudience = { members: true };
export const onlyUsers = (users: readonly string[]): MucAudience => ({ users });
