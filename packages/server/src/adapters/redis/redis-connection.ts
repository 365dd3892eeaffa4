// One ioredis connection set up for a hint bus and a session directory: commands are bounded in time
// (no offline queue, a command timeout, no late resend of timed-out commands), reconnection never stops
// (capped backoff), and errors are logged instead of crashing the process.
import { Redis } from 'ioredis';
import type { Logger } from '../../domain/ports/logger.js';
import { noopLogger } from '../noop-logger.js';

export interface RedisConnectionOptions {
  url: string;
  /** Shown in logs and in Redis' CLIENT LIST. */
  name: string;
  logger?: Logger;
  /** A command (or the first connection) that takes longer fails. @default 2000 */
  commandTimeoutMs?: number;
  /** Cap of the exponential reconnect backoff. @default 2000 */
  retryMaxDelayMs?: number;
}

export interface RedisConnection {
  readonly redis: Redis;
  /** Resolves once commands can be sent; rejects at once while reconnecting (fail fast), or after the
   * command timeout while the first connection is still being made. */
  usable(): Promise<void>;
  /** QUIT, bounded; then drop the socket and stop reconnecting. Never rejects. */
  close(): Promise<void>;
}

export const withTimeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

export function openRedis(options: RedisConnectionOptions): RedisConnection {
  const log = (options.logger ?? noopLogger).child({ redis: options.name });
  const timeoutMs = options.commandTimeoutMs ?? 2000;
  const maxDelay = options.retryMaxDelayMs ?? 2000;
  const redis = new Redis(options.url, {
    connectionName: options.name,
    enableOfflineQueue: false,
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    autoResendUnfulfilledCommands: false,
    autoResubscribe: false,
    maxRetriesPerRequest: 0,
    // Full jitter so that nodes do not reconnect in lockstep after an outage.
    retryStrategy: (attempt) =>
      Math.round(Math.min(maxDelay, 100 * 2 ** attempt) * (0.5 + Math.random() / 2)),
  });
  let everReady = false;
  let outage = false;
  let closing: Promise<void> | undefined;
  redis.on('ready', () => {
    if (outage) log.info({}, 'redis connection restored');
    everReady = true;
    outage = false;
  });
  // ioredis emits 'error' on every failed reconnect attempt: warn once per outage, then debug.
  redis.on('error', (err: Error) => {
    if (outage) log.debug({ err: err.message }, 'redis still unavailable');
    else log.warn({ err: err.message }, 'redis connection error');
    outage = true;
  });
  redis.on('close', () => {
    if (everReady && !outage && !closing) log.warn({}, 'redis connection lost');
    outage = true;
  });

  const usable = (): Promise<void> => {
    if (redis.status === 'ready') return Promise.resolve();
    if (redis.status === 'end') return Promise.reject(new Error(`${options.name}: connection closed`));
    if (everReady) return Promise.reject(new Error(`${options.name}: redis unavailable (${redis.status})`));
    let onReady = () => undefined as void;
    const ready = new Promise<void>((resolve) => redis.once('ready', (onReady = resolve)));
    return withTimeout(ready, timeoutMs, `${options.name}: connecting to redis`).finally(() =>
      redis.off('ready', onReady),
    );
  };

  const close = () =>
    (closing ??= (async () => {
      try {
        if (redis.status === 'ready') await withTimeout(redis.quit(), timeoutMs, 'quit');
      } catch {
        // Unreachable Redis: dropping the socket below is all there is to do.
      }
      redis.disconnect();
    })());

  return { redis, usable, close };
}
