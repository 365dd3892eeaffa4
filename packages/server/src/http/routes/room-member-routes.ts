// Chat room membership over REST (agora-rest-api.md §1.6 #119–#125; §3 "Chat rooms"): members (both
// paging forms), adding members (the app server, or the room's owner and admins with the SDK's
// addUsersToChatRoom), removing (kicking) them, and admins. Joining and leaving go over the socket
// (msync), not here. The rules are the group use cases acting on kind 'room' (roomDeps): removals and
// adds publish the membership change with queue `r:<id>`, so the nodes' present-member indexes follow.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { addMembers } from '../../domain/mucs/add-members.js';
import { groupAdmins, setAdmin } from '../../domain/mucs/group-admins.js';
import { groupMembers } from '../../domain/mucs/group-members.js';
import { accessMuc } from '../../domain/mucs/muc-access.js';
import { removeMembers } from '../../domain/mucs/remove-members.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest, decodeOffset, encodeOffset, pageSize, present } from '../params.js';
import {
  actorOf,
  affiliation,
  bodyOf,
  commaList,
  roomDeps,
  userField,
  userList,
  type GroupParams,
} from './group-route-kit.js';
import { roomIdOf, roomsOpen } from './room-routes.js';

interface MemberParams extends GroupParams {
  username: string;
}
interface MembersQuery {
  pagenum?: string;
  pagesize?: string;
  cursor?: string;
  limit?: string;
  joined_time?: string;
}

/** listChatRoomMembers (pagenum/pagesize): up to 1,000 per page (Agora). */
const MAX_MEMBER_PAGE = 1000;
const DEFAULT_MEMBER_PAGE = 100;
/** getChatRoomMembers (cursor/limit): 1–50, 50 by default (SDK). */
const MAX_MEMBER_LIMIT = 50;

export function roomMemberRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const deps = roomDeps(ctx);
  const anyToken = { preHandler: [auth.appToken, roomsOpen] };
  const admin = { preHandler: [auth.admin, roomsOpen] };
  const path = (id: string, rest = '') => `/chatrooms/${id}${rest}`;

  // #121 listChatRoomMembers (pagenum, pagesize): data[{owner|member: id}]. #122 getChatRoomMembers
  // (cursor, limit, joined_time=true): data[{owner|admin|member: id, joined_time}] and a top-level cursor,
  // absent on the last page (the SDK sends cursor=undefined literally on the first one).
  app.get<{ Params: GroupParams; Querystring: MembersQuery }>(
    '/:org/:app/chatrooms/:id/users',
    anyToken,
    async (request) => {
      const target = request.appRecord;
      const id = roomIdOf(request.params.id);
      const q = request.query;
      const cursorForm = present(q.limit) !== undefined || present(q.joined_time) !== undefined;
      const joinedTime = present(q.joined_time) === 'true';
      let offset: number;
      let limit: number;
      if (cursorForm) {
        limit = pageSize(q.limit, MAX_MEMBER_LIMIT, MAX_MEMBER_LIMIT);
        offset = decodeOffset(q.cursor);
      } else {
        limit = pageSize(q.pagesize, DEFAULT_MEMBER_PAGE, MAX_MEMBER_PAGE);
        const page = Number(present(q.pagenum) ?? '1');
        if (!Number.isInteger(page) || page < 0) throw badRequest('pagenum must be an integer ≥ 1');
        offset = (Math.max(page, 1) - 1) * limit;
      }
      const { members, memberCount } = await groupMembers(
        deps,
        target.id,
        actorOf(request),
        id,
        offset,
        limit,
      );
      const more = offset + members.length < memberCount;
      return envelope(target, 'get', path(id, '/users'), baseUrl(), {
        data: members.map((m) => affiliation(m, cursorForm, joinedTime)),
        count: members.length,
        ...(cursorForm && more ? { cursor: encodeOffset(offset + members.length) } : {}),
      });
    },
  );

  // App server: add one member → data {result, action: 'add_member', id, user}.
  app.post<{ Params: MemberParams }>('/:org/:app/chatrooms/:id/users/:username', admin, async (request) => {
    const target = request.appRecord;
    const id = roomIdOf(request.params.id);
    const user = request.params.username;
    const { added } = await addMembers(deps, target.id, id, [user]);
    return envelope(target, 'post', path(id, `/users/${user}`), baseUrl(), {
      data: { result: added.includes(user), action: 'add_member', id, user },
    });
  });

  // #120 addUsersToChatRoom {usernames} (the owner, an admin or the app server) → data {newmembers,
  // action: 'add_member', id}; members already there are left out of newmembers.
  app.post<{ Params: GroupParams }>('/:org/:app/chatrooms/:id/users', anyToken, async (request) => {
    const target = request.appRecord;
    const id = roomIdOf(request.params.id);
    const usernames = userList(bodyOf(request), 'usernames');
    if (!usernames) throw badRequest('usernames is required');
    await accessMuc(deps, target.id, id, actorOf(request), 'admin');
    const { added } = await addMembers(deps, target.id, id, usernames);
    return envelope(target, 'post', path(id, '/users'), baseUrl(), {
      data: { newmembers: added, action: 'add_member', id },
    });
  });

  // #119 removeChatRoomMember(s) and the app server's removal (a kick): one user → data {result, action,
  // user, id}; a comma list → data [ … ] per user.
  app.delete<{ Params: MemberParams }>(
    '/:org/:app/chatrooms/:id/users/:username',
    anyToken,
    async (request) => {
      const target = request.appRecord;
      const id = roomIdOf(request.params.id);
      const users = commaList(request.params.username);
      const results = await removeMembers(deps, target.id, actorOf(request), id, users);
      const rows = results.map((r) => ({
        result: r.result,
        action: 'remove_member',
        user: r.user,
        id,
        ...(r.reason === undefined ? {} : { reason: r.reason }),
      }));
      return envelope(target, 'delete', path(id, `/users/${users.join(',')}`), baseUrl(), {
        data: users.length === 1 ? rows[0] : rows,
      });
    },
  );

  // #123 getChatRoomAdmin → data: ids.
  app.get<{ Params: GroupParams }>('/:org/:app/chatrooms/:id/admin', anyToken, async (request) => {
    const target = request.appRecord;
    const id = roomIdOf(request.params.id);
    const admins = await groupAdmins(deps, target.id, actorOf(request), id);
    return envelope(target, 'get', path(id, '/admin'), baseUrl(), { data: admins, count: admins.length });
  });

  // #124 setChatRoomAdmin {newadmin} → data {result: 'success', newadmin}.
  app.post<{ Params: GroupParams }>('/:org/:app/chatrooms/:id/admin', anyToken, async (request) => {
    const target = request.appRecord;
    const id = roomIdOf(request.params.id);
    const newadmin = userField(bodyOf(request), 'newadmin');
    await setAdmin(deps, target.id, actorOf(request), id, newadmin, true);
    return envelope(target, 'post', path(id, '/admin'), baseUrl(), { data: { result: 'success', newadmin } });
  });

  // #125 removeChatRoomAdmin → data {result: 'success', oldadmin}.
  app.delete<{ Params: MemberParams }>(
    '/:org/:app/chatrooms/:id/admin/:username',
    anyToken,
    async (request) => {
      const target = request.appRecord;
      const id = roomIdOf(request.params.id);
      const oldadmin = request.params.username;
      await setAdmin(deps, target.id, actorOf(request), id, oldadmin, false);
      return envelope(target, 'delete', path(id, `/admin/${oldadmin}`), baseUrl(), {
        data: { result: 'success', oldadmin },
      });
    },
  );
}
