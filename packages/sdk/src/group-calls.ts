// Groups themselves and their membership in the official API (REST spec §1.5 #67, #69–#88): create,
// lists, details, modify, owner, destroy, members, admins, invitations, join requests, leave, removal.
// Requests and parameter checks as the official SDK makes them; most answers are the raw body with
// `type: 0`, the few the official SDK reshapes (createGroupVNext, getJoinedGroups with roles,
// getJoinedGroupsCount, getGroupMembers) are reshaped the same way.
import type { AccountContext } from './account-calls.js';
import { restCall } from './rest-call.js';
import { sdkErrors } from './sdk-errors.js';

export type UserId = string;

/** The official `AsyncResult`: the answer's body with `type: 0`, the result in `data`. */
export type GroupAsyncResult<T> = { type: 0; data?: T } & Record<string, unknown>;

export interface CreateGroupParams {
  data: {
    groupname: string;
    avatar?: string;
    desc: string;
    members: UserId[];
    public: boolean;
    approval: boolean;
    allowinvites: boolean;
    inviteNeedConfirm: boolean;
    maxusers: number;
    ext?: string;
  };
}

export interface CreateGroupVNextParams {
  groupName?: string;
  avatar?: string;
  description?: string;
  members?: UserId[];
  isPublic?: boolean;
  needApprovalToJoin?: boolean;
  allowMemberToInvite?: boolean;
  inviteNeedConfirm?: boolean;
  maxMemberCount?: number;
  extension?: string;
}

export interface GetJoinedGroupsParams {
  pageNum: number;
  pageSize: number;
  needAffiliations?: boolean;
  needRole?: boolean;
}

/** GroupInfo of getJoinedGroups({needAffiliations|needRole}). */
export interface JoinedGroupInfo {
  affiliationsCount?: number;
  groupName: string;
  groupId: string;
  role?: 'member' | 'admin' | 'owner';
  disabled: boolean;
  approval: boolean;
  allowInvites: boolean;
  description: string;
  maxUsers: number;
  public: boolean;
}

export interface ModifyGroupParams {
  groupId: string;
  groupName?: string;
  description?: string;
  avatar?: string;
  ext?: string;
}

export interface FetchedGroupMember {
  role: 'owner' | 'admin' | 'member';
  userId: UserId;
  joinedTime: number;
}

type G = { groupId: string };

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';
const invalid = (name: string) => sdkErrors.invalidParameter(`Invalid parameter: "${name}"`);

function groupId(p: unknown): string {
  const id = (p as Partial<G> | undefined)?.groupId;
  if (!nonEmpty(id)) throw invalid('groupId');
  return id;
}

function user(v: unknown, name: string): string {
  if (!nonEmpty(v)) throw invalid(name);
  return v;
}

function users(v: unknown, name: string): string[] {
  if (!Array.isArray(v)) throw invalid(name);
  return v as string[];
}

/** `?resource=` of the calls that change something: the acting device is not told about it. */
const res = (ctx: AccountContext) => ({ query: { resource: ctx.resource } });

const raw = <T>(ctx: AccountContext, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, o = {}) =>
  restCall<GroupAsyncResult<T>>(ctx, method, path, o);

// ---- groups

export function createGroup(ctx: AccountContext, params: CreateGroupParams) {
  const d = params?.data;
  if (!d) throw sdkErrors.invalidParameter('Invalid parameter');
  return raw<{ groupid: string }>(ctx, 'POST', '/chatgroups', {
    ...res(ctx),
    body: {
      owner: ctx.user,
      groupname: d.groupname,
      avatar: d.avatar,
      desc: d.desc,
      members: d.members,
      public: d.public,
      approval: d.approval,
      allowinvites: d.allowinvites,
      invite_need_confirm: d.inviteNeedConfirm,
      maxusers: d.maxusers,
      custom: d.ext,
    },
  });
}

/** The official defaults: private, open, members may invite, no confirmation, 200 members. */
export async function createGroupVNext(
  ctx: AccountContext,
  p: CreateGroupVNextParams,
): Promise<{ type: 0; data: { groupId: string } }> {
  if (!p) throw sdkErrors.invalidParameter('Invalid parameter');
  const r = await raw<{ groupid: string }>(ctx, 'POST', '/chatgroups', {
    ...res(ctx),
    body: {
      owner: ctx.user,
      groupname: p.groupName ?? '',
      avatar: p.avatar ?? '',
      desc: p.description ?? '',
      members: p.members,
      public: p.isPublic ?? false,
      approval: p.needApprovalToJoin ?? false,
      allowinvites: p.allowMemberToInvite ?? true,
      invite_need_confirm: p.inviteNeedConfirm ?? false,
      maxusers: p.maxMemberCount ?? 200,
      custom: p.extension ?? '',
    },
  });
  return { type: 0, data: { groupId: r.data?.groupid ?? '' } };
}

export function getPublicGroups(ctx: AccountContext, p: { limit: number; cursor?: string }) {
  if (typeof p?.limit !== 'number') throw sdkErrors.invalidParameter('Invalid parameter');
  return raw<{ groupid: string; groupname: string }[]>(ctx, 'GET', '/publicchatgroups', {
    query: { limit: p.limit, ...(p.cursor ? { cursor: p.cursor } : {}) },
  });
}

/** Legacy getGroup(): every joined group, raw. */
export const getGroup = (ctx: AccountContext) =>
  raw<{ groupid: string; groupname: string }[]>(ctx, 'GET', `/users/${ctx.user}/joined_chatgroups`);

export async function getJoinedGroups(ctx: AccountContext, p: GetJoinedGroupsParams) {
  if (typeof p?.pageNum !== 'number' || typeof p.pageSize !== 'number')
    throw sdkErrors.invalidParameter('Invalid parameter: "pageNum or pageSize"');
  if (p.pageNum < 0 || p.pageSize < 0)
    throw sdkErrors.invalidParameter('"pageNum" should >= 0 and "pageSize" should >= 0');
  if (!p.needAffiliations && !p.needRole)
    return raw<{ groupid: string; groupname: string }[]>(ctx, 'GET', `/users/${ctx.user}/joined_chatgroups`, {
      query: { pagenum: p.pageNum, pagesize: p.pageSize },
    });
  const r = await raw<never>(ctx, 'GET', `/chatgroups/user/${ctx.user}`, {
    query: {
      pagenum: p.pageNum,
      pagesize: p.pageSize,
      needAffiliations: Boolean(p.needAffiliations),
      needRole: Boolean(p.needRole),
    },
  });
  const entities = ((r['entities'] ?? []) as Record<string, unknown>[]).map((e): JoinedGroupInfo => ({
    affiliationsCount: e['affiliations_count'] as number,
    groupName: e['name'] as string,
    groupId: e['groupId'] as string,
    role: e['permission'] as JoinedGroupInfo['role'],
    disabled: e['disabled'] as boolean,
    approval: e['membersonly'] as boolean,
    allowInvites: e['allowinvites'] as boolean,
    description: e['description'] as string,
    maxUsers: e['maxusers'] as number,
    public: e['public'] as boolean,
  }));
  return { ...r, entities };
}

export async function getJoinedGroupsCount(ctx: AccountContext): Promise<{ type: 0; data: number }> {
  const r = await raw<number>(ctx, 'GET', `/chatgroups/user/${ctx.user}/joined_count`);
  return { type: 0, data: r.data || 0 };
}

export function getGroupInfo(ctx: AccountContext, p: { groupId: string | string[] }) {
  const id = p?.groupId;
  if (typeof id !== 'string' && !Array.isArray(id)) throw invalid('groupId');
  return raw<Record<string, unknown>[]>(ctx, 'GET', `/chatgroups/${String(id)}`, {
    query: { joined_time: true },
  });
}

export function modifyGroup(ctx: AccountContext, p: ModifyGroupParams) {
  if (!nonEmpty(p?.groupId)) throw sdkErrors.invalidParameter('Invalid parameter');
  return raw<Record<string, boolean>>(ctx, 'PUT', `/chatgroups/${p.groupId}`, {
    ...res(ctx),
    body: { groupname: p.groupName, avatar: p.avatar, description: p.description, custom: p.ext },
  });
}

export function changeGroupOwner(ctx: AccountContext, p: G & { newOwner: UserId }) {
  if (typeof p?.groupId !== 'string' || typeof p.newOwner !== 'string')
    throw sdkErrors.invalidParameter('Invalid parameter');
  return raw<{ newowner: boolean }>(ctx, 'PUT', `/chatgroups/${p.groupId}`, {
    ...res(ctx),
    body: { newowner: p.newOwner },
  });
}

export function destroyGroup(ctx: AccountContext, p: G) {
  const id = groupId(p);
  return raw<{ id: string; success: boolean }>(ctx, 'DELETE', `/chatgroups/${id}`, {
    query: { version: 'v3', resource: ctx.resource },
  });
}

export function leaveGroup(ctx: AccountContext, p: G) {
  const id = groupId(p);
  return raw<{ result: true }>(ctx, 'DELETE', `/chatgroups/${id}/quit`, res(ctx));
}

// ---- members

export function listGroupMembers(ctx: AccountContext, p: G & { pageNum: number; pageSize: number }) {
  const id = groupId(p);
  if (Number.isNaN(Number(p.pageNum)) || p.pageNum <= 0)
    throw sdkErrors.invalidParameter('The parameter "pageNum" should be a positive number');
  if (Number.isNaN(Number(p.pageSize)) || p.pageSize <= 0)
    throw sdkErrors.invalidParameter('The parameter "pageSize" should be a positive number');
  return raw<Record<string, string>[]>(ctx, 'GET', `/chatgroups/${id}/users`, {
    query: { pagenum: p.pageNum, pagesize: p.pageSize },
  });
}

export async function getGroupMembers(
  ctx: AccountContext,
  p: G & { cursor?: string; limit?: number },
): Promise<{ type: 0; data: { cursor: string | undefined; members: FetchedGroupMember[] } }> {
  const id = groupId(p);
  if (p.cursor && typeof p.cursor !== 'string') throw invalid('cursor');
  if (p.limit && typeof p.limit !== 'number') throw invalid('limit');
  const r = await raw<Record<string, unknown>[]>(ctx, 'GET', `/chatgroups/${id}/users`, {
    query: { ...(p.cursor ? { cursor: p.cursor } : {}), limit: p.limit || 50, joined_time: true },
  });
  const members = (r.data ?? []).flatMap((row): FetchedGroupMember[] => {
    const role = (['member', 'admin', 'owner'] as const).find((k) => k in row);
    return role ? [{ role, userId: row[role] as string, joinedTime: row['joined_time'] as number }] : [];
  });
  return { type: 0, data: { cursor: r['cursor'] as string | undefined, members } };
}

export function removeGroupMember(ctx: AccountContext, p: G & { username: UserId }) {
  const id = groupId(p);
  const u = user(p.username, 'username');
  return raw<Record<string, unknown>>(ctx, 'DELETE', `/chatgroups/${id}/users/${u}`, res(ctx));
}

export function removeGroupMembers(ctx: AccountContext, p: G & { users: UserId[] }) {
  const id = groupId(p);
  const list = users(p.users, 'users');
  return raw<Record<string, unknown>[]>(ctx, 'DELETE', `/chatgroups/${id}/users/${list.join(',')}`, res(ctx));
}

// ---- admins

export function getGroupAdmin(ctx: AccountContext, p: G) {
  return raw<UserId[]>(ctx, 'GET', `/chatgroups/${groupId(p)}/admin`);
}

export function setGroupAdmin(ctx: AccountContext, p: G & { username: UserId }) {
  const id = groupId(p);
  const u = user(p.username, 'username');
  return raw<{ newadmin: UserId; result: 'success' }>(ctx, 'POST', `/chatgroups/${id}/admin`, {
    ...res(ctx),
    body: { newadmin: u },
  });
}

export function removeGroupAdmin(ctx: AccountContext, p: G & { username: UserId }) {
  const id = groupId(p);
  const u = user(p.username, 'username');
  return raw<{ oldadmin: UserId; result: 'success' }>(
    ctx,
    'DELETE',
    `/chatgroups/${id}/admin/${u}`,
    res(ctx),
  );
}

// ---- invitations and join requests

export function inviteUsersToGroup(ctx: AccountContext, p: G & { users: UserId[] }) {
  const id = groupId(p);
  const list = users(p.users, 'users');
  return raw<Record<string, unknown>[]>(ctx, 'POST', `/chatgroups/${id}/invite`, {
    ...res(ctx),
    body: { usernames: list },
  });
}

export function joinGroup(ctx: AccountContext, p: G & { message?: string }) {
  const id = groupId(p);
  return raw<Record<string, unknown>>(ctx, 'POST', `/chatgroups/${id}/apply`, {
    ...res(ctx),
    body: { message: p.message || '' },
  });
}

/** acceptGroupJoinRequest sends the official fixed reason "no clue". */
export function answerJoinRequest(
  ctx: AccountContext,
  p: G & { applicant: UserId; reason?: string },
  accept: boolean,
) {
  const id = groupId(p);
  const applicant = user(p.applicant, 'applicant');
  return raw<Record<string, unknown>>(ctx, 'POST', `/chatgroups/${id}/apply_verify`, {
    ...res(ctx),
    body: { applicant, verifyResult: accept, reason: accept ? 'no clue' : p.reason || '' },
  });
}

export function answerInvitation(ctx: AccountContext, p: G & { invitee: UserId }, accept: boolean) {
  const id = groupId(p);
  const invitee = user(p.invitee, 'invitee');
  return raw<Record<string, unknown>>(ctx, 'POST', `/chatgroups/${id}/invite_verify`, {
    ...res(ctx),
    body: { invitee, verifyResult: accept },
  });
}
