// CONFAB_DATABASE_POOL_SIZE is the host's budget of PostgreSQL connections: CONFAB_WORKERS processes split it
// instead of each opening the one-process pools (N × 14 connections, past PostgreSQL's default limit of
// 100 on a many-core host). Real processes: a burst of requests spread over both workers may open no more
// connections to the node's database than the budget.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { poolShare } from '../src/adapters/postgres/pool-share.js';
import { freshGet } from '../src/testkit/fresh-get.js';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { CLUSTER_SKIP, PG_URL, REDIS_URL } from './support/postgres.js';
import { login, register } from './support/rest.js';

const APP = { org: 'confab', app: 'demo' };
const BUDGET = 6;

test('a host budget is split between the workers, a third of each share (at most 4) for cursor moves', () => {
  assert.deepEqual(poolShare(14, 1), { poolSize: 10, ackPoolSize: 4 }, 'one process: the pools as before');
  assert.deepEqual(poolShare(6, 2), { poolSize: 2, ackPoolSize: 1 });
  assert.deepEqual(poolShare(100, 4), { poolSize: 21, ackPoolSize: 4 });
  assert.deepEqual(poolShare(14, 64), { poolSize: 2, ackPoolSize: 1 }, 'never below a working minimum');
});

let db: TempDatabase;
let node: NodeProcess;
const prefix = `confab_t_${randomBytes(4).toString('hex')}`;

before(async () => {
  if (CLUSTER_SKIP) return;
  db = await createTempDatabase(PG_URL!);
  try {
    node = await spawnNode(
      {
        CONFAB_WORKERS: '2',
        CONFAB_NODE_ID: '60',
        CONFAB_DATABASE_URL: db.url,
        CONFAB_DATABASE_POOL_SIZE: String(BUDGET),
        CONFAB_REDIS_URL: REDIS_URL!,
        CONFAB_REDIS_PREFIX: prefix,
        CONFAB_DATA_DIR: `/tmp/${prefix}`,
      },
      60_000,
    );
  } catch (err) {
    await db.drop();
    throw err;
  }
});
after(async () => {
  await node?.crash();
  await db?.drop();
});

async function connectionsTo(url: string): Promise<number> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: PG_URL! });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1',
      [name],
    );
    return Number(r.rows[0]!.n);
  } finally {
    await client.end();
  }
}

test(
  'CONFAB_WORKERS=2 with a budget of 6: a burst over both workers opens at most 6 connections',
  { skip: CLUSTER_SKIP },
  async () => {
    const env = { apiUrl: node.apiUrl, ...APP };
    await register(env, 'alice');
    const token = await login(env, 'alice');
    const auth = { authorization: `Bearer ${token}` };
    const url = `${node.apiUrl}/${APP.org}/${APP.app}/users/alice/joined_chatgroups`;
    let peak = 0;
    for (let round = 0; round < 3; round++) {
      const statuses = await Promise.all(
        Array.from({ length: 150 }, async () => (await freshGet(url, auth)).status),
      );
      assert.deepEqual(new Set(statuses), new Set([200]));
      peak = Math.max(peak, await connectionsTo(db.url));
    }
    // Idle connections stay open for the pool's idle timeout (10 s), so the count after a burst is its peak.
    assert.ok(peak >= 2, `both workers reached the database (${peak} connections)`);
    assert.ok(peak <= BUDGET, `${peak} connections opened for a budget of ${BUDGET}`);
  },
);
