// The official Connection methods of group mute, allow and block lists, announcements, shared files, member
// attributes and message shields (aliases included), added to Connection from here so connection.ts stays
// the connection. The calls themselves are in group-list-calls.ts.
import { Connection } from './connection.js';
import * as calls from './group-list-calls.js';
import type {
  AsyncResult,
  BlockGroupResult,
  DeleteGroupSharedFileResult,
  DownloadGroupSharedFileParams,
  FetchGroupSharedFileListResult,
  GetGroupMsgReadUserResult,
  GetGroupMuteListResult,
  GroupRequestResult,
  IsInGroupWhiteListResult,
  MemberAttributes,
  MuteGroupMemberResult,
  UnmuteGroupMemberResult,
  UpdateGroupAnnouncementResult,
  UploadGroupSharedFileParams,
  UserId,
} from './group-list-calls.js';

/** The official `success` / `error` callbacks every promise method also takes. */
export interface Callbacks<T> {
  success?: (res: T) => void;
  error?: (error: unknown) => void;
}

type G = { groupId: string };
type Call<P, R> = (params: P & Callbacks<R>) => Promise<R>;

type MuteParams = G & { username: UserId | UserId[]; muteDuration: number };
type UnmuteParams = G & { username: UserId | UserId[] };
type OneUser = G & { username: UserId };
type Users = G & { usernames: UserId[] };
type AllowUser = G & { userName: UserId };
type FileListParams = G & { pageNum: number; pageSize: number };

export interface GroupListMethods {
  mute: Call<MuteParams, AsyncResult<MuteGroupMemberResult[]>>;
  muteGroupMember: Call<MuteParams, AsyncResult<MuteGroupMemberResult[]>>;
  removeMute: Call<UnmuteParams, AsyncResult<UnmuteGroupMemberResult[]>>;
  unmuteGroupMember: Call<UnmuteParams, AsyncResult<UnmuteGroupMemberResult[]>>;
  getMuted: Call<G, AsyncResult<GetGroupMuteListResult[]>>;
  getGroupMuteList: Call<G, AsyncResult<GetGroupMuteListResult[]>>;
  getGroupMutelist: Call<G, AsyncResult<GetGroupMuteListResult[]>>;
  isInGroupMutelist: Call<G, { type: 0; data: boolean }>;
  disableSendGroupMsg: Call<G, AsyncResult<{ mute: boolean }>>;
  enableSendGroupMsg: Call<G, AsyncResult<{ mute: boolean }>>;
  groupBlockSingle: Call<OneUser, AsyncResult<GroupRequestResult>>;
  blockGroupMember: Call<OneUser, AsyncResult<GroupRequestResult>>;
  groupBlockMulti: Call<Users, AsyncResult<GroupRequestResult[]>>;
  blockGroupMembers: Call<Users, AsyncResult<GroupRequestResult[]>>;
  removeGroupBlockSingle: Call<OneUser, AsyncResult<GroupRequestResult>>;
  unblockGroupMember: Call<OneUser, AsyncResult<GroupRequestResult>>;
  removeGroupBlockMulti: Call<Users, AsyncResult<GroupRequestResult[]>>;
  unblockGroupMembers: Call<Users, AsyncResult<GroupRequestResult[]>>;
  getGroupBlacklistNew: Call<G, AsyncResult<UserId[]>>;
  getGroupBlacklist: Call<G, AsyncResult<UserId[]>>;
  getGroupBlocklist: Call<G, AsyncResult<UserId[]>>;
  addUsersToGroupWhitelist: Call<G & { users: UserId[] }, AsyncResult<GroupRequestResult[]>>;
  addUsersToGroupAllowlist: Call<G & { users: UserId[] }, AsyncResult<GroupRequestResult[]>>;
  rmUsersFromGroupWhitelist: Call<AllowUser, AsyncResult<GroupRequestResult>>;
  removeGroupWhitelistMember: Call<AllowUser, AsyncResult<GroupRequestResult>>;
  removeGroupAllowlistMember: Call<AllowUser, AsyncResult<GroupRequestResult>>;
  getGroupWhitelist: Call<G, AsyncResult<UserId[]>>;
  getGroupAllowlist: Call<G, AsyncResult<UserId[]>>;
  isGroupWhiteUser: Call<AllowUser, AsyncResult<IsInGroupWhiteListResult>>;
  isInGroupWhiteList: Call<AllowUser, AsyncResult<IsInGroupWhiteListResult>>;
  isInGroupAllowlist: Call<AllowUser, AsyncResult<IsInGroupWhiteListResult>>;
  getGroupMsgReadUser: Call<G & { msgId: string }, AsyncResult<GetGroupMsgReadUserResult>>;
  fetchGroupAnnouncement: Call<G, AsyncResult<{ announcement: string }>>;
  updateGroupAnnouncement: Call<G & { announcement: string }, AsyncResult<UpdateGroupAnnouncementResult>>;
  /** Reports through the upload callbacks only (the promise settles once one ran). */
  uploadGroupSharedFile(params: UploadGroupSharedFileParams): Promise<void>;
  deleteGroupSharedFile: Call<G & { fileId: string }, AsyncResult<DeleteGroupSharedFileResult>>;
  fetchGroupSharedFileList: Call<FileListParams, AsyncResult<FetchGroupSharedFileListResult[]>>;
  getGroupSharedFilelist: Call<FileListParams, AsyncResult<FetchGroupSharedFileListResult[]>>;
  /** Reports through the download callbacks only (the promise settles once one ran). */
  downloadGroupSharedFile(params: DownloadGroupSharedFileParams): Promise<void>;
  setGroupMemberAttributes(params: G & { userId: string; memberAttributes: MemberAttributes }): Promise<void>;
  getGroupMemberAttributes(
    params: G & { userId: string },
  ): Promise<{ type: 0; data: MemberAttributes | undefined }>;
  getGroupMembersAttributes(
    params: G & { userIds: UserId[]; keys?: string[] },
  ): Promise<{ type: 0; data: Record<UserId, MemberAttributes> }>;
  blockGroupMessage(params: G): Promise<{ type: 0; data: GroupRequestResult | Record<string, never> }>;
  unblockGroupMessage(params: G): Promise<{ type: 0; data: GroupRequestResult | Record<string, never> }>;
  blockGroup: Call<G, AsyncResult<BlockGroupResult>>;
  blockGroupMessages: Call<G, AsyncResult<BlockGroupResult>>;
}

declare module './connection.js' {
  // Declaration merging: the methods below are Connection's.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Connection extends GroupListMethods {}
}

/** A promise method with the official callbacks. */
function method<P extends object, R>(call: (c: Connection, params: P) => Promise<R>) {
  return function (this: Connection, params: P & Callbacks<R>): Promise<R> {
    return this.withCallbacks(params, () => call(this, params));
  };
}
const ctx = (c: Connection) => c.accountContext();

const mute = method((c, p: MuteParams) => calls.muteGroupMember(ctx(c), p));
const unmute = method((c, p: UnmuteParams) => calls.unmuteGroupMember(ctx(c), p));
const muteList = method((c, p: G) => calls.getGroupMuteList(ctx(c), p));
const blockOne = method((c, p: OneUser) => calls.blockGroupMember(ctx(c), p));
const blockMany = method((c, p: Users) => calls.blockGroupMembers(ctx(c), p));
const unblockOne = method(
  (c, p: OneUser) =>
    calls.unblockGroupMembers(ctx(c), p?.groupId, [p?.username]) as Promise<AsyncResult<GroupRequestResult>>,
);
const unblockMany = method(
  (c, p: Users) =>
    calls.unblockGroupMembers(ctx(c), p?.groupId, p?.usernames ?? []) as Promise<
      AsyncResult<GroupRequestResult[]>
    >,
);
const blockList = method((c, p: G) => calls.getGroupBlocklist(ctx(c), p));
const allowAdd = method((c, p: G & { users: UserId[] }) => calls.addUsersToGroupAllowlist(ctx(c), p));
const allowRemove = method((c, p: AllowUser) => calls.removeGroupAllowlistMember(ctx(c), p));
const allowList = method((c, p: G) => calls.getGroupAllowlist(ctx(c), p));
const allowCheck = method((c, p: AllowUser) => calls.isInGroupAllowlist(ctx(c), p));
const fileList = method((c, p: FileListParams) => calls.getGroupSharedFilelist(ctx(c), p));
const legacyShield = method((c, p: G) => calls.blockGroupMessages(ctx(c), p));

const methods: GroupListMethods = {
  mute,
  muteGroupMember: mute,
  removeMute: unmute,
  unmuteGroupMember: unmute,
  getMuted: muteList,
  getGroupMuteList: muteList,
  getGroupMutelist: muteList,
  isInGroupMutelist: method((c, p: G) => calls.isInGroupMutelist(ctx(c), p)),
  disableSendGroupMsg: method((c, p: G) => calls.setGroupMuteAll(ctx(c), p, true)),
  enableSendGroupMsg: method((c, p: G) => calls.setGroupMuteAll(ctx(c), p, false)),
  groupBlockSingle: blockOne,
  blockGroupMember: blockOne,
  groupBlockMulti: blockMany,
  blockGroupMembers: blockMany,
  removeGroupBlockSingle: unblockOne,
  unblockGroupMember: unblockOne,
  removeGroupBlockMulti: unblockMany,
  unblockGroupMembers: unblockMany,
  getGroupBlacklistNew: blockList,
  getGroupBlacklist: blockList,
  getGroupBlocklist: blockList,
  addUsersToGroupWhitelist: allowAdd,
  addUsersToGroupAllowlist: allowAdd,
  rmUsersFromGroupWhitelist: allowRemove,
  removeGroupWhitelistMember: allowRemove,
  removeGroupAllowlistMember: allowRemove,
  getGroupWhitelist: allowList,
  getGroupAllowlist: allowList,
  isGroupWhiteUser: allowCheck,
  isInGroupWhiteList: allowCheck,
  isInGroupAllowlist: allowCheck,
  getGroupMsgReadUser: method((c, p: G & { msgId: string }) => calls.getGroupMsgReadUser(ctx(c), p)),
  fetchGroupAnnouncement: method((c, p: G) => calls.fetchGroupAnnouncement(ctx(c), p)),
  updateGroupAnnouncement: method((c, p: G & { announcement: string }) =>
    calls.updateGroupAnnouncement(ctx(c), p),
  ),
  uploadGroupSharedFile(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.uploadGroupSharedFile(ctx(this), params));
  },
  deleteGroupSharedFile: method((c, p: G & { fileId: string }) => calls.deleteGroupSharedFile(ctx(c), p)),
  fetchGroupSharedFileList: fileList,
  getGroupSharedFilelist: fileList,
  downloadGroupSharedFile(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.downloadGroupSharedFile(ctx(this), params));
  },
  setGroupMemberAttributes(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.setGroupMemberAttributes(ctx(this), params));
  },
  getGroupMemberAttributes(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.getGroupMemberAttributes(ctx(this), params));
  },
  getGroupMembersAttributes(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.getGroupMembersAttributes(ctx(this), params));
  },
  blockGroupMessage(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.setGroupMessageShield(ctx(this), params, true));
  },
  unblockGroupMessage(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.setGroupMessageShield(ctx(this), params, false));
  },
  blockGroup: legacyShield,
  blockGroupMessages: legacyShield,
};

Object.assign(Connection.prototype, methods);
