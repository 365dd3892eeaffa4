// The node-local index of group queues: group queue id → this node's sessions of the group's members. One
// bus event per group message (GroupHint) reaches every node; each node wakes only its own sessions, found
// here without a store read per message. A group is indexed the first time an event of it reaches this node
// (its member names, `memberNames`, read once) and kept right by membership events (MembershipChanged) and
// by sessions coming and going. Every mistake here only delays delivery: a woken non-member finds nothing to
// read, and a member's device that was not woken finds the group's entries at its next UNREAD heartbeat.
import type { GroupHint, MembershipChanged } from '../domain/ports/bus.js';
import type { PushFrameCache, RegisteredSession } from './session-registry.js';

/** Member names of a group, by its queue id (`g:<id>`). */
export type GroupMemberLoader = (appId: number, queue: string) => Promise<readonly string[]>;

export interface GroupSessionsOptions {
  /** This node's sessions of a user. */
  sessionsOf: (appId: number, username: string) => Iterable<RegisteredSession>;
  load: GroupMemberLoader;
  /** A failed member read: its events are dropped (the next UNREAD catches up). */
  onError: (err: unknown, queue: string) => void;
  /** Member names kept over all indexed groups; the least recently used groups go beyond it. */
  maxMembers?: number;
}

/** About 100 MB of names at most; a group evicted is read again at its next message. */
const MAX_MEMBERS = 1_000_000;

interface Entry {
  readonly key: string;
  readonly appId: number;
  readonly queue: string;
  /** undefined while the member names are being read. */
  members: Set<string> | undefined;
  /** This node's sessions of the members. */
  readonly local: Set<RegisteredSession>;
  /** Events that arrived while loading, delivered in order once loaded. */
  waiting: GroupHint[];
  /** Membership changes that arrived while loading, applied in order on top of what was read. */
  changes: MembershipChanged[];
}

const groupKey = (appId: number, queue: string) => `${appId}\u0000${queue}`;
const userKey = (appId: number, username: string) => `${appId}\u0000${username}`;

export class GroupSessions {
  /** In least-recently-used order (a Map iterates in insertion order; a use moves the entry to the end). */
  private readonly entries = new Map<string, Entry>();
  /** user → the loaded groups it is a member of (for sessions that come and go). */
  private readonly byUser = new Map<string, Set<Entry>>();
  private memberCount = 0;
  private readonly maxMembers: number;

  constructor(private readonly o: GroupSessionsOptions) {
    this.maxMembers = o.maxMembers ?? MAX_MEMBERS;
  }

  /** Wakes this node's sessions of the group's members, the causing device excepted. */
  onHint(event: GroupHint): void {
    const key = groupKey(event.appId, event.queue);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = this.startLoading(key, event.appId, event.queue);
    } else {
      this.entries.delete(key); // most recently used
      this.entries.set(key, entry);
    }
    if (entry.members === undefined) entry.waiting.push(event);
    else deliver(entry, event);
  }

  onMembership(event: MembershipChanged): void {
    const entry = this.entries.get(groupKey(event.appId, event.queue));
    if (entry === undefined) return; // not indexed here: read fresh at its next message
    if (event.destroyed) return this.evict(entry);
    if (entry.members === undefined) entry.changes.push(event);
    else this.apply(entry, event);
  }

  sessionAdded(session: RegisteredSession): void {
    const groups = this.byUser.get(userKey(session.appId, session.username));
    if (groups) for (const entry of groups) entry.local.add(session);
  }

  sessionRemoved(session: RegisteredSession): void {
    const groups = this.byUser.get(userKey(session.appId, session.username));
    if (groups) for (const entry of groups) entry.local.delete(session);
  }

  /** Forgets everything (after a bus outage membership events may have been missed). */
  clear(): void {
    this.entries.clear();
    this.byUser.clear();
    this.memberCount = 0;
  }

  /** For tests and diagnostics: this node's sessions indexed for a group, undefined when not indexed. */
  localSessions(appId: number, queue: string): ReadonlySet<RegisteredSession> | undefined {
    const entry = this.entries.get(groupKey(appId, queue));
    return entry?.members === undefined ? undefined : entry.local;
  }

  /** For tests and diagnostics: groups indexed on this node. */
  get size(): number {
    return this.entries.size;
  }

  private startLoading(key: string, appId: number, queue: string): Entry {
    const entry: Entry = {
      key,
      appId,
      queue,
      members: undefined,
      local: new Set(),
      waiting: [],
      changes: [],
    };
    this.entries.set(key, entry);
    this.o.load(appId, queue).then(
      (names) => {
        if (this.entries.get(key) !== entry) return; // evicted or cleared meanwhile
        entry.members = new Set();
        for (const name of names) this.addMember(entry, name);
        for (const change of entry.changes) this.apply(entry, change);
        const waiting = entry.waiting;
        entry.changes = [];
        entry.waiting = [];
        for (const event of waiting) deliver(entry, event);
        this.evictOverCap();
      },
      (err: unknown) => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        this.o.onError(err, queue);
      },
    );
    return entry;
  }

  private apply(entry: Entry, change: MembershipChanged): void {
    for (const name of change.added ?? []) this.addMember(entry, name);
    for (const name of change.removed ?? []) this.removeMember(entry, name);
    this.evictOverCap();
  }

  private addMember(entry: Entry, name: string): void {
    const members = entry.members!;
    if (members.has(name)) return;
    members.add(name);
    this.memberCount++;
    const uk = userKey(entry.appId, name);
    let groups = this.byUser.get(uk);
    if (!groups) this.byUser.set(uk, (groups = new Set()));
    groups.add(entry);
    for (const s of this.o.sessionsOf(entry.appId, name)) entry.local.add(s);
  }

  private removeMember(entry: Entry, name: string): void {
    if (!entry.members!.delete(name)) return;
    this.memberCount--;
    this.unlink(entry, name);
    for (const s of this.o.sessionsOf(entry.appId, name)) entry.local.delete(s);
  }

  private unlink(entry: Entry, name: string): void {
    const uk = userKey(entry.appId, name);
    const groups = this.byUser.get(uk);
    if (!groups) return;
    groups.delete(entry);
    if (groups.size === 0) this.byUser.delete(uk);
  }

  private evict(entry: Entry): void {
    this.entries.delete(entry.key);
    if (entry.members === undefined) return;
    for (const name of entry.members) this.unlink(entry, name);
    this.memberCount -= entry.members.size;
  }

  private evictOverCap(): void {
    for (const oldest of this.entries.values()) {
      if (this.memberCount <= this.maxMembers) return;
      // The group just used is the newest: it is kept even when it alone passes the cap.
      if (this.entries.size === 1) return;
      this.evict(oldest);
    }
  }
}

function deliver(entry: Entry, event: GroupHint): void {
  // Every member's push frame is the same bytes (the group's queue, the entry): encoded once per node.
  const shared: PushFrameCache = {};
  const except = event.except;
  for (const s of entry.local) {
    if (except && s.resource === except.resource && s.username === except.username) continue;
    s.wake(entry.queue, event, shared);
  }
}
