// The sockets logged in on this node, by user (and by group, group-sessions.ts), and the bus subscription
// that wakes them.
import type { Bus, BusEvent } from '../domain/ports/bus.js';
import { GroupSessions, type GroupMemberLoader } from './group-sessions.js';
import { presencePayload } from './presence-frames.js';
import type { RoomOfflineLeaves } from './room-offline.js';
import { RoomPresence } from './room-presence.js';

/** What a wake-up may carry: the new entry's position and bytes (both, or neither). */
export interface WakeHint {
  seq?: string;
  entry?: Uint8Array;
}

export interface RegisteredSession {
  readonly appId: number;
  readonly username: string;
  readonly resource: string;
  /**
   * The queue has new entries: tell the client (NOTICE), or push the entry the hint carries when the
   * device is known to be up to date. `shared` lets the sessions of one hint encode the push frame once.
   */
  wake(queue: string, hint?: WakeHint, shared?: PushFrameCache): void;
  /** Tell the client why (kick code), then close. */
  kick(code: number, reason?: string): void;
  /** Events may have been missed: NOTICE every queue with pending entries. */
  resync(): void;
  /** Closes the socket without a kick (the client will reconnect). */
  close(code?: number, reason?: string): void;
  /** Pushes a NOTIFY "presence" frame about `publisher` (gateway/presence-frames.ts). */
  notifyPresence?(publisher: string, payload: string): void;
}

/** Sessions a new login displaces on this node, oldest first. */
export interface Displaced {
  readonly sameDevice: RegisteredSession[];
  readonly overCap: RegisteredSession[];
}

/** One hint's push frame, encoded by the first session that needs it (all of a user's are identical). */
export interface PushFrameCache {
  frame?: Uint8Array;
}

const keyOf = (appId: number, username: string) => `${appId}\u0000${username}`;
const NO_SESSIONS: ReadonlySet<RegisteredSession> = new Set();

export interface SessionRegistryOptions {
  /** Member names of a group by its queue id; without it group events wake nobody here. */
  groupMembers?: GroupMemberLoader;
  onGroupError?: (err: unknown, queue: string) => void;
  /** Member names the group index keeps at most (group-sessions.ts). */
  maxIndexedMembers?: number;
}

const noGroups: GroupMemberLoader = () => Promise.resolve([]);

export class SessionRegistry {
  private readonly byUser = new Map<string, Set<RegisteredSession>>();
  private readonly unsubscribe: () => void;
  private isClosing = false;
  /** This node's sessions by group. */
  readonly groups: GroupSessions;
  /** This node's sessions present in chat rooms. */
  readonly rooms: RoomPresence;
  /** Devices that went away from rooms without leaving (set by the gateway; room-offline.ts). */
  roomOffline: RoomOfflineLeaves | undefined;

  constructor(bus: Bus, options: SessionRegistryOptions = {}) {
    this.groups = new GroupSessions({
      sessionsOf: (appId, username) => this.sessionsOf(appId, username),
      load: options.groupMembers ?? noGroups,
      onError: options.onGroupError ?? (() => undefined),
      ...(options.maxIndexedMembers === undefined ? {} : { maxMembers: options.maxIndexedMembers }),
    });
    this.rooms = new RoomPresence((appId, username) => this.sessionsOf(appId, username));
    this.unsubscribe = bus.subscribe((event) => this.deliver(event));
  }

  /**
   * Registers a logged-in session and says whom it displaces on this node: the older sockets of the same
   * device (resource), which it replaces, and, past `maxPerUser` sockets of the user, the oldest others.
   */
  add(session: RegisteredSession, maxPerUser = Infinity): Displaced {
    const key = keyOf(session.appId, session.username);
    let set = this.byUser.get(key);
    if (!set) this.byUser.set(key, (set = new Set()));
    const sameDevice = [...set].filter((s) => s.resource === session.resource);
    const others = [...set].filter((s) => s.resource !== session.resource);
    set.add(session);
    this.groups.sessionAdded(session);
    // A Set iterates in insertion order: oldest first.
    const overCap = others.slice(0, Math.max(0, others.length + 1 - maxPerUser));
    return { sameDevice, overCap };
  }

  remove(session: RegisteredSession): void {
    const key = keyOf(session.appId, session.username);
    const set = this.byUser.get(key);
    if (!set) return;
    if (!set.delete(session)) return;
    this.groups.sessionRemoved(session);
    if (set.size === 0) this.byUser.delete(key);
  }

  sessionsOf(appId: number, username: string): ReadonlySet<RegisteredSession> {
    return this.byUser.get(keyOf(appId, username)) ?? NO_SESSIONS;
  }

  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  /** After a bus outage: every local session re-checks its queues instead of waiting for a heartbeat. */
  resyncAll(): void {
    this.groups.clear(); // membership events may have been missed too
    for (const set of this.byUser.values()) for (const s of set) s.resync();
  }

  /** True once the node shuts down (sessions closing then skip their presence announcements). */
  get closing(): boolean {
    return this.isClosing;
  }

  close(): void {
    this.isClosing = true;
    this.roomOffline?.close();
    this.unsubscribe();
  }

  private deliver(event: BusEvent): void {
    switch (event.kind) {
      case 'queue': {
        const shared: PushFrameCache = {};
        for (const s of this.sessionsOf(event.appId, event.owner)) {
          if (s.resource !== event.exceptResource) s.wake(event.queue, event, shared);
        }
        return;
      }
      case 'group':
        return this.groups.onHint(event);
      case 'membership':
        // A room's members who left or were removed stop being present; a destroyed room ends for all.
        if (event.queue.startsWith('r:')) return this.rooms.onMembership(event);
        return this.groups.onMembership(event);
      case 'presence':
        event.subscribers.forEach((subscriber, i) => {
          const local = this.sessionsOf(event.appId, subscriber);
          if (local.size === 0) return;
          const payload = presencePayload(event.value, event.expiries[i] ?? 0);
          for (const s of local) s.notifyPresence?.(event.publisher, payload);
        });
        return;
      case 'room':
        return this.rooms.deliver(event);
      case 'kick':
        for (const s of [...this.sessionsOf(event.appId, event.username)]) {
          if (event.resource !== undefined && s.resource !== event.resource) continue;
          if (s.resource === event.exceptResource) continue;
          s.kick(event.code, event.reason);
        }
        return;
      case 'app':
      case 'cached':
        return; // app reloads and hot-path caches: the server's caches listen for them, not sessions
    }
  }
}
