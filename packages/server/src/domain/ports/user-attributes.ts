// A user's attributes (Agora "user metadata"): a small map of named strings (nickname, avatarurl, mail,
// phone, gender, sign, birth, ext) that any user of the app may read. One row per user; the domain checks
// names and sizes (domain/users/user-attributes.ts) and hands the store the whole map to keep.

/** Attribute name → value. */
export type UserAttributes = Record<string, string>;

export interface UserAttributeStore {
  /** The attributes of each named user who has any (users without attributes are absent). */
  get(appId: number, usernames: readonly string[]): Promise<Map<string, UserAttributes>>;
  /** Replaces the user's attributes with `attributes` (an empty map removes the row). */
  put(appId: number, username: string, attributes: UserAttributes, now: number): Promise<void>;
  /** Removes every attribute of the user; false when there were none. */
  delete(appId: number, username: string): Promise<boolean>;
  /** Bytes the app's attributes take (the UTF-8 JSON of every user's map), for the capacity call. */
  usedBytes(appId: number): Promise<number>;
}
