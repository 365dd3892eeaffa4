import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { Redis } from 'ioredis';
import {
  inProcessSessionDirectory,
  type SessionTable,
} from '../src/adapters/sessions/in-process-session-directory.js';
import { redisSessionDirectory } from '../src/adapters/sessions/redis-session-directory.js';
import { sessionDirectoryContract, type DirectoryPair } from './contracts/session-directory-contract.js';
import { hostPortOf, startTcpProxy } from './support/tcp-proxy.js';

const REDIS_URL = process.env['CONFAB_TEST_REDIS_URL'];
const NO_REDIS = 'CONFAB_TEST_REDIS_URL not set';
const LIVENESS_MS = 1000;

sessionDirectoryContract(
  'in-process',
  () => {
    const table: SessionTable = new Map();
    const nodes = [
      inProcessSessionDirectory({ nodeId: 1, table }),
      inProcessSessionDirectory({ nodeId: 2, table }),
    ] as const;
    return Promise.resolve({
      nodes: [...nodes],
      nodeIds: [1, 2],
      cleanup: async () => void (await Promise.all(nodes.map((n) => n.close()))),
    });
  },
  'one process is one node: it cannot die alone',
);

/** Two Redis directories under a random prefix; node 2 goes through a proxy so that it can "die". */
async function redisPair(url: string): Promise<DirectoryPair & { prefix: string; revive(): void }> {
  const prefix = `confab:test:${randomUUID()}`;
  const proxy = await startTcpProxy(hostPortOf(url));
  const options = { prefix, livenessTtlMs: LIVENESS_MS, heartbeatMs: 200, retryMaxDelayMs: 200 };
  const n1 = redisSessionDirectory({ url, nodeId: 1, ...options });
  const n2 = redisSessionDirectory({ url: proxy.url('redis'), nodeId: 2, ...options });
  return {
    prefix,
    nodes: [n1, n2],
    nodeIds: [1, 2],
    crash: () => proxy.pause(),
    revive: () => proxy.resume(),
    livenessMs: LIVENESS_MS,
    async cleanup() {
      await Promise.all([n1.close(), n2.close()]);
      await proxy.close();
      const admin = new Redis(url);
      try {
        const keys = await admin.keys(`${prefix}:*`);
        if (keys.length > 0) await admin.del(...keys);
      } finally {
        admin.disconnect();
      }
    },
  };
}

if (REDIS_URL) {
  sessionDirectoryContract('redis', () => redisPair(REDIS_URL));
} else {
  test('SessionDirectory contract: redis', { skip: NO_REDIS }, () => undefined);
}

describe('redis session directory: outages', { skip: REDIS_URL ? false : NO_REDIS }, () => {
  const entry = (nodeId: number, connId: string) => ({
    appId: 1,
    username: 'alice',
    resource: `res_${connId}`,
    nodeId,
    connId,
    since: 1_700_000_000_000,
  });

  test('calls reject quickly while Redis is unreachable', async () => {
    const pair = await redisPair(REDIS_URL!);
    const n2 = pair.nodes[1];
    try {
      await n2.register(entry(2, 'c1'));
      pair.crash!();
      await new Promise((r) => setTimeout(r, 50));
      for (const call of [
        () => n2.list(1, 'alice'),
        () => n2.register(entry(2, 'c2')),
        () => n2.unregister(entry(2, 'c1')),
        () => n2.refresh(),
      ]) {
        const started = Date.now();
        await assert.rejects(call());
        assert.ok(Date.now() - started < 2500, 'a call hung while Redis was unreachable');
      }
    } finally {
      await pair.cleanup();
    }
  });

  test('an unregister that failed during a short outage is retried by the heartbeat', async () => {
    const pair = await redisPair(REDIS_URL!);
    const [n1, n2] = pair.nodes;
    try {
      await n2.register(entry(2, 'closed-while-down'));
      pair.crash!();
      await new Promise((r) => setTimeout(r, 50));
      await assert.rejects(n2.unregister(entry(2, 'closed-while-down')));
      pair.revive(); // well within the TTL: the node key never expired
      const revivedAt = Date.now();
      while ((await n1.list(1, 'alice')).length > 0) {
        assert.ok(Date.now() - revivedAt < 3000, 'ghost session still listed after 3 s');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await pair.cleanup();
    }
  });

  test('a node cut off longer than the TTL writes its sessions back when it reconnects', async (t) => {
    const pair = await redisPair(REDIS_URL!);
    const [n1, n2] = pair.nodes;
    try {
      await n2.register(entry(2, 'kept'));
      await n2.register(entry(2, 'gone'));
      pair.crash!();
      await new Promise((r) => setTimeout(r, LIVENESS_MS * 1.5));
      assert.deepEqual(await n1.list(1, 'alice'), []); // expired, and lazily deleted
      // While cut off, one session closed and another opened: both calls fail but are remembered.
      await assert.rejects(n2.unregister(entry(2, 'gone')));
      await assert.rejects(n2.register(entry(2, 'new')));
      const revivedAt = Date.now();
      pair.revive();
      const want = [entry(2, 'kept'), entry(2, 'new')];
      while ((await n1.list(1, 'alice')).length !== 2) {
        assert.ok(Date.now() - revivedAt < 5000, 'sessions not restored within 5 s');
        await new Promise((r) => setTimeout(r, 50));
      }
      t.diagnostic(`restored ${Date.now() - revivedAt} ms after Redis came back`);
      assert.deepEqual(await n1.list(1, 'alice'), want);
    } finally {
      await pair.cleanup();
    }
  });
});
