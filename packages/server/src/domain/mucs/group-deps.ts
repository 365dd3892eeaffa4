// What the group use cases need (ports, clock, limits), and the small rules they share: Agora's field
// limits, user checks and how an event is told. Every use case of domain/mucs takes a GroupDeps.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { MembershipChange } from '../messages/group-fanout.js';
import type { FileStore } from '../ports/chat-files.js';
import type { MucAudience, MucEvent, MucEvents } from '../ports/muc-events.js';
import type { MucListStore } from '../ports/muc-lists.js';
import type { MucKind, MucRecord, MucStore } from '../ports/mucs.js';
import type { Clock } from '../ports/clock.js';
import type { UserStore } from '../ports/storage.js';
import { actorName, type MucActor } from './muc-access.js';

/** Limits of the config schema (`LIMITS`, section groups) the use cases check. */
export interface GroupLimits {
  readonly groupNameMaxChars: number;
  readonly groupDescriptionMaxChars: number;
  readonly groupCustomMaxChars: number;
  readonly groupAvatarMaxChars: number;
  readonly groupReasonMaxChars: number;
  readonly groupDefaultMaxUsers: number;
  readonly groupMaxUsers: number;
  readonly groupsPerUser: number;
  readonly groupsPerApp: number;
  readonly groupBulkMax: number;
  readonly groupDetailsMax: number;
  readonly groupAdminsMax: number;
}

export interface GroupDeps {
  readonly mucs: MucStore;
  /** The kind of MUC the use cases act on: groups unless told (chat rooms reuse them, domain/rooms). */
  readonly kind?: MucKind | undefined;
  readonly users: Pick<UserStore, 'find'>;
  readonly events: MucEvents;
  /**
   * Tells every node who joined or left (their member indexes of group fan-out follow), after the change
   * is committed and before the group is told (so the newcomer's devices are woken for it). Never throws.
   */
  readonly membership: (change: MembershipChange) => Promise<void>;
  readonly clock: Clock;
  readonly limits: GroupLimits;
  /** The lists, attributes and shared files: blocked users are kept out; leavers' and a destroyed group's go. */
  readonly lists: Pick<MucListStore, 'onList' | 'forgetMembers' | 'forgetMuc'>;
  /** Where shared files' bytes are (removed with their group). */
  readonly fileStore: Pick<FileStore, 'remove'>;
}

export const badParameter = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);
export const overLimit = (message: string) => new ConfabError(ErrorCode.MAX_LIMIT, message);
export const groupFull = () => new ConfabError(ErrorCode.GROUP_MEMBERS_FULL, 'group member list is full!');
/** A full group (606) or chat room (704); Agora says the same words for both. */
export const mucFull = (kind: MucKind | undefined) =>
  kind === 'room'
    ? new ConfabError(ErrorCode.CHATROOM_MEMBERS_FULL, 'group member list is full!')
    : groupFull();
export const alreadyJoined = (who: string) =>
  new ConfabError(
    ErrorCode.GROUP_ALREADY_JOINED,
    `invite users to join group failed, already in group: ${who}`,
  );

/** A text field no longer than `max` characters (code points, as Agora counts them); else -3. */
export function checkLength(what: string, value: string, max: number): string {
  if ([...value].length > max) throw badParameter(`${what} is longer than ${max} characters`);
  return value;
}

/** Every named user must exist in the app (204 names the first that does not). */
export async function requireUsers(deps: GroupDeps, appId: number, usernames: readonly string[]) {
  for (const u of usernames) {
    if (!(await deps.users.find(appId, u)))
      throw new ConfabError(ErrorCode.USER_NOT_FOUND, `username ${u} doesn't exist!'`);
  }
}

/** A list of users for one call: de-duplicated, at most groupBulkMax (50 beyond it). */
export function bulk(deps: GroupDeps, usernames: readonly string[]): string[] {
  const unique = [...new Set(usernames)];
  if (unique.length === 0) throw badParameter('no users given');
  if (unique.length > deps.limits.groupBulkMax)
    throw overLimit(`at most ${deps.limits.groupBulkMax} users per call`);
  return unique;
}

/**
 * The user may join one more group (groupsPerUser; a room's deps carry CONFAB_ROOMS_PER_USER there), else
 * 50; a room's refusal has the text the SDK matches ("… has joined too many chatrooms").
 */
export async function checkJoinedLimit(
  deps: Pick<GroupDeps, 'mucs' | 'kind' | 'limits'>,
  appId: number,
  usernames: readonly string[],
) {
  for (const u of usernames) {
    if ((await deps.mucs.joinedCount(appId, deps.kind ?? 'group', u)) < deps.limits.groupsPerUser) continue;
    if (deps.kind === 'room')
      throw new ConfabError(ErrorCode.MAX_LIMIT, `user ${u} has joined too many chatrooms`, {
        operation: 'roomJoin',
        username: u,
      });
    throw overLimit(`${u} is in ${deps.limits.groupsPerUser} groups already`);
  }
}

/** Tells `audience` about an operation on `muc`, by `actor` (see ports/muc-events.ts). */
export function tell(
  deps: GroupDeps,
  muc: MucRecord,
  actor: MucActor,
  operation: number,
  audience: MucAudience,
  extra: Partial<Pick<MucEvent, 'targets' | 'reason' | 'mucName' | 'memberCount' | 'members' | 'ext'>> & {
    /** Who the event is from when it is not the actor (a member's presence is from that member). */
    from?: string;
  } = {},
): Promise<void> {
  const { from, ...fields } = extra;
  const event: MucEvent = {
    appId: muc.appId,
    kind: muc.kind,
    mucId: muc.id,
    operation,
    actor: from ?? actorName(actor, muc),
    // The acting device is skipped only when the event is from the actor.
    ...(actor.kind === 'user' && actor.resource && (from === undefined || from === actor.username)
      ? { actorResource: actor.resource }
      : {}),
    ...fields,
    createdAt: deps.clock.now(),
  };
  return deps.events.notify(event, audience);
}
