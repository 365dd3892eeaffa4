// Storage ports, one per aggregate. Adapters (SQLite now, PostgreSQL later) implement them and pass
// the shared contract suite; the domain never sees a driver type.
import type { ChatFileStore } from './chat-files.js';
import type { ContactStore } from './contacts.js';
import type { ConversationStore } from './conversations.js';
import type { MucListStore } from './muc-lists.js';
import type { MucStore } from './mucs.js';
import type { PresenceStore } from './presence.js';
import type { UserAttributeStore } from './user-attributes.js';
import type { RoomAttributeStore } from './room-attributes.js';
import type { RoomSuperAdminStore } from './room-super-admins.js';
import type { ReactionStore } from './reactions.js';
import type { ThreadStore } from './threads.js';
import type { PushSettingsStore } from './push-settings.js';
import type { PushStore } from './push-delivery.js';
import type { CallbackOutboxStore, ModerationStore, UserMuteStore } from './app-server.js';

export interface AppSettings {
  /** Anyone may register through POST /{org}/{app}/users without an admin token. */
  openRegistration: boolean;
  /** Lifetime of user and admin tokens, seconds. */
  tokenTtlSeconds: number;
  /** Largest encoded message body accepted (text, custom, cmd), bytes. */
  maxMessageBytes: number;
  // Added with issue 5. Absent in apps created before: read them through `appSettings()`
  // (domain/apps/app-settings.ts), which fills in the defaults.
  /** A user may be logged in on several devices at once; false = a new login displaces the others (206). */
  multiDevice?: boolean;
  /** Most devices (resources) of one user online at once; the oldest is displaced (206). */
  deviceLimit?: number;
  /** How long after sending a message may be recalled, seconds. */
  recallWindowSeconds?: number;
  /** How long after sending a text message may be edited, seconds. */
  editWindowSeconds?: number;
  /** Most edits of one message; 0 switches editing off (505). */
  maxEditCount?: number;
  /** Largest attachment upload, bytes. */
  maxAttachmentBytes?: number;
  /** How long an uploaded attachment can be downloaded, seconds (then 223 file_expired). */
  attachmentTtlSeconds?: number;
  /** Agora App ID (32 hex digits): AccessToken2 tokens minted with it are accepted ('' = none). */
  agoraAppId?: string;
  /** Agora App Certificate (32 hex digits) that signs those tokens ('' = none). */
  agoraAppCertificate?: string;
  /** Services this app offers (see `AppService`). */
  services?: AppService[];
  /** Only contacts may send each other one-to-one messages; a stranger's is refused (SDK 221). */
  contactsOnly?: boolean;
  // Added with issue 19 (app server side).
  /** Words refused (508) or masked with *** in text and custom message fields (domain/app-server/word-filter.ts). */
  wordFilter?: WordFilterSettings;
  /** Callbacks to the app server: pre-send moderation and post-send events (docs/callbacks.md). */
  callbacks?: CallbackSettings;
  /** Days messages are kept (Agora's "storage days"); older ones are deleted in the background. 0 = forever. */
  storageDays?: number;
}

export interface WordFilterSettings {
  words: string[];
  /** block: the send is refused with 508; replace: each occurrence becomes ***. */
  action: 'block' | 'replace';
}

/** Post-send events an app server can subscribe to. */
export type CallbackEvent = 'message' | 'login' | 'logout' | 'group' | 'room' | 'contact';

export interface CallbackSettings {
  /** Where callbacks are POSTed; '' = none. */
  url: string;
  /** Signs every callback (Agora's MD5 `security` and an HMAC-SHA256 header). */
  secret: string;
  /** Post-send events sent (through the durable outbox). */
  events: CallbackEvent[];
  /** Every client message is first submitted to the app server, which allows, rejects or rewrites it. */
  preSend: boolean;
  /** Where pre-send callbacks go; '' = `url`. */
  preSendUrl: string;
  /** How long a send waits for the pre-send answer, ms. */
  preSendTimeoutMs: number;
  /** When the pre-send callback fails (timeout, error, bad answer): true = deliver, false = refuse (508). */
  failOpen: boolean;
}

/** Optional services an app can switch off. */
export type AppService =
  | 'groups'
  | 'chatrooms'
  | 'files'
  | 'history'
  | 'recall'
  | 'presence'
  | 'reactions'
  | 'threads'
  | 'translation';

export interface AppRecord {
  id: number;
  org: string;
  name: string;
  uuid: string;
  clientId: string;
  clientSecretHash: string;
  settings: AppSettings;
  createdAt: number;
}

export interface NewApp {
  org: string;
  name: string;
  uuid: string;
  clientId: string;
  clientSecretHash: string;
  settings: AppSettings;
  createdAt: number;
}

export interface AppStore {
  create(app: NewApp): Promise<AppRecord>;
  findByName(org: string, name: string): Promise<AppRecord | undefined>;
  findById(id: number): Promise<AppRecord | undefined>;
  count(): Promise<number>;
  /** Every app, in creation (id) order. */
  list(): Promise<AppRecord[]>;
  /** Replaces an app's settings (the whole object); undefined when there is no such app. */
  updateSettings(id: number, settings: AppSettings): Promise<AppRecord | undefined>;
}

export interface UserRecord {
  appId: number;
  username: string;
  uuid: string;
  passwordHash: string;
  nickname: string;
  activated: boolean;
  createdAt: number;
  modifiedAt: number;
}

export interface UserStore {
  /** Returns false when the username is taken in that app (nothing is written). */
  create(user: UserRecord): Promise<boolean>;
  find(appId: number, username: string): Promise<UserRecord | undefined>;
  /** The user whose `uuid` this is (Agora user tokens name users by UUID). */
  findByUuid(appId: number, uuid: string): Promise<UserRecord | undefined>;
  /** Users of an app in username order, starting after `after` (exclusive), at most `limit`. */
  list(appId: number, limit: number, after?: string): Promise<UserRecord[]>;
  /** Removes the user row; false when there was none. Messages and devices are not touched. */
  delete(appId: number, username: string): Promise<boolean>;
  /** Replaces the password hash; false when there is no such user. */
  setPassword(appId: number, username: string, passwordHash: string, modifiedAt: number): Promise<boolean>;
  /** Bans (false) or unbans (true) the user; false when there is no such user. */
  setActivated(appId: number, username: string, activated: boolean, modifiedAt: number): Promise<boolean>;
  /** Replaces the (push) nickname; false when there is no such user. */
  setNickname(appId: number, username: string, nickname: string, modifiedAt: number): Promise<boolean>;
}

export interface TokenRecord {
  tokenHash: string;
  appId: number;
  /** undefined for an app admin token */
  username: string | undefined;
  createdAt: number;
  expiresAt: number;
}

export interface TokenStore {
  save(token: TokenRecord): Promise<void>;
  find(tokenHash: string): Promise<TokenRecord | undefined>;
  /** Revokes every token of a user (password change, deletion); returns how many there were. */
  deleteForUser(appId: number, username: string): Promise<number>;
}

/** Server-wide values that outlive a process (e.g. the operator token's hash), by key. */
export interface ServerMetaStore {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` unless the key exists; true when this call stored it (first writer wins). */
  putIfAbsent(key: string, value: string): Promise<boolean>;
}

/** A message as committed: the encoded Meta is what every receiver gets. */
export interface StoredMessage {
  id: bigint;
  appId: number;
  /** Position in its conversation: gap-free, assigned in the insert transaction. */
  seq: bigint;
  sender: string;
  senderResource: string;
  clientMsgId: string;
  recipient: string;
  chatType: number;
  createdAt: number;
  meta: Uint8Array;
  /** The message a RECALL (or EDIT) entry acts on; a recalled message is hidden from history. */
  refId?: bigint | undefined;
  /**
   * Sent with `deliverOnlineOnly` (Meta.routetype ROUTE_ONLINE): only devices online when it was sent get
   * it (a device reading its queue in a session that began later skips it), and history leaves it out.
   */
  onlineOnly?: boolean | undefined;
}

export type NewMessage = Omit<StoredMessage, 'seq'>;

/** A page of a conversation's history, by position: 'up' = older than `before`, 'down' = newer. */
export interface HistoryQuery {
  direction: 'up' | 'down';
  /** Exclusive bound: the server id of the message to start after; none = from the newest (up) or oldest (down). */
  from?: bigint | undefined;
  limit: number;
}

/**
 * Where a message goes. A conversation is one ordered log (a 1:1 pair, a group); each member sees it as a
 * queue of its own, named as the client knows it (the peer's id for 1:1, `g:<id>` for a group).
 */
export interface ConversationTarget {
  /** Stable and unique per app, e.g. "u:alice:bob" with the two ids sorted, or "g:<groupId>". */
  key: string;
  /**
   * Member rows the append registers when the log starts (1:1). A group passes none: its member rows are
   * written with the membership (MucStore), so an append costs one message write whatever the group size.
   */
  members: readonly { owner: string; queue: string }[];
}

export interface AppendResult {
  /** The message as stored: on a duplicate client id, the earlier one. */
  message: StoredMessage;
  duplicate: boolean;
}

export interface QueueBatch {
  /** Entries for the device, in conversation order (its own sends left out). */
  items: { pos: bigint; meta: Uint8Array }[];
  /** Highest position looked at, own sends included: the cursor a client reaching it may ack. */
  scannedTo: bigint;
}

export interface UnreadQueue {
  queue: string;
  count: number;
}

export interface DeviceRef {
  appId: number;
  owner: string;
  resource: string;
}

export interface MessageStore {
  /** Tells `observer` the size of each batch the group commit writes (metrics); one observer. */
  observeCommitBatches?(observer: (size: number) => void): void;
  /**
   * Commits the message at the conversation's next position: the durability point. Idempotent on
   * (appId, sender, clientMsgId). The sending device's cursor moves past its own message when it was
   * already up to date, so it is not told about it again.
   */
  append(message: NewMessage, target: ConversationTarget): Promise<AppendResult>;
  /**
   * Records a device; a new device starts each queue where the user's furthest device is. A device without
   * a cursor of a queue starts at the member's `start_seq` (where a group member joined the log), and a
   * cursor older than that counts from there too (a member who left and joined again).
   */
  touchDevice(device: DeviceRef, now: number): Promise<void>;
  /**
   * The next entries of a queue after the device's cursor. `onlineSince`: when the reading session began;
   * online-only entries created before it are skipped like the device's own sends (scanned, not returned).
   */
  readQueue(device: DeviceRef, queue: string, limit: number, onlineSince?: number): Promise<QueueBatch>;
  /** Moves the device's cursor forward (never back, never past the end) to `pos`. */
  ackQueue(device: DeviceRef, queue: string, pos: bigint): Promise<void>;
  /** Queues with entries the device has not acknowledged. */
  unreadQueues(device: DeviceRef): Promise<UnreadQueue[]>;
  /**
   * Entries of the user's conversations that none of the user's devices has taken yet (Agora's offline
   * message count): per conversation, from the furthest device cursor (or where the user joined) to the end.
   */
  offlineCount(appId: number, owner: string): Promise<number>;
  /** Whether some device of `owner` has taken the message (its cursor in that conversation reached it). */
  deliveredTo(appId: number, owner: string, messageId: bigint): Promise<boolean>;
  /** Messages with ids in [fromId, toId) — ids are time-ordered, so one span of time — in id order. */
  listByIdRange(appId: number, fromId: bigint, toId: bigint, limit: number): Promise<StoredMessage[]>;
  /** A message by server id, and whether a RECALL entry of its conversation names it. */
  findById(appId: number, id: bigint): Promise<{ message: StoredMessage; recalled: boolean } | undefined>;
}

export interface Storage {
  readonly apps: AppStore;
  readonly users: UserStore;
  readonly tokens: TokenStore;
  readonly meta: ServerMetaStore;
  readonly messages: MessageStore;
  readonly files: ChatFileStore;
  readonly conversations: ConversationStore;
  /** Per-MUC user lists (mute, allow, block, shield), member attributes, shared files. */
  readonly mucLists: MucListStore;
  /** Groups (and later chat rooms): records, members with roles, pending requests. */
  readonly mucs: MucStore;
  /** Contacts, friend requests and blocklists. */
  readonly contacts: ContactStore;
  /** Users' attributes (nickname, avatar, …): issue 15. */
  readonly userAttributes: UserAttributeStore;
  /** Presence subscriptions and published descriptions: issue 15. */
  readonly presence: PresenceStore;
  /** Chat rooms' custom attributes (per-key owner, autoDelete). */
  readonly roomAttributes: RoomAttributeStore;
  /** Who may create chat rooms with their own token. */
  readonly roomSuperAdmins: RoomSuperAdminStore;
  /** Who added which reaction to which message. */
  readonly reactions: ReactionStore;
  /** Chat threads on group messages and their members. */
  readonly threads: ThreadStore;
  /** Device tokens, push language and style, silent mode (issue 20). */
  readonly pushSettings: PushSettingsStore;
  /** Offline push: delivery queue, provider configs, templates, labels (issue 20). */
  readonly push: PushStore;
  /** Global mutes of users (506), issue 19. */
  readonly userMutes: UserMuteStore;
  /** Callbacks waiting to reach the app server (durable outbox), issue 19. */
  readonly callbackOutbox: CallbackOutboxStore;
  /** Report review and retention deletes, issue 19. */
  readonly moderation: ModerationStore;
  close(): Promise<void>;
}
