// Delivers queued push jobs (push-delivery.ts) through the provider adapters. Every node runs one: it
// claims due jobs with a lease (a crashed worker's jobs come back when the lease lapses), sends each, and on
// failure retries with exponential backoff up to `maxAttempts`; a permanent failure (the token is dead)
// drops the job and unbinds the device's token. Runs on a timer and when `wake()` is called after queuing.
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { PushJob, PushProviderKind } from '../ports/push-delivery.js';
import { PushSendError, type PushProvider } from '../ports/push-provider.js';
import type { Storage } from '../ports/storage.js';

export interface PushWorkerOptions {
  pollIntervalMs: number;
  /** Per send; the lease is a few times this. */
  timeoutMs: number;
  maxAttempts: number;
  /** First retry after this; doubled each attempt (capped at an hour). */
  retryBaseMs: number;
  batch: number;
}

export interface PushWorkerDeps {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  providers: readonly PushProvider[];
}

export class PushWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly providers: Map<PushProviderKind, PushProvider>;

  constructor(
    private readonly deps: PushWorkerDeps,
    private readonly o: PushWorkerOptions,
  ) {
    this.providers = new Map(deps.providers.map((p) => [p.kind, p]));
  }

  provider(kind: PushProviderKind): PushProvider | undefined {
    return this.providers.get(kind);
  }

  start(): void {
    this.timer = setInterval(() => this.wake(), this.o.pollIntervalMs);
    this.timer.unref();
  }

  /** Runs a pass now (or right after the current one). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.deps.logger.warn({ err }, 'push worker pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    const { storage, clock } = this.deps;
    for (;;) {
      const now = clock.now();
      const jobs = await storage.push.claim(now, now + this.o.timeoutMs * 3, this.o.batch);
      if (jobs.length === 0) return;
      await Promise.all(jobs.map((j) => this.deliver(j)));
      if (this.stopped || jobs.length < this.o.batch) return;
    }
  }

  private async deliver(job: PushJob): Promise<void> {
    const { storage, clock, logger } = this.deps;
    const provider = this.providers.get(job.provider);
    const config = provider && (await storage.push.providerConfig(job.appId, job.provider));
    try {
      if (!provider || !config) throw new PushSendError(`no ${job.provider} provider configured`, true);
      await provider.send(config, job.token, job.notification);
      await storage.push.complete(job.id);
    } catch (err) {
      const permanent = err instanceof PushSendError && err.permanent;
      const message = err instanceof Error ? err.message : String(err);
      if (permanent || job.attempts + 1 >= this.o.maxAttempts) {
        logger.warn(
          { err, appId: job.appId, username: job.username, provider: job.provider },
          'push dropped',
        );
        await storage.push.complete(job.id);
        if (permanent && provider && config) {
          const current = (await storage.pushSettings.devices(job.appId, job.username)).find(
            (d) => d.deviceId === job.deviceId,
          );
          if (current?.token === job.token)
            await storage.pushSettings.removeDevice(job.appId, job.username, job.deviceId);
        }
        return;
      }
      const delay = Math.min(this.o.retryBaseMs * 2 ** job.attempts, 3_600_000);
      await storage.push.retry(job.id, clock.now() + delay, message.slice(0, 500));
      if (!this.stopped) setTimeout(() => this.wake(), delay + 5).unref();
    }
  }
}
