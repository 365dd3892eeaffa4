// The official Connection methods of chat rooms that go over REST (aliases included), added to
// Connection from here so connection.ts stays the connection. The calls are in room-calls.ts; joining,
// leaving and room attributes are added elsewhere.
import { Connection } from './connection.js';
import type { UploadGroupSharedFileParams } from './group-list-calls.js';
import * as calls from './room-calls.js';
import type { ChatRoomMember, JoinedChatRoomInfo, RoomAsyncResult, UserId } from './room-calls.js';

/** The official `success` / `error` callbacks every promise method also takes. */
interface Callbacks<T> {
  success?: (res: T) => void;
  error?: (error: unknown) => void;
}

type R = { chatRoomId: string };
type ById = { roomId: string };
type Call<P, T> = (params: P & Callbacks<T>) => Promise<T>;
type Raw<T = Record<string, unknown>> = RoomAsyncResult<T>;
type OneUser = R & { username: UserId };
type Users = R & { users: UserId[] };
type Names = R & { usernames: UserId[] };
type AllowUser = R & { userName: UserId };
type Page = R & { pageNum: number; pageSize: number };

export interface RoomMethods {
  getChatRooms: Call<{ pagenum: number; pagesize: number }, Raw<Record<string, unknown>[]>>;
  createChatRoom: Call<
    { name: string; description?: string; maxusers?: number; members?: UserId[]; token?: string },
    Raw<{ id: string }>
  >;
  destroyChatRoom: Call<R & { token?: string }, Raw<{ id: string; success: boolean }>>;
  getChatRoomDetails: Call<R, Raw<Record<string, unknown>[]>>;
  modifyChatRoom: Call<
    R & { chatRoomName?: string; description?: string; maxusers?: number },
    Raw<Record<string, boolean>>
  >;
  removeSingleChatRoomMember: Call<OneUser, Raw>;
  removeChatRoomMember: Call<OneUser, Raw>;
  removeMultiChatRoomMember: Call<Users, Raw<Record<string, unknown>[]>>;
  removeChatRoomMembers: Call<Users, Raw<Record<string, unknown>[]>>;
  addUsersToChatRoom: Call<Users, Raw<{ newmembers: UserId[]; action: 'add_member'; id: string }>>;
  listChatRoomMember: Call<Page, Raw<Record<string, string>[]>>;
  listChatRoomMembers: Call<Page, Raw<Record<string, string>[]>>;
  getChatRoomMembers(
    params: R & { cursor?: string; limit?: number },
  ): Promise<{ type: 0; data: { cursor: string | undefined; members: ChatRoomMember[] } }>;
  getChatRoomAdmin: Call<R, Raw<UserId[]>>;
  setChatRoomAdmin: Call<OneUser, Raw<{ result: string; newadmin: UserId }>>;
  removeChatRoomAdmin: Call<OneUser, Raw<{ result: string; oldadmin: UserId }>>;
  muteChatRoomMember: Call<
    OneUser & { muteDuration: number },
    Raw<{ result: boolean; expire: number; user: UserId }[]>
  >;
  removeMuteChatRoomMember: Call<OneUser, Raw<{ result: boolean; user: UserId }[]>>;
  unmuteChatRoomMember: Call<OneUser, Raw<{ result: boolean; user: UserId }[]>>;
  getChatRoomMuted: Call<R, Raw<{ expire: number; user: UserId }[]>>;
  getChatRoomMuteList: Call<R, Raw<{ expire: number; user: UserId }[]>>;
  getChatRoomMutelist: Call<R, Raw<{ expire: number; user: UserId }[]>>;
  isInChatRoomMutelist(params: R): Promise<{ type: 0; data: boolean }>;
  chatRoomBlockSingle: Call<OneUser, Raw>;
  blockChatRoomMember: Call<OneUser, Raw>;
  chatRoomBlockMulti: Call<Names, Raw<Record<string, unknown>[]>>;
  blockChatRoomMembers: Call<Names, Raw<Record<string, unknown>[]>>;
  removeChatRoomBlockSingle: Call<OneUser, Raw>;
  unblockChatRoomMember: Call<OneUser, Raw>;
  removeChatRoomBlockMulti: Call<Names, Raw<Record<string, unknown>[]>>;
  unblockChatRoomMembers: Call<Names, Raw<Record<string, unknown>[]>>;
  getChatRoomBlacklistNew: Call<R, Raw<UserId[]>>;
  getChatRoomBlacklist: Call<R, Raw<UserId[]>>;
  getChatRoomBlocklist: Call<R, Raw<UserId[]>>;
  disableSendChatRoomMsg: Call<R, Raw<{ mute: boolean }>>;
  enableSendChatRoomMsg: Call<R, Raw<{ mute: boolean }>>;
  addUsersToChatRoomWhitelist: Call<Users, Raw<Record<string, unknown>[]>>;
  addUsersToChatRoomAllowlist: Call<Users, Raw<Record<string, unknown>[]>>;
  rmUsersFromChatRoomWhitelist: Call<AllowUser, Raw>;
  removeChatRoomWhitelistMember: Call<AllowUser, Raw>;
  removeChatRoomAllowlistMember: Call<AllowUser, Raw>;
  getChatRoomWhitelist: Call<R, Raw<UserId[]>>;
  getChatRoomAllowlist: Call<R, Raw<UserId[]>>;
  isChatRoomWhiteUser: Call<AllowUser, Raw<{ member: UserId; white: boolean }>>;
  isInChatRoomAllowlist: Call<AllowUser, Raw<{ member: UserId; white: boolean }>>;
  fetchChatRoomAnnouncement: Call<ById, Raw<{ announcement: string }>>;
  updateChatRoomAnnouncement: Call<ById & { announcement: string }, Raw<{ id: string; result: boolean }>>;
  /** Reports through the upload callbacks only (the promise settles once one ran). */
  uploadChatRoomSharedFile(params: ById & Omit<UploadGroupSharedFileParams, 'groupId'>): Promise<void>;
  deleteChatRoomSharedFile: Call<
    ById & { fileId: string },
    Raw<{ id: string; file_id: string; result: boolean }>
  >;
  fetchChatRoomSharedFileList: Call<ById, Raw<Record<string, unknown>[]>>;
  getChatRoomSharedFilelist: Call<ById, Raw<Record<string, unknown>[]>>;
  getJoinedChatRooms(params: {
    pageNum: number;
    pageSize: number;
  }): Promise<{ type: 0; data: JoinedChatRoomInfo[] }>;
}

declare module './connection.js' {
  // Declaration merging: the methods below are Connection's.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Connection extends RoomMethods {}
}

/** A promise method with the official callbacks. */
function method<P extends object, T>(call: (c: Connection, params: P) => Promise<T>) {
  return function (this: Connection, params: P & Callbacks<T>): Promise<T> {
    return this.withCallbacks(params, () => call(this, params));
  };
}
/** A method the official SDK gives no callbacks (the promise only). */
function promiseOnly<P, T>(call: (c: Connection, params: P) => Promise<T>) {
  return function (this: Connection, params: P): Promise<T> {
    return this.withCallbacks(undefined, () => call(this, params));
  };
}
const ctx = (c: Connection) => c.accountContext();

const removeOne = method((c, p: OneUser) => calls.removeChatRoomMember(ctx(c), p));
const removeMany = method((c, p: Users) => calls.removeChatRoomMembers(ctx(c), p));
const memberPage = method((c, p: Page) => calls.listChatRoomMembers(ctx(c), p));
const unmute = method((c, p: OneUser) => calls.unmuteChatRoomMember(ctx(c), p));
const muteList = method((c, p: R) => calls.getChatRoomMuteList(ctx(c), p));
const blockOne = method((c, p: OneUser) => calls.blockChatRoomMember(ctx(c), p));
const blockMany = method((c, p: Names) => calls.blockChatRoomMembers(ctx(c), p));
const unblockOne = method((c, p: OneUser) => calls.unblockChatRoomMember(ctx(c), p));
const unblockMany = method((c, p: Names) => calls.unblockChatRoomMembers(ctx(c), p));
const blockList = method((c, p: R) => calls.getChatRoomBlocklist(ctx(c), p));
const allowAdd = method((c, p: Users) => calls.addUsersToChatRoomAllowlist(ctx(c), p));
const allowRemove = method((c, p: AllowUser) => calls.removeChatRoomAllowlistMember(ctx(c), p));
const allowList = method((c, p: R) => calls.getChatRoomAllowlist(ctx(c), p));
const allowCheck = method((c, p: AllowUser) => calls.isInChatRoomAllowlist(ctx(c), p));
const fileList = method((c, p: ById) => calls.getChatRoomSharedFilelist(ctx(c), p));

const methods: RoomMethods = {
  getChatRooms: method((c, p: { pagenum: number; pagesize: number }) => calls.getChatRooms(ctx(c), p)),
  createChatRoom: method((c, p: Parameters<typeof calls.createChatRoom>[1]) =>
    calls.createChatRoom(ctx(c), p),
  ),
  destroyChatRoom: method((c, p: R & { token?: string }) => calls.destroyChatRoom(ctx(c), p)),
  getChatRoomDetails: method((c, p: R) => calls.getChatRoomDetails(ctx(c), p)),
  modifyChatRoom: method((c, p: Parameters<typeof calls.modifyChatRoom>[1]) =>
    calls.modifyChatRoom(ctx(c), p),
  ),
  removeSingleChatRoomMember: removeOne,
  removeChatRoomMember: removeOne,
  removeMultiChatRoomMember: removeMany,
  removeChatRoomMembers: removeMany,
  addUsersToChatRoom: method((c, p: Users) => calls.addUsersToChatRoom(ctx(c), p)),
  listChatRoomMember: memberPage,
  listChatRoomMembers: memberPage,
  getChatRoomMembers: promiseOnly((c, p: R & { cursor?: string; limit?: number }) =>
    calls.getChatRoomMembers(ctx(c), p),
  ),
  getChatRoomAdmin: method((c, p: R) => calls.getChatRoomAdmin(ctx(c), p)),
  setChatRoomAdmin: method((c, p: OneUser) => calls.setChatRoomAdmin(ctx(c), p)),
  removeChatRoomAdmin: method((c, p: OneUser) => calls.removeChatRoomAdmin(ctx(c), p)),
  muteChatRoomMember: method((c, p: OneUser & { muteDuration: number }) =>
    calls.muteChatRoomMember(ctx(c), p),
  ),
  removeMuteChatRoomMember: unmute,
  unmuteChatRoomMember: unmute,
  getChatRoomMuted: muteList,
  getChatRoomMuteList: muteList,
  getChatRoomMutelist: muteList,
  isInChatRoomMutelist: promiseOnly((c, p: R) => calls.isInChatRoomMutelist(ctx(c), p)),
  chatRoomBlockSingle: blockOne,
  blockChatRoomMember: blockOne,
  chatRoomBlockMulti: blockMany,
  blockChatRoomMembers: blockMany,
  removeChatRoomBlockSingle: unblockOne,
  unblockChatRoomMember: unblockOne,
  removeChatRoomBlockMulti: unblockMany,
  unblockChatRoomMembers: unblockMany,
  getChatRoomBlacklistNew: blockList,
  getChatRoomBlacklist: blockList,
  getChatRoomBlocklist: blockList,
  disableSendChatRoomMsg: method((c, p: R) => calls.setChatRoomMuteAll(ctx(c), p, true)),
  enableSendChatRoomMsg: method((c, p: R) => calls.setChatRoomMuteAll(ctx(c), p, false)),
  addUsersToChatRoomWhitelist: allowAdd,
  addUsersToChatRoomAllowlist: allowAdd,
  rmUsersFromChatRoomWhitelist: allowRemove,
  removeChatRoomWhitelistMember: allowRemove,
  removeChatRoomAllowlistMember: allowRemove,
  getChatRoomWhitelist: allowList,
  getChatRoomAllowlist: allowList,
  isChatRoomWhiteUser: allowCheck,
  isInChatRoomAllowlist: allowCheck,
  fetchChatRoomAnnouncement: method((c, p: ById) => calls.fetchChatRoomAnnouncement(ctx(c), p)),
  updateChatRoomAnnouncement: method((c, p: ById & { announcement: string }) =>
    calls.updateChatRoomAnnouncement(ctx(c), p),
  ),
  uploadChatRoomSharedFile: promiseOnly((c, p: Parameters<typeof calls.uploadChatRoomSharedFile>[1]) =>
    calls.uploadChatRoomSharedFile(ctx(c), p),
  ),
  deleteChatRoomSharedFile: method((c, p: ById & { fileId: string }) =>
    calls.deleteChatRoomSharedFile(ctx(c), p),
  ),
  fetchChatRoomSharedFileList: fileList,
  getChatRoomSharedFilelist: fileList,
  getJoinedChatRooms: promiseOnly((c, p: { pageNum: number; pageSize: number }) =>
    calls.getJoinedChatRooms(ctx(c), p),
  ),
};

Object.assign(Connection.prototype, methods);
