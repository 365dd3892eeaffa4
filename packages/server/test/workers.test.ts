// CONFAB_WORKERS=2 (issue: use every core): one `npm start` process is a node:cluster primary whose two
// workers share one port, each a full node (CONFAB_NODE_ID + index) on PostgreSQL + Redis. Real
// processes on loopback: both workers answer on the one port, /metrics is the host's whichever worker
// answers, users on different workers talk, a killed worker is replaced while the port keeps serving, and
// SIGTERM stops everything with exit 0.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { StatusCode } from '@confab/protocol';
import { freshGet } from '../src/testkit/fresh-get.js';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { PG_URL, REDIS_URL, CLUSTER_SKIP } from './support/postgres.js';
import { RawClient } from './support/raw-client.js';
import { login, register } from './support/rest.js';

const skip = CLUSTER_SKIP;
const APP = { org: 'confab', app: 'demo', appKey: 'confab#demo' };
const FIRST_NODE = 40;

/** The node that answered: /healthz?detail=1 names it. */
async function answeringNode(apiUrl: string): Promise<number> {
  const { status, body } = await freshGet(`${apiUrl}/healthz?detail=1`);
  assert.equal(status, 200);
  return (JSON.parse(body) as { node: number }).node;
}

/** The value of one sample line (`name{labels} value`) of a /metrics text; 0 when the series is absent. */
function sample(text: string, series: string): number {
  for (const line of text.split('\n')) {
    const at = line.lastIndexOf(' ');
    if (!line.startsWith('#') && line.slice(0, at) === series) return Number(line.slice(at + 1));
  }
  return 0;
}

async function nodesAnswering(apiUrl: string, requests: number): Promise<Set<number>> {
  const seen = new Set<number>();
  for (let i = 0; i < requests; i++) seen.add(await answeringNode(apiUrl));
  return seen;
}

/** Worker pids by index, from the `confab listening` log lines (the latest start of each). */
function workerPids(output: string): Map<number, number> {
  const pids = new Map<number, number>();
  for (const line of output.split('\n')) {
    if (!line.includes('"msg":"confab listening"')) continue;
    const entry = JSON.parse(line) as { worker: number; pid: number };
    pids.set(entry.worker, entry.pid);
  }
  return pids;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('CONFAB_WORKERS=2 on PostgreSQL + Redis: one port, every worker a node', { skip }, () => {
  let db: TempDatabase;
  let node: NodeProcess;
  let redis: Redis;
  const prefix = `confab_t_${randomBytes(4).toString('hex')}`;
  const tokens: Record<string, string> = {};
  const rest = () => ({ apiUrl: node.apiUrl, org: APP.org, app: APP.app });

  /** The nodes holding the user's live sessions, from the Redis session directory. */
  async function nodesOfSessions(user: string): Promise<number[]> {
    const keys = await redis.keys(`${prefix}:sess:*:${user}`);
    const fields = keys.length ? await redis.hkeys(keys[0]!) : [];
    return fields.map((f) => Number(f.split('/')[0]));
  }

  /** The node holding the user's (only) live session, from the Redis session directory. */
  async function nodeOfSession(user: string): Promise<number | undefined> {
    const keys = await redis.keys(`${prefix}:sess:*:${user}`);
    const fields = keys.length ? await redis.hkeys(keys[0]!) : [];
    return fields.length === 1 ? Number(fields[0]!.split('/')[0]) : undefined;
  }

  before(async () => {
    db = await createTempDatabase(PG_URL!);
    redis = new Redis(REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      node = await spawnNode(
        {
          CONFAB_WORKERS: '2',
          CONFAB_NODE_ID: String(FIRST_NODE),
          CONFAB_DATABASE_URL: db.url,
          CONFAB_REDIS_URL: REDIS_URL!,
          CONFAB_REDIS_PREFIX: prefix,
          CONFAB_DATA_DIR: `/tmp/${prefix}`,
          CONFAB_METRICS_ACCESS: 'public',
          CONFAB_LOG_LEVEL: 'info', // the `confab listening` lines name each worker's pid
        },
        60_000,
      );
    } catch (err) {
      await db.drop();
      redis.disconnect();
      throw err;
    }
    for (const u of ['alice', 'bob']) {
      await register(rest(), u);
      tokens[u] = await login(rest(), u);
    }
  });
  after(async () => {
    await node?.crash();
    await db?.drop();
    if (redis) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });

  test('both workers listen on the one port; the banner is printed once, with that port and the node ids', async () => {
    const out = node.output();
    assert.equal(out.match(/Confab is running\./g)?.length, 1);
    assert.match(out, new RegExp(`Workers: +2 processes, node ids ${FIRST_NODE}\\.\\.${FIRST_NODE + 1}`));
    assert.equal(out.match(/Operator token \(CLI\)/g)?.length, 1, 'the operator token is made once');
    assert.deepEqual([...workerPids(out).keys()].sort(), [0, 1]);
    assert.deepEqual([...(await nodesAnswering(node.apiUrl, 12))].sort(), [FIRST_NODE, FIRST_NODE + 1]);
  });

  test('/metrics is the whole host: every scrape, whichever worker answers, sums both workers', async () => {
    const series = (text: string) => ({
      connections: sample(text, `confab_connections_total{node="${FIRST_NODE}"}`),
      logins: sample(text, `confab_logins_total{result="ok",node="${FIRST_NODE}"}`),
      sessions: sample(text, `confab_sessions{node="${FIRST_NODE}"}`),
    });
    const scrape = async () => {
      const { status, body } = await freshGet(`${node.apiUrl}/metrics`);
      assert.equal(status, 200, body);
      assert.doesNotMatch(
        body,
        new RegExp(`node="${FIRST_NODE + 1}"`),
        'one series per host, not per worker',
      );
      return series(body);
    };
    const before = await scrape();
    // Each login is a new connection, so round-robin spreads them over both workers (4: the demo app's
    // device limit).
    const clients: RawClient[] = [];
    try {
      for (let i = 0; i < 4; i++)
        clients.push(
          (await RawClient.login(node.wsUrl, APP.appKey, 'alice', tokens['alice']!, `m${i}`)).client,
        );
      await until(
        'four sessions in the directory',
        async () => (await nodesOfSessions('alice')).length === 4,
      );
      assert.deepEqual(
        [...new Set(await nodesOfSessions('alice'))].sort(),
        [FIRST_NODE, FIRST_NODE + 1],
        'the logins landed on both workers',
      );
      const want = { connections: before.connections + 4, logins: before.logins + 4, sessions: 4 };
      // Fresh connections: round-robin hands the scrapes to one worker, then the other.
      for (let i = 0; i < 8; i++) assert.deepEqual(await scrape(), want, `scrape ${i}`);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
    await until('the sessions closed', async () => (await nodesOfSessions('alice')).length === 0);
  });

  test('two users on different workers exchange a one-to-one message', async () => {
    const alice = (await RawClient.login(node.wsUrl, APP.appKey, 'alice', tokens['alice']!, 'web')).client;
    let bob: RawClient | undefined;
    try {
      let aliceNode: number | undefined;
      await until(
        'alice in the session directory',
        async () => (aliceNode = await nodeOfSession('alice')) !== undefined,
      );
      // Round-robin puts the next connection on the other worker; reconnect until it does.
      for (let attempt = 0; attempt < 10 && !bob; attempt++) {
        const b = (await RawClient.login(node.wsUrl, APP.appKey, 'bob', tokens['bob']!, 'web')).client;
        let bobNode: number | undefined;
        await until(
          'bob in the session directory',
          async () => (bobNode = await nodeOfSession('bob')) !== undefined,
        );
        if (bobNode !== aliceNode) bob = b;
        else {
          await b.close();
          await until(
            'bob gone from the session directory',
            async () => (await nodeOfSession('bob')) === undefined,
          );
        }
      }
      assert.ok(bob, 'bob never landed on the other worker');

      const ack = await alice.sendText('bob', 'hello from the other core');
      assert.equal(ack.status?.errorCode, StatusCode.OK);
      await bob.nextOf('NOTICE', (n) => n.body.queue?.name === 'alice', 10_000);
      assert.deepEqual((await bob.drain('alice')).texts, ['hello from the other core']);
      await bob.sendText('alice', 'and back');
      await alice.nextOf('NOTICE', (n) => n.body.queue?.name === 'bob', 10_000);
      assert.deepEqual((await alice.drain('bob')).texts, ['and back']);
    } finally {
      await Promise.all([alice.close(), bob?.close()]);
    }
  });

  test('a killed worker is replaced, and the port keeps serving meanwhile', async () => {
    const before = workerPids(node.output());
    const victim = before.get(1)!;
    process.kill(victim, 'SIGKILL');
    await until('the worker to die', () => !alive(victim));
    // The other worker takes every connection while the primary waits out the backoff.
    for (let i = 0; i < 6; i++) assert.equal((await freshGet(`${node.apiUrl}/healthz`)).status, 200);
    await until('a new worker 1', () => {
      const pid = workerPids(node.output()).get(1);
      return pid !== undefined && pid !== victim;
    });
    assert.match(
      node.output(),
      /"worker":1,"code":null,"signal":"SIGKILL","restartInMs":\d+,"msg":"worker died; restarting it"/,
    );
    assert.equal(workerPids(node.output()).get(0), before.get(0), 'worker 0 was left alone');
    assert.deepEqual([...(await nodesAnswering(node.apiUrl, 12))].sort(), [FIRST_NODE, FIRST_NODE + 1]);
    // The new worker is asked for its metrics too, from whichever worker a scrape lands on.
    for (let i = 0; i < 4; i++) assert.equal((await freshGet(`${node.apiUrl}/metrics`)).status, 200);
  });

  test('SIGTERM stops the primary and every worker, exit code 0', async () => {
    const pids = [...workerPids(node.output()).values()];
    await node.stop();
    assert.equal(node.child.exitCode, 0, node.output());
    await until('the workers to exit', () => pids.every((pid) => !alive(pid)), 5_000);
    assert.match(node.output(), /"msg":"all workers stopped"/);
  });
});
