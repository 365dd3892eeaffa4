// Confab nodes for the scenarios beyond one-to-one: started like lib/cluster.ts, plus an operator token
// so that a dedicated app can allow 100 devices per user (multi-device fan-out, idle connections and
// the login storm use many devices of few users: every user costs a deliberately slow scrypt hash).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempDatabase, spawnNode, type NodeProcess } from '@confab/server/testkit';
import type { BenchCluster } from './cluster.js';
import { pool } from './drive.js';
import { BENCH_OPERATOR } from './server-metrics.js';
import { BENCH_NODE_ENV } from './node-env.js';

/** Every bench user's password (the password login storm sends it). */
export const BENCH_PASSWORD = 'bench-pw';

export interface BenchApp {
  appKey: string;
  base: string;
  adminToken: string;
}

async function call(url: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export interface ConfabBench extends BenchCluster {
  app: BenchApp;
}

const OPERATOR = BENCH_OPERATOR;

async function withApp(label: string, nodes: NodeProcess[], stop: () => Promise<void>): Promise<ConfabBench> {
  try {
    const api = nodes[0]!.apiUrl;
    const name = `load-${randomBytes(3).toString('hex')}`;
    const created = await call(
      `${api}/management/apps`,
      { org: 'bench', name, settings: { multiDevice: true, deviceLimit: 100 } },
      OPERATOR,
    );
    const base = `${api}/bench/${name}`;
    const t = await call(`${base}/token`, {
      grant_type: 'client_credentials',
      client_id: created['clientId'],
      client_secret: created['clientSecret'],
    });
    return {
      label,
      nodes,
      stop,
      app: { appKey: `bench#${name}`, base, adminToken: t['access_token'] as string },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * @param nodeArgs extra Node flags of the server process (bench:profile's `--cpu-prof`).
 * @param env extra environment of the server process (a scenario's configuration).
 */
export async function confabSqlite(
  nodeArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<ConfabBench> {
  const dir = mkdtempSync(join(tmpdir(), 'confab-bench-'));
  let node: NodeProcess;
  try {
    node = await spawnNode({ ...BENCH_NODE_ENV, ...env, CONFAB_DATA_DIR: dir }, 20_000, nodeArgs);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return withApp('SQLite, 1 node', [node], async () => {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  });
}

/** `count` nodes, each one process, or with `workers` > 1 one process per worker (`CONFAB_WORKERS`). */
export async function confabPostgresRedis(
  count: number,
  pgUrl: string,
  redisUrl: string,
  workers = 1,
  /** Extra Node flags of every node process (bench:profile's `--cpu-prof`). */
  nodeArgs: string[] = [],
): Promise<ConfabBench> {
  const db = await createTempDatabase(pgUrl);
  const prefix = `confab_bench_${randomBytes(3).toString('hex')}`;
  const nodes: NodeProcess[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await db.drop();
  };
  try {
    for (let i = 1; i <= count; i++) {
      nodes.push(
        await spawnNode(
          {
            ...BENCH_NODE_ENV,
            CONFAB_DATABASE_URL: db.url,
            CONFAB_REDIS_URL: redisUrl,
            CONFAB_REDIS_PREFIX: prefix,
            CONFAB_NODE_ID: String(i * workers),
            // Each worker gets the one-process pools (14 connections), as separate nodes would.
            ...(workers > 1
              ? { CONFAB_WORKERS: String(workers), CONFAB_DATABASE_POOL_SIZE: String(14 * workers) }
              : {}),
          },
          20_000,
          nodeArgs,
        ),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const each = workers > 1 ? `, ${workers} workers` : '';
  return withApp(`PostgreSQL + Redis, ${count} node${count > 1 ? 's' : ''}${each}`, nodes, stop);
}

/**
 * Registers users in batches of 50 (one scrypt each, server-side) and issues their tokens with the
 * app admin token (`inherit`: no second password check).
 */
export async function confabUsers(app: BenchApp, names: string[]): Promise<Map<string, string>> {
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += 50) batches.push(names.slice(i, i + 50));
  await pool(batches, 4, (b) =>
    call(
      `${app.base}/users`,
      b.map((username) => ({ username, password: BENCH_PASSWORD })),
      app.adminToken,
    ),
  );
  const tokens = new Map<string, string>();
  await pool(names, 16, async (username) => {
    const t = await call(`${app.base}/token`, { grant_type: 'inherit', username }, app.adminToken);
    tokens.set(username, t['access_token'] as string);
  });
  return tokens;
}
