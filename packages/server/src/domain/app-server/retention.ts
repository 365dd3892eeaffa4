// Retention (Agora's "storage days", settings.storageDays): messages older than the app's number of days
// are deleted from its conversations' logs, and so from history and from every queue, by a background
// sweep in batches that yields between them (sends never wait on it). 0 keeps messages forever.
import { appSettings } from '../apps/app-settings.js';
import { firstIdAt } from '../messages/message-id.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Storage } from '../ports/storage.js';

const DAY_MS = 86_400_000;
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: { storage: Storage; clock: Clock; logger: Logger },
    private readonly options: { intervalMs: number; batchSize: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.options.intervalMs);
    this.timer.unref();
    void this.sweep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass over every app; resolves with the messages deleted. */
  sweep(): Promise<number> {
    this.running ??= this.pass()
      .catch((err: unknown) => {
        this.deps.logger.error({ err }, 'retention sweep failed');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const { storage, clock, logger } = this.deps;
    let total = 0;
    for (const app of await storage.apps.list()) {
      const days = appSettings(app).storageDays;
      if (days <= 0) continue;
      const before = firstIdAt(clock.now() - days * DAY_MS);
      for (;;) {
        if (this.stopped) return total;
        const n = await storage.moderation.deleteMessagesBefore(app.id, before, this.options.batchSize);
        total += n;
        if (n < this.options.batchSize) break;
        await yieldToOthers();
      }
    }
    if (total > 0) logger.info({ deleted: total }, 'retention: old messages deleted');
    return total;
  }
}
