// Client-side token expiry (msync spec §4.11): the provision answer gives an absolute expiry; the
// app hears onTokenWillExpire at 80 % of the remaining time and onTokenExpired at 100 %, and every
// UNREAD answer's server time re-checks it. Unlike the official SDK we re-arm long timers instead of
// clamping them to 2^31-1 ms, so a 30-day token does not "expire" after 24.8 days.

const MAX_TIMER_MS = 2 ** 31 - 1;

export interface TokenExpiryEvents {
  willExpire(): void;
  expired(): void;
}

export class TokenExpiry {
  private expiresAt: number | undefined;
  private lifetime = 0;
  private warned = false;
  private timers: ReturnType<typeof setTimeout>[] = [];

  constructor(
    private readonly events: TokenExpiryEvents,
    private readonly now: () => number = Date.now,
  ) {}

  /** Arms the timers once per token: reconnects with the same token keep the first schedule. */
  arm(expiresAt: number): void {
    if (this.expiresAt === expiresAt) return;
    this.stop();
    this.expiresAt = expiresAt;
    this.warned = false;
    this.lifetime = Math.max(0, expiresAt - this.now());
    this.at(expiresAt - this.lifetime / 5, () => this.warn());
    this.at(expiresAt, () => this.expire());
  }

  /** The server's clock (UNREAD timestamp) says where we are. */
  check(serverNow: number): void {
    if (this.expiresAt === undefined || !serverNow) return;
    const left = this.expiresAt - serverNow;
    if (left <= 0) this.expire();
    else if (left <= this.lifetime / 5) this.warn();
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    this.expiresAt = undefined;
  }

  private warn(): void {
    if (this.warned) return;
    this.warned = true;
    this.events.willExpire();
  }

  private expire(): void {
    if (this.expiresAt === undefined) return;
    this.stop();
    this.events.expired();
  }

  private at(when: number, fn: () => void): void {
    const delay = when - this.now();
    if (delay > MAX_TIMER_MS) {
      this.timers.push(setTimeout(() => this.at(when, fn), MAX_TIMER_MS));
      return;
    }
    this.timers.push(setTimeout(fn, Math.max(0, delay)));
  }
}
