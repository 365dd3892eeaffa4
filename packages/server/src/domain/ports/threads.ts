// Chat threads: a sub-conversation hanging off one group message (at most one thread per message). A thread
// has its own message log (conversation and queue `t:<id>`) that only its joined members receive: a
// member's delivery row (conversation_members) is written with the membership, in the same transaction,
// as a group's is (ports/mucs.ts). Members are not roles: the thread's owner (creator) and the parent
// group's owner/admins moderate it, which the domain decides from the group.

export interface ThreadRecord {
  appId: number;
  /** Numeric string, unique per app (drawn from the same id space as groups). */
  id: string;
  groupId: string;
  /** The group message the thread hangs off (server id, decimal). */
  msgId: string;
  name: string;
  owner: string;
  memberCount: number;
  /** Messages sent in the thread so far. */
  messageCount: number;
  /** Server id of the newest message in the thread ('' before the first). */
  lastMessageId: string;
  createdAt: number;
  modifiedAt: number;
}

export type NewThread = Pick<
  ThreadRecord,
  'appId' | 'id' | 'groupId' | 'msgId' | 'name' | 'owner' | 'createdAt'
>;

export type CreateThreadResult =
  | { ok: true; thread: ThreadRecord }
  /** `id`: the id is taken (draw another); `message`: the message already has a thread (1301). */
  | { ok: false; reason: 'id' | 'message' };

export interface ThreadMember {
  username: string;
  joinedAt: number;
}

export interface ThreadPage<T> {
  items: T[];
  /** Opaque and URL-safe; absent on the last page. */
  cursor?: string;
}

export interface ThreadStore {
  /** Creates the thread with its owner as first member (delivery row included), atomically. */
  create(thread: NewThread): Promise<CreateThreadResult>;
  get(appId: number, id: string): Promise<ThreadRecord | undefined>;
  /** In the order asked; unknown ids left out. */
  getMany(appId: number, ids: readonly string[]): Promise<ThreadRecord[]>;
  /** The thread of a group message, if it has one. */
  byMessage(appId: number, msgId: string): Promise<ThreadRecord | undefined>;
  rename(appId: number, id: string, name: string, modifiedAt: number): Promise<ThreadRecord | undefined>;
  /** Removes the thread, its members and their delivery rows; its messages stay. */
  destroy(appId: number, id: string): Promise<boolean>;
  /** Adds a member at the log's end. 'gone': no such thread; 'already': a member before. */
  join(appId: number, id: string, username: string, joinedAt: number): Promise<'joined' | 'already' | 'gone'>;
  /** Removes members and their delivery rows; returns those that were members. */
  removeMembers(appId: number, id: string, usernames: readonly string[]): Promise<string[]>;
  member(appId: number, id: string, username: string): Promise<ThreadMember | undefined>;
  /** Members by join order, after `cursor`. */
  members(appId: number, id: string, limit: number, cursor?: string): Promise<ThreadPage<ThreadMember>>;
  memberNames(appId: number, id: string): Promise<string[]>;
  /** Threads of a group, oldest first, after `cursor`. */
  ofGroup(appId: number, groupId: string, limit: number, cursor?: string): Promise<ThreadPage<ThreadRecord>>;
  /** Every thread of the app, oldest first (app server). */
  all(appId: number, limit: number, cursor?: string): Promise<ThreadPage<ThreadRecord>>;
  /** Threads the user joined (of one group when `groupId` is given), oldest first. */
  joinedBy(
    appId: number,
    username: string,
    opts: { groupId?: string | undefined; limit: number; cursor?: string | undefined },
  ): Promise<ThreadPage<ThreadRecord>>;
  /** Counts a new message of the thread and makes it the last one; undefined when the thread is gone. */
  recordMessage(appId: number, id: string, messageId: string, at: number): Promise<ThreadRecord | undefined>;
  /** Users who left a group leave its threads (memberships and delivery rows); returns how many rows went. */
  forgetGroupMembers(appId: number, groupId: string, usernames: readonly string[]): Promise<number>;
  /** A destroyed group's threads go with it (members and delivery rows; messages stay); returns their ids. */
  destroyOfGroup(appId: number, groupId: string): Promise<string[]>;
  /** Threads in the app (the per-app limit). */
  count(appId: number): Promise<number>;
}

/** Conversation key and queue id of a thread's message log (see domain/messages/queue-ids.ts). */
export const threadConversationKey = (id: string): string => 't:' + id;
