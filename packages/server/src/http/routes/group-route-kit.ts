// What the group routes share: who acts (a user token → that user and the `?resource=` device; the
// admin token → the app server), the GroupDeps of a request, body fields read the way the SDK and
// Agora's app-server docs send them, and the JSON of a group as Agora answers it.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { ServerContext } from '../../context.js';
import { serviceEnabled } from '../../domain/apps/app-settings.js';
import { publishMembershipChanged } from '../../domain/messages/group-fanout.js';
import type { GroupDeps } from '../../domain/mucs/group-deps.js';
import { followGroupMembership } from '../../domain/threads/follow-group-membership.js';
import { isGroupId } from '../../domain/mucs/group-ids.js';
import { appServer, groupNotFound, userActor, type MucActor } from '../../domain/mucs/muc-access.js';
import type { MucMember, MucRecord } from '../../domain/ports/mucs.js';
import { badRequest, present } from '../params.js';
import type { AppParams } from './app-resolver.js';

export interface GroupParams extends AppParams {
  id: string;
}

export interface ResourceQuery {
  resource?: string;
}

/** Publishes a committed group membership change on the bus (group fan-out's node indexes follow it). */
export const membershipNotifier =
  (ctx: ServerContext): GroupDeps['membership'] =>
  async (change) => {
    // The group's threads follow (leavers leave them; a destroyed group's go); never fails the change.
    await followGroupMembership(ctx.storage.threads, change).catch((err: unknown) =>
      ctx.logger.warn({ err, groupId: change.groupId }, 'threads did not follow a membership change'),
    );
    await publishMembershipChanged(ctx.bus, change, (err) =>
      ctx.logger.warn({ err, groupId: change.groupId }, 'membership change not published'),
    );
  };

export const groupDeps = (ctx: ServerContext): GroupDeps => ({
  mucs: ctx.storage.mucs,
  users: ctx.storage.users,
  events: ctx.mucEvents,
  membership: membershipNotifier(ctx),
  clock: ctx.clock,
  limits: ctx.limits,
  lists: ctx.storage.mucLists,
  fileStore: ctx.attachments.store,
});

/** The group use cases acting on chat rooms: one builder for every room entry point (domain/rooms). */
export { roomDeps } from '../../domain/rooms/room-deps.js';

/** The caller: the token's user (acting from `?resource=`), or the app server for the admin token. */
export function actorOf(request: FastifyRequest): MucActor {
  const username = request.token?.username;
  if (username === undefined) return appServer;
  return userActor(username, present((request.query as ResourceQuery | undefined)?.resource));
}

/** The user behind a user token; the app server has no membership of its own (400). */
export function userOf(request: FastifyRequest, what: string): { username: string; resource?: string } {
  const actor = actorOf(request);
  if (actor.kind !== 'user') throw badRequest(`${what} needs a user token`);
  return actor;
}

/** A preHandler after the auth one: 505 when the app has groups switched off. */
export const groupsOpen: preHandlerAsyncHookHandler = (request) =>
  serviceEnabled(request.appRecord, 'groups')
    ? Promise.resolve()
    : Promise.reject(new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'service not open!'));

/** A group id of the path: digits only, else no such group (605). */
export function groupIdOf(raw: string): string {
  if (!isGroupId(raw)) throw groupNotFound(raw);
  return raw;
}

/** A comma list of the path (T5): user or group ids, empty items dropped. */
export const commaList = (raw: string): string[] =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

export type Body = Record<string, unknown>;

/** The body as an object (none, or not an object: empty). */
export const bodyOf = (request: FastifyRequest): Body =>
  request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body)
    ? (request.body as Body)
    : {};

/** A text field: absent (undefined/null) or a string; anything else is -3. */
export function text(body: Body, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw badRequest(`${key} must be a string`);
  return v;
}

/** A flag: a boolean, or "true"/"false" as some app servers send them. */
export function flag(body: Body, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw badRequest(`${key} must be true or false`);
}

/** An integer field (a number or a decimal string). */
export function integer(body: Body, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d{1,15}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw badRequest(`${key} must be an integer`);
  return n;
}

/** A list of user ids (an array of non-empty strings). */
export function userList(body: Body, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((u) => typeof u !== 'string' || u === ''))
    throw badRequest(`${key} must be a list of user ids`);
  return v as string[];
}

/** A required user id field. */
export function userField(body: Body, key: string): string {
  const v = text(body, key);
  if (v === undefined || v === '') throw badRequest(`${key} is required`);
  return v;
}

/** An affiliation row: `{owner: id}` / `{member: id}` (admins show as members, as in Agora's details). */
export function affiliation(m: MucMember, withAdmins: boolean, joinedTime: boolean): Record<string, unknown> {
  const key = m.role === 'admin' && !withAdmins ? 'member' : m.role;
  return { [key]: m.username, ...(joinedTime ? { joined_time: m.joinedAt } : {}) };
}

/** A group of a list (public groups, every group, joined groups): BaseGroupInfo and Agora's extras. */
export const groupListEntry = (g: MucRecord) => ({
  groupid: g.id,
  groupname: g.name,
  owner: g.owner,
  affiliations: g.memberCount,
  type: 'group',
  last_modified: g.modifiedAt,
});

/** GroupDetailInfo (getGroupInfo, GET /chatgroups/{id}). */
export const groupDetailJson = (g: MucRecord, members: readonly MucMember[]) => ({
  id: g.id,
  name: g.name,
  description: g.description,
  avatar: g.avatar,
  membersonly: g.approval,
  allowinvites: g.allowInvites,
  invite_need_confirm: g.inviteNeedConfirm,
  maxusers: g.maxUsers,
  owner: g.owner,
  created: g.createdAt,
  last_modified: g.modifiedAt,
  custom: g.custom,
  mute: g.allMuted,
  disabled: g.disabled,
  public: g.public,
  affiliations_count: g.memberCount,
  affiliations: members.map((m) => affiliation(m, false, true)),
});
