// Fan-out port between nodes. Events are hints and commands, never the messages themselves: the
// committed store is the truth, so a lost queue hint delays delivery until the next sync (UNREAD
// heartbeat or reconnect) and loses nothing.

/** Queue `queue` of user `owner` has new entries: wake that user's sessions. */
export interface QueueHint {
  kind: 'queue';
  appId: number;
  owner: string;
  queue: string;
  /** Device that caused the entry; it is not woken. */
  exceptResource?: string;
  /** Position of the new entry in the conversation (decimal). */
  seq?: string;
  /**
   * The committed entry itself (encoded easemob.pb.Meta), so a session whose device is known to have
   * everything before `seq` can push it at once instead of NOTICE → SYNC → read. Optional: without it, or
   * when the device may be behind, sessions fall back to NOTICE. Adapters that leave the process carry it
   * as base64.
   */
  entry?: Uint8Array;
}

/** Close sessions of a user (all of them, or one resource) after telling them why (a kick code). */
export interface KickCommand {
  kind: 'kick';
  appId: number;
  username: string;
  /** Only this device; all devices of the user when absent. */
  resource?: string;
  /** Spare this device (e.g. the one that asked for the kick). */
  exceptResource?: string;
  /** SDK code: 206, 207, 216 or 217. */
  code: number;
  /** Relayed to the kicked client (206: the new device's login ext). */
  reason?: string;
}

/**
 * A group's log (queue `g:<id>`, shared by every member) has a new entry: one event per entry, whatever
 * the group's size. Each node wakes its own sessions of the group's members (a node-local index), the
 * device that caused the entry excepted. Lost, it only delays: the next UNREAD or sync catches up.
 */
export interface GroupHint {
  kind: 'group';
  appId: number;
  /** The group's queue id (`g:<groupId>`). */
  queue: string;
  /** The device that caused the entry; it is not woken (the sender's other devices are). */
  except?: { username: string; resource: string };
  /** Position of the new entry in the group's log (decimal). */
  seq?: string;
  /** The committed entry (encoded Meta), as in QueueHint. */
  entry?: Uint8Array;
}

/**
 * Who is a member of a group changed: nodes that index the group's members update their index (or drop
 * it, `destroyed`). Lost, it only delays: a new member's devices find the group at their next UNREAD.
 */
export interface MembershipChanged {
  kind: 'membership';
  appId: number;
  /** The group's queue id (`g:<groupId>`). */
  queue: string;
  added?: string[];
  removed?: string[];
  /** The group is gone: forget it. */
  destroyed?: boolean;
}

/**
 * A user's presence changed (a publish, a device logging in or out): each node pushes a NOTIFY "presence"
 * frame (msync §4.9) with `value` and each subscriber's own expiry to its sessions of `subscribers`. Not
 * stored: lost, a subscriber sees the change at its next getPresenceStatus.
 */
export interface PresenceNotice {
  kind: 'presence';
  appId: number;
  /** Whose presence it is (the frame's `from`). */
  publisher: string;
  /** The users whose sessions are told (live subscriptions to `publisher`). */
  subscribers: string[];
  /** Each subscriber's subscription expiry, seconds since the epoch (same order as `subscribers`). */
  expiries: number[];
  /** The presence as the SDK reads it, without `expiry`: `{uid, last_time, ext, status}`. */
  value: { uid: string; last_time: number; ext: string; status: Record<string, string> };
}

/**
 * Something live for a chat room (spec msync §4.8): a room message or a room event, pushed as it is to
 * the devices present in the room now, on every node (gateway/room-presence.ts). One event per message
 * whatever the room's size; nothing is queued for anyone, so a device that is not present (or a node
 * that misses the event) never gets it, as with Agora.
 */
export interface RoomDelivery {
  kind: 'room';
  appId: number;
  roomId: string;
  /** The encoded Meta pushed to each device. */
  entry: Uint8Array;
  /** The device that caused it; it is not sent to (the user's other present devices are). */
  except?: { username: string; resource: string };
  /** 'high' | 'normal' | 'low' (Meta.ext `chatroom_msg_tag`): under backpressure low goes first. */
  priority?: RoomPriority;
  /** Also (or only, with `present: false`) every device of these users, present or not (a removal). */
  users?: string[];
  /** false: only `users` get it, not the present devices. Default true. */
  present?: boolean;
  /** A message (not an event): its server id (decimal) and time, for the recent room history. */
  message?: { id: string; createdAt: number };
}

export type RoomPriority = 'high' | 'normal' | 'low';

/**
 * An app's settings changed (operator API): every node reloads the app into its cache, so the change
 * holds at once for new requests and for live sessions (they share the cached record). Lost, a node keeps
 * the old settings until it restarts; the Redis bus delivers to every node that is subscribed.
 */
export interface AppChanged {
  kind: 'app';
  appId: number;
}

/**
 * Something nodes keep briefly for the hot path changed (domain/cache): every node forgets its copy at once.
 * Lost, a node keeps the old answer for at most the cache's TTL (a second).
 */
export interface CachedChanged {
  kind: 'cached';
  /** A user's blocklist (`username` is its owner), global mute, or the user itself (deleted). */
  what: 'blocks' | 'mute' | 'user';
  appId: number;
  username: string;
}

export type BusEvent =
  | QueueHint
  | KickCommand
  | GroupHint
  | MembershipChanged
  | PresenceNotice
  | RoomDelivery
  | AppChanged
  | CachedChanged;

export interface Bus {
  /** Delivers to every subscriber on every node, this one included. */
  publish(event: BusEvent): Promise<void>;
  subscribe(handler: (event: BusEvent) => void): () => void;
  /**
   * Resolves once this node receives other nodes' events, rejects after `timeoutMs`. Only buses that
   * connect somewhere have it; a bus without it is ready at once.
   */
  ready?(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}
