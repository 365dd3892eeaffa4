// Who may do what in a group or chat room, said once: every use case loads the MUC and checks its caller
// here, so the codes are Agora's everywhere: 605 the group does not exist, 608 it is disabled by the app
// server, 602 the caller is not a member, 603 the caller's role does not allow it. Chat rooms use the same
// rules with their own codes: 705 no such room, 702 not a member (use cases name their kind through
// `MucScope.kind`; a use case without one acts on groups).
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { MucKind, MucMember, MucRecord, MucRole, MucStore } from '../ports/mucs.js';

/**
 * Who acts: a user (through the SDK; `resource` is the acting device, which is not told about its own
 * action) or the app server (admin token), which may do everything the owner may.
 */
export type MucActor = { kind: 'user'; username: string; resource?: string } | { kind: 'app' };

export const appServer: MucActor = { kind: 'app' };
export const userActor = (username: string, resource?: string): MucActor =>
  resource ? { kind: 'user', username, resource } : { kind: 'user', username };

/** The name events carry as the actor: the user, or the owner when the app server acts. */
export const actorName = (actor: MucActor, muc: MucRecord): string =>
  actor.kind === 'user' ? actor.username : muc.owner;

export const groupNotFound = (id: string) =>
  new ConfabError(ErrorCode.GROUP_NOT_EXIST, `group ${id} does not exist`);
export const groupDisabled = () =>
  new ConfabError(ErrorCode.GROUP_IS_DISABLED, 'can not operate this group, reason: group is disabled');
export const notMember = (who: string) =>
  new ConfabError(ErrorCode.GROUP_NOT_JOINED, `${who} are not members of this group`);
export const permissionDenied = (what: string) =>
  new ConfabError(ErrorCode.PERMISSION_DENIED, `permission denied: ${what}`);

/** 705 "grpID <id> does not exist!": the text the SDK reads as CHATROOM_NOT_EXIST over REST and the socket. */
export const roomNotFound = (id: string) =>
  new ConfabError(ErrorCode.CHATROOM_NOT_EXIST, `grpID ${id} does not exist!`, { roomId: id });
export const notRoomMember = (who: string) =>
  new ConfabError(ErrorCode.CHATROOM_NOT_JOINED, `${who} is not a member of this chat room`);

/** The store and the kind of MUC a use case acts on (groups when `kind` is absent). */
export interface MucScope {
  readonly mucs: Pick<MucStore, 'get' | 'member'>;
  readonly kind?: MucKind | undefined;
}

/** "No such group" (605) or "no such chat room" (705). */
export const mucNotFound = (kind: MucKind | undefined, id: string) =>
  kind === 'room' ? roomNotFound(id) : groupNotFound(id);
/** "Not a member" of a group (602) or of a chat room (702). */
export const notMemberOf = (kind: MucKind | undefined, who: string) =>
  kind === 'room' ? notRoomMember(who) : notMember(who);

export interface LoadOptions {
  /** A disabled group is still returned (the app server's details, enable, delete). */
  allowDisabled?: boolean;
}

/** The group, or 605 when there is none (rooms are not groups), 608 when disabled. */
export const loadGroup = (
  mucs: Pick<MucStore, 'get'>,
  appId: number,
  id: string,
  options: LoadOptions = {},
): Promise<MucRecord> => loadMuc({ mucs }, appId, id, options);

/** The MUC of the scope's kind, or 605/705 when there is none (a room is no group), 608 when disabled. */
export async function loadMuc(
  scope: { readonly mucs: Pick<MucStore, 'get'>; readonly kind?: MucKind | undefined },
  appId: number,
  id: string,
  options: LoadOptions = {},
): Promise<MucRecord> {
  const kind = scope.kind ?? 'group';
  const muc = await scope.mucs.get(appId, id);
  if (!muc || muc.kind !== kind) throw mucNotFound(kind, id);
  if (muc.disabled && !options.allowDisabled) throw groupDisabled();
  return muc;
}

export interface Access {
  muc: MucRecord;
  /** The acting user's membership; undefined for the app server. */
  member: MucMember | undefined;
}

/** What an actor needs: `member` any member, `admin` the owner or an admin, `owner` the owner only. */
export type Needed = 'member' | 'admin' | 'owner';

const ALLOWED: Record<Needed, readonly MucRole[]> = {
  member: ['owner', 'admin', 'member'],
  admin: ['owner', 'admin'],
  owner: ['owner'],
};

/**
 * Loads the group and checks the actor: 602 for a user who is not a member, 603 for a role below
 * `needed`. The app server passes every check.
 */
export const access = (
  mucs: Pick<MucStore, 'get' | 'member'>,
  appId: number,
  id: string,
  actor: MucActor,
  needed: Needed,
  options: LoadOptions = {},
): Promise<Access> => accessMuc({ mucs }, appId, id, actor, needed, options);

/** access() for the scope's kind of MUC (605/602 for groups, 705/702 for chat rooms). */
export async function accessMuc(
  scope: MucScope,
  appId: number,
  id: string,
  actor: MucActor,
  needed: Needed,
  options: LoadOptions = {},
): Promise<Access> {
  const muc = await loadMuc(scope, appId, id, options);
  if (actor.kind === 'app') return { muc, member: undefined };
  const member = await scope.mucs.member(appId, id, actor.username);
  if (!member) throw notMemberOf(scope.kind, actor.username);
  if (!ALLOWED[needed].includes(member.role)) throw permissionDenied(`${needed} only`);
  return { muc, member };
}

/** The actor's role for rule checks: the app server ranks as the owner. */
export const roleOf = (a: Access): MucRole => a.member?.role ?? 'owner';
