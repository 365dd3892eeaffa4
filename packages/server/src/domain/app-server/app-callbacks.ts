// Callbacks to the app server (docs/callbacks.md). Pre-send: a client message waits for the app server's
// verdict (allow, reject → 508, or rewrite), at most `preSendTimeoutMs`, then the app's fail-open/closed
// policy decides. Post-send: events are written to the durable outbox (storage.callbackOutbox) and a
// dispatcher POSTs them, one at a time per stream (a conversation, a user) so each stream stays in order,
// retrying with exponential backoff until a 2xx. Bounded: the outbox holds at most `outboxMaxRows` entries
// (the oldest are dropped, with a warning) and none older than `outboxMaxAgeMs`; the dispatcher reads a
// batch at a time, so a dead receiver costs disk rows, never memory, and never delays a send.
import { ConfabError, ErrorCode, type MessageBody } from '@confab/protocol';
import { appSettings } from '../apps/app-settings.js';
import type { CallbackTransport } from '../ports/callback-transport.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AppRecord, CallbackEvent, Storage } from '../ports/storage.js';
import type { OutboxEntry } from '../ports/app-server.js';
import {
  messagePayload,
  newCallId,
  rewriteBody,
  signedRequest,
  type CallbackEnvelope,
  type ChatKind,
} from './callback-payload.js';
import { MODERATION_BLOCKED_REASON } from './word-filter.js';

export interface CallbackLimits {
  /** How often the dispatcher looks for due callbacks when nothing woke it, ms. */
  callbackPollMs: number;
  /** Callbacks taken per query (each is the head of its stream). */
  callbackBatch: number;
  /** How long one post-send delivery may take, ms. */
  callbackTimeoutMs: number;
  /** First retry delay; doubles per attempt up to callbackRetryMaxMs. */
  callbackRetryBaseMs: number;
  callbackRetryMaxMs: number;
  /** Most callbacks waiting in the outbox (all apps); past it the oldest are dropped. */
  callbackOutboxMaxRows: number;
  /** Callbacks older than this are dropped undelivered, ms. */
  callbackOutboxMaxAgeMs: number;
}

export interface AppCallbackDeps {
  storage: Storage;
  clock: Clock;
  transport: CallbackTransport;
  logger: Logger;
  limits: CallbackLimits;
}

/** A message as the callbacks describe it. */
export interface CallbackMessage {
  kind: ChatKind;
  from: string;
  /** The receiving user, group or room. */
  to: string;
  msgId: string;
  body: MessageBody;
}

/** A place in a stream's order, taken when the message takes its place in the log. */
export interface OutboxSlot {
  fill(envelope: Omit<CallbackEnvelope, 'callId'>, eventKey: string): Promise<void>;
  cancel(): void;
}

/** How long a reserved place in a stream waits for its entry (see `reserve`). */
const SLOT_TIMEOUT_MS = 30_000;

const refuse = () => new ConfabError(ErrorCode.MESSAGE_MODERATION_BLOCKED, MODERATION_BLOCKED_REASON);
const appKeyOf = (app: AppRecord) => `${app.org}#${app.name}`;

export class AppCallbacks {
  private readonly tails = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  private lastAgeSweep = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly apps = new Map<number, { app: AppRecord | undefined; at: number }>();

  constructor(private readonly deps: AppCallbackDeps) {}

  /** Subscribed to this post-send event? */
  wants(app: AppRecord, event: CallbackEvent): boolean {
    const c = appSettings(app).callbacks;
    return c.url !== '' && c.events.includes(event);
  }

  /** Is a pre-send callback configured? (Without one, `preSend` answers the body as it is.) */
  wantsPreSend(app: AppRecord): boolean {
    const c = appSettings(app).callbacks;
    return c.preSend && (c.preSendUrl || c.url) !== '';
  }

  /** The pre-send verdict: the body to store and deliver (maybe rewritten), or a 508 thrown. */
  async preSend(app: AppRecord, m: CallbackMessage): Promise<MessageBody> {
    if (!this.wantsPreSend(app)) return m.body;
    const c = appSettings(app).callbacks;
    const url = c.preSendUrl || c.url;
    const timestamp = this.deps.clock.now();
    const envelope: CallbackEnvelope = {
      callId: newCallId(appKeyOf(app)),
      eventType: 'chat',
      timestamp,
      chat_type: m.kind,
      ...(m.kind === 'chat' ? {} : { group_id: m.to }),
      from: m.from,
      to: m.to,
      msg_id: m.msgId,
      payload: messagePayload(m.body),
      appkey: appKeyOf(app),
    };
    const failed = (why: string, err?: unknown) => {
      this.deps.logger.warn({ err, app: appKeyOf(app), why }, 'pre-send callback failed');
      if (c.failOpen) return m.body;
      throw refuse();
    };
    const { body, headers } = signedRequest(envelope, c.secret);
    let answer;
    try {
      answer = await this.deps.transport.post(url, body, headers, c.preSendTimeoutMs);
    } catch (err) {
      return failed('no answer', err);
    }
    if (answer.status < 200 || answer.status >= 300) return failed(`status ${answer.status}`);
    let verdict: { valid?: unknown; payload?: unknown };
    try {
      verdict = JSON.parse(answer.text) as typeof verdict;
    } catch (err) {
      return failed('answer is not JSON', err);
    }
    if (verdict?.valid === false) throw refuse();
    if (verdict?.valid !== true) return failed('answer has no valid: true/false');
    return verdict.payload === undefined ? m.body : rewriteBody(m.body, verdict.payload);
  }

  /**
   * Takes the next place in `stream` (call it when the message takes its place in the log): entries of
   * one stream are enqueued in the order their slots were taken, whatever order their commits finish in.
   */
  reserve(app: AppRecord, stream: string): OutboxSlot {
    const key = `${app.id}:${stream}`;
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    let released = false;
    const done = () => {
      if (released) return;
      released = true;
      clearTimeout(guard);
      release();
      void tail.then(() => {
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    };
    // A slot its sender never filled nor cancelled (an error between the reservation and the append)
    // must not hold its stream for ever: it lets the next one go after SLOT_TIMEOUT_MS.
    const guard = setTimeout(done, SLOT_TIMEOUT_MS);
    guard.unref();
    return {
      fill: async (envelope, eventKey) => {
        try {
          await previous;
          await this.enqueue(app, key, eventKey, envelope);
        } finally {
          done();
        }
      },
      cancel: done,
    };
  }

  /** A post-send message callback, when the app subscribed (`message`). */
  messageEnvelope(app: AppRecord, m: CallbackMessage, createdAt: number): Omit<CallbackEnvelope, 'callId'> {
    return {
      eventType: 'chat',
      timestamp: createdAt,
      chat_type: m.kind,
      ...(m.kind === 'chat' ? {} : { group_id: m.to }),
      from: m.from,
      to: m.to,
      msg_id: m.msgId,
      payload: messagePayload(m.body),
      appkey: appKeyOf(app),
    };
  }

  /** Any other post-send event (login, logout, group, room, contact), in its stream's order. */
  async event(
    app: AppRecord,
    event: CallbackEvent,
    stream: string,
    eventKey: string,
    fields: Record<string, unknown>,
  ) {
    if (!this.wants(app, event)) return;
    const slot = this.reserve(app, stream);
    await slot.fill({ timestamp: this.deps.clock.now(), appkey: appKeyOf(app), ...fields }, eventKey);
  }

  private async enqueue(
    app: AppRecord,
    stream: string,
    eventKey: string,
    envelope: Omit<CallbackEnvelope, 'callId'>,
  ): Promise<void> {
    const body = JSON.stringify({ callId: newCallId(appKeyOf(app)), ...envelope });
    const { dropped } = await this.deps.storage.callbackOutbox.enqueue(
      { appId: app.id, eventKey, stream, body, createdAt: this.deps.clock.now() },
      this.deps.limits.callbackOutboxMaxRows,
    );
    if (dropped > 0)
      this.deps.logger.warn(
        { dropped },
        'callback outbox full: the oldest undelivered callbacks were dropped',
      );
    this.wake();
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.wake(), this.deps.limits.callbackPollMs);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.inFlight;
  }

  /** Look for due callbacks now. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.inFlight = this.drain()
      .catch((err: unknown) => this.deps.logger.error({ err }, 'callback dispatcher failed'))
      .finally(() => (this.running = false));
  }

  private async drain(): Promise<void> {
    const { storage, clock, limits } = this.deps;
    do {
      this.again = false;
      const now = clock.now();
      if (now - this.lastAgeSweep >= 10_000) {
        this.lastAgeSweep = now;
        const old = await storage.callbackOutbox.dropOlderThan(now - limits.callbackOutboxMaxAgeMs);
        if (old > 0)
          this.deps.logger.warn({ dropped: old }, 'callbacks older than the outbox age limit dropped');
      }
      const lease = now + limits.callbackTimeoutMs + 5_000;
      const batch = await storage.callbackOutbox.claim(now, lease, limits.callbackBatch);
      const results = await Promise.all(batch.map((e) => this.deliver(e)));
      if (results.some(Boolean)) this.again = true;
    } while (this.again && !this.stopped);
  }

  private async appOf(id: number): Promise<AppRecord | undefined> {
    const now = this.deps.clock.now();
    const hit = this.apps.get(id);
    if (hit && now - hit.at < 60_000) return hit.app;
    const app = await this.deps.storage.apps.findById(id);
    this.apps.set(id, { app, at: now });
    return app;
  }

  /** True when delivered (or dropped because nobody wants it any more). */
  private async deliver(e: OutboxEntry): Promise<boolean> {
    const { storage, clock, transport, limits, logger } = this.deps;
    const app = await this.appOf(e.appId);
    const c = app && appSettings(app).callbacks;
    if (!c || c.url === '') {
      await storage.callbackOutbox.done(e.id);
      return true;
    }
    const { body, headers } = signedRequest(JSON.parse(e.body) as CallbackEnvelope, c.secret);
    try {
      const answer = await transport.post(c.url, body, headers, limits.callbackTimeoutMs);
      if (answer.status >= 200 && answer.status < 300) {
        await storage.callbackOutbox.done(e.id);
        return true;
      }
      throw new Error(`status ${answer.status}`);
    } catch (err) {
      const attempts = e.attempts + 1;
      const backoff = Math.min(
        limits.callbackRetryBaseMs * 2 ** Math.min(attempts - 1, 30),
        limits.callbackRetryMaxMs,
      );
      const jitter = Math.floor(Math.random() * (backoff / 4));
      await storage.callbackOutbox.retry(e.id, attempts, clock.now() + backoff + jitter);
      logger.debug({ err, attempts }, 'callback delivery failed; retrying');
      return false;
    }
  }
}
