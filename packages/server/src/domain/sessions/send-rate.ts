// Per-user send rate on one node (issue 13, item 6): a token bucket per user, `burst` deep and refilled
// at `perSecond`. Agora documents 6,000 one-to-one messages a minute (100/s) for its REST send; the
// default is that rate with twice its burst, so no ordinary client meets it.

interface Bucket {
  tokens: number;
  at: number;
}

export class SendRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private sweepAt = 1024;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes one token for `key` at `now` (ms); false when the bucket is empty (the send is refused). */
  take(key: string, now: number): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.sweepAt) this.sweep(now);
      this.buckets.set(key, (b = { tokens: this.burst, at: now }));
    }
    this.refill(b, now);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private refill(b: Bucket, now: number): void {
    if (now > b.at) b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) * this.perSecond) / 1000);
    b.at = Math.max(b.at, now);
  }

  /** Forgets full buckets (a new one starts full anyway), so idle users cost nothing. */
  private sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      this.refill(b, now);
      if (b.tokens >= this.burst) this.buckets.delete(key);
    }
    this.sweepAt = Math.max(1024, this.buckets.size * 2);
  }
}
