// Login and open-registration throttling, per node and in memory (docs/limits.md says so: with N nodes
// behind a balancer an attacker gets up to N times the budget, which the exponential backoff still
// bounds). Failures are counted in a sliding window per user and per source address; at the limit the
// key is locked for a backoff that doubles with each lock (1 s, 2 s, 4 s, … up to the cap), and after a
// lock one more try is let through. A locked key is refused before any password is hashed, which is
// the point: hashing is what a flood costs the server.
//
// An attempt counts as a failure from the moment it starts, so 16 concurrent guesses cannot all slip
// past the check before the first one fails; success takes it back (and clears the user's record).
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { Clock } from '../ports/clock.js';

export interface LoginThrottleOptions {
  /** Failed password logins per user within the window before it is locked (CONFAB_LOGIN_MAX_FAILURES_PER_USER). */
  maxFailuresPerUser: number;
  /** Failed password logins per source address within the window (CONFAB_LOGIN_MAX_FAILURES_PER_ADDRESS). */
  maxFailuresPerAddress: number;
  /** The sliding window, ms (CONFAB_LOGIN_FAILURE_WINDOW_MS). */
  failureWindowMs: number;
  /** First lockout, ms; doubles with every further lock (CONFAB_LOGIN_LOCKOUT_BASE_MS). */
  lockoutBaseMs: number;
  /** Longest lockout, ms (CONFAB_LOGIN_LOCKOUT_MAX_MS). */
  lockoutMaxMs: number;
  /** Open registrations per source address within the registration window (CONFAB_REGISTER_MAX_PER_ADDRESS). */
  maxRegistrationsPerAddress: number;
  /** The registration window, ms (CONFAB_REGISTER_WINDOW_MS). */
  registrationWindowMs: number;
  /** Keys remembered per table (users, addresses, registrations); the least recently seen go first (CONFAB_LOGIN_THROTTLE_MAX_KEYS). */
  maxKeys: number;
}

export const LOGIN_THROTTLE_DEFAULTS: LoginThrottleOptions = {
  maxFailuresPerUser: 5,
  maxFailuresPerAddress: 20,
  failureWindowMs: 15 * 60_000,
  lockoutBaseMs: 1000,
  lockoutMaxMs: 15 * 60_000,
  maxRegistrationsPerAddress: 30,
  registrationWindowMs: 10 * 60_000,
  maxKeys: 100_000,
};

/** 429 "reach_limit" (Agora's REST rate-limit answer), which the SDK reports as 500 SERVER_BUSY. */
export const throttled = (what: string, retryAfterMs: number) => {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new ConfabError(
    ErrorCode.SERVER_BUSY,
    `This request has reached api limit. Too many ${what}; retry in ${seconds} s.`,
    { error: 'reach_limit', retryAfterSeconds: seconds },
  );
};

interface Entry {
  /** Times of the counted attempts still in the window (at most `limit`). */
  hits: number[];
  /** Locks so far; the next one lasts base × 2^strikes. Forgotten after a quiet window. */
  strikes: number;
  lockedUntil: number;
  lastHit: number;
}

/** Counted attempts per key in a sliding window, with exponential lockout; a bounded LRU map. */
export class AttemptWindow {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly maxKeys: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** How long `key` must still wait (ms), locking it now if it is at its limit; 0 = it may try. */
  waitFor(key: string, now: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    if (e.lockedUntil > now) return e.lockedUntil - now;
    const from = now - this.windowMs;
    while (e.hits.length > 0 && e.hits[0]! <= from) e.hits.shift();
    if (e.hits.length === 0 && e.lastHit <= from) e.strikes = 0;
    if (e.hits.length < this.limit) return 0;
    const lockMs = Math.min(this.maxMs, this.baseMs * 2 ** Math.min(e.strikes, 30));
    e.strikes++;
    e.lockedUntil = now + lockMs;
    // After the lock one more try goes through; if it fails too, the next lock is twice as long.
    e.hits = e.hits.slice(-(this.limit - 1));
    return lockMs;
  }

  /** Counts an attempt at `now`. */
  hit(key: string, now: number): void {
    let e = this.entries.get(key);
    if (e) this.entries.delete(key);
    else e = { hits: [], strikes: 0, lockedUntil: 0, lastHit: 0 };
    e.hits.push(now);
    if (e.hits.length > this.limit) e.hits.shift();
    e.lastHit = now;
    this.entries.set(key, e); // re-inserted: Map order is recency order
    if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Takes back the attempt counted at `at` (it succeeded, or never ran). */
  unhit(key: string, at: number): void {
    const hits = this.entries.get(key)?.hits;
    const i = hits?.lastIndexOf(at) ?? -1;
    if (i >= 0) hits!.splice(i, 1);
  }

  clear(key: string): void {
    this.entries.delete(key);
  }
}

/** One password check in progress. */
export interface LoginAttempt {
  /** The password was right: the user's failures are forgotten, this attempt is not counted. */
  succeeded(): void;
  /** The check never ran (e.g. hashing was busy): not counted. */
  cancelled(): void;
}

export class LoginThrottle {
  private readonly users: AttemptWindow;
  private readonly addresses: AttemptWindow;
  private readonly registrations: AttemptWindow;

  constructor(
    private readonly clock: Clock,
    options: Partial<LoginThrottleOptions> = {},
  ) {
    const o = { ...LOGIN_THROTTLE_DEFAULTS, ...options };
    const window = (limit: number, ms: number) =>
      new AttemptWindow(limit, ms, o.lockoutBaseMs, o.lockoutMaxMs, o.maxKeys);
    this.users = window(o.maxFailuresPerUser, o.failureWindowMs);
    this.addresses = window(o.maxFailuresPerAddress, o.failureWindowMs);
    this.registrations = window(o.maxRegistrationsPerAddress, o.registrationWindowMs);
  }

  /** Before a password is checked: refused (429) while the user or the address is locked. */
  beginLogin(appId: number, username: string, address: string): LoginAttempt {
    const now = this.clock.now();
    const user = `${appId}\u0000${username}`;
    const wait = Math.max(this.users.waitFor(user, now), this.addresses.waitFor(address, now));
    if (wait > 0) throw throttled('failed logins', wait);
    this.users.hit(user, now);
    this.addresses.hit(address, now);
    let settled = false;
    const takeBack = () => {
      if (settled) return false;
      settled = true;
      this.addresses.unhit(address, now);
      return true;
    };
    return {
      succeeded: () => {
        if (takeBack()) this.users.clear(user);
      },
      cancelled: () => {
        if (takeBack()) this.users.unhit(user, now);
      },
    };
  }

  /** Before an open registration hashes a password: refused (429) past the address's budget. */
  registration(address: string): void {
    const now = this.clock.now();
    const wait = this.registrations.waitFor(address, now);
    if (wait > 0) throw throttled('registrations', wait);
    this.registrations.hit(address, now);
  }
}
