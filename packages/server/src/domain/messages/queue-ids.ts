// A queue is what a device drains: an id that carries its kind. A user's queue of a one-to-one
// conversation is named after the peer, and its id is that name (as stored today); the other kinds
// prefix their name with a letter and a colon, which usernames cannot contain. A new kind is a row
// here, not a new path: the gateway turns ids into the JIDs clients see, and back, through this table.
import { Domain, type Jid } from '@confab/protocol';

export type QueueKind = 'user' | 'group' | 'room' | 'thread' | 'notice';

interface KindRow {
  readonly kind: QueueKind;
  /** Before the name in the id; '' for user queues only. */
  readonly prefix: string;
  /** The JID domain of the queue on the wire (spec §4.1). */
  readonly domain: string;
}

/** JID domain of thread queues (a thread's log): Confab's own, as the notice queues'. */
export const THREAD_QUEUE_DOMAIN = 'thread.confab';
/** JID domain of notice queues: Confab's own, never a user's or a conference's. */
export const NOTICE_DOMAIN = 'notice.confab';
/**
 * The name every user's notice queue has (one per user: the owner tells them apart). '@' is in no
 * username ([a-z0-9_.-]) and no group id (digits), so the client never confuses it with a conversation.
 */
export const NOTICE_QUEUE_NAME = '@notices';

// Groups, rooms and threads share the conference domain, so a client's
// JID of that domain resolves to the first of them (group) until their features decide otherwise.
const KINDS: readonly KindRow[] = [
  { kind: 'user', prefix: '', domain: Domain.USER },
  { kind: 'group', prefix: 'g:', domain: Domain.CONFERENCE },
  { kind: 'room', prefix: 'r:', domain: Domain.CONFERENCE },
  // A thread's queue has a domain of its own (its messages still name the thread with a conference JID),
  // so a client's SYNC of it maps back here and not to a group of the same name.
  { kind: 'thread', prefix: 't:', domain: THREAD_QUEUE_DOMAIN },
  // A user's own notices (group events for that user alone: an invitation, a removal, a request to the
  // admins). Its own domain, so the client's echo maps back here; its name (NOTICE_QUEUE_NAME) is what
  // the client keys its queues by, so it must never equal a peer's username or a group id.
  { kind: 'notice', prefix: 'n:', domain: NOTICE_DOMAIN },
];
const USER = KINDS[0]!;
const COLON = 58;
const byLetter = new Map(KINDS.filter((k) => k.prefix).map((k) => [k.prefix.charCodeAt(0), k]));
const byKind = new Map(KINDS.map((k) => [k.kind, k]));
const byDomain = new Map<string, KindRow>();
for (const k of KINDS) if (!byDomain.has(k.domain)) byDomain.set(k.domain, k);

function rowOf(id: string): KindRow {
  return (id.charCodeAt(1) === COLON && byLetter.get(id.charCodeAt(0))) || USER;
}

/** The id of the queue `name` of a kind (a user queue's id is its name). */
export function queueId(kind: QueueKind, name: string): string {
  return byKind.get(kind)!.prefix + name;
}

export function queueKind(id: string): QueueKind {
  return rowOf(id).kind;
}

/** The queue's name as the client sees it (its JID name). */
export function queueName(id: string): string {
  const row = rowOf(id);
  return row.prefix ? id.slice(row.prefix.length) : id;
}

/** The JID the client knows the queue by. */
export function queueJid(appKey: string, id: string): Jid {
  const row = rowOf(id);
  return { appKey, name: row.prefix ? id.slice(row.prefix.length) : id, domain: row.domain };
}

/** The queue a client's JID names (no domain: a user queue, as the SDK omits it there); undefined without a name. */
export function queueIdOfJid(jid: Jid | null | undefined): string | undefined {
  const name = jid?.name;
  if (!name) return undefined;
  const row = (jid.domain && byDomain.get(jid.domain)) || USER;
  return row.prefix + name;
}
