// The official Connection methods of groups and their membership (aliases included), added to
// Connection from here so connection.ts stays the connection. The calls are in group-calls.ts.
import { Connection } from './connection.js';
import * as calls from './group-calls.js';
import type {
  CreateGroupParams,
  CreateGroupVNextParams,
  FetchedGroupMember,
  GetJoinedGroupsParams,
  GroupAsyncResult,
  JoinedGroupInfo,
  ModifyGroupParams,
  UserId,
} from './group-calls.js';

/** The official `success` / `error` callbacks every promise method also takes. */
interface Callbacks<T> {
  success?: (res: T) => void;
  error?: (error: unknown) => void;
}

type G = { groupId: string };
type Call<P, R> = (params: P & Callbacks<R>) => Promise<R>;
type Raw<T = Record<string, unknown>> = GroupAsyncResult<T>;
type BaseGroupInfo = { groupid: string; groupname: string };

type OneUser = G & { username: UserId };
type Users = G & { users: UserId[] };
type Applicant = G & { applicant: UserId };
type Invitee = G & { invitee: UserId };
type MemberPage = G & { pageNum: number; pageSize: number };

export interface GroupMethods {
  createGroup: Call<CreateGroupParams, Raw<{ groupid: string }>>;
  createGroupNew: Call<CreateGroupParams, Raw<{ groupid: string }>>;
  createGroupVNext: Call<CreateGroupVNextParams, { type: 0; data: { groupId: string } }>;
  getPublicGroups: Call<{ limit: number; cursor?: string }, Raw<BaseGroupInfo[]>>;
  listGroups: Call<{ limit: number; cursor?: string }, Raw<BaseGroupInfo[]>>;
  getGroup(params?: Callbacks<Raw<BaseGroupInfo[]>>): Promise<Raw<BaseGroupInfo[]>>;
  getJoinedGroups: Call<
    GetJoinedGroupsParams,
    Raw<BaseGroupInfo[]> | (Raw & { entities: JoinedGroupInfo[] })
  >;
  getJoinedGroupsCount(): Promise<{ type: 0; data: number }>;
  changeOwner: Call<G & { newOwner: UserId }, Raw<{ newowner: boolean }>>;
  changeGroupOwner: Call<G & { newOwner: UserId }, Raw<{ newowner: boolean }>>;
  getGroupInfo: Call<{ groupId: string | string[] }, Raw<Record<string, unknown>[]>>;
  modifyGroup: Call<ModifyGroupParams, Raw<Record<string, boolean>>>;
  listGroupMember: Call<MemberPage, Raw<Record<string, string>[]>>;
  listGroupMembers: Call<MemberPage, Raw<Record<string, string>[]>>;
  getGroupMembers(
    params: G & { cursor?: string; limit?: number },
  ): Promise<{ type: 0; data: { cursor: string | undefined; members: FetchedGroupMember[] } }>;
  getGroupAdmin: Call<G, Raw<UserId[]>>;
  setAdmin: Call<OneUser, Raw<{ newadmin: UserId; result: 'success' }>>;
  setGroupAdmin: Call<OneUser, Raw<{ newadmin: UserId; result: 'success' }>>;
  removeAdmin: Call<OneUser, Raw<{ oldadmin: UserId; result: 'success' }>>;
  removeGroupAdmin: Call<OneUser, Raw<{ oldadmin: UserId; result: 'success' }>>;
  dissolveGroup: Call<G, Raw<{ id: string; success: boolean }>>;
  destroyGroup: Call<G, Raw<{ id: string; success: boolean }>>;
  quitGroup: Call<G, Raw<{ result: true }>>;
  leaveGroup: Call<G, Raw<{ result: true }>>;
  inviteToGroup: Call<Users, Raw<Record<string, unknown>[]>>;
  inviteUsersToGroup: Call<Users, Raw<Record<string, unknown>[]>>;
  joinGroup: Call<G & { message?: string }, Raw>;
  agreeJoinGroup: Call<Applicant, Raw>;
  acceptGroupJoinRequest: Call<Applicant, Raw>;
  rejectJoinGroup: Call<Applicant & { reason?: string }, Raw>;
  rejectGroupJoinRequest: Call<Applicant & { reason?: string }, Raw>;
  agreeInviteIntoGroup: Call<Invitee, Raw>;
  acceptGroupInvite: Call<Invitee, Raw>;
  rejectInviteIntoGroup: Call<Invitee, Raw>;
  rejectGroupInvite: Call<Invitee, Raw>;
  removeSingleGroupMember: Call<OneUser, Raw>;
  removeGroupMember: Call<OneUser, Raw>;
  removeMultiGroupMember: Call<Users, Raw<Record<string, unknown>[]>>;
  removeGroupMembers: Call<Users, Raw<Record<string, unknown>[]>>;
}

declare module './connection.js' {
  // Declaration merging: the methods below are Connection's.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Connection extends GroupMethods {}
}

/** A promise method with the official callbacks. */
function method<P extends object, R>(call: (c: Connection, params: P) => Promise<R>) {
  return function (this: Connection, params: P & Callbacks<R>): Promise<R> {
    return this.withCallbacks(params, () => call(this, params));
  };
}
const ctx = (c: Connection) => c.accountContext();

const create = method((c, p: CreateGroupParams) => calls.createGroup(ctx(c), p));
const publicGroups = method((c, p: { limit: number; cursor?: string }) => calls.getPublicGroups(ctx(c), p));
const changeOwner = method((c, p: G & { newOwner: UserId }) => calls.changeGroupOwner(ctx(c), p));
const memberPage = method((c, p: MemberPage) => calls.listGroupMembers(ctx(c), p));
const setAdmin = method((c, p: OneUser) => calls.setGroupAdmin(ctx(c), p));
const removeAdmin = method((c, p: OneUser) => calls.removeGroupAdmin(ctx(c), p));
const destroy = method((c, p: G) => calls.destroyGroup(ctx(c), p));
const leave = method((c, p: G) => calls.leaveGroup(ctx(c), p));
const invite = method((c, p: Users) => calls.inviteUsersToGroup(ctx(c), p));
const acceptRequest = method((c, p: Applicant) => calls.answerJoinRequest(ctx(c), p, true));
const rejectRequest = method((c, p: Applicant & { reason?: string }) =>
  calls.answerJoinRequest(ctx(c), p, false),
);
const acceptInvite = method((c, p: Invitee) => calls.answerInvitation(ctx(c), p, true));
const rejectInvite = method((c, p: Invitee) => calls.answerInvitation(ctx(c), p, false));
const removeOne = method((c, p: OneUser) => calls.removeGroupMember(ctx(c), p));
const removeMany = method((c, p: Users) => calls.removeGroupMembers(ctx(c), p));

const methods: GroupMethods = {
  createGroup: create,
  createGroupNew: create,
  createGroupVNext: method((c, p: CreateGroupVNextParams) => calls.createGroupVNext(ctx(c), p)),
  getPublicGroups: publicGroups,
  listGroups: publicGroups,
  getGroup(this: Connection, params) {
    return this.withCallbacks(params, () => calls.getGroup(ctx(this)));
  },
  getJoinedGroups: method((c, p: GetJoinedGroupsParams) => calls.getJoinedGroups(ctx(c), p)),
  getJoinedGroupsCount(this: Connection) {
    return this.withCallbacks(undefined, () => calls.getJoinedGroupsCount(ctx(this)));
  },
  changeOwner,
  changeGroupOwner: changeOwner,
  getGroupInfo: method((c, p: { groupId: string | string[] }) => calls.getGroupInfo(ctx(c), p)),
  modifyGroup: method((c, p: ModifyGroupParams) => calls.modifyGroup(ctx(c), p)),
  listGroupMember: memberPage,
  listGroupMembers: memberPage,
  getGroupMembers(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.getGroupMembers(ctx(this), params));
  },
  getGroupAdmin: method((c, p: G) => calls.getGroupAdmin(ctx(c), p)),
  setAdmin,
  setGroupAdmin: setAdmin,
  removeAdmin,
  removeGroupAdmin: removeAdmin,
  dissolveGroup: destroy,
  destroyGroup: destroy,
  quitGroup: leave,
  leaveGroup: leave,
  inviteToGroup: invite,
  inviteUsersToGroup: invite,
  joinGroup: method((c, p: G & { message?: string }) => calls.joinGroup(ctx(c), p)),
  agreeJoinGroup: acceptRequest,
  acceptGroupJoinRequest: acceptRequest,
  rejectJoinGroup: rejectRequest,
  rejectGroupJoinRequest: rejectRequest,
  agreeInviteIntoGroup: acceptInvite,
  acceptGroupInvite: acceptInvite,
  rejectInviteIntoGroup: rejectInvite,
  rejectGroupInvite: rejectInvite,
  removeSingleGroupMember: removeOne,
  removeGroupMember: removeOne,
  removeMultiGroupMember: removeMany,
  removeGroupMembers: removeMany,
};

Object.assign(Connection.prototype, methods);
