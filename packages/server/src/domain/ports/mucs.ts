// Multi-user chats: groups now, chat rooms with their own issue. Both share one model (records, members
// with roles, requests, lists with expiry, events) so rules are written once; `kind` tells them apart.
// Adapters implement these ports next to the message store (same database): a member's delivery row
// (conversation_members, conversation key and queue `g:<id>`) is written in the same transaction as its
// membership, so who is a member and who gets the group's messages never disagree.

export type MucKind = 'group' | 'room';
export type MucRole = 'owner' | 'admin' | 'member';

export interface MucRecord {
  appId: number;
  kind: MucKind;
  /** Numeric string, unique per app across kinds (what the SDK calls groupId / roomId). */
  id: string;
  name: string;
  description: string;
  avatar: string;
  owner: string;
  /** Listed in public groups and joinable by request. */
  public: boolean;
  /** Joining needs an owner/admin's approval (Agora's `membersonly`, the SDK's `approval`). */
  approval: boolean;
  /** Members (not only owner/admins) may invite. */
  allowInvites: boolean;
  /** An invitee must accept before joining. */
  inviteNeedConfirm: boolean;
  /** Most members, the owner included. */
  maxUsers: number;
  /** App-defined JSON or text (`custom` / `ext`). */
  custom: string;
  announcement: string;
  /** Every member but the owner and admins muted (`disableSendGroupMsg`, `…/ban`). */
  allMuted: boolean;
  /** Banned by the app server (`…/disable`): nothing can be done in it (608). */
  disabled: boolean;
  memberCount: number;
  createdAt: number;
  modifiedAt: number;
}

export type NewMuc = Omit<MucRecord, 'memberCount' | 'modifiedAt'>;

/** What `update` may change. */
export type MucPatch = Partial<
  Pick<
    MucRecord,
    | 'name'
    | 'description'
    | 'avatar'
    | 'public'
    | 'approval'
    | 'allowInvites'
    | 'inviteNeedConfirm'
    | 'maxUsers'
    | 'custom'
    | 'announcement'
    | 'allMuted'
    | 'disabled'
  >
>;

export interface MucMember {
  username: string;
  role: MucRole;
  joinedAt: number;
}

/** A pending join request (`apply`) or invitation (`invite`) waiting for an answer. */
export interface MucRequest {
  type: 'apply' | 'invite';
  /** The user who would join: the applicant or the invitee. */
  username: string;
  /** Who invited (invitations only). */
  inviter?: string;
  reason: string;
  createdAt: number;
}

export interface MucPage<T> {
  items: T[];
  /** Opaque; absent on the last page. */
  cursor?: string;
}

export type AddMembersResult =
  | { ok: true; added: string[]; already: string[] }
  /** Adding them would exceed maxUsers (606), or the record is gone (605); nothing was written. */
  | { ok: false; reason: 'full' | 'gone' };

export interface MucStore {
  /**
   * Creates the record with its owner and first members (delivery rows included), atomically; undefined
   * when the id is taken (nothing written: the caller draws another).
   */
  create(muc: NewMuc, members: readonly MucMember[]): Promise<MucRecord | undefined>;
  get(appId: number, id: string): Promise<MucRecord | undefined>;
  /** In the order asked; unknown ids left out. */
  getMany(appId: number, ids: readonly string[]): Promise<MucRecord[]>;
  /** undefined when there is no such record. */
  update(appId: number, id: string, patch: MucPatch, modifiedAt: number): Promise<MucRecord | undefined>;
  /** Removes the record, its members (and their delivery rows), requests and lists; messages stay. */
  destroy(appId: number, id: string): Promise<boolean>;
  /** Every record of a kind (app server), or only public ones, by id, after `cursor`. */
  list(
    appId: number,
    kind: MucKind,
    opts: { publicOnly: boolean; limit: number; cursor?: string },
  ): Promise<MucPage<MucRecord>>;
  /** Records of a kind the user is a member of, newest join first, with the user's role. */
  joinedBy(
    appId: number,
    kind: MucKind,
    username: string,
    offset: number,
    limit: number,
  ): Promise<{ items: (MucRecord & { role: MucRole })[]; total: number }>;
  member(appId: number, id: string, username: string): Promise<MucMember | undefined>;
  /** Owner first, then admins, then members, each by join time; `offset`/`limit` page through them. */
  members(appId: number, id: string, offset: number, limit: number): Promise<MucMember[]>;
  /**
   * Where the member's delivery row starts it in the record's log (the log's last position when it
   * joined); undefined when the user has no delivery row there.
   */
  deliveryStart(appId: number, id: string, username: string): Promise<bigint | undefined>;
  /** Usernames of every member (fan-out, events). */
  memberNames(appId: number, id: string): Promise<string[]>;
  /** Adds members (role member) unless that would pass maxUsers; counts and delivery rows move with them. */
  addMembers(
    appId: number,
    id: string,
    usernames: readonly string[],
    joinedAt: number,
  ): Promise<AddMembersResult>;
  /** Removes members (never the owner) and their delivery rows; returns those that were members. */
  removeMembers(appId: number, id: string, usernames: readonly string[]): Promise<string[]>;
  /** admin ↔ member; false when the user is not a member or is the owner. */
  setRole(appId: number, id: string, username: string, role: 'admin' | 'member'): Promise<boolean>;
  /** The new owner must be a member; the old owner becomes a member. */
  transferOwner(appId: number, id: string, newOwner: string, modifiedAt: number): Promise<boolean>;
  /** Stores (or replaces) a pending request for (type, username). */
  saveRequest(appId: number, id: string, request: MucRequest): Promise<void>;
  findRequest(
    appId: number,
    id: string,
    type: MucRequest['type'],
    username: string,
  ): Promise<MucRequest | undefined>;
  deleteRequest(appId: number, id: string, type: MucRequest['type'], username: string): Promise<boolean>;
  /** Number of records of a kind the user is a member of. */
  joinedCount(appId: number, kind: MucKind, username: string): Promise<number>;
  /** Records of a kind in the app (the per-app limit). */
  count(appId: number, kind: MucKind): Promise<number>;
}

/** Conversation key and queue id of a group's message log (see domain/messages/queue-ids.ts). */
export const mucConversationKey = (kind: MucKind, id: string): string =>
  (kind === 'group' ? 'g:' : 'r:') + id;
