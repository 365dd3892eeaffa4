// Every client message asks whether its sender is muted app-wide (global-mute.ts), and almost nobody is:
// the answer (a mute or none) is kept per user for a second instead of one storage read per message.
import { TtlCache } from '../cache/ttl-cache.js';
import type { Clock } from '../ports/clock.js';
import type { UserMute, UserMuteStore } from '../ports/app-server.js';

const TTL_MS = 1000;
const LIMIT = 50_000;

export class GlobalMuteCache {
  private readonly cache: TtlCache<UserMute | undefined>;

  constructor(
    private readonly deps: { mutes: UserMuteStore; clock: Clock },
    ttlMs = TTL_MS,
    limit = LIMIT,
  ) {
    this.cache = new TtlCache({ clock: deps.clock, ttlMs, limit });
  }

  /** The user's mute as stored at most a TTL ago; a promise only when storage must be asked. */
  get(appId: number, username: string): UserMute | undefined | Promise<UserMute | undefined> {
    return this.cache.get(`${appId}\u0000${username}`, () => this.deps.mutes.get(appId, username));
  }

  /** A mute was set on this node: the next message reads it from storage. */
  forget(appId: number, username: string): void {
    this.cache.forget(`${appId}\u0000${username}`);
  }
}
