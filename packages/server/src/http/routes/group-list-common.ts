// What the group list routes share: their URL parameters, who acts (a user token's user with the device
// of `?resource=`, or the app server for an admin token), comma lists of users in paths, the use cases'
// dependencies and the success envelope.
import { ConfabError, ErrorCode, isConfabError, restError } from '@confab/protocol';
import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { serviceEnabled } from '../../domain/apps/app-settings.js';
import { appServer, userActor, type MucActor } from '../../domain/mucs/muc-access.js';
import type { MucListDeps } from '../../domain/mucs/muc-list-rules.js';
import { envelope } from '../agora-envelope.js';
import { badRequest, present } from '../params.js';
import type { AppParams } from './app-resolver.js';
import { membershipNotifier } from './group-route-kit.js';

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

/** The caller: the app server for an admin token, else the token's user and acting device. */
export function actorOf(request: FastifyRequest): MucActor {
  const username = request.token?.username;
  if (username === undefined) return appServer;
  const resource = present((request.query as ResourceQuery | undefined)?.resource);
  return userActor(username, resource);
}

/** The app of the request, with its groups service on (505 otherwise). */
export function groupApp(request: FastifyRequest) {
  const app = request.appRecord;
  if (!serviceEnabled(app, 'groups'))
    throw new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'service not open!');
  return app;
}

export const listDeps = (ctx: ServerContext): MucListDeps => ({
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
