// Storage the app-server features need (issue 19): global mutes, the durable outbox of callbacks to the
// app server, report review, and retention. One port per concern; SQLite and PostgreSQL adapters pass the
// shared contract suite (test/contracts/app-server-contract.ts).

/** A user's global mute: until when (ms epoch) each kind of message is refused; 0 = not muted, -1 = forever. */
export interface UserMute {
  username: string;
  chatUntil: number;
  groupchatUntil: number;
  chatroomUntil: number;
}

export interface UserMuteStore {
  /** Replaces the user's mute (all three kinds at once). */
  set(appId: number, mute: UserMute): Promise<void>;
  get(appId: number, username: string): Promise<UserMute | undefined>;
  /** Users with any mute still in force at `now`, in username order. */
  list(appId: number, now: number, offset: number, limit: number): Promise<UserMute[]>;
}

/** One callback waiting to reach the app server. */
export interface OutboxEntry {
  id: number;
  appId: number;
  /** What makes an event unique (a resent message enqueues nothing new). */
  eventKey: string;
  /** Ordering stream (a conversation, a user): callbacks of one stream go out one at a time, in order. */
  stream: string;
  /** The JSON payload, without its signature (added when sent). */
  body: string;
  createdAt: number;
  attempts: number;
  nextAt: number;
}

export type NewOutboxEntry = Pick<OutboxEntry, 'appId' | 'eventKey' | 'stream' | 'body' | 'createdAt'>;

export interface CallbackOutboxStore {
  /**
   * Adds an entry (ignored when its app already has one with that event key). When the outbox then holds
   * more than `maxRows` entries, the oldest are dropped; the answer says how many.
   */
  enqueue(entry: NewOutboxEntry, maxRows: number): Promise<{ added: boolean; dropped: number }>;
  /**
   * The first entry of each stream that is due at `now`, oldest first, at most `limit`; each is leased
   * (its nextAt moved to `leaseUntil`) so another dispatcher does not take it meanwhile.
   */
  claim(now: number, leaseUntil: number, limit: number): Promise<OutboxEntry[]>;
  /** Delivered: gone. */
  done(id: number): Promise<void>;
  /** Failed: tried again at `nextAt`. */
  retry(id: number, attempts: number, nextAt: number): Promise<void>;
  /** Drops entries created before `cutoff`; how many. */
  dropOlderThan(cutoff: number): Promise<number>;
  count(): Promise<number>;
}

export type ReportStatus = 'open' | 'resolved' | 'dismissed';

export interface ReportRecord {
  id: number;
  reporter: string;
  messageId: bigint;
  reportType: string;
  reason: string;
  createdAt: number;
  status: ReportStatus;
  resolvedAt?: number;
  resolvedBy?: string;
  note?: string;
}

export interface ModerationStore {
  /** Reports of an app, newest first; `status` filters. */
  listReports(
    appId: number,
    status: ReportStatus | undefined,
    offset: number,
    limit: number,
  ): Promise<ReportRecord[]>;
  /** Closes a report; false when there is no such report. */
  resolveReport(
    appId: number,
    id: number,
    status: Exclude<ReportStatus, 'open'>,
    by: string,
    note: string,
    at: number,
  ): Promise<boolean>;
  /** Deletes up to `limit` messages of the app with a server id below `beforeId` (older); how many. */
  deleteMessagesBefore(appId: number, beforeId: bigint, limit: number): Promise<number>;
}
