// Group membership over REST (agora-rest-api.md §1.5 #78–#88, §3 "Groups"): members (two paging
// forms), the app server's direct adds and membership check, removal, admins, invitations and join
// requests with their answers, leaving. A user token acts as that user, the admin token as the app
// server; the rules are in domain/mucs.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { addMembers } from '../../domain/mucs/add-members.js';
import { groupAdmins, setAdmin } from '../../domain/mucs/group-admins.js';
import { groupMembers, isMember } from '../../domain/mucs/group-members.js';
import { answerInvitation, inviteToGroup } from '../../domain/mucs/invite-to-group.js';
import { answerJoinRequest, joinGroup } from '../../domain/mucs/join-group.js';
import { leaveGroup } from '../../domain/mucs/leave-group.js';
import { removeMembers } from '../../domain/mucs/remove-members.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest, decodeOffset, encodeOffset, pageSize, present } from '../params.js';
import {
  actorOf,
  affiliation,
  bodyOf,
  commaList,
  flag,
  groupDeps,
  groupIdOf,
  groupsOpen,
  text,
  userField,
  userList,
  userOf,
  type GroupParams,
} from './group-route-kit.js';

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

/** listGroupMembers (pagenum/pagesize): up to 1,000 per page (SDK d.ts). */
const MAX_MEMBER_PAGE = 1000;
const DEFAULT_MEMBER_PAGE = 100;
/** getGroupMembers (cursor/limit): 1–50, 50 by default (SDK d.ts). */
const MAX_MEMBER_LIMIT = 50;

export function groupMemberRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const deps = groupDeps(ctx);
  const anyToken = { preHandler: [auth.appToken, groupsOpen] };
  const admin = { preHandler: [auth.admin, groupsOpen] };
  const path = (id: string, rest = '') => `/chatgroups/${id}${rest}`;

  // #79 listGroupMembers (pagenum, pagesize from 1): data[{owner|member: id}]. #80 getGroupMembers
  // (cursor, limit, joined_time=true): data[{owner|admin|member: id, joined_time}] and a top-level
  // cursor, absent on the last page. The SDK sends cursor=undefined literally on the first page (T4).
  app.get<{ Params: GroupParams; Querystring: MembersQuery }>(
    '/:org/:app/chatgroups/:id/users',
    anyToken,
    async (request) => {
      const target = request.appRecord;
      const id = groupIdOf(request.params.id);
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

  // App server: add one member directly → data {result, groupid, action, user}.
  app.post<{ Params: MemberParams }>('/:org/:app/chatgroups/:id/users/:username', admin, async (request) => {
    const target = request.appRecord;
    const id = groupIdOf(request.params.id);
    const user = request.params.username;
    await addMembers(deps, target.id, id, [user]);
    return envelope(target, 'post', path(id, `/users/${user}`), baseUrl(), {
      data: { result: true, groupid: id, action: 'add_member', user },
    });
  });

  // App server: add members directly {usernames} → data {newmembers, groupid, action}.
  app.post<{ Params: GroupParams }>('/:org/:app/chatgroups/:id/users', admin, async (request) => {
    const target = request.appRecord;
    const id = groupIdOf(request.params.id);
    const usernames = userList(bodyOf(request), 'usernames');
    if (!usernames) throw badRequest('usernames is required');
    const { added } = await addMembers(deps, target.id, id, usernames);
    return envelope(target, 'post', path(id, '/users'), baseUrl(), {
      data: { newmembers: added, groupid: id, action: 'add_member' },
    });
  });

  // #88 removeGroupMember(s) and the app server's removal: one user → data {result, action, user,
  // groupid}; a comma list → data [ … ] per user.
  app.delete<{ Params: MemberParams }>(
    '/:org/:app/chatgroups/:id/users/:username',
    anyToken,
    async (request) => {
      const target = request.appRecord;
      const id = groupIdOf(request.params.id);
      const users = commaList(request.params.username);
      const results = await removeMembers(deps, target.id, actorOf(request), id, users);
      const rows = results.map((r) => ({
        result: r.result,
        action: 'remove_member',
        user: r.user,
        groupid: id,
        ...(r.reason === undefined ? {} : { reason: r.reason }),
      }));
      return envelope(target, 'delete', path(id, `/users/${users.join(',')}`), baseUrl(), {
        data: users.length === 1 ? rows[0] : rows,
      });
    },
  );

  // App server: is the user a member? → data: boolean.
  app.get<{ Params: MemberParams }>(
    '/:org/:app/chatgroups/:id/user/:username/is_joined',
    admin,
    async (request) => {
      const target = request.appRecord;
      const id = groupIdOf(request.params.id);
      const user = request.params.username;
      return envelope(target, 'get', path(id, `/user/${user}/is_joined`), baseUrl(), {
        data: await isMember(deps, target.id, id, user),
      });
    },
  );

  // #81 getGroupAdmin → data: ids.
  app.get<{ Params: GroupParams }>('/:org/:app/chatgroups/:id/admin', anyToken, async (request) => {
    const target = request.appRecord;
    const id = groupIdOf(request.params.id);
    const admins = await groupAdmins(deps, target.id, actorOf(request), id);
    return envelope(target, 'get', path(id, '/admin'), baseUrl(), { data: admins, count: admins.length });
  });

  // #82 setGroupAdmin {newadmin} → data {result: 'success', newadmin}.
  app.post<{ Params: GroupParams }>('/:org/:app/chatgroups/:id/admin', anyToken, async (request) => {
    const target = request.appRecord;
    const id = groupIdOf(request.params.id);
    const newadmin = userField(bodyOf(request), 'newadmin');
    await setAdmin(deps, target.id, actorOf(request), id, newadmin, true);
    return envelope(target, 'post', path(id, '/admin'), baseUrl(), { data: { result: 'success', newadmin } });
  });

  // #83 removeGroupAdmin → data {result: 'success', oldadmin}.
  app.delete<{ Params: MemberParams }>(
    '/:org/:app/chatgroups/:id/admin/:username',
    anyToken,
    async (request) => {
      const target = request.appRecord;
      const id = groupIdOf(request.params.id);
      const oldadmin = request.params.username;
      await setAdmin(deps, target.id, actorOf(request), id, oldadmin, false);
      return envelope(target, 'delete', path(id, `/admin/${oldadmin}`), baseUrl(), {
        data: { result: 'success', oldadmin },
      });
    },
  );

  // #84 inviteUsersToGroup {usernames} → data [{action: 'invite', id, result, user}]; someone already
  // in the group: 403 "invite users to join group failed … already in group" (SDK 601).
  app.post<{ Params: GroupParams }>('/:org/:app/chatgroups/:id/invite', anyToken, async (request) => {
    const target = request.appRecord;
    const id = groupIdOf(request.params.id);
    const body = bodyOf(request);
    const usernames = userList(body, 'usernames');
    if (!usernames) throw badRequest('usernames is required');
    const results = await inviteToGroup(
      deps,
      target.id,
      actorOf(request),
      id,
      usernames,
      text(body, 'reason') ?? '',
    );
    return envelope(target, 'post', path(id, '/invite'), baseUrl(), {
      data: results.map((r) => ({ action: 'invite', id, result: r.result, user: r.user })),
    });
  });

  // #85 joinGroup {message} → data {id, user, action: 'apply', result}: joined at once when the group
  // is public and open, else a request waits for the owner or an admin.
  app.post<{ Params: GroupParams }>('/:org/:app/chatgroups/:id/apply', anyToken, async (request) => {
    const target = request.appRecord;
    const id = groupIdOf(request.params.id);
    const { username, resource } = userOf(request, 'joining a group');
    const outcome = await joinGroup(
      deps,
      target.id,
      username,
      resource,
      id,
      text(bodyOf(request), 'message') ?? '',
    );
    return envelope(target, 'post', path(id, '/apply'), baseUrl(), {
      data: { id, user: username, action: 'apply', result: true, joined: outcome === 'joined' },
    });
  });

  // #86 acceptGroupJoinRequest / rejectGroupJoinRequest {applicant, verifyResult, reason}.
  app.post<{ Params: GroupParams }>('/:org/:app/chatgroups/:id/apply_verify', anyToken, async (request) => {
    const target = request.appRecord;
    const id = groupIdOf(request.params.id);
    const body = bodyOf(request);
    const applicant = userField(body, 'applicant');
    const accept = flag(body, 'verifyResult');
    if (accept === undefined) throw badRequest('verifyResult is required');
    await answerJoinRequest(
      deps,
      target.id,
      actorOf(request),
      id,
      applicant,
      accept,
      text(body, 'reason') ?? '',
    );
    return envelope(target, 'post', path(id, '/apply_verify'), baseUrl(), {
      data: { id, user: applicant, action: 'apply_verify', result: true },
    });
  });

  // #87 acceptGroupInvite / rejectGroupInvite {invitee, verifyResult}: the invitee answers.
  app.post<{ Params: GroupParams }>('/:org/:app/chatgroups/:id/invite_verify', anyToken, async (request) => {
    const target = request.appRecord;
    const id = groupIdOf(request.params.id);
    const body = bodyOf(request);
    const invitee = userField(body, 'invitee');
    const accept = flag(body, 'verifyResult');
    if (accept === undefined) throw badRequest('verifyResult is required');
    const { username, resource } = userOf(request, 'answering an invitation');
    await answerInvitation(deps, target.id, username, resource, id, invitee, accept);
    return envelope(target, 'post', path(id, '/invite_verify'), baseUrl(), {
      data: { id, user: invitee, action: 'invite_verify', result: true },
    });
  });

  // #78 leaveGroup → data {result: true}.
  app.delete<{ Params: GroupParams }>('/:org/:app/chatgroups/:id/quit', anyToken, async (request) => {
    const target = request.appRecord;
    const id = groupIdOf(request.params.id);
    const { username, resource } = userOf(request, 'leaving a group');
    await leaveGroup(deps, target.id, username, resource, id);
    return envelope(target, 'delete', path(id, '/quit'), baseUrl(), {
      data: { result: true, id, user: username, action: 'quit' },
    });
  });
}
