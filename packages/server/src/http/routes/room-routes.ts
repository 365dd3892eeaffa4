// Chat rooms themselves over REST (agora-rest-api.md §1.6 #114–#118, #148; §3 "Chat rooms"): create
// (the app server, or a super admin with a user token), list (the SDK's pagenum/pagesize or the app
// server's limit/cursor), details, modify, destroy, joined rooms, and the app server's super admins. The
// rules are the group use cases of domain/mucs acting on kind 'room' (roomDeps), so codes are the room
// ones: 705 no such room, 702 not a member, 603 not allowed.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import type { ServerContext } from '../../context.js';
import { serviceEnabled } from '../../domain/apps/app-settings.js';
import { destroyGroup } from '../../domain/mucs/destroy-group.js';
import { groupDetails } from '../../domain/mucs/group-info.js';
import { isGroupId } from '../../domain/mucs/group-ids.js';
import { joinedGroups } from '../../domain/mucs/joined-groups.js';
import { roomNotFound } from '../../domain/mucs/muc-access.js';
import { modifyGroup, type GroupSettings } from '../../domain/mucs/modify-group.js';
import { listGroups } from '../../domain/mucs/public-groups.js';
import type { MucMember, MucRecord } from '../../domain/ports/mucs.js';
import { createRoom } from '../../domain/rooms/create-room.js';
import {
  addSuperAdmin,
  removeSuperAdmin,
  superAdmins,
  type SuperAdminDeps,
} from '../../domain/rooms/super-admins.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest, pageSize, present } from '../params.js';
import type { AppParams } from './app-resolver.js';
import {
  actorOf,
  affiliation,
  bodyOf,
  commaList,
  integer,
  roomDeps,
  text,
  userField,
  userList,
  type GroupParams,
} from './group-route-kit.js';

interface UserParams extends AppParams {
  username: string;
}
interface PageQuery {
  pagenum?: string;
  pagesize?: string;
  limit?: string;
  cursor?: string;
  detail?: string;
}

/** getChatRooms / GET /chatrooms: 20 by default, at most 100 (Agora's list API). */
const DEFAULT_LIST = 20;
const MAX_LIST = 100;
/** The SDK's page form reads rooms by id up to the page asked for: pages past this many rooms are empty. */
const MAX_PAGED_ROOMS = 10_000;
/** Joined rooms: Agora pages them up to 1,000. */
const MAX_JOINED_PAGE = 1000;
/** Super admins: pages of up to 1,000 (Agora documents pagenum / pagesize). */
const MAX_SUPER_ADMIN_PAGE = 1000;

/** A preHandler after the auth one: 505 when the app has chat rooms switched off. */
export const roomsOpen: preHandlerAsyncHookHandler = (request) =>
  serviceEnabled(request.appRecord, 'chatrooms')
    ? Promise.resolve()
    : Promise.reject(new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'service not open!'));

/** A room id of the path: digits only, else no such room (705). */
export function roomIdOf(raw: string): string {
  if (!isGroupId(raw)) throw roomNotFound(raw);
  return raw;
}

/** A page number from 1 (absent: 1). */
function pageNumber(raw: unknown): number {
  const v = present(raw);
  if (v === undefined) return 1;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest('pagenum must be an integer ≥ 1');
  return Math.max(n, 1);
}

/** ChatRoomBaseInfo of getChatRooms, with Agora's list fields. */
const roomListEntry = (r: MucRecord) => ({
  id: r.id,
  name: r.name,
  owner: r.owner,
  affiliations_count: r.memberCount,
});

/** GetChatRoomDetailsResult (getChatRoomDetails, GET /chatrooms/{id}). */
export const roomDetailJson = (r: MucRecord, members: readonly MucMember[]) => ({
  id: r.id,
  name: r.name,
  description: r.description,
  membersonly: r.approval,
  allowinvites: r.allowInvites,
  maxusers: r.maxUsers,
  owner: r.owner,
  created: r.createdAt,
  custom: r.custom,
  mute: r.allMuted,
  public: r.public,
  affiliations_count: r.memberCount,
  affiliations: members.map((m) => affiliation(m, false, false)),
});

/** Body keys of modify (PUT /chatrooms/{id}) → the setting; the answer names the keys that were sent. */
function settingsOf(body: Record<string, unknown>): { settings: GroupSettings; sent: string[] } {
  const settings: GroupSettings = {};
  const sent: string[] = [];
  // The SDK sends `groupname`; Agora's app-server docs `name`.
  const name = text(body, 'groupname') ?? text(body, 'name');
  if (name !== undefined) {
    settings.name = name;
    sent.push(body['groupname'] === undefined ? 'name' : 'groupname');
  }
  const description = text(body, 'description');
  if (description !== undefined) {
    settings.description = description;
    sent.push('description');
  }
  const maxUsers = integer(body, 'maxusers');
  if (maxUsers !== undefined) {
    settings.maxUsers = maxUsers;
    sent.push('maxusers');
  }
  const custom = text(body, 'custom');
  if (custom !== undefined) {
    settings.custom = custom;
    sent.push('custom');
  }
  return { settings, sent };
}

export function roomRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const deps = roomDeps(ctx);
  const supers: SuperAdminDeps = {
    superAdmins: ctx.storage.roomSuperAdmins,
    users: ctx.storage.users,
    clock: ctx.clock,
    maxSuperAdmins: ctx.limits.roomSuperAdminsMax,
  };
  const anyToken = { preHandler: [auth.appToken, roomsOpen] };
  const admin = { preHandler: [auth.admin, roomsOpen] };
  const adminOrSelf = { preHandler: [auth.adminOrSelf('username'), roomsOpen] };

  // App server: name a super admin {superadmin} → data {result: 'success', resource: '', superadmin}.
  app.post<{ Params: AppParams }>('/:org/:app/chatrooms/super_admin', admin, async (request) => {
    const target = request.appRecord;
    const superadmin = userField(bodyOf(request), 'superadmin');
    await addSuperAdmin(supers, target.id, superadmin);
    return envelope(target, 'post', '/chatrooms/super_admin', baseUrl(), {
      data: { result: 'success', resource: '', superadmin },
    });
  });

  // App server: the super admins, pagenum (from 1) / pagesize → data: ids.
  app.get<{ Params: AppParams; Querystring: PageQuery }>(
    '/:org/:app/chatrooms/super_admin',
    admin,
    async (request) => {
      const target = request.appRecord;
      const size = pageSize(request.query.pagesize, MAX_SUPER_ADMIN_PAGE, MAX_SUPER_ADMIN_PAGE);
      const page = pageNumber(request.query.pagenum);
      const names = await superAdmins(supers, target.id, (page - 1) * size, size);
      return envelope(target, 'get', '/chatrooms/super_admin', baseUrl(), {
        params: { pagesize: [String(size)], pagenum: [String(page)] },
        data: names,
        count: names.length,
      });
    },
  );

  // App server: take the right away → data {newSuperAdmin, resource: ''} (Agora's names).
  app.delete<{ Params: UserParams }>('/:org/:app/chatrooms/super_admin/:username', admin, async (request) => {
    const target = request.appRecord;
    const user = request.params.username;
    await removeSuperAdmin(supers, target.id, user);
    return envelope(target, 'delete', `/chatrooms/super_admin/${user}`, baseUrl(), {
      data: { newSuperAdmin: user, resource: '' },
    });
  });

  // #115 createChatRoom (a super admin's token) and the app server's create → data {id}.
  app.post<{ Params: AppParams }>('/:org/:app/chatrooms', anyToken, async (request) => {
    const target = request.appRecord;
    const body = bodyOf(request);
    const room = await createRoom(deps, supers, target.id, actorOf(request), {
      owner: text(body, 'owner'),
      name: text(body, 'name') ?? text(body, 'groupname'),
      description: text(body, 'description'),
      custom: text(body, 'custom'),
      members: userList(body, 'members'),
      maxUsers: integer(body, 'maxusers'),
    });
    return envelope(target, 'post', '/chatrooms', baseUrl(), { data: { id: room.id } });
  });

  // #114 getChatRooms (pagenum from 1, pagesize) and the app server's list (limit, cursor; the answer
  // carries the next cursor, absent on the last page). Every room of the app: rooms are public.
  app.get<{ Params: AppParams; Querystring: PageQuery }>(
    '/:org/:app/chatrooms',
    anyToken,
    async (request) => {
      const target = request.appRecord;
      const q = request.query;
      const pageForm = present(q.pagenum) !== undefined || present(q.pagesize) !== undefined;
      let items: MucRecord[];
      let cursor: string | undefined;
      if (pageForm) {
        const size = pageSize(q.pagesize, DEFAULT_LIST, MAX_LIST);
        const offset = (pageNumber(q.pagenum) - 1) * size;
        // Pages by id: read up to the end of the page asked for (bounded), keep that page.
        const end = Math.min(offset + size, MAX_PAGED_ROOMS);
        items =
          offset >= end
            ? []
            : (await listGroups(deps, target.id, { publicOnly: false, limit: end })).items.slice(offset);
      } else {
        const limit = pageSize(q.limit, DEFAULT_LIST, MAX_LIST);
        const page = await listGroups(deps, target.id, {
          publicOnly: false,
          limit,
          cursor: present(q.cursor),
        });
        items = page.items;
        cursor = page.cursor;
      }
      return envelope(target, 'get', '/chatrooms', baseUrl(), {
        data: items.map(roomListEntry),
        count: items.length,
        ...(cursor ? { cursor } : {}),
      });
    },
  );

  // #148 getJoinedChatRooms (pagenum, pagesize, detail=true) and the app server's "joined by user". With
  // detail the SDK reads {id, title, owner: "{appKey}_{user}", created, description, max_users}; without
  // it Agora answers {id, name}.
  app.get<{ Params: UserParams; Querystring: PageQuery }>(
    '/:org/:app/users/:username/joined_chatrooms',
    adminOrSelf,
    async (request) => {
      const { appRecord: target, me } = request;
      const q = request.query;
      const size = pageSize(q.pagesize, MAX_JOINED_PAGE, MAX_JOINED_PAGE);
      const page = pageNumber(q.pagenum);
      const joined = await joinedGroups(deps, target.id, me, (page - 1) * size, size);
      const detail = present(q.detail) === 'true';
      const appKey = `${target.org}#${target.name}`;
      return envelope(target, 'get', `/users/${me}/joined_chatrooms`, baseUrl(), {
        data: joined.items.map((r) =>
          detail
            ? {
                id: r.id,
                title: r.name,
                owner: `${appKey}_${r.owner}`,
                created: r.createdAt,
                description: r.description,
                max_users: r.maxUsers,
              }
            : { id: r.id, name: r.name },
        ),
        count: joined.items.length,
        total: joined.total,
      });
    },
  );

  // #117 getChatRoomDetails and the app server's details: data[] for one or many ids.
  app.get<{ Params: GroupParams }>('/:org/:app/chatrooms/:id', anyToken, async (request) => {
    const target = request.appRecord;
    const ids = commaList(request.params.id).map(roomIdOf);
    const details = await groupDetails(deps, target.id, ids);
    return envelope(target, 'get', `/chatrooms/${ids.join(',')}`, baseUrl(), {
      data: details.map((d) => roomDetailJson(d.muc, d.members)),
      count: details.length,
    });
  });

  // #118 modifyChatRoom {groupname, description, maxusers} → data {groupname: true, …} (the keys sent).
  app.put<{ Params: GroupParams }>('/:org/:app/chatrooms/:id', anyToken, async (request) => {
    const target = request.appRecord;
    const id = roomIdOf(request.params.id);
    const { settings, sent } = settingsOf(bodyOf(request));
    await modifyGroup(deps, target.id, actorOf(request), id, settings);
    return envelope(target, 'put', `/chatrooms/${id}`, baseUrl(), {
      data: Object.fromEntries(sent.map((k) => [k, true])),
    });
  });

  // #116 destroyChatRoom (the owner or the app server) → data {id, success}.
  app.delete<{ Params: GroupParams }>('/:org/:app/chatrooms/:id', anyToken, async (request) => {
    const target = request.appRecord;
    const id = roomIdOf(request.params.id);
    await destroyGroup(deps, target.id, actorOf(request), id);
    return envelope(target, 'delete', `/chatrooms/${id}`, baseUrl(), { data: { success: true, id } });
  });
}
