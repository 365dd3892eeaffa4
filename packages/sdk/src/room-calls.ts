// Chat rooms over REST in the official API (REST spec §1.6 #114–#144, #148; room attributes and
// join/leave are elsewhere): the official requests, parameter checks and result shapes. Most answers are
// the raw body with `type: 0`; getChatRoomMembers, isInChatRoomMutelist and getJoinedChatRooms are
// reshaped as the official SDK reshapes them.
import type { AccountContext } from './account-calls.js';
import { uploadGroupSharedFile, type UploadGroupSharedFileParams } from './group-list-calls.js';
import { restCall, type RestMethod } from './rest-call.js';
import { sdkErrors } from './sdk-errors.js';

export type UserId = string;
/** The official `AsyncResult`: the answer's body with `type: 0`, the result in `data`. */
export type RoomAsyncResult<T = Record<string, unknown>> = { type: 0; data?: T } & Record<string, unknown>;

export interface ChatRoomMember {
  role: 'owner' | 'admin' | 'member';
  userId: UserId;
  joinedTime: number;
}
export interface JoinedChatRoomInfo {
  id: string;
  name: string;
  owner: UserId;
  created: number;
  description: string;
  maxusers: number;
}

/** The room of a call: `chatRoomId` (most calls) or `roomId` (announcement, shared files). */
type ByChatRoomId = { chatRoomId: string };
type ByRoomId = { roomId: string };

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';
const invalid = (name: string) => sdkErrors.invalidParameter(`Invalid parameter: "${name}"`);

function need(v: unknown, name: string): string {
  if (!nonEmpty(v)) throw invalid(name);
  return v;
}
function needList(v: unknown, name: string): string[] {
  if (!Array.isArray(v)) throw invalid(name);
  return v as string[];
}
const chatRoomId = (p: unknown) => need((p as Partial<ByChatRoomId> | undefined)?.chatRoomId, 'chatRoomId');
const roomId = (p: unknown) => need((p as Partial<ByRoomId> | undefined)?.roomId, 'roomId');
const room = (id: string, rest = '') => `/chatrooms/${id}${rest}`;

/** A call that changes something: `?resource=` names the acting device, which is not told of it. */
const acting = <T = Record<string, unknown>>(
  ctx: AccountContext,
  method: RestMethod,
  path: string,
  body?: unknown,
) =>
  restCall<RoomAsyncResult<T>>(ctx, method, path, {
    query: { resource: ctx.resource },
    ...(body === undefined ? {} : { body }),
  });
const read = <T = Record<string, unknown>>(
  ctx: AccountContext,
  path: string,
  query?: Record<string, string | number | boolean>,
) => restCall<RoomAsyncResult<T>>(ctx, 'GET', path, query ? { query } : {});

// ---- rooms

export function getChatRooms(ctx: AccountContext, p: { pagenum: number; pagesize: number }) {
  if (typeof p?.pagenum !== 'number' || typeof p.pagesize !== 'number')
    throw sdkErrors.invalidParameter('Invalid parameter');
  return read<Record<string, unknown>[]>(ctx, '/chatrooms', {
    pagenum: p.pagenum || 1,
    pagesize: p.pagesize || 20,
  });
}

/** createChatRoom: a super admin's call; `token` (a super admin token) replaces the session's. */
export function createChatRoom(
  ctx: AccountContext,
  p: { name: string; description?: string; maxusers?: number; members?: UserId[]; token?: string },
) {
  if (typeof p?.name !== 'string') throw sdkErrors.invalidParameter('Invalid parameter');
  const as = p.token ? { ...ctx, token: p.token } : ctx;
  return acting<{ id: string }>(as, 'POST', '/chatrooms', {
    name: p.name,
    description: p.description,
    maxusers: p.maxusers,
    owner: ctx.user,
    members: p.members,
  });
}

export function destroyChatRoom(ctx: AccountContext, p: ByChatRoomId & { token?: string }) {
  const id = chatRoomId(p);
  const as = p.token ? { ...ctx, token: p.token } : ctx;
  return restCall<RoomAsyncResult<{ id: string; success: boolean }>>(as, 'DELETE', room(id), {
    query: { resource: ctx.resource, version: 'v3' },
  });
}

export const getChatRoomDetails = (ctx: AccountContext, p: ByChatRoomId) =>
  read<Record<string, unknown>[]>(ctx, room(chatRoomId(p)));

export function modifyChatRoom(
  ctx: AccountContext,
  p: ByChatRoomId & { chatRoomName?: string; description?: string; maxusers?: number },
) {
  return acting<Record<string, boolean>>(ctx, 'PUT', room(chatRoomId(p)), {
    groupname: p.chatRoomName,
    description: p.description,
    maxusers: p.maxusers,
  });
}

// ---- members

export function removeChatRoomMember(ctx: AccountContext, p: ByChatRoomId & { username: UserId }) {
  const id = chatRoomId(p);
  if (typeof p.username !== 'string') throw sdkErrors.invalidParameter('Invalid parameter');
  return acting(ctx, 'DELETE', room(id, `/users/${p.username}`));
}

export function removeChatRoomMembers(ctx: AccountContext, p: ByChatRoomId & { users: UserId[] }) {
  const id = chatRoomId(p);
  const users = needList(p.users, 'users');
  return acting<Record<string, unknown>[]>(ctx, 'DELETE', room(id, `/users/${users.join(',')}`));
}

export function addUsersToChatRoom(ctx: AccountContext, p: ByChatRoomId & { users: UserId[] }) {
  const id = chatRoomId(p);
  const usernames = needList(p.users, 'users');
  return acting<{ newmembers: UserId[]; action: 'add_member'; id: string }>(ctx, 'POST', room(id, '/users'), {
    usernames,
  });
}

export function listChatRoomMembers(
  ctx: AccountContext,
  p: ByChatRoomId & { pageNum: number; pageSize: number },
) {
  const id = chatRoomId(p);
  if (Number.isNaN(Number(p.pageNum)) || p.pageNum <= 0)
    throw sdkErrors.invalidParameter('The parameter "pageNum" should be a positive number');
  if (Number.isNaN(Number(p.pageSize)) || p.pageSize <= 0)
    throw sdkErrors.invalidParameter('The parameter "pageSize" should be a positive number');
  return read<Record<string, string>[]>(ctx, room(id, '/users'), {
    pagenum: p.pageNum,
    pagesize: p.pageSize,
  });
}

/** getChatRoomMembers: {type: 0, data: {cursor, members: [{role, userId, joinedTime}]}}. */
export async function getChatRoomMembers(
  ctx: AccountContext,
  p: ByChatRoomId & { cursor?: string; limit?: number },
): Promise<{ type: 0; data: { cursor: string | undefined; members: ChatRoomMember[] } }> {
  const id = chatRoomId(p);
  if (p.cursor && typeof p.cursor !== 'string') throw invalid('cursor');
  if (p.limit && typeof p.limit !== 'number') throw invalid('limit');
  const r = await read<Record<string, unknown>[]>(ctx, room(id, '/users'), {
    ...(p.cursor ? { cursor: p.cursor } : {}),
    limit: p.limit || 50,
    joined_time: true,
  });
  const members = (r.data ?? []).flatMap((m): ChatRoomMember[] => {
    const role = (['member', 'admin', 'owner'] as const).find((k) => k in m);
    return role ? [{ role, userId: m[role] as string, joinedTime: m['joined_time'] as number }] : [];
  });
  return { type: 0, data: { cursor: r['cursor'] as string | undefined, members } };
}

export const getChatRoomAdmin = (ctx: AccountContext, p: ByChatRoomId) =>
  read<UserId[]>(ctx, room(chatRoomId(p), '/admin'));

export function setChatRoomAdmin(ctx: AccountContext, p: ByChatRoomId & { username: UserId }) {
  const id = chatRoomId(p);
  return acting<{ result: string; newadmin: UserId }>(ctx, 'POST', room(id, '/admin'), {
    newadmin: need(p.username, 'username'),
  });
}

export function removeChatRoomAdmin(ctx: AccountContext, p: ByChatRoomId & { username: UserId }) {
  const id = chatRoomId(p);
  return acting<{ result: string; oldadmin: UserId }>(
    ctx,
    'DELETE',
    room(id, `/admin/${need(p.username, 'username')}`),
  );
}

// ---- mute

export function muteChatRoomMember(
  ctx: AccountContext,
  p: ByChatRoomId & { username: UserId; muteDuration: number },
) {
  const id = need(p?.chatRoomId, 'groupId'); // sic: the official message names groupId
  const username = need(p.username, 'username');
  if (typeof p.muteDuration !== 'number') throw invalid('muteDuration');
  return acting<{ result: boolean; expire: number; user: UserId }[]>(ctx, 'POST', room(id, '/mute'), {
    usernames: [username],
    mute_duration: p.muteDuration,
  });
}

export function unmuteChatRoomMember(ctx: AccountContext, p: ByChatRoomId & { username: UserId }) {
  const id = chatRoomId(p);
  return acting<{ result: boolean; user: UserId }[]>(
    ctx,
    'DELETE',
    room(id, `/mute/${need(p.username, 'username')}`),
  );
}

export const getChatRoomMuteList = (ctx: AccountContext, p: ByChatRoomId) =>
  read<{ expire: number; user: UserId }[]>(ctx, room(chatRoomId(p), '/mute'));

/** isInChatRoomMutelist: only `type` and `data` (a boolean), as the official SDK reshapes it. */
export async function isInChatRoomMutelist(ctx: AccountContext, p: ByChatRoomId) {
  const r = await read<boolean>(ctx, `/sdk${room(chatRoomId(p), `/mute/${ctx.user}`)}`);
  return { type: 0 as const, data: r.data === true };
}

export const setChatRoomMuteAll = (ctx: AccountContext, p: ByChatRoomId, muted: boolean) =>
  acting<{ mute: boolean }>(ctx, muted ? 'POST' : 'DELETE', room(chatRoomId(p), '/ban'));

// ---- block list

export function blockChatRoomMember(ctx: AccountContext, p: ByChatRoomId & { username: UserId }) {
  const id = chatRoomId(p);
  return acting(ctx, 'POST', room(id, `/blocks/users/${need(p.username, 'username')}`));
}

export function blockChatRoomMembers(ctx: AccountContext, p: ByChatRoomId & { usernames: UserId[] }) {
  const id = chatRoomId(p);
  const usernames = needList(p.usernames, 'usernames');
  return acting<Record<string, unknown>[]>(ctx, 'POST', room(id, '/blocks/users'), { usernames });
}

export function unblockChatRoomMember(ctx: AccountContext, p: ByChatRoomId & { username: UserId }) {
  const id = chatRoomId(p);
  return acting(ctx, 'DELETE', room(id, `/blocks/users/${need(p.username, 'username')}`));
}

export function unblockChatRoomMembers(ctx: AccountContext, p: ByChatRoomId & { usernames: UserId[] }) {
  const id = chatRoomId(p);
  const usernames = needList(p.usernames, 'usernames');
  return acting<Record<string, unknown>[]>(ctx, 'DELETE', room(id, `/blocks/users/${usernames.join(',')}`));
}

export const getChatRoomBlocklist = (ctx: AccountContext, p: ByChatRoomId) =>
  read<UserId[]>(ctx, room(chatRoomId(p), '/blocks/users'));

// ---- allow list

export function addUsersToChatRoomAllowlist(ctx: AccountContext, p: ByChatRoomId & { users: UserId[] }) {
  const id = chatRoomId(p);
  const usernames = needList(p.users, 'users');
  return acting<Record<string, unknown>[]>(ctx, 'POST', room(id, '/white/users'), { usernames });
}

export function removeChatRoomAllowlistMember(ctx: AccountContext, p: ByChatRoomId & { userName: UserId }) {
  const id = chatRoomId(p);
  return acting(ctx, 'DELETE', room(id, `/white/users/${need(p.userName, 'userName')}`));
}

export const getChatRoomAllowlist = (ctx: AccountContext, p: ByChatRoomId) =>
  read<UserId[]>(ctx, room(chatRoomId(p), '/white/users'));

export function isInChatRoomAllowlist(ctx: AccountContext, p: ByChatRoomId & { userName: UserId }) {
  const id = chatRoomId(p);
  return read<{ member: UserId; white: boolean }>(
    ctx,
    room(id, `/white/users/${need(p.userName, 'userName')}`),
  );
}

// ---- announcement, shared files

export const fetchChatRoomAnnouncement = (ctx: AccountContext, p: ByRoomId) =>
  read<{ announcement: string }>(ctx, room(roomId(p), '/announcement'));

export function updateChatRoomAnnouncement(ctx: AccountContext, p: ByRoomId & { announcement: string }) {
  const id = roomId(p);
  if (typeof p.announcement !== 'string') throw invalid('announcement');
  return acting<{ id: string; result: boolean }>(ctx, 'POST', room(id, '/announcement'), {
    announcement: p.announcement,
  });
}

/** uploadChatRoomSharedFile: reports through the callbacks only, as the group upload does. */
export function uploadChatRoomSharedFile(
  ctx: AccountContext,
  p: ByRoomId & Omit<UploadGroupSharedFileParams, 'groupId'>,
): Promise<void> {
  const id = roomId(p);
  return uploadGroupSharedFile(ctx, { ...p, groupId: id }, room(id));
}

export function deleteChatRoomSharedFile(ctx: AccountContext, p: ByRoomId & { fileId: string }) {
  const id = roomId(p);
  return acting<{ id: string; file_id: string; result: boolean }>(
    ctx,
    'DELETE',
    room(id, `/share_files/${need(p.fileId, 'fileId')}`),
  );
}

export const getChatRoomSharedFilelist = (ctx: AccountContext, p: ByRoomId) =>
  read<Record<string, unknown>[]>(ctx, room(roomId(p), '/share_files'));

// ---- joined rooms (#148)

/** getJoinedChatRooms: detail=true, each row renamed as the official SDK does (owner without the appKey). */
export async function getJoinedChatRooms(
  ctx: AccountContext & { appKey?: string },
  p: { pageNum: number; pageSize: number },
): Promise<{ type: 0; data: JoinedChatRoomInfo[] }> {
  const pageNum = p?.pageNum;
  const pageSize = p?.pageSize;
  if (Number.isNaN(Number(pageNum)) || pageNum <= 0)
    throw sdkErrors.invalidParameter(`Invalid parameter pageNum:${pageNum}`);
  if (Number.isNaN(Number(pageSize)) || pageSize <= 0)
    throw sdkErrors.invalidParameter(`Invalid parameter pageSize:${pageSize}`);
  const r = await read<Record<string, unknown>[]>(ctx, `/users/${ctx.user}/joined_chatrooms`, {
    pagenum: pageNum,
    pagesize: pageSize,
    detail: true,
  });
  const prefix = `${ctx.orgName}#${ctx.appName}_`;
  const data = (r.data ?? []).map((row) => {
    const owner = typeof row['owner'] === 'string' ? row['owner'] : '';
    return {
      id: row['id'] as string,
      name: row['title'] as string,
      owner: owner.startsWith(prefix) ? owner.slice(prefix.length) : owner,
      created: row['created'] as number,
      description: row['description'] as string,
      maxusers: row['max_users'] as number,
    };
  });
  return { type: 0, data };
}
