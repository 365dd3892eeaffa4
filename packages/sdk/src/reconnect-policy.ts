// Reconnect timing of the official SDK (getRetryDelay, §4.12 of the msync spec): the server sees the
// same back-off from Confab clients as from official ones.

/** Default number of reconnect attempts after a drop (`autoReconnectNumMax`). */
export const DEFAULT_RECONNECT_MAX = 5;

/**
 * Delay before reconnect attempt `attempt` (1-based), in ms: 1–2 s for attempts 1–5, 3–6 s for 6–19,
 * 5–10 s afterwards. `random` is injectable so tests can pin the bounds.
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  if (attempt <= 5) return Math.round(Number((random() + 1).toFixed(2)) * 1000);
  if (attempt < 20) return (Math.floor(random() * 4) + 3) * 1000;
  return (Math.floor(random() * 6) + 5) * 1000;
}

/** Counts attempts for one outage; `reset()` after every successful login. */
export class ReconnectPolicy {
  private attempts = 0;

  constructor(
    readonly maxAttempts: number = DEFAULT_RECONNECT_MAX,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay of the next attempt, or null when the budget is spent. */
  next(): { attempt: number; delayMs: number } | null {
    if (this.attempts >= this.maxAttempts) return null;
    this.attempts += 1;
    return { attempt: this.attempts, delayMs: reconnectDelayMs(this.attempts, this.random) };
  }

  get used(): number {
    return this.attempts;
  }

  reset(): void {
    this.attempts = 0;
  }
}
