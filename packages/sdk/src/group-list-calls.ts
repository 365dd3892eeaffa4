// Group mute, allow and block lists, announcements, shared files, member attributes and message shields of
// the official API (REST spec §1.5 #68, #89–#102, #104–#113), with the official requests and result shapes:
// most answers are the raw body with `type: 0`, a few are reshaped as the official SDK reshapes them.
import { ConfabError, ErrorCode, codeFromHttp } from '@confab/protocol';
import type { AccountContext } from './account-calls.js';
import { downloadFile } from './attachment-upload.js';
import { restCall } from './rest-call.js';
import { sdkErrors } from './sdk-errors.js';

export type UserId = string;

export interface MuteGroupMemberResult {
  expire: number;
  result: boolean;
  user: UserId;
}
export interface UnmuteGroupMemberResult {
  result: boolean;
  user: UserId;
}
export interface GetGroupMuteListResult {
  expire: number;
  user: UserId;
}
export interface GroupRequestResult {
  action: string;
  groupid: string;
  result: boolean;
  user: UserId;
  reason?: string;
}
export interface IsInGroupWhiteListResult {
  member: UserId;
  white: boolean;
}
export interface UpdateGroupAnnouncementResult {
  id: string;
  result: boolean;
}
export interface DeleteGroupSharedFileResult {
  group_id: string;
  file_id: string;
  result: boolean;
}
export interface FetchGroupSharedFileListResult {
  file_id: string;
  file_name: string;
  file_owner: string;
  file_size: number;
  created: number;
}
export interface BlockGroupResult {
  activated: boolean;
  created: number;
  modified: number;
  nickname: string;
  type: string;
  username: string;
  uuid: string;
}
export type MemberAttributes = Record<string, string>;
export interface GetGroupMsgReadUserResult {
  ackmid: string;
  is_last: boolean;
  next_key: string;
  timestamp: number;
  total: number;
  userlist: UserId[];
}

/** The official `AsyncResult`: the answer's body with `type: 0`, the result in `data`. */
export type AsyncResult<T> = { type: 0; data?: T } & Record<string, unknown>;

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';
const requireGroupId = (groupId: unknown) => {
  if (!nonEmpty(groupId)) throw sdkErrors.invalidParameter('Invalid parameter: "groupId"');
};
const requireUser = (v: unknown, name: string) => {
  if (!nonEmpty(v)) throw sdkErrors.invalidParameter(`Invalid parameter: "${name}"`);
};
const requireUsers = (v: unknown, name: string): string[] => {
  if (!Array.isArray(v) || !v.every(nonEmpty))
    throw sdkErrors.invalidParameter(`Invalid parameter: "${name}"`);
  return v;
};
/** A user or a list of users, as the official mute calls take them. */
const oneOrMany = (v: unknown): string[] => {
  if (Array.isArray(v)) return requireUsers(v, 'username');
  requireUser(v, 'username');
  return [v as string];
};

const group = (groupId: string) => `/chatgroups/${groupId}`;
const resource = (ctx: AccountContext) => ({ resource: ctx.resource });

// ---- mute (#89–#92, #97, #98)

export function muteGroupMember(
  ctx: AccountContext,
  params: { groupId: string; username: UserId | UserId[]; muteDuration: number },
): Promise<AsyncResult<MuteGroupMemberResult[]>> {
  requireGroupId(params?.groupId);
  const usernames = oneOrMany(params.username);
  if (typeof params.muteDuration !== 'number')
    throw sdkErrors.invalidParameter('Invalid parameter: "muteDuration"');
  return restCall(ctx, 'POST', `${group(params.groupId)}/mute`, {
    query: resource(ctx),
    body: { usernames, mute_duration: params.muteDuration },
  });
}

export function unmuteGroupMember(
  ctx: AccountContext,
  params: { groupId: string; username: UserId | UserId[] },
): Promise<AsyncResult<UnmuteGroupMemberResult[]>> {
  requireGroupId(params?.groupId);
  const usernames = oneOrMany(params.username);
  return restCall(ctx, 'DELETE', `${group(params.groupId)}/mute/${usernames.join(',')}`, {
    query: resource(ctx),
  });
}

export function getGroupMuteList(
  ctx: AccountContext,
  params: { groupId: string },
): Promise<AsyncResult<GetGroupMuteListResult[]>> {
  requireGroupId(params?.groupId);
  return restCall(ctx, 'GET', `${group(params.groupId)}/mute`);
}

/** isInGroupMutelist: only `type` and `data` (a boolean), as the official SDK reshapes it. */
export async function isInGroupMutelist(
  ctx: AccountContext,
  params: { groupId: string },
): Promise<{ type: 0; data: boolean }> {
  requireGroupId(params?.groupId);
  const res = await restCall<{ data?: boolean }>(ctx, 'GET', `/sdk${group(params.groupId)}/mute/${ctx.user}`);
  return { type: 0, data: res.data === true };
}

export function setGroupMuteAll(
  ctx: AccountContext,
  params: { groupId: string },
  muted: boolean,
): Promise<AsyncResult<{ mute: boolean }>> {
  requireGroupId(params?.groupId);
  return restCall(ctx, muted ? 'POST' : 'DELETE', `${group(params.groupId)}/ban`, { query: resource(ctx) });
}

// ---- block list (#93–#96)

export function blockGroupMember(
  ctx: AccountContext,
  params: { groupId: string; username: UserId },
): Promise<AsyncResult<GroupRequestResult>> {
  requireGroupId(params?.groupId);
  requireUser(params.username, 'username');
  return restCall(ctx, 'POST', `${group(params.groupId)}/blocks/users/${params.username}`, {
    query: resource(ctx),
  });
}

export function blockGroupMembers(
  ctx: AccountContext,
  params: { groupId: string; usernames: UserId[] },
): Promise<AsyncResult<GroupRequestResult[]>> {
  requireGroupId(params?.groupId);
  const usernames = requireUsers(params.usernames, 'usernames');
  return restCall(ctx, 'POST', `${group(params.groupId)}/blocks/users`, {
    query: resource(ctx),
    body: { usernames },
  });
}

export function unblockGroupMembers(
  ctx: AccountContext,
  groupId: string,
  usernames: UserId[],
): Promise<AsyncResult<GroupRequestResult | GroupRequestResult[]>> {
  requireGroupId(groupId);
  if (usernames.length === 0) throw sdkErrors.invalidParameter('Invalid parameter: "usernames"');
  return restCall(ctx, 'DELETE', `${group(groupId)}/blocks/users/${usernames.join(',')}`, {
    query: resource(ctx),
  });
}

export function getGroupBlocklist(
  ctx: AccountContext,
  params: { groupId: string },
): Promise<AsyncResult<UserId[]>> {
  requireGroupId(params?.groupId);
  return restCall(ctx, 'GET', `${group(params.groupId)}/blocks/users`);
}

// ---- allow list (#99–#102)

export function addUsersToGroupAllowlist(
  ctx: AccountContext,
  params: { groupId: string; users: UserId[] },
): Promise<AsyncResult<GroupRequestResult[]>> {
  requireGroupId(params?.groupId);
  const usernames = requireUsers(params.users, 'users');
  return restCall(ctx, 'POST', `${group(params.groupId)}/white/users`, {
    query: resource(ctx),
    body: { usernames },
  });
}

export function removeGroupAllowlistMember(
  ctx: AccountContext,
  params: { groupId: string; userName: UserId },
): Promise<AsyncResult<GroupRequestResult>> {
  requireGroupId(params?.groupId);
  requireUser(params.userName, 'userName');
  return restCall(ctx, 'DELETE', `${group(params.groupId)}/white/users/${params.userName}`, {
    query: resource(ctx),
  });
}

export function getGroupAllowlist(
  ctx: AccountContext,
  params: { groupId: string },
): Promise<AsyncResult<UserId[]>> {
  requireGroupId(params?.groupId);
  return restCall(ctx, 'GET', `${group(params.groupId)}/white/users`);
}

export function isInGroupAllowlist(
  ctx: AccountContext,
  params: { groupId: string; userName: UserId },
): Promise<AsyncResult<IsInGroupWhiteListResult>> {
  requireGroupId(params?.groupId);
  requireUser(params.userName, 'userName');
  return restCall(ctx, 'GET', `${group(params.groupId)}/white/users/${params.userName}`);
}

// ---- read receipts (#103)

/** getGroupMsgReadUser: who read a group message; the first 500 readers, as the official SDK asks. */
export function getGroupMsgReadUser(
  ctx: AccountContext,
  params: { groupId: string; msgId: string },
): Promise<AsyncResult<GetGroupMsgReadUserResult>> {
  requireGroupId(params?.groupId);
  if (!nonEmpty(params.msgId)) throw sdkErrors.invalidParameter('Invalid parameter: "msgId"');
  return restCall(ctx, 'GET', `${group(params.groupId)}/acks/${params.msgId}`, { query: { limit: 500 } });
}

// ---- announcement (#104, #105)

export function fetchGroupAnnouncement(
  ctx: AccountContext,
  params: { groupId: string },
): Promise<AsyncResult<{ announcement: string }>> {
  requireGroupId(params?.groupId);
  return restCall(ctx, 'GET', `${group(params.groupId)}/announcement`);
}

export function updateGroupAnnouncement(
  ctx: AccountContext,
  params: { groupId: string; announcement: string },
): Promise<AsyncResult<UpdateGroupAnnouncementResult>> {
  requireGroupId(params?.groupId);
  if (typeof params.announcement !== 'string')
    throw sdkErrors.invalidParameter('Invalid parameter: "announcement"');
  return restCall(ctx, 'POST', `${group(params.groupId)}/announcement`, {
    query: resource(ctx),
    body: { announcement: params.announcement },
  });
}

// ---- shared files (#106–#109)

export interface UploadGroupSharedFileParams {
  groupId: string;
  /** The official `file` object: `{data: Blob, filename?}` (what `utils.getFileUrl` gives). */
  file: { data?: Blob; filename?: string } | object;
  onFileUploadProgress?: (data: ProgressEvent) => void;
  onFileUploadComplete?: (data: unknown) => void;
  onFileUploadError?: (data: unknown) => void;
  onFileUploadCanceled?: (data: unknown) => void;
}

/**
 * POST …/share_files (multipart `file`). Like the official SDK it reports through the callbacks only:
 * the whole answer to onFileUploadComplete, `{type: 101, data}` (or the mapped code) to onFileUploadError.
 * The promise settles once a callback ran.
 */
export async function uploadGroupSharedFile(
  ctx: AccountContext,
  params: UploadGroupSharedFileParams,
  /** The MUC's path (chat rooms upload to `/chatrooms/{id}` the same way). */
  mucPath = group(params?.groupId),
): Promise<void> {
  requireGroupId(params?.groupId);
  const file = params.file as { data?: unknown; filename?: string } | undefined;
  if (!file || typeof file !== 'object' || !(file.data instanceof Blob))
    throw sdkErrors.invalidParameter('Invalid parameter: "file"');
  const form = new FormData();
  form.append('file', file.data, file.filename ?? 'file');
  const url = `${ctx.apiUrl}/${ctx.orgName}/${ctx.appName}${mucPath}/share_files?resource=${encodeURIComponent(ctx.resource)}`;
  const doFetch = ctx.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  let status: number;
  let text: string;
  try {
    const res = await doFetch(url, {
      method: 'POST',
      headers: { 'restrict-access': 'true', Accept: '*/*', Authorization: `Bearer ${ctx.token}` },
      body: form,
    });
    status = res.status;
    text = await res.text();
  } catch (cause) {
    params.onFileUploadError?.({ type: ErrorCode.WEBIM_UPLOADFILE_ERROR, data: cause });
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    params.onFileUploadError?.({ type: ErrorCode.WEBIM_UPLOADFILE_ERROR, data: text });
    return;
  }
  if (status === 200) params.onFileUploadComplete?.(body);
  else {
    // Where the official SDK would pass an error body on as a success, this one reports the mapped code.
    const mapped = status === 400 ? ErrorCode.WEBIM_UPLOADFILE_ERROR : codeFromHttp(status, text, url).type;
    params.onFileUploadError?.({ type: mapped, data: body });
  }
}

export function deleteGroupSharedFile(
  ctx: AccountContext,
  params: { groupId: string; fileId: string },
): Promise<AsyncResult<DeleteGroupSharedFileResult>> {
  requireGroupId(params?.groupId);
  if (!nonEmpty(params.fileId)) throw sdkErrors.invalidParameter('Invalid parameter: "file"');
  return restCall(ctx, 'DELETE', `${group(params.groupId)}/share_files/${params.fileId}`, {
    query: resource(ctx),
  });
}

export function getGroupSharedFilelist(
  ctx: AccountContext,
  params: { groupId: string; pageNum?: number; pageSize?: number },
): Promise<AsyncResult<FetchGroupSharedFileListResult[]>> {
  requireGroupId(params?.groupId);
  return restCall(ctx, 'GET', `${group(params.groupId)}/share_files`, {
    query: { pagenum: params.pageNum || 1, pagesize: params.pageSize || 10 },
  });
}

export interface DownloadGroupSharedFileParams {
  groupId: string;
  fileId: string;
  secret?: string;
  onFileDownloadComplete?: (data: Blob) => void;
  onFileDownloadError?: (err: { type: number; id: string; message: string }) => void;
}

/** GET …/share_files/{fileId} with the token (and share secret): the bytes as a Blob, or the mapped code. */
export async function downloadGroupSharedFile(
  ctx: AccountContext,
  params: DownloadGroupSharedFileParams,
): Promise<void> {
  const url = `${ctx.apiUrl}/${ctx.orgName}/${ctx.appName}${group(params.groupId)}/share_files/${params.fileId}`;
  const doFetch = ctx.fetch ?? ((...args: Parameters<typeof fetch>) => globalThis.fetch(...args));
  try {
    const bytes = await downloadFile({ fetch: doFetch }, ctx.token, url, params.secret);
    params.onFileDownloadComplete?.(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  } catch (err) {
    const e =
      err instanceof ConfabError ? err : new ConfabError(ErrorCode.WEBIM_DOWNLOADFILE_ERROR, String(err));
    params.onFileDownloadError?.({ type: e.type, id: params.fileId, message: e.message });
  }
}

// ---- member attributes (#110, #111)

export async function setGroupMemberAttributes(
  ctx: AccountContext,
  params: { groupId: string; userId: string; memberAttributes: MemberAttributes },
): Promise<void> {
  requireGroupId(params?.groupId);
  requireUser(params.userId, 'userId');
  if (typeof params.memberAttributes !== 'object' || params.memberAttributes === null)
    throw sdkErrors.invalidParameter('Invalid parameter: "memberAttributes"');
  await restCall(ctx, 'PUT', `/sdk/metadata/chatgroup/${params.groupId}/user/${params.userId}`, {
    query: resource(ctx),
    body: { metaData: params.memberAttributes },
  });
}

/** getGroupMembersAttributes: `data` is `{userId: {key: value}}` ({} when nobody has any). */
export async function getGroupMembersAttributes(
  ctx: AccountContext,
  params: { groupId: string; userIds: UserId[]; keys?: string[] },
): Promise<{ type: 0; data: Record<UserId, MemberAttributes> }> {
  requireGroupId(params?.groupId);
  if (!Array.isArray(params.userIds) || params.userIds.length === 0)
    throw sdkErrors.invalidParameter('Invalid parameter: "userIds"');
  const keys = params.keys ?? [];
  if (!Array.isArray(keys)) throw sdkErrors.invalidParameter('Invalid parameter: "keys"');
  const res = await restCall<{ data?: Record<UserId, MemberAttributes> }>(
    ctx,
    'POST',
    `/sdk/metadata/chatgroup/${params.groupId}/get`,
    { body: { targets: params.userIds, properties: keys } },
  );
  return { type: 0, data: res.data ?? {} };
}

export async function getGroupMemberAttributes(
  ctx: AccountContext,
  params: { groupId: string; userId: UserId },
): Promise<{ type: 0; data: MemberAttributes | undefined }> {
  const res = await getGroupMembersAttributes(ctx, { groupId: params?.groupId, userIds: [params?.userId] });
  return { type: 0, data: res.data[params.userId] };
}

// ---- shield (#112, #113, legacy #68)

export async function setGroupMessageShield(
  ctx: AccountContext,
  params: { groupId: string },
  shielded: boolean,
): Promise<{ type: 0; data: GroupRequestResult | Record<string, never> }> {
  requireGroupId(params?.groupId);
  const res = await restCall<{ data?: GroupRequestResult }>(
    ctx,
    shielded ? 'POST' : 'DELETE',
    `${group(params.groupId)}/shield`,
    { query: { version: 'v3', ...resource(ctx) } },
  );
  return { type: 0, data: res.data ?? {} };
}

/** The legacy blockGroupMessages / blockGroup: PUT /users/{me} with `notification_ignore_{groupId}`. */
export function blockGroupMessages(
  ctx: AccountContext,
  params: { groupId: string },
): Promise<AsyncResult<BlockGroupResult>> {
  requireGroupId(params?.groupId);
  return restCall(ctx, 'PUT', `/users/${ctx.user}`, {
    query: resource(ctx),
    body: { entities: [{ [`notification_ignore_${params.groupId}`]: true }] },
  });
}
