// The official Connection methods of contacts, friend requests and the blocklist (aliases included),
// added to Connection from here so connection.ts stays the connection. The calls are in contact-calls.ts.
import { Connection } from './connection.js';
import * as calls from './contact-calls.js';
import type { ContactItem, CursorContactsResult, UserId } from './contact-calls.js';

type Names = { name: UserId | UserId[] };
type Ids = { type: 0; data: UserId[] };
type Callbacks<T> = { success?: (res: T) => void; error?: (error: unknown) => void };
/** What the official getContacts hands its `success` callback (the promise resolves with the answer). */
export interface RosterItem {
  name: UserId;
  subscription: 'both';
  jid: { appKey: string; name: string; domain: string; clientResource: string };
}

export interface ContactMethods {
  getContacts(params?: Callbacks<RosterItem[]>): Promise<Ids>;
  getRoster(params?: Callbacks<RosterItem[]>): Promise<Ids>;
  getAllContacts(): Promise<{ type: 0; data: ContactItem[] }>;
  getContactsWithCursor(params?: {
    pageSize?: number;
    cursor?: string;
  }): Promise<{ type: 0; data: CursorContactsResult }>;
  addContact(to: UserId, message?: string): Promise<void>;
  deleteContact(to: UserId): Promise<void>;
  removeRoster(to: UserId): Promise<void>;
  acceptContactInvite(to: UserId): Promise<void>;
  acceptInvitation(to: UserId): Promise<void>;
  declineContactInvite(to: UserId): Promise<void>;
  declineInvitation(to: UserId): Promise<void>;
  setContactRemark(params: { userId: UserId; remark: string }): Promise<void>;
  getBlocklist(params?: Callbacks<Ids>): Promise<Ids>;
  getBlacklist(params?: Callbacks<Ids>): Promise<Ids>;
  addUsersToBlocklist(params: Names): Promise<{ type: 0; data: { userIds: UserId[] } }>;
  addUsersToBlacklist(params: Names): Promise<{ type: 0; data: { userIds: UserId[] } }>;
  addToBlackList(params: Names): Promise<{ type: 0; data: { userIds: UserId[] } }>;
  removeUserFromBlocklist(params: Names): Promise<void>;
  removeUserFromBlackList(params: Names): Promise<void>;
  removeFromBlackList(params: Names): Promise<void>;
}

declare module './connection.js' {
  // Declaration merging: the methods below are Connection's.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Connection extends ContactMethods {}
}

const ctx = (c: Connection) => c.accountContext();

function list(this: Connection, params?: Callbacks<RosterItem[]>): Promise<Ids> {
  const jid = {
    appKey: this.appKey,
    name: this.user,
    domain: 'easemob.com',
    clientResource: this.clientResource,
  };
  const success = params?.success;
  const callbacks = {
    ...(params?.error ? { error: params.error } : {}),
    ...(success
      ? {
          success: (res: Ids) =>
            success(res.data.map((name) => ({ name, subscription: 'both' as const, jid }))),
        }
      : {}),
  };
  return this.withCallbacks(callbacks, () => calls.getContacts(ctx(this)));
}
function blocklist(this: Connection, params?: Callbacks<Ids>): Promise<Ids> {
  return this.withCallbacks(params, () => calls.getBlocklist(ctx(this)));
}
function remove(this: Connection, to: UserId): Promise<void> {
  return this.withCallbacks(undefined, () => calls.deleteContact(ctx(this), to));
}
function accept(this: Connection, to: UserId): Promise<void> {
  return this.withCallbacks(undefined, () => calls.answerInvitation(ctx(this), to, 'accept'));
}
function decline(this: Connection, to: UserId): Promise<void> {
  return this.withCallbacks(undefined, () => calls.answerInvitation(ctx(this), to, 'decline'));
}
function block(this: Connection, params: Names) {
  return this.withCallbacks(undefined, () => calls.addUsersToBlocklist(ctx(this), params));
}
function unblock(this: Connection, params: Names): Promise<void> {
  return this.withCallbacks(undefined, () => calls.removeUserFromBlocklist(ctx(this), params));
}

const methods: ContactMethods = {
  getContacts: list,
  getRoster: list,
  getAllContacts(this: Connection) {
    return this.withCallbacks(undefined, () => calls.getAllContacts(ctx(this)));
  },
  getContactsWithCursor(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.getContactsWithCursor(ctx(this), params));
  },
  addContact(this: Connection, to, message) {
    return this.withCallbacks(undefined, () => calls.addContact(ctx(this), to, message));
  },
  deleteContact: remove,
  removeRoster: remove,
  acceptContactInvite: accept,
  acceptInvitation: accept,
  declineContactInvite: decline,
  declineInvitation: decline,
  setContactRemark(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.setContactRemark(ctx(this), params));
  },
  getBlocklist: blocklist,
  getBlacklist: blocklist,
  addUsersToBlocklist: block,
  addUsersToBlacklist: block,
  addToBlackList: block,
  removeUserFromBlocklist: unblock,
  removeUserFromBlackList: unblock,
  removeFromBlackList: unblock,
};

Object.assign(Connection.prototype, methods);
