// Thumbnails for `GET …/chatfiles/{uuid}?thumbnail=true`: made once per image in a worker thread
// (image-thumbnail.ts) and kept next to the original in the FileStore under `<key>.thumb`. A zero-byte
// `.thumb` records "serve the original" (already small, too many pixels, not decodable), so no image is
// decoded twice. Jobs run one at a time in one worker; a bounded queue, a per-job timeout, a cap on the
// source size, a decode budget checked on the header (decompression bombs) and a heap limit on the
// worker keep a burst of big uploads from eating the node.
import type { Readable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import {
  thumbnailKey,
  type FileStore,
  type Thumbnail as PortThumbnail,
  type Thumbnails,
} from '../../domain/ports/chat-files.js';
import type { Logger } from '../../domain/ports/logger.js';
import { startSiblingWorker } from '../worker-threads.js';
import { MAX_DECODE_PIXELS, type ThumbnailResult } from './image-thumbnail.js';

/** Declared types whose bytes are tried (the worker checks the PNG/JPEG signature itself). */
const THUMBNAIL_TYPES = new Set(['image/png', 'image/x-png', 'image/jpeg', 'image/jpg', 'image/pjpeg']);
/** A stored thumbnail is at most 170×170 RGBA; anything bigger under a `.thumb` key is not ours. */
const MAX_THUMBNAIL_BYTES = 1024 * 1024;

export interface ThumbnailerOptions {
  /** Originals larger than this are not read for a thumbnail (CONFAB_THUMBNAIL_MAX_SOURCE_BYTES). */
  maxSourceBytes: number;
  /** Jobs waiting for the worker; past it a request gets the original (CONFAB_THUMBNAIL_QUEUE). */
  maxQueue: number;
  /** A longer job is stopped, the worker replaced, the original served (CONFAB_THUMBNAIL_TIMEOUT_MS). */
  timeoutMs: number;
  /**
   * Decode budget: width × height × 4 (RGBA) of an image the worker decodes, by its header; bigger images
   * get no thumbnail (CONFAB_THUMBNAIL_DECODE_BUDGET_BYTES). Decoded pixels live outside the JS heap, so
   * this, not the worker's heap limit, is what bounds a decompression bomb.
   */
  decodeBudgetBytes: number;
  /**
   * The worker's V8 heap (old generation), MB (CONFAB_THUMBNAIL_WORKER_HEAP_MB): past it the worker dies
   * alone, its job gets the original and a new worker takes the next one.
   */
  workerHeapMb: number;
}

export const THUMBNAILER_DEFAULTS: ThumbnailerOptions = {
  maxSourceBytes: 32 * 1024 * 1024,
  maxQueue: 16,
  timeoutMs: 30_000,
  decodeBudgetBytes: MAX_DECODE_PIXELS * 4,
  workerHeapMb: 64,
};

export interface Thumbnail extends PortThumbnail {
  bytes: Buffer;
}

interface Job {
  id: number;
  bytes: Uint8Array;
  resolve: (r: ThumbnailResult | 'failed') => void;
}

async function readAll(source: Readable, cap: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += (chunk as Buffer).length;
    if (size > cap) {
      source.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const isMissing = (err: unknown) => (err as { code?: string } | null)?.code === 'ENOENT';

function typeOf(bytes: Buffer): Thumbnail['contentType'] | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  return undefined;
}

export class Thumbnailer implements Thumbnails {
  private readonly maxSourceBytes: number;
  private readonly maxQueue: number;
  private readonly timeoutMs: number;
  private readonly maxPixels: number;
  private readonly workerHeapMb: number;
  private worker: Worker | undefined;
  private running: (Job & { timer: NodeJS.Timeout }) | undefined;
  private readonly queue: Job[] = [];
  private readonly inFlight = new Map<string, Promise<Thumbnail | undefined>>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly store: FileStore,
    private readonly logger: Logger,
    options: Partial<ThumbnailerOptions> = {},
  ) {
    const o = { ...THUMBNAILER_DEFAULTS, ...options };
    this.maxSourceBytes = o.maxSourceBytes;
    this.maxQueue = o.maxQueue;
    this.timeoutMs = o.timeoutMs;
    this.maxPixels = Math.floor(o.decodeBudgetBytes / 4);
    this.workerHeapMb = o.workerHeapMb;
  }

  /** The thumbnail to serve for a stored file, or undefined to serve the original. */
  async thumbnailOf(file: {
    storageKey: string;
    contentType: string;
    size: number;
  }): Promise<Thumbnail | undefined> {
    if (!THUMBNAIL_TYPES.has(file.contentType) || file.size > this.maxSourceBytes || this.closed)
      return undefined;
    const stored = await this.readStored(file.storageKey);
    if (stored !== 'absent') return stored;
    let pending = this.inFlight.get(file.storageKey);
    if (!pending) {
      pending = this.generate(file.storageKey).finally(() => this.inFlight.delete(file.storageKey));
      this.inFlight.set(file.storageKey, pending);
    }
    return pending;
  }

  /** Stops the worker; later requests get originals. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.resolve('failed');
    if (this.running) {
      clearTimeout(this.running.timer);
      this.running.resolve('failed');
      this.running = undefined;
    }
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  /** The stored thumbnail, undefined for the "serve the original" record, 'absent' when none is stored. */
  private async readStored(key: string): Promise<Thumbnail | undefined | 'absent'> {
    let bytes: Buffer | undefined;
    try {
      bytes = await readAll(this.store.read(thumbnailKey(key)), MAX_THUMBNAIL_BYTES);
    } catch (err) {
      if (isMissing(err)) return 'absent';
      throw err;
    }
    const contentType = bytes && typeOf(bytes);
    return bytes && contentType ? { bytes, contentType } : undefined;
  }

  private async generate(key: string): Promise<Thumbnail | undefined> {
    if (this.queue.length >= this.maxQueue) {
      this.logger.debug({ key }, 'thumbnail queue full; serving the original');
      return undefined;
    }
    let source: Buffer | undefined;
    try {
      source = await readAll(this.store.read(key), this.maxSourceBytes);
    } catch (err) {
      this.logger.warn({ err, key }, 'thumbnail source unreadable');
      return undefined;
    }
    if (!source) return undefined;
    const result = await this.run(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
    if (result === 'failed') {
      if (this.closed) return undefined;
      // Too slow or crashed the worker: it would again, so the original is served from now on.
      await this.record(key, new Uint8Array(0));
      return undefined;
    }
    if (result.kind !== 'thumbnail') {
      if (result.kind === 'none') this.logger.debug({ key, reason: result.reason }, 'no thumbnail');
      await this.record(key, new Uint8Array(0));
      return undefined;
    }
    await this.record(key, result.bytes);
    const bytes = Buffer.from(result.bytes.buffer, result.bytes.byteOffset, result.bytes.byteLength);
    return { bytes, contentType: result.contentType === 'image/jpeg' ? 'image/jpeg' : 'image/png' };
  }

  private async record(key: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.store.put(thumbnailKey(key), bytes);
    } catch (err) {
      this.logger.warn({ err, key }, 'thumbnail not stored');
    }
  }

  private run(bytes: Uint8Array): Promise<ThumbnailResult | 'failed'> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, bytes, resolve });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const job = this.queue.shift();
    if (!job) return;
    const worker = this.ensureWorker();
    const timer = setTimeout(() => {
      this.logger.warn({ timeoutMs: this.timeoutMs }, 'thumbnail job timed out; restarting the worker');
      this.fail(worker);
    }, this.timeoutMs);
    this.running = { ...job, timer };
    // Copied, not transferred: the Buffer may be a slice of a pooled allocation.
    worker.postMessage({ id: job.id, bytes: job.bytes });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startSiblingWorker(import.meta.url, 'thumbnail-worker', {
      workerData: { maxPixels: this.maxPixels },
      resourceLimits: { maxOldGenerationSizeMb: this.workerHeapMb, maxYoungGenerationSizeMb: 16 },
    });
    worker.unref();
    worker.on('message', (msg: { id: number; result?: ThumbnailResult; error?: string }) => {
      const job = this.running;
      if (!job || job.id !== msg.id) return;
      clearTimeout(job.timer);
      this.running = undefined;
      if (msg.error !== undefined) this.logger.warn({ error: msg.error }, 'thumbnail job failed');
      job.resolve(msg.result ?? 'failed');
      this.pump();
    });
    worker.on('error', (err) => {
      this.logger.warn({ err }, 'thumbnail worker failed');
      this.fail(worker);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.fail(worker);
    });
    this.worker = worker;
    return worker;
  }

  /** Drops a broken or stuck worker, fails its job, and carries on with a new one. */
  private fail(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    void worker.terminate();
    const job = this.running;
    this.running = undefined;
    if (job) {
      clearTimeout(job.timer);
      job.resolve('failed');
    }
    this.pump();
  }
}
