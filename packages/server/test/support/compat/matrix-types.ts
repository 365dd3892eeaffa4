// Vocabulary of the conformance matrix (docs/compatibility.md): feature areas, how a method is called, and
// what a run concluded about it.

/** Feature areas, in the order the doc lists them. */
export const AREAS = [
  'Connection and lifecycle',
  'Messages',
  'History',
  'Conversations',
  'Contacts and blocklist',
  'Users and attributes',
  'Presence',
  'Push and silent mode',
  'Translation',
  'Reactions',
  'Groups',
  'Chat rooms',
  'Threads',
  'RTC',
] as const;
export type Area = (typeof AREAS)[number];

export type ChatKind = 'singleChat' | 'groupChat' | 'chatRoom';

/** What a method's arguments may refer to; one per SDK under test (each logs in as its own user). */
export interface Fixture {
  /** The logged-in user, its password, a peer and a third user (all registered). */
  me: string;
  password: string;
  peer: string;
  other: string;
  /** A user name nobody registered yet (registerUser). */
  newUser: string;
  /** The main group of `group` (for the chat-type variants of messages, history, conversations). */
  groupId: string;
  /** Real groups, users in them and what they hold (group-fixture.ts). */
  group: GroupFixture;
  /** Users in the contact state each contact or blocklist method acts on (contact-fixture.ts). */
  contacts: ContactFixture;
  /** Reactions on the fixture's messages (reaction-fixture.ts), added once they are sent. */
  reactions: ReactionFixture;
  /** Threads on the main group's messages (thread-fixture.ts), made once the subject is logged in. */
  threads: ThreadFixture;
  /** The main chat room of `room`. */
  roomId: string;
  /** Real chat rooms, users in them and what they hold (room-fixture.ts). */
  room: RoomFixture;
  /** Ids of things the server does not have yet (fixed, so reasons are the same run to run). */
  threadId: string;
  /** Server ids of messages `me` sent to `peer`: one to act on, one to recall, one to edit. */
  messageId: string;
  recallId: string;
  editId: string;
  /** An uploaded combine file holding two messages. */
  combine: { url: string; secret: string };
  /** A second valid token of `me` (renewToken). */
  freshToken: string;
  /** A text message object built by this SDK's own `message.create`. */
  text(to: string, msg: string, chatType?: ChatKind): unknown;
  /** A file object as this SDK's upload calls take it. */
  file(): unknown;
}

/** This subject's groups; keys of `own` and `user` are method names. */
export interface GroupFixture {
  /** Owned by `me`; `peer`, `other` and the per-method users are in it; an announcement and two files. */
  main: string;
  /** A group of its own for a method that ends, hands over or answers for a group. */
  own: Record<string, string>;
  /** A user of its own for a method, in the state the method acts on (admin for removeAdmin…). */
  user: Record<string, string>;
  /** Shared files of the main group: one to download, one to delete. */
  files: { download: string; remove: string };
  /** Messages `me` sent to the main group (set once logged in): one to act on, one to recall. */
  messageId: string;
  recallId: string;
}

/** This subject's contact users; keys are method names (plus keepContact, keepBlocked). */
export interface ContactFixture {
  user: Record<string, string>;
}

/** This subject's chat rooms; keys of `own` and `user` are method names. */
export interface RoomFixture {
  /** Owned by `me`; `peer`, `other` and the per-method users are in it; an announcement and a file. */
  main: string;
  /** A room of its own for a method that ends it. */
  own: Record<string, string>;
  /** A user of its own for a method, in the state the method acts on (admin for removeChatRoomAdmin…). */
  user: Record<string, string>;
  /** The main room's shared file to delete. */
  files: { remove: string };
}

/** Reactions of this subject's messages: `kept` (the peer's, on both messages) and `own` (the subject's). */
export interface ReactionFixture {
  kept: string;
  own: string;
  /** Adds them, once the messages are sent. */
  seed(f: Fixture): Promise<void>;
}

/** This subject's threads: `id` by method name; `freeMessage` a group message with no thread yet. */
export interface ThreadFixture {
  freeMessage: string;
  id: Record<string, string>;
  /** Makes them; `send` sends a text from the subject (a thread id as `to` sends into that thread). */
  seed(f: Fixture, send: (to: string, msg: string) => Promise<string>): Promise<void>;
}

/** One way of calling a method; `name` tells variants apart in reasons ("groupChat: 605 group not found"). */
export interface Variant {
  name?: string;
  args: unknown[];
}

export interface CallContext {
  fixture: Fixture;
  /** The connection under test (its `isOpened()` after close, for instance). */
  conn: { isOpened(): boolean };
}

/** How the matrix calls one method. */
export interface MethodSpec {
  area: Area;
  /**
   * first: logs in (everything else needs it); parallel: independent calls; serial: calls that change state
   * other calls rely on (unpin after pin, deletes), one at a time after the parallel ones; cleanup: what
   * wipes the fixture (delete everything); last: close().
   */
  phase?: 'first' | 'parallel' | 'serial' | 'cleanup' | 'last';
  variants(f: Fixture): Variant[];
  /**
   * For methods that answer only through callbacks in their first argument (file uploads and downloads):
   * the names of the success and failure callbacks the matrix installs and waits for.
   */
  callbacks?: { ok: string; fail: string };
  /** The documented shape of a good answer; a message when it is not met ("partly"). */
  check?(result: unknown, ctx: CallContext): string | undefined;
}

export type Status = 'works' | 'partly' | 'missing';

export interface Verdict {
  status: Status;
  reason: string;
}

export interface MethodResult {
  method: string;
  area: Area;
  official: Verdict;
  /** Our SDK: undefined when it has no method of that name. */
  ours: Verdict | undefined;
}

export interface MatrixResult {
  /** d.ts order is not meaningful: rows are sorted by area, then method name. */
  rows: MethodResult[];
  /** Functions of the 1.4.0 Connection at run time that its d.ts does not declare (not counted). */
  undeclared: string[];
}
