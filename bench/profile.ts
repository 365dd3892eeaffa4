// `npm run bench:profile`: one SQLite node under the one-to-one load only (rate rows and the window row),
// for quick before/after checks of server changes. CONFAB_BENCH_CPU_PROF=dir writes the server's
// `--cpu-prof` profile there (open it in Chrome DevTools or speedscope). CONFAB_BENCH_GROUP=<members>
// profiles one group of that size instead (suite-groups.ts's senders, rates and window).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnNode } from '@confab/server/testkit';
import { confabPostgresRedis, confabSqlite } from './lib/confab-app.js';
import { driveAtRate, driveWindowed } from './lib/drive.js';
import { BENCH_NODE_ENV } from './lib/node-env.js';
import { runAtRate, runWindowed, setupOneToOne } from './scenarios/one-to-one.js';
import { confabGroup } from './scenarios/groups.js';
import { groupPlan } from './suite-groups.js';

const SECONDS = Number(process.env['CONFAB_BENCH_SECONDS'] ?? 5);
const PAIRS = Number(process.env['CONFAB_BENCH_PAIRS'] ?? 100);
const RATES = (process.env['CONFAB_BENCH_RATES'] ?? '1000,5000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const WINDOW = Number(process.env['CONFAB_BENCH_WINDOW'] ?? 10);
const profDir = process.env['CONFAB_BENCH_CPU_PROF'];
const nodeArgs = profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [];
const GROUP = Number(process.env['CONFAB_BENCH_GROUP'] ?? 0);

if (GROUP > 0) {
  const plan = groupPlan();
  const cb = await confabSqlite(nodeArgs);
  try {
    const t = await confabGroup(cb, GROUP, plan.senders, `p${Date.now().toString(36)}`);
    try {
      for (const d of plan.rates)
        print({ ...(await driveAtRate(t, 'group', d / t.fanout, SECONDS)), offeredPerSec: d });
      if (plan.window > 0) print(await driveWindowed(t, 'group', plan.window, SECONDS, 'delivery'));
    } finally {
      t.close();
    }
  } finally {
    await cb.stop();
  }
  process.exit(0);
}

// CONFAB_BENCH_PROFILE_PG=1: one node on PostgreSQL + Redis instead (CONFAB_BENCH_PG_URL / _REDIS_URL).
const dir = mkdtempSync(join(tmpdir(), 'confab-profile-'));
const cluster =
  process.env['CONFAB_BENCH_PROFILE_PG'] === '1'
    ? await confabPostgresRedis(
        1,
        process.env['CONFAB_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
        process.env['CONFAB_BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
        Number(process.env['CONFAB_BENCH_WORKERS'] ?? 1),
        nodeArgs,
      )
    : await sqliteNode();
async function sqliteNode() {
  const node = await spawnNode({ ...BENCH_NODE_ENV, CONFAB_DATA_DIR: dir }, 20_000, nodeArgs);
  return { label: 'SQLite, 1 node', nodes: [node], stop: () => node.stop() };
}
try {
  const setup = await setupOneToOne(cluster, PAIRS, `p${Date.now().toString(36)}`);
  try {
    for (const rate of RATES) print(await runAtRate(setup, rate, SECONDS));
    if (WINDOW > 0) print(await runWindowed(setup, WINDOW, SECONDS));
  } finally {
    setup.close();
  }
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}

function print(r: Awaited<ReturnType<typeof runWindowed>>) {
  console.log(
    `${r.mode === 'rate' ? `${r.offeredPerSec}/s offered` : `window ${r.window}`}: ${r.deliveredPerSec} delivered/s, ` +
      `p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, ` +
      `${r.serverCpuUsPerMsg ?? Math.round(r.serverCpuSecPer1000 * 1000)} µs CPU/msg, loop p99 ${r.serverLoopDelayP99Ms} ms`,
  );
}
