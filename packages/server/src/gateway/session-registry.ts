// The sockets logged in on this node, by user, and the bus subscription that wakes them.
import type { Bus, QueueHint } from '../domain/ports/bus.js';

export interface RegisteredSession {
  readonly appId: number;
  readonly username: string;
  readonly resource: string;
  /** The queue has new entries: tell the client (NOTICE). */
  wake(queue: string): void;
}

const keyOf = (appId: number, username: string) => `${appId}\u0000${username}`;

export class SessionRegistry {
  private readonly byUser = new Map<string, Set<RegisteredSession>>();
  private readonly unsubscribe: () => void;

  constructor(bus: Bus) {
    this.unsubscribe = bus.subscribe((hint) => this.deliver(hint));
  }

  add(session: RegisteredSession): void {
    const key = keyOf(session.appId, session.username);
    let set = this.byUser.get(key);
    if (!set) this.byUser.set(key, (set = new Set()));
    set.add(session);
  }

  remove(session: RegisteredSession): void {
    const key = keyOf(session.appId, session.username);
    const set = this.byUser.get(key);
    if (!set) return;
    set.delete(session);
    if (set.size === 0) this.byUser.delete(key);
  }

  sessionsOf(appId: number, username: string): ReadonlySet<RegisteredSession> {
    return this.byUser.get(keyOf(appId, username)) ?? new Set();
  }

  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  close(): void {
    this.unsubscribe();
  }

  private deliver(hint: QueueHint): void {
    for (const s of this.sessionsOf(hint.appId, hint.owner)) {
      if (s.resource !== hint.exceptResource) s.wake(hint.queue);
    }
  }
}
