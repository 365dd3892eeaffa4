// The contact checks of every one-to-one message (direct-send-rules.ts): "has the receiver blocked the
// sender?" is kept per pair for a second instead of a storage read per message. A blocklist change forgets
// its owner's answers on every node at once (bus event `cached`, published by blocklist.ts); the TTL only
// bounds a lost event. "Are they contacts?" is asked only in contacts-only apps, and not kept.
import { TtlCache } from '../cache/ttl-cache.js';
import type { Clock } from '../ports/clock.js';
import type { ContactStore } from '../ports/contacts.js';

const TTL_MS = 1000;
const LIMIT = 100_000;

export type ContactCheckStore = Pick<ContactStore, 'isBlocked' | 'isContact'>;

export class ContactChecks implements ContactCheckStore {
  private readonly blocked: TtlCache<boolean>;

  constructor(private readonly deps: { contacts: ContactCheckStore; clock: Clock }) {
    this.blocked = new TtlCache<boolean>({ clock: deps.clock, ttlMs: TTL_MS, limit: LIMIT });
  }

  isBlocked(appId: number, owner: string, user: string): Promise<boolean> {
    const kept = this.blocked.get(`${appId}\u0000${owner}\u0000${user}`, () =>
      this.deps.contacts.isBlocked(appId, owner, user),
    );
    return typeof kept === 'boolean' ? Promise.resolve(kept) : kept;
  }

  isContact(appId: number, owner: string, friend: string): Promise<boolean> {
    return this.deps.contacts.isContact(appId, owner, friend);
  }

  /** `owner`'s blocklist changed: ask storage again for every sender. */
  forgetOwner(appId: number, owner: string): void {
    this.blocked.forgetPrefix(`${appId}\u0000${owner}\u0000`);
  }
}
