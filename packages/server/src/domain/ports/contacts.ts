// What a user keeps about other users of the app: contacts (both sides hold a row, each with its own
// remark), pending friend requests (requester → invitee, with the request's text) and the blocklist
// (the users whose one-to-one messages this user refuses). Keyed by app and the owner's user id.

export interface ContactEntry {
  username: string;
  /** The owner's remark about this contact ('' when none). */
  remark: string;
  createdAt: number;
}

export interface ContactRequest {
  requester: string;
  invitee: string;
  reason: string;
  createdAt: number;
}

export interface BlockEntry {
  username: string;
  createdAt: number;
}

export interface ContactStore {
  /** Records (or renews) a pending request from `requester` to `invitee`. */
  addRequest(appId: number, request: ContactRequest): Promise<void>;
  /** The pending request from `requester` to `invitee`, if any. */
  request(appId: number, requester: string, invitee: string): Promise<ContactRequest | undefined>;
  /** Drops a pending request; true when there was one. */
  removeRequest(appId: number, requester: string, invitee: string): Promise<boolean>;
  /**
   * Makes `a` and `b` contacts of each other (both rows; remarks empty) and drops pending requests between
   * them either way. False when they already were contacts (nothing changes then).
   */
  addContact(appId: number, a: string, b: string, createdAt: number): Promise<boolean>;
  /** Ends the contact both ways; true when they were contacts. */
  removeContact(appId: number, a: string, b: string): Promise<boolean>;
  /** Whether `friend` is a contact of `owner`. */
  isContact(appId: number, owner: string, friend: string): Promise<boolean>;
  /** `owner`'s contacts by user id, those after `after` (exclusive) first, at most `limit`. */
  contacts(appId: number, owner: string, after: string | undefined, limit: number): Promise<ContactEntry[]>;
  countContacts(appId: number, owner: string): Promise<number>;
  /** Sets `owner`'s remark about `friend`; false when `friend` is no contact of `owner`. */
  setRemark(appId: number, owner: string, friend: string, remark: string): Promise<boolean>;
  /** Puts users on `owner`'s blocklist (those already on it keep their entry); returns the new ones. */
  block(appId: number, owner: string, usernames: readonly string[], createdAt: number): Promise<string[]>;
  /** Takes users off `owner`'s blocklist; returns those that were on it. */
  unblock(appId: number, owner: string, usernames: readonly string[]): Promise<string[]>;
  /** `owner`'s blocklist by user id, those after `after` (exclusive), at most `limit`. */
  blocked(appId: number, owner: string, after: string | undefined, limit: number): Promise<BlockEntry[]>;
  countBlocked(appId: number, owner: string): Promise<number>;
  /** Whether `owner` has blocked `user`. */
  isBlocked(appId: number, owner: string, user: string): Promise<boolean>;
  /**
   * Drops everything about a deleted user, on both sides (contacts, requests, blocklist entries), so a new
   * account of the same name inherits none of it.
   */
  forgetUser(appId: number, username: string): Promise<void>;
}
