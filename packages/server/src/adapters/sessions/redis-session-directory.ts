// Cluster-wide session directory in Redis. One hash per user (`{prefix}:sess:{appId}:{username}`,
// field `${nodeId}/${connId}`, value the JSON entry) and one liveness key per node
// (`{prefix}:node:{nodeId}`, value this process' random incarnation id, TTL `livenessTtlMs`, refreshed
// every `heartbeatMs`). `list` keeps only entries whose node key holds the incarnation that wrote them,
// so a crashed node's sessions vanish within the TTL, and so do a previous run's sessions when a node
// restarts under the same id. Stale fields are deleted lazily by whoever lists them.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../domain/ports/logger.js';
import {
  compareSessionEntries,
  type SessionDirectory,
  type SessionEntry,
} from '../../domain/ports/session-directory.js';
import { noopLogger } from '../noop-logger.js';
import { openRedis } from '../redis/redis-connection.js';

export interface RedisSessionDirectoryOptions {
  url: string;
  nodeId: number;
  /** Key prefix. @default 'confab' */
  prefix?: string;
  /** A node silent for this long is dead. @default 30000 */
  livenessTtlMs?: number;
  /** @default livenessTtlMs / 3 */
  heartbeatMs?: number;
  /** Bound of every call. @default 2000 */
  commandTimeoutMs?: number;
  /** Cap of the reconnect backoff. @default 2000 */
  retryMaxDelayMs?: number;
  logger?: Logger;
}

interface Stored extends SessionEntry {
  inc: string;
}

// Delete fields only if they still hold the stale value we read (the field may have been re-registered).
const DELETE_IF_UNCHANGED = `for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[1], ARGV[i]) == ARGV[i + 1] then redis.call('HDEL', KEYS[1], ARGV[i]) end
end
return 0`;
// A newer incarnation of this node may already own the key (rolling restart): leave it alone.
const DELETE_KEY_IF = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

const checkExec = (results: [Error | null, unknown][] | null): unknown[] => {
  if (!results) throw new Error('session directory: transaction aborted');
  return results.map(([err, value]) => {
    if (err) throw err;
    return value;
  });
};

export function redisSessionDirectory(options: RedisSessionDirectoryOptions): SessionDirectory {
  const prefix = options.prefix ?? 'confab';
  const ttl = options.livenessTtlMs ?? 30_000;
  const inc = randomBytes(8).toString('hex');
  const log = (options.logger ?? noopLogger).child({
    component: 'session-directory',
    nodeId: options.nodeId,
  });
  const conn = openRedis({
    url: options.url,
    name: `confab-sessions-${options.nodeId}`,
    logger: log,
    commandTimeoutMs: options.commandTimeoutMs,
    retryMaxDelayMs: options.retryMaxDelayMs,
  });
  const { redis } = conn;
  const nodeKey = (nodeId: number) => `${prefix}:node:${nodeId}`;
  const userKey = (appId: number, username: string) => `${prefix}:sess:${appId}:${username}`;
  const idOf = (e: SessionEntry) => ({ key: userKey(e.appId, e.username), field: `${e.nodeId}/${e.connId}` });

  // This node's sessions are known here too, so that whatever Redis lost (expired node key, failed
  // write, Redis restarted empty) is written again by the next heartbeat.
  const mine = new Map<string, { key: string; field: string; json: string }>();
  const failedDeletes = new Map<string, { key: string; field: string }>();
  let dirty = false;
  let closed = false;

  const rewrite = async () => {
    dirty = false;
    const deletes = [...failedDeletes.entries()];
    if (deletes.length === 0 && mine.size === 0) return;
    const pipeline = redis.pipeline();
    for (const [, d] of deletes) pipeline.hdel(d.key, d.field);
    for (const e of mine.values()) pipeline.hset(e.key, e.field, e.json);
    try {
      checkExec(await pipeline.exec());
    } catch (err) {
      dirty = true;
      throw err;
    }
    for (const [k, d] of deletes) if (failedDeletes.get(k) === d) failedDeletes.delete(k);
    log.info({ sessions: mine.size }, 'session directory entries rewritten');
  };

  const beat = async () => {
    await conn.usable();
    const previous = await redis.set(nodeKey(options.nodeId), inc, 'PX', ttl, 'GET');
    if (previous !== inc) dirty = true;
    if (dirty) await rewrite();
  };

  const assertOpen = () => {
    if (closed) throw new Error('session directory: closed');
  };

  void beat().catch((err: unknown) => log.debug({ err }, 'first heartbeat failed'));
  const timer = setInterval(
    () => void beat().catch((err: unknown) => log.debug({ err }, 'heartbeat failed')),
    options.heartbeatMs ?? Math.max(1, Math.floor(ttl / 3)),
  );
  timer.unref();

  let closing: Promise<void> | undefined;

  return {
    async register(entry) {
      assertOpen();
      if (entry.nodeId !== options.nodeId) {
        throw new Error(`session directory: entry of node ${entry.nodeId}, not ours (${options.nodeId})`);
      }
      const { key, field } = idOf(entry);
      const { appId, username, resource, nodeId, connId, since } = entry;
      const stored: Stored = { appId, username, resource, nodeId, connId, since, inc };
      const json = JSON.stringify(stored);
      mine.set(`${key}\n${field}`, { key, field, json });
      failedDeletes.delete(`${key}\n${field}`);
      try {
        await conn.usable();
        const tx = redis.multi().hset(key, field, json).set(nodeKey(options.nodeId), inc, 'PX', ttl, 'GET');
        const [, previous] = checkExec(await tx.exec());
        // Our node key had expired: other nodes may have dropped our other entries meanwhile.
        if (previous !== inc) {
          dirty = true;
          void beat().catch((err: unknown) => log.debug({ err }, 'rewrite after register failed'));
        }
      } catch (err) {
        dirty = true;
        throw err;
      }
    },

    async unregister(entry) {
      assertOpen();
      const { key, field } = idOf(entry);
      mine.delete(`${key}\n${field}`);
      try {
        await conn.usable();
        await redis.hdel(key, field);
      } catch (err) {
        failedDeletes.set(`${key}\n${field}`, { key, field });
        dirty = true;
        throw err;
      }
    },

    async list(appId, username) {
      assertOpen();
      await conn.usable();
      const key = userKey(appId, username);
      const raw = await redis.hgetall(key);
      const parsed: { field: string; json: string; entry: Stored | undefined }[] = [];
      for (const [field, json] of Object.entries(raw)) {
        let entry: Stored | undefined;
        try {
          entry = JSON.parse(json) as Stored;
        } catch {
          entry = undefined; // unreadable: treated as stale
        }
        parsed.push({ field, json, entry });
      }
      const nodeIds = [...new Set(parsed.flatMap((p) => (p.entry ? [p.entry.nodeId] : [])))];
      const incs = nodeIds.length > 0 ? await redis.mget(nodeIds.map(nodeKey)) : [];
      const liveInc = new Map(nodeIds.map((id, i) => [id, incs[i]]));
      const live: SessionEntry[] = [];
      const stale: string[] = [];
      for (const { field, json, entry } of parsed) {
        if (entry && liveInc.get(entry.nodeId) === entry.inc) {
          const { inc: _inc, ...rest } = entry;
          live.push(rest);
        } else stale.push(field, json);
      }
      if (stale.length > 0) {
        try {
          await redis.eval(DELETE_IF_UNCHANGED, 1, key, ...stale);
        } catch (err) {
          log.debug({ err, key }, 'could not delete stale sessions; the next list will');
        }
      }
      return live.sort(compareSessionEntries);
    },

    async refresh() {
      assertOpen();
      await beat();
    },

    close() {
      return (closing ??= (async () => {
        closed = true;
        clearInterval(timer);
        try {
          await conn.usable();
          const pipeline = redis.pipeline().eval(DELETE_KEY_IF, 1, nodeKey(options.nodeId), inc);
          for (const e of mine.values()) pipeline.hdel(e.key, e.field);
          checkExec(await pipeline.exec());
        } catch (err) {
          log.warn({ err }, 'could not withdraw sessions; they expire with the node key');
        }
        mine.clear();
        await conn.close();
      })());
    },
  };
}
