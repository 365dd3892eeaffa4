// Cluster fan-out over Redis pub/sub. Redis pub/sub is at-most-once (a subscriber that is disconnected
// misses what is published meanwhile); that is enough because events are hints and kicks, and the store
// is the truth (domain/ports/bus.ts). `onResubscribed` lets the composition root resync local sessions
// after such a gap instead of waiting for their next heartbeat.
import { randomBytes } from 'node:crypto';
import type { Bus, BusEvent, GroupHint, QueueHint, RoomDelivery } from '../../domain/ports/bus.js';
import type { Logger } from '../../domain/ports/logger.js';
import { noopLogger } from '../noop-logger.js';
import { openRedis, withTimeout } from '../redis/redis-connection.js';

export interface RedisBusOptions {
  url: string;
  /** One channel per deployment. @default 'confab:bus' */
  channel?: string;
  nodeId: number;
  logger?: Logger;
  /** Bound of a publish (and of waiting for the first connection). @default 2000 */
  commandTimeoutMs?: number;
  /** Cap of the reconnect backoff. @default 2000 */
  retryMaxDelayMs?: number;
  /** Called each time the subscription is re-established after a loss: events may have been missed. */
  onResubscribed?: () => void;
}

export interface RedisBus extends Bus {
  /** Resolves once the first SUBSCRIBE is confirmed. @default timeoutMs 2000 */
  ready(timeoutMs?: number): Promise<void>;
}

interface Envelope {
  v: 1;
  origin: string;
  event: BusEvent;
}

const KINDS: ReadonlySet<unknown> = new Set<BusEvent['kind']>([
  'queue',
  'kick',
  'group',
  'membership',
  'presence',
  'room',
  'app',
  'cached',
]);
const isBusEvent = (e: unknown): e is BusEvent =>
  typeof e === 'object' && e !== null && KINDS.has((e as { kind?: unknown }).kind);

/** Events that may carry a committed entry's bytes. */
const withEntry = (e: BusEvent): e is QueueHint | GroupHint | RoomDelivery =>
  e.kind === 'queue' || e.kind === 'group' || e.kind === 'room';

/** On the wire a hint's entry bytes travel as base64 (JSON has no bytes). */
const toWire = (event: BusEvent): unknown =>
  withEntry(event) && event.entry ? { ...event, entry: Buffer.from(event.entry).toString('base64') } : event;
const fromWire = (event: BusEvent): BusEvent => {
  if (!withEntry(event)) return event;
  const entry: unknown = event.entry;
  if (entry === undefined) return event;
  if (typeof entry !== 'string') {
    const { entry: _dropped, ...rest } = event; // a malformed entry only costs the push fast path
    return rest as BusEvent; // a room delivery without its entry is dropped by the receiving node
  }
  return { ...event, entry: Buffer.from(entry, 'base64') };
};

export function redisBus(options: RedisBusOptions): RedisBus {
  const channel = options.channel ?? 'confab:bus';
  // Node id plus a random part: two buses in one process (tests), or two nodes misconfigured with the
  // same id, still hear each other; only our own echo is dropped.
  const origin = `${options.nodeId}/${randomBytes(6).toString('hex')}`;
  const log = (options.logger ?? noopLogger).child({ component: 'redis-bus', nodeId: options.nodeId });
  const common = {
    url: options.url,
    logger: log,
    commandTimeoutMs: options.commandTimeoutMs,
    retryMaxDelayMs: options.retryMaxDelayMs,
  };
  const pub = openRedis({ ...common, name: `confab-bus-pub-${options.nodeId}` });
  const sub = openRedis({ ...common, name: `confab-bus-sub-${options.nodeId}` });
  const handlers = new Set<(event: BusEvent) => void>();
  let closed = false;

  // A throwing handler must neither starve the others nor escape into ioredis' parser.
  const deliver = (event: BusEvent) => {
    for (const h of [...handlers]) {
      try {
        h(event);
      } catch (err) {
        log.error({ err, kind: event.kind }, 'bus handler threw');
      }
    }
  };

  sub.redis.on('message', (ch: string, raw: string) => {
    if (ch !== channel || closed) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      log.warn({ raw: raw.slice(0, 200) }, 'dropping a bus message that is not JSON');
      return;
    }
    if (envelope.origin === origin) return; // our own echo: delivered locally already
    if (envelope.v !== 1 || !isBusEvent(envelope.event)) {
      log.warn({ raw: raw.slice(0, 200) }, 'dropping a malformed bus message');
      return;
    }
    deliver(fromWire(envelope.event));
  });

  // Subscribing by hand on every 'ready' (autoResubscribe is off) tells us when a gap has ended.
  let subscriptions = 0;
  let markReady = () => undefined as void;
  const firstSubscribe = new Promise<void>((resolve) => (markReady = resolve));
  const subscribe = () => {
    sub.redis.subscribe(channel).then(
      () => {
        if (subscriptions++ === 0) {
          markReady();
          log.debug({ channel }, 'bus subscribed');
        } else {
          log.info({ channel }, 'bus resubscribed; events published meanwhile were missed');
          options.onResubscribed?.();
        }
      },
      (err: unknown) => {
        if (closed) return;
        // Likely a half-open socket: start over rather than stay deaf on a "ready" connection.
        log.warn({ err }, 'bus subscribe failed; reconnecting');
        sub.redis.disconnect(true);
      },
    );
  };
  sub.redis.on('ready', subscribe);

  return {
    async publish(event) {
      if (closed) throw new Error('redis bus: closed');
      deliver(event);
      await pub.usable();
      await pub.redis.publish(channel, JSON.stringify({ v: 1, origin, event: toWire(event) }));
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    ready: (timeoutMs = 10_000) => withTimeout(firstSubscribe, timeoutMs, 'redis bus: subscribing'),
    async close() {
      closed = true;
      handlers.clear();
      await Promise.all([pub.close(), sub.close()]);
    },
  };
}
