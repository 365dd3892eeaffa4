// What the thread use cases need (ports, ids, clock, limits), and the small rules they share: the errors
// Agora answers (1300, 1301, 602) and who may do what. A thread belongs to a group: its members must be
// members of the group, and the group's owner and admins moderate every thread of it.
import { ConfabError, ErrorCode, restError } from '@confab/protocol';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { MucMember, MucRecord } from '../ports/mucs.js';
import type { Storage } from '../ports/storage.js';
import type { ThreadRecord } from '../ports/threads.js';
import type { MessageIdGenerator } from '../messages/message-id.js';
import { loadGroup, type MucActor } from '../mucs/muc-access.js';

export interface ThreadLimits {
  readonly threadNameMaxChars: number;
  readonly threadPageMax: number;
  readonly threadsPerApp: number;
  readonly threadLastMessageIdsMax: number;
}

export interface ThreadDeps {
  readonly storage: Pick<Storage, 'threads' | 'mucs' | 'messages' | 'apps' | 'users'>;
  readonly bus: Bus;
  readonly ids: MessageIdGenerator;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limits: ThreadLimits;
}

/** What telling about threads needs (thread-events.ts). */
export type EventDeps = Pick<ThreadDeps, 'bus' | 'ids' | 'clock' | 'logger'> & {
  readonly storage: Pick<Storage, 'threads' | 'messages' | 'apps'>;
};

export const threadNotFound = (id: string) =>
  new ConfabError(ErrorCode.THREAD_NOT_EXIST, `thread ${id} does not exist`);
export const threadExists = () =>
  new ConfabError(ErrorCode.THREAD_ALREADY_EXIST, 'a thread already exists for this message');
/** Not in the group (602 for the official SDK whatever the path: Agora's 404 sub-code 60003). */
export const notInGroup = (who: string) =>
  restError('GROUP_NOT_JOINED', 'outsideGroupPath', `${who} are not members of this group`);
export const notThreadMember = (who: string) =>
  new ConfabError(ErrorCode.PERMISSION_DENIED, `${who} is not a member of this thread`);
export const denied = (what: string) =>
  new ConfabError(ErrorCode.PERMISSION_DENIED, `permission denied: ${what}`);
export const badParameter = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);

export async function loadThread(deps: ThreadDeps, appId: number, id: string): Promise<ThreadRecord> {
  const thread = /^\d{1,32}$/.test(id) ? await deps.storage.threads.get(appId, id) : undefined;
  if (!thread) throw threadNotFound(id);
  return thread;
}

export interface ThreadAccess {
  group: MucRecord;
  /** The acting user's membership of the group; undefined for the app server. */
  member: MucMember | undefined;
}

/** The thread's group, and the actor's place in it: a user must be a member of the group (602). */
export async function groupAccess(
  deps: ThreadDeps,
  appId: number,
  groupId: string,
  actor: MucActor,
): Promise<ThreadAccess> {
  const group = await loadGroup(deps.storage.mucs, appId, groupId);
  if (actor.kind === 'app') return { group, member: undefined };
  const member = await deps.storage.mucs.member(appId, groupId, actor.username);
  if (!member) throw notInGroup(actor.username);
  return { group, member };
}

/** The app server, the group's owner and admins moderate threads (rename, destroy, remove members). */
export const moderates = (a: ThreadAccess): boolean =>
  a.member === undefined || a.member.role === 'owner' || a.member.role === 'admin';

/** A thread name: 1..threadNameMaxChars characters (-3 otherwise). */
export function checkName(deps: ThreadDeps, name: string | undefined): string {
  if (name === undefined || name === '') throw badParameter('name is required');
  if ([...name].length > deps.limits.threadNameMaxChars)
    throw badParameter(`name is longer than ${deps.limits.threadNameMaxChars} characters`);
  return name;
}

/** Agora's documented thread limits (spec rest §4): fixed, as the SDK and app servers rely on them. */
export const THREAD_LIMITS: ThreadLimits = {
  threadNameMaxChars: 64,
  threadPageMax: 50,
  threadsPerApp: 100_000,
  threadLastMessageIdsMax: 20,
};
