// Every client message asks whether its sender is muted app-wide (global-mute.ts), and almost nobody is:
// one storage read per message was the hot path's price (issue 21). Answers are kept per user for a short
// time; a mute set through this node holds at once, one set through another node within `ttlMs`.
import type { Clock } from '../ports/clock.js';
import type { UserMute, UserMuteStore } from '../ports/app-server.js';

const DEFAULT_TTL_MS = 1000;
const DEFAULT_LIMIT = 50_000;

interface Entry {
  mute: UserMute | undefined;
  at: number;
}

export class GlobalMuteCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly deps: { mutes: UserMuteStore; clock: Clock },
    private readonly ttlMs = DEFAULT_TTL_MS,
    private readonly limit = DEFAULT_LIMIT,
  ) {}

  /** The user's mute as stored at most `ttlMs` ago; a promise only when storage must be asked. */
  get(appId: number, username: string): UserMute | undefined | Promise<UserMute | undefined> {
    const key = `${appId}\u0000${username}`;
    const now = this.deps.clock.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.mute;
    return this.deps.mutes.get(appId, username).then((mute) => {
      // Oldest inserted goes first past the limit; a refreshed entry moves to the end.
      this.entries.delete(key);
      if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { mute, at: now });
      return mute;
    });
  }

  /** A mute was set on this node: the next message reads it from storage. */
  forget(appId: number, username: string): void {
    this.entries.delete(`${appId}\u0000${username}`);
  }
}
