// Servers under test, as separate processes (so the load generator's CPU is not the server's), and
// the users the scenarios need.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempDatabase, spawnNode, type NodeProcess, type TempDatabase } from '@confab/server/testkit';
import { BENCH_NODE_ENV } from './node-env.js';

export const APP = { org: 'confab', app: 'demo', appKey: 'confab#demo' };

export interface BenchCluster {
  label: string;
  nodes: NodeProcess[];
  stop(): Promise<void>;
}

export async function sqliteNode(): Promise<BenchCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'confab-bench-'));
  const node = await spawnNode({ ...BENCH_NODE_ENV, CONFAB_DATA_DIR: dir });
  return {
    label: 'SQLite, 1 node',
    nodes: [node],
    async stop() {
      await node.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresRedisNodes(
  count: number,
  pgUrl: string,
  redisUrl: string,
): Promise<BenchCluster> {
  const db: TempDatabase = await createTempDatabase(pgUrl);
  const prefix = `confab_bench_${randomBytes(3).toString('hex')}`;
  const nodes: NodeProcess[] = [];
  for (let i = 1; i <= count; i++) {
    nodes.push(
      await spawnNode({
        ...BENCH_NODE_ENV,
        CONFAB_DATABASE_URL: db.url,
        CONFAB_REDIS_URL: redisUrl,
        CONFAB_REDIS_PREFIX: prefix,
        CONFAB_NODE_ID: String(i),
      }),
    );
  }
  return {
    label: `PostgreSQL + Redis, ${count} node${count > 1 ? 's' : ''}`,
    nodes,
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      await db.drop();
    },
  };
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Registers users and logs them in, a few at a time (password hashing is deliberately slow). */
export async function makeUsers(apiUrl: string, names: string[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  const base = `${apiUrl}/${APP.org}/${APP.app}`;
  const queue = [...names];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let u = queue.shift(); u !== undefined; u = queue.shift()) {
        await post(`${base}/users`, { username: u, password: 'bench-pw' });
        const t = await post(`${base}/token`, { grant_type: 'password', username: u, password: 'bench-pw' });
        tokens.set(u, t['access_token'] as string);
      }
    }),
  );
  return tokens;
}
