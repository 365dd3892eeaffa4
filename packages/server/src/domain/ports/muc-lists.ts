// What a multi-user chat keeps about its users besides membership: the user lists (mute with an expiry,
// allow, block; and each member's own shield against the group's messages), members' custom attributes and
// the shared files' records (their bytes live in the FileStore, as chat files do). Groups now, chat rooms
// later: every row is keyed by the MUC id, which is unique per app across kinds.

/** mute: may not speak until `expiresAt`; allow: may speak while all are muted; block: removed and kept out;
 * shield: the member does not want the MUC's messages (set by the member). */
export type MucList = 'mute' | 'allow' | 'block' | 'shield';

/** `expiresAt` of an entry that never expires: a permanent mute, and every allow, block and shield entry. */
export const NEVER_EXPIRES = -1;

export interface MucListEntry {
  username: string;
  /** Milliseconds since the epoch, or NEVER_EXPIRES. */
  expiresAt: number;
  createdAt: number;
}

/** What sending a message needs to know about one user of one MUC, read in one indexed lookup. */
export interface SpeakerState {
  /** The mute in force at `now` (its expiry, or NEVER_EXPIRES); undefined when not muted. */
  mutedUntil: number | undefined;
  allowListed: boolean;
  blocked: boolean;
}

/** A file shared in a MUC (`share_files`): the record; the bytes are `storageKey` in the FileStore. */
export interface MucSharedFile {
  appId: number;
  mucId: string;
  /** Public id in URLs (a UUID). */
  fileId: string;
  /** Who uploaded it. */
  owner: string;
  filename: string;
  contentType: string;
  size: number;
  storageKey: string;
  createdAt: number;
}

export type MemberAttributes = Record<string, string>;

export type SetAttributesResult =
  | { ok: true; attributes: MemberAttributes }
  /** The member's attributes would exceed the byte budget; nothing was written. */
  | { ok: false; reason: 'too-large' };

/** Bytes a member's attributes count against their budget: every key and value, UTF-8. */
export const attributeBytes = (attributes: Readonly<MemberAttributes>): number =>
  Object.entries(attributes).reduce(
    (n, [k, v]) => n + Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8'),
    0,
  );

/** Applies a patch: an empty value removes its key. (A Map, so a key such as `__proto__` stays a key.) */
export function mergeAttributes(
  current: Readonly<MemberAttributes>,
  patch: Readonly<MemberAttributes>,
): MemberAttributes {
  const next = new Map(Object.entries(current));
  for (const [k, v] of Object.entries(patch)) {
    if (v === '') next.delete(k);
    else next.set(k, v);
  }
  return Object.fromEntries(next);
}

export interface MucListStore {
  /** Puts users on a list, or replaces the entry of those already on it (a new mute restarts its clock). */
  add(
    appId: number,
    mucId: string,
    list: MucList,
    entries: readonly { username: string; expiresAt: number }[],
    createdAt: number,
  ): Promise<void>;
  /** Takes users off a list; returns those that had an entry (an expired mute included). */
  remove(appId: number, mucId: string, list: MucList, usernames: readonly string[]): Promise<string[]>;
  /** Entries in force at `now` (expired mutes left out), newest first, from `offset`, at most `limit`. */
  entries(
    appId: number,
    mucId: string,
    list: MucList,
    now: number,
    offset: number,
    limit: number,
  ): Promise<MucListEntry[]>;
  /** Those of `usernames` with an entry in force at `now`, in the order given. */
  onList(
    appId: number,
    mucId: string,
    list: MucList,
    usernames: readonly string[],
    now: number,
  ): Promise<string[]>;
  /** The send path's check: one indexed lookup of the user's mute, allow and block entries. */
  speakerState(appId: number, mucId: string, username: string, now: number): Promise<SpeakerState>;

  /**
   * Merges `patch` into a member's attributes (an empty value removes its key), atomically, unless the
   * result would count more than `maxBytes` (attributeBytes).
   */
  setAttributes(
    appId: number,
    mucId: string,
    username: string,
    patch: Readonly<MemberAttributes>,
    maxBytes: number,
    updatedAt: number,
  ): Promise<SetAttributesResult>;
  /** Attributes of the named members (only `keys`, when some are given); members with none are left out. */
  attributes(
    appId: number,
    mucId: string,
    usernames: readonly string[],
    keys?: readonly string[],
  ): Promise<Record<string, MemberAttributes>>;

  saveFile(file: MucSharedFile): Promise<void>;
  file(appId: number, mucId: string, fileId: string): Promise<MucSharedFile | undefined>;
  /** Newest first, from `offset`, at most `limit`. */
  files(appId: number, mucId: string, offset: number, limit: number): Promise<MucSharedFile[]>;
  /** Removes the record and returns it (its bytes are the caller's to remove); undefined if there was none. */
  deleteFile(appId: number, mucId: string, fileId: string): Promise<MucSharedFile | undefined>;

  /** Forgets what concerned members who left: attributes, mute, allow and shield entries (blocks stay). */
  forgetMembers(appId: number, mucId: string, usernames: readonly string[]): Promise<void>;
  /** Forgets everything of a destroyed MUC; returns its files' storage keys (the bytes are the caller's). */
  forgetMuc(appId: number, mucId: string): Promise<string[]>;
}
