// The periodic sweep of attachments (issue 13): files past their app's `attachmentTtlSeconds` lose their
// bytes, thumbnail and record; chunked uploads nobody completed within their hour lose their parts; and
// partial files no writer can finish any more (`.tmp` left by a crash, parts of a session lost in a
// restart) are deleted. Bytes go before the record: a crash in between leaves an expired record whose
// bytes are gone, which the next pass deletes again (a record is never left naming nothing it could serve,
// and bytes are never left without a record). Work goes in batches with a turn of the event loop between
// them. Several nodes may sweep at once: each takes only the files its own disk holds (`holder`), and
// deleting twice is harmless.
import type { Clock } from '../ports/clock.js';
import { thumbnailKey, type ChatFileStore, type FileStore } from '../ports/chat-files.js';
import type { Logger } from '../ports/logger.js';
import { PART_SESSION_TTL_MS, type PartUploads } from './part-uploads.js';

/**
 * A partial file untouched this long has no writer: an upload in progress writes whenever bytes arrive
 * and a stalled one is cut off by the idle timeout (at most 1 h), and a part belongs to a session that
 * is dropped after PART_SESSION_TTL_MS.
 */
export const STALE_PARTIAL_MS = 2 * PART_SESSION_TTL_MS;

export interface SweepDeps {
  files: ChatFileStore;
  store: FileStore;
  parts: PartUploads;
  clock: Clock;
  logger: Logger;
  /** This node (CONFAB_NODE_ID): the holder of the bytes it may delete. */
  holder: number;
}

export interface SweepOptions {
  intervalMs: number;
  batchSize: number;
}

export interface SweepResult {
  /** Expired files deleted (bytes and record), and their bytes. */
  files: number;
  bytes: number;
  /** Partial files and orphaned parts deleted. */
  partials: number;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class AttachmentSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SweepResult> | undefined;
  private stopped = false;

  constructor(
    private readonly deps: SweepDeps,
    private readonly options: SweepOptions,
  ) {}

  /** Sweeps every `intervalMs` from now on (the first pass after one interval). */
  start(): void {
    this.stopped = false;
    this.schedule();
  }

  /** No more passes; resolves when a pass under way has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One whole pass; a call while one runs gets that one. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sweep()
        .then(
          (r) => {
            if (r.files + r.partials > 0) this.deps.logger.info({ ...r }, 'attachment sweep');
          },
          (err: unknown) => this.deps.logger.warn({ err }, 'attachment sweep failed; tried again next time'),
        )
        .finally(() => this.schedule());
    }, this.options.intervalMs);
    this.timer.unref();
  }

  private async pass(): Promise<SweepResult> {
    const { files, store, parts, clock, holder } = this.deps;
    const result: SweepResult = { files: 0, bytes: 0, partials: 0 };
    const now = clock.now();
    for (;;) {
      const batch = await files.expired(now, this.options.batchSize, holder);
      for (const f of batch) {
        await store.remove(f.storageKey);
        await store.remove(thumbnailKey(f.storageKey));
        result.bytes += f.size;
      }
      await files.remove(batch.map((f) => f.uuid));
      result.files += batch.length;
      if (batch.length < this.options.batchSize || this.stopped) break;
      await nextTurn();
    }
    await parts.sweep(now);
    result.partials = await store.removeStale(now - STALE_PARTIAL_MS);
    return result;
  }
}
