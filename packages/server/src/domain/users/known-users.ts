// "Does the receiver exist?" is asked for every one-to-one message. A yes is kept for a second (TtlCache),
// a no never (a user registered a moment ago is reachable at once); a user deleted through this node is
// forgotten at once, one deleted through another node within the second.
import { TtlCache } from '../cache/ttl-cache.js';
import type { Clock } from '../ports/clock.js';
import type { Storage } from '../ports/storage.js';

const TTL_MS = 1000;
const LIMIT = 100_000;

export class KnownUsers {
  private readonly cache: TtlCache<boolean>;

  constructor(private readonly deps: { storage: Storage; clock: Clock }) {
    this.cache = new TtlCache<boolean>({ clock: deps.clock, ttlMs: TTL_MS, limit: LIMIT, keep: (v) => v });
  }

  exists(appId: number, username: string): boolean | Promise<boolean> {
    return this.cache.get(`${appId}\u0000${username}`, () =>
      this.deps.storage.users.find(appId, username).then((u) => u !== undefined),
    );
  }

  forget(appId: number, username: string): void {
    this.cache.forget(`${appId}\u0000${username}`);
  }
}
