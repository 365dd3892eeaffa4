// Answers a node keeps for a short time, for reads the hot path would otherwise make per message (issue
// 21): each key is loaded from storage at most once per `ttlMs`, a change made on this node is applied at
// once with `forget`, one made on another node within `ttlMs`. Bounded: past `limit` keys the oldest
// loaded goes first. A load under way while something is forgotten is not kept (it may predate the change).
import type { Clock } from '../ports/clock.js';

export interface TtlCacheOptions<V> {
  clock: Clock;
  ttlMs: number;
  limit: number;
  /** Which answers to keep (default: all); e.g. only "exists", so a new user is seen at once. */
  keep?: (value: V) => boolean;
}

export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  /** Bumped by every forget: a load that was under way then may hold the old answer, so it is not kept. */
  private epoch = 0;

  constructor(private readonly options: TtlCacheOptions<V>) {}

  /** The kept answer when it is fresh (no promise), else what `load` gives. */
  get(key: string, load: () => Promise<V>): V | Promise<V> {
    const { clock, ttlMs, limit, keep } = this.options;
    const now = clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < ttlMs) return hit.value;
    const started = this.epoch;
    return load().then((value) => {
      this.entries.delete(key);
      if (this.epoch !== started || (keep && !keep(value))) return value;
      if (this.entries.size >= limit) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, at: now });
      return value;
    });
  }

  forget(key: string): void {
    this.epoch++;
    this.entries.delete(key);
  }

  /** Forgets every key that starts with `prefix` (rare: a scan of the kept entries). */
  forgetPrefix(prefix: string): void {
    this.epoch++;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
