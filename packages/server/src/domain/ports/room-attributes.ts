// A chat room's custom attributes (Agora's "chat room attributes", spec rest §1.6 #145–147): key → value
// pairs of the room, each with the member who set it last (its owner: only the owner changes or removes it
// unless the call is forced) and whether it goes when that member leaves (autoDelete). Adapters check
// ownership and the per-room key budget inside one transaction, so concurrent calls cannot pass it.

export interface RoomAttributeSet {
  /** The pairs to write (at most Agora's 10 per call; checked by the use case). */
  entries: Readonly<Record<string, string>>;
  /** Who sets them: their new owner. */
  owner: string;
  /** They are removed when `owner` leaves the room. */
  autoDelete: boolean;
  /** Overwrite keys owned by others too. */
  forced: boolean;
  /** Keys a room may hold; a new key past it is refused (`overLimit`). */
  maxKeys: number;
  updatedAt: number;
}

export interface RoomAttributeSetResult {
  /** Written, in the order given. */
  written: string[];
  /** Owned by someone else (and not forced): untouched. */
  notOwned: string[];
  /** New keys past `maxKeys`: not written. */
  overLimit: string[];
}

export interface RoomAttributeRemoveResult {
  /** Removed (or already absent), in the order given. */
  removed: string[];
  /** Owned by someone else (and not forced): kept. */
  notOwned: string[];
}

export interface RoomAttributeStore {
  set(appId: number, roomId: string, write: RoomAttributeSet): Promise<RoomAttributeSetResult>;
  remove(
    appId: number,
    roomId: string,
    keys: readonly string[],
    by: string,
    forced: boolean,
  ): Promise<RoomAttributeRemoveResult>;
  /** The room's attributes (only `keys` when given; unknown keys left out). */
  get(appId: number, roomId: string, keys?: readonly string[]): Promise<Record<string, string>>;
  /** Removes the autoDelete attributes `owner` set (the member left); returns their keys. */
  removeAutoDeleteOf(appId: number, roomId: string, owner: string): Promise<string[]>;
  /** Removes every attribute of a destroyed room. */
  forgetRoom(appId: number, roomId: string): Promise<void>;
}
