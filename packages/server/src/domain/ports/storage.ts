// Storage ports, one per aggregate. Adapters (SQLite now, PostgreSQL later) implement them and pass
// the shared contract suite; the domain never sees a driver type.

export interface AppSettings {
  /** Anyone may register through POST /{org}/{app}/users without an admin token. */
  openRegistration: boolean;
  /** Lifetime of user and admin tokens, seconds. */
  tokenTtlSeconds: number;
  /** Largest encoded message body accepted (text, custom, cmd), bytes. */
  maxMessageBytes: number;
}

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
}

export type NewMessage = Omit<StoredMessage, 'seq'>;

/**
 * Where a message goes. A conversation is one ordered log (a 1:1 pair now, a group later); each member
 * sees it as a queue of its own, named as the client knows it (the peer's id for 1:1).
 */
export interface ConversationTarget {
  /** Stable and unique per app, e.g. "u:alice:bob" with the two ids sorted. */
  key: string;
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
  /**
   * Commits the message at the conversation's next position: the durability point. Idempotent on
   * (appId, sender, clientMsgId). The sending device's cursor moves past its own message when it was
   * already up to date, so it is not told about it again.
   */
  append(message: NewMessage, target: ConversationTarget): Promise<AppendResult>;
  /** Records a device; a new device starts each queue where the user's furthest device is. */
  touchDevice(device: DeviceRef, now: number): Promise<void>;
  /** The next entries of a queue after the device's cursor. */
  readQueue(device: DeviceRef, queue: string, limit: number): Promise<QueueBatch>;
  /** Moves the device's cursor forward (never back, never past the end) to `pos`. */
  ackQueue(device: DeviceRef, queue: string, pos: bigint): Promise<void>;
  /** Queues with entries the device has not acknowledged. */
  unreadQueues(device: DeviceRef): Promise<UnreadQueue[]>;
}

export interface Storage {
  readonly apps: AppStore;
  readonly users: UserStore;
  readonly tokens: TokenStore;
  readonly messages: MessageStore;
  close(): Promise<void>;
}
