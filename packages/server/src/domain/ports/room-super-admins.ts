// Chat room super admins: the users of an app who may create chat rooms with their own token (Agora's
// `/chatrooms/super_admin`). An app-wide list the app server keeps; adapters store it next to the MUCs.

export interface RoomSuperAdminStore {
  /** Names a super admin; false when the user was one already (nothing changes). */
  add(appId: number, username: string, createdAt: number): Promise<boolean>;
  /** false when the user was none. */
  remove(appId: number, username: string): Promise<boolean>;
  has(appId: number, username: string): Promise<boolean>;
  /** Newest first, from `offset`, at most `limit`. */
  list(appId: number, offset: number, limit: number): Promise<string[]>;
  count(appId: number): Promise<number>;
}
