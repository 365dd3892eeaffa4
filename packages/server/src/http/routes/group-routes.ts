// Groups themselves over REST (agora-rest-api.md §1.5 #67, #69–#77, §3 "Groups"): create, list (public
// ones for users, every one for the app server), joined groups, details, modify / owner transfer,
// destroy, disable / enable. A user token acts as that user, the admin token as the app server; the
// rules are in domain/mucs. Answers carry the fields the official SDK reads (commented per route).
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { createGroup } from '../../domain/mucs/create-group.js';
import { destroyGroup } from '../../domain/mucs/destroy-group.js';
import { setGroupDisabled } from '../../domain/mucs/disable-group.js';
import { groupDetails } from '../../domain/mucs/group-info.js';
import { joinedGroupCount, joinedGroups } from '../../domain/mucs/joined-groups.js';
import { modifyGroup, type GroupSettings } from '../../domain/mucs/modify-group.js';
import { listGroups } from '../../domain/mucs/public-groups.js';
import { transferOwner } from '../../domain/mucs/transfer-owner.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest, pageSize, present } from '../params.js';
import type { AppParams } from './app-resolver.js';
import {
  actorOf,
  bodyOf,
  commaList,
  flag,
  groupDeps,
  groupDetailJson,
  groupIdOf,
  groupListEntry,
  integer,
  groupsOpen,
  text,
  userList,
  type Body,
  type GroupParams,
} from './group-route-kit.js';

interface UserParams extends AppParams {
  username: string;
}
interface ListQuery {
  limit?: string;
  cursor?: string;
}
interface JoinedQuery {
  pagenum?: string;
  pagesize?: string;
  needAffiliations?: string;
  needRole?: string;
}

/** Public groups and the app server's list: 20 by default (Agora's list-all allows up to 1,000). */
const DEFAULT_LIST = 20;
const MAX_LIST = 1000;
/** Joined groups, legacy form (#70/#71): pages from 1, up to 500 (SDK d.ts). */
const MAX_JOINED_PAGE = 500;
/** Joined groups with role/affiliations (#72): pages from 0, up to 20 (SDK d.ts). */
const MAX_JOINED_ROLE_PAGE = 20;

/** Body keys of modify (PUT /chatgroups/{id}) → the setting; the answer names the keys that were sent. */
const MODIFY_KEYS: readonly [string, keyof GroupSettings, 'text' | 'flag' | 'int'][] = [
  ['groupname', 'name', 'text'],
  ['description', 'description', 'text'],
  ['avatar', 'avatar', 'text'],
  ['custom', 'custom', 'text'],
  ['public', 'public', 'flag'],
  ['membersonly', 'approval', 'flag'],
  ['allowinvites', 'allowInvites', 'flag'],
  ['invite_need_confirm', 'inviteNeedConfirm', 'flag'],
  ['maxusers', 'maxUsers', 'int'],
];

function settingsOf(body: Body): { settings: GroupSettings; sent: string[] } {
  const settings: GroupSettings = {};
  const sent: string[] = [];
  for (const [key, setting, kind] of MODIFY_KEYS) {
    const v = kind === 'text' ? text(body, key) : kind === 'flag' ? flag(body, key) : integer(body, key);
    if (v === undefined) continue;
    Object.assign(settings, { [setting]: v });
    sent.push(key);
  }
  return { settings, sent };
}

/** A page number: absent → `first`, else an integer ≥ 0. */
function pageNumber(raw: unknown, first: number): number {
  const v = present(raw);
  if (v === undefined) return first;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw badRequest('pagenum must be an integer ≥ 0');
  return n;
}

export function groupRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const deps = groupDeps(ctx);
  const anyToken = { preHandler: [auth.appToken, groupsOpen] };
  const admin = { preHandler: [auth.admin, groupsOpen] };
  const adminOrSelf = { preHandler: [auth.adminOrSelf('username'), groupsOpen] };

  // #67 createGroup / createGroupVNext (reads data.groupid) and the app server's create. The SDK sends
  // `desc` and `approval`, the app-server docs `description` and `membersonly`.
  app.post<{ Params: AppParams }>('/:org/:app/chatgroups', anyToken, async (request) => {
    const target = request.appRecord;
    const body = bodyOf(request);
    const muc = await createGroup(deps, target.id, actorOf(request), {
      owner: text(body, 'owner'),
      name: text(body, 'groupname'),
      description: text(body, 'description') ?? text(body, 'desc'),
      avatar: text(body, 'avatar'),
      custom: text(body, 'custom'),
      members: userList(body, 'members'),
      public: flag(body, 'public'),
      approval: flag(body, 'membersonly') ?? flag(body, 'approval'),
      allowInvites: flag(body, 'allowinvites'),
      inviteNeedConfirm: flag(body, 'invite_need_confirm'),
      maxUsers: integer(body, 'maxusers'),
    });
    return envelope(target, 'post', '/chatgroups', baseUrl(), { data: { groupid: muc.id } });
  });

  // App server: every group, by id, with a cursor.
  app.get<{ Params: AppParams; Querystring: ListQuery }>('/:org/:app/chatgroups', admin, async (request) => {
    const target = request.appRecord;
    const limit = pageSize(request.query.limit, DEFAULT_LIST, MAX_LIST);
    const page = await listGroups(deps, target.id, {
      publicOnly: false,
      limit,
      cursor: present(request.query.cursor),
    });
    return envelope(target, 'get', '/chatgroups', baseUrl(), {
      params: { limit: [String(limit)] },
      data: page.items.map(groupListEntry),
      count: page.items.length,
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
  });

  // #69 getPublicGroups / listGroups: data[{groupid, groupname}], cursor (absent on the last page).
  app.get<{ Params: AppParams; Querystring: ListQuery }>(
    '/:org/:app/publicchatgroups',
    anyToken,
    async (request) => {
      const target = request.appRecord;
      const limit = pageSize(request.query.limit, DEFAULT_LIST, MAX_LIST);
      const page = await listGroups(deps, target.id, {
        publicOnly: true,
        limit,
        cursor: present(request.query.cursor),
      });
      return envelope(target, 'get', '/publicchatgroups', baseUrl(), {
        data: page.items.map(groupListEntry),
        count: page.items.length,
        ...(page.cursor ? { cursor: page.cursor } : {}),
      });
    },
  );

  // #70 getGroup, #71 getJoinedGroups and the app server's "joined by user": data[{groupid, groupname}];
  // the SDK reads `uri`, which must be a string containing "joined_chatgroups". No pagesize: all of them.
  app.get<{ Params: UserParams; Querystring: JoinedQuery }>(
    '/:org/:app/users/:username/joined_chatgroups',
    adminOrSelf,
    async (request) => {
      const { appRecord: target, me } = request;
      const q = request.query;
      const size =
        present(q.pagesize) === undefined
          ? deps.limits.groupsPerUser
          : pageSize(q.pagesize, 1, MAX_JOINED_PAGE);
      const page = Math.max(pageNumber(q.pagenum, 1), 1);
      const joined = await joinedGroups(deps, target.id, me, (page - 1) * size, size);
      return envelope(target, 'get', `/users/${me}/joined_chatgroups`, baseUrl(), {
        entities: [],
        data: joined.items.map(groupListEntry),
        count: joined.items.length,
        total: joined.total,
      });
    },
  );

  // #72 getJoinedGroups({needAffiliations|needRole}): `uri` (without "joined_chatgroups"), entities[]
  // {groupId, name, affiliations_count, permission, disabled, membersonly, allowinvites, description,
  // maxusers, public}; pages from 0.
  app.get<{ Params: UserParams; Querystring: JoinedQuery }>(
    '/:org/:app/chatgroups/user/:username',
    adminOrSelf,
    async (request) => {
      const { appRecord: target, me } = request;
      const q = request.query;
      const size = pageSize(q.pagesize, MAX_JOINED_ROLE_PAGE, MAX_JOINED_ROLE_PAGE);
      const joined = await joinedGroups(deps, target.id, me, pageNumber(q.pagenum, 0) * size, size);
      const withCount = present(q.needAffiliations) === 'true';
      const withRole = present(q.needRole) === 'true';
      return envelope(target, 'get', `/chatgroups/user/${me}`, baseUrl(), {
        entities: joined.items.map((g) => ({
          groupId: g.id,
          name: g.name,
          ...(withCount ? { affiliations_count: g.memberCount } : {}),
          ...(withRole ? { permission: g.role } : {}),
          disabled: g.disabled,
          membersonly: g.approval,
          allowinvites: g.allowInvites,
          description: g.description,
          maxusers: g.maxUsers,
          public: g.public,
        })),
        count: joined.items.length,
        total: joined.total,
      });
    },
  );

  // #73 getJoinedGroupsCount: data = the number.
  app.get<{ Params: UserParams }>(
    '/:org/:app/chatgroups/user/:username/joined_count',
    adminOrSelf,
    async (request) => {
      const { appRecord: target, me } = request;
      return envelope(target, 'get', `/chatgroups/user/${me}/joined_count`, baseUrl(), {
        data: await joinedGroupCount(deps, target.id, me),
      });
    },
  );

  // #74 getGroupInfo and the app server's details: data[] GroupDetailInfo for one or many ids.
  app.get<{ Params: GroupParams }>('/:org/:app/chatgroups/:id', anyToken, async (request) => {
    const target = request.appRecord;
    const ids = commaList(request.params.id).map(groupIdOf);
    const details = await groupDetails(deps, target.id, ids);
    return envelope(target, 'get', `/chatgroups/${ids.join(',')}`, baseUrl(), {
      data: details.map((d) => groupDetailJson(d.muc, d.members)),
      count: details.length,
    });
  });

  // #75 modifyGroup → data {groupname: true, …} (the keys sent); #76 changeGroupOwner → data {newowner: true}.
  app.put<{ Params: GroupParams }>('/:org/:app/chatgroups/:id', anyToken, async (request) => {
    const target = request.appRecord;
    const id = groupIdOf(request.params.id);
    const body = bodyOf(request);
    const actor = actorOf(request);
    const newOwner = text(body, 'newowner');
    if (newOwner !== undefined) {
      await transferOwner(deps, target.id, actor, id, newOwner);
      return envelope(target, 'put', `/chatgroups/${id}`, baseUrl(), { data: { newowner: true } });
    }
    const { settings, sent } = settingsOf(body);
    await modifyGroup(deps, target.id, actor, id, settings);
    return envelope(target, 'put', `/chatgroups/${id}`, baseUrl(), {
      data: Object.fromEntries(sent.map((k) => [k, true])),
    });
  });

  // #77 destroyGroup → data {id, success}.
  app.delete<{ Params: GroupParams }>('/:org/:app/chatgroups/:id', anyToken, async (request) => {
    const target = request.appRecord;
    const id = groupIdOf(request.params.id);
    await destroyGroup(deps, target.id, actorOf(request), id);
    return envelope(target, 'delete', `/chatgroups/${id}`, baseUrl(), { data: { success: true, id } });
  });

  // App server: disable (nothing can be done in the group: 608) and enable → data {disabled}.
  for (const [verb, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post<{ Params: GroupParams }>(`/:org/:app/chatgroups/:id/${verb}`, admin, async (request) => {
      const target = request.appRecord;
      const id = groupIdOf(request.params.id);
      const muc = await setGroupDisabled(deps, target.id, id, disabled);
      return envelope(target, 'post', `/chatgroups/${id}/${verb}`, baseUrl(), {
        data: { disabled: muc.disabled },
      });
    });
  }
}
