// What the group list routes share: their URL parameters, who acts (a user token's user with the device
// of `?resource=`, or the app server for an admin token), comma lists of users in paths, the use cases'
// dependencies and the success envelope.
import { ConfabError, ErrorCode, isConfabError, restError } from '@confab/protocol';
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { serviceEnabled } from '../../domain/apps/app-settings.js';
import type { MucListDeps } from '../../domain/mucs/muc-list-rules.js';
import type { AppService } from '../../domain/ports/storage.js';
import type { MucKind } from '../../domain/ports/mucs.js';
import type { Limits } from '../../config/schema.js';
import { envelope } from '../agora-envelope.js';
import { badRequest } from '../params.js';
import type { AppParams } from './app-resolver.js';
import { actorOf, membershipNotifier, roomDeps } from './group-route-kit.js';

export interface GroupParams extends AppParams {
  groupId: string;
}
/** A group route naming users in its path (`a` or `a,b,c`). */
export interface GroupUsersParams extends GroupParams {
  users: string;
}

export type ResourceQuery = { resource?: string } & Record<string, string | undefined>;

/** Mute and allow lists are answered whole (Agora pages neither); a bound on what one answer carries. */
export const LIST_ANSWER_MAX = 10_000;

/**
 * Which MUCs a list route serves: groups under `/chatgroups`, or chat rooms under `/chatrooms` (the same
 * routes, rules and answers; their own URL, service switch, limits and error codes).
 */
export interface MucSurface {
  readonly kind: MucKind;
  /** The URL segment after `/{org}/{app}`. */
  readonly segment: 'chatgroups' | 'chatrooms';
  /** The app service that must be on (505 otherwise). */
  readonly service: AppService;
  /** How a batch answer names the MUC (Agora: `groupid` for groups, `id` for rooms). */
  readonly idKey: 'groupid' | 'id';
  readonly bulkMax: (l: Limits) => number;
  readonly announcementMaxChars: (l: Limits) => number;
  readonly sharedFileMaxBytes: (l: Limits) => number;
}

export const GROUP_SURFACE: MucSurface = {
  kind: 'group',
  segment: 'chatgroups',
  service: 'groups',
  idKey: 'groupid',
  bulkMax: (l) => l.groupBulkMax,
  announcementMaxChars: (l) => l.groupAnnouncementMaxChars,
  sharedFileMaxBytes: (l) => l.groupSharedFileMaxBytes,
};

export const ROOM_SURFACE: MucSurface = {
  kind: 'room',
  segment: 'chatrooms',
  service: 'chatrooms',
  idKey: 'id',
  bulkMax: (l) => l.roomBulkMax,
  announcementMaxChars: (l) => l.roomAnnouncementMaxChars,
  sharedFileMaxBytes: (l) => l.roomSharedFileMaxBytes,
};

/** The caller (shared with the other group routes). */
export { actorOf };

/** The app of the request, with its groups (or chat rooms) service on (505 otherwise). */
export function groupApp(request: FastifyRequest, surface: MucSurface = GROUP_SURFACE) {
  const app = request.appRecord;
  if (!serviceEnabled(app, surface.service))
    throw new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'service not open!');
  return app;
}

/** The list use cases' deps: a room's are the one room builder's (domain/rooms/room-deps.ts). */
export const listDeps = (ctx: ServerContext, surface: MucSurface = GROUP_SURFACE): MucListDeps =>
  surface.kind === 'room' ? roomDeps(ctx) : groupListDeps(ctx);

const groupListDeps = (ctx: ServerContext): MucListDeps => ({
  kind: 'group',
  mucs: ctx.storage.mucs,
  lists: ctx.storage.mucLists,
  events: ctx.mucEvents,
  membership: membershipNotifier(ctx),
  clock: ctx.clock,
});

/** Users named in a path segment: `a` or a comma list (T5), blanks dropped. */
export function usersInPath(raw: string): string[] {
  const users = raw
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u !== '');
  if (users.length === 0) throw badRequest('no user named');
  return users;
}

/** `usernames` of a body: an array of user ids (-3 otherwise). */
export function usersInBody(body: unknown, field = 'usernames'): string[] {
  const value = (body as Record<string, unknown> | undefined)?.[field];
  if (!Array.isArray(value) || !value.every((u) => typeof u === 'string' && u !== ''))
    throw badRequest(`${field} must be an array of user ids`);
  return value as string[];
}

/** The Agora envelope of a group route's answer; `path` is the route's own, after `/{org}/{app}`. */
export function answer(
  request: FastifyRequest,
  baseUrl: string,
  path: string,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  return envelope(request.appRecord, request.method.toLowerCase(), path, baseUrl, {
    entities: [],
    ...extra,
  });
}

/**
 * The official SDK reads "not a member" (602) and "no such group" (605) from the error text only on URLs
 * containing `chatgroups`; elsewhere (`…/metadata/chatgroup/…`, `…/users/{me}`) the same texts read as
 * the chat-room codes 702 and 705. Routes there answer as Agora's do: 603 (forbidden) and a plain 404 (17).
 */
export function outsideGroupUrl(err: unknown): unknown {
  if (!isConfabError(err)) return err;
  if (err.type === ErrorCode.GROUP_NOT_JOINED)
    return new ConfabError(ErrorCode.PERMISSION_DENIED, err.message);
  if (err.type === ErrorCode.GROUP_NOT_EXIST)
    return restError(
      'WEBIM_CONNCTION_AJAX_ERROR',
      'notFound',
      err.message.replace('does not exist', 'not found'),
    );
  return err;
}

/** Runs a handler whose errors go out as outsideGroupUrl says. */
export async function notOnGroupUrl<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw outsideGroupUrl(err);
  }
}
