// `npm run bench`: the standard suite, bounded in time, loopback only. Prints progress, writes one JSON
// result per scenario under bench/results/ and the report docs/benchmarks.md.
// `npm run bench -- --only groups`: the group rows alone; their section of docs/benchmarks.md is replaced.
// `npm run bench -- --only rooms`: the chat-room rows alone, likewise (CONFAB_BENCH_PENDING=1 marks the
// section "pending quiet run": numbers from a loaded machine).
// `npm run bench -- --only one-to-one|logins|backlog|idle`: those rows alone (every system, ejabberd+sql
// included), their sections of docs/benchmarks.md replaced; CONFAB_BENCH_PENDING=1 marks them likewise.
// Short smoke runs: CONFAB_BENCH_SECONDS=1 CONFAB_BENCH_PAIRS=10 CONFAB_BENCH_LARGE_PAIRS=0
// CONFAB_BENCH_RATES=1000 CONFAB_BENCH_LOGINS=100 CONFAB_BENCH_PASSWORD_LOGINS=20 CONFAB_BENCH_BACKLOG=200
// CONFAB_BENCH_IDLE=1000 (and CONFAB_BENCH_GROUP_SIZES / CONFAB_BENCH_ROOM_SIZES for the fan-out rows).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { confabPostgresRedis, confabSqlite, type ConfabBench } from './lib/confab-app.js';
import {
  renderBacklogSection,
  renderGroupSection,
  renderIdleSection,
  renderLatencyChart,
  renderLoginSection,
  renderOneToOneSections,
  renderReport,
  renderRoomSection,
  SECTION_HEADINGS,
  spliceGroupSection,
  spliceRoomSection,
  spliceSections,
} from './lib/report.js';
import { runExtraSuite, type ExtraPart } from './suite-extra.js';
import { runGroupSuite } from './suite-groups.js';
import { runRoomSuite } from './suite-rooms.js';
import type { OneToOneResult } from './lib/results.js';
import { runAtRate, runWindowed, setupOneToOne } from './scenarios/one-to-one.js';

const PG =
  process.env['CONFAB_BENCH_PG_URL'] ??
  process.env['CONFAB_TEST_PG_URL'] ??
  'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS =
  process.env['CONFAB_BENCH_REDIS_URL'] ?? process.env['CONFAB_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const SECONDS = Number(process.env['CONFAB_BENCH_SECONDS'] ?? 5);
const PAIRS = Number(process.env['CONFAB_BENCH_PAIRS'] ?? 100);
// The one-host row: one node with this many worker processes (default: one per core).
const WORKERS = Number(process.env['CONFAB_BENCH_WORKERS'] ?? cpus().length);
// A second, larger set of pairs on SQLite and both baselines, with fewer rows (0 turns it off).
const LARGE_PAIRS = Number(process.env['CONFAB_BENCH_LARGE_PAIRS'] ?? 1000);
const LARGE_RATES = (process.env['CONFAB_BENCH_LARGE_RATES'] ?? '5000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);

const ONLY = ['one-to-one', 'logins', 'backlog', 'idle', 'groups', 'rooms'] as const;
const { values: args } = parseArgs({ options: { only: { type: 'string' } } });
if (args.only !== undefined && !(ONLY as readonly string[]).includes(args.only)) {
  console.error(`--only takes one of: ${ONLY.join(', ')}`);
  process.exit(2);
}

// Before any row: what else loads the machine (the report's notes say it).
const loadAtStart = loadavg()[0]!;
const results: OneToOneResult[] = [];
const resultsDir = new URL('./results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
const reportUrl = new URL('../docs/benchmarks.md', import.meta.url);

const pending = process.env['CONFAB_BENCH_PENDING'] === '1';
/** A section marked as measured on a loaded machine (its heading, the mark, the rest). */
const marked = (section: string[]) =>
  pending
    ? [
        section[0]!,
        '',
        '**Pending quiet run**: the structure below is final, the numbers are not (measured on a loaded machine',
        'to check the scenario; to be re-run on a quiet machine).',
        ...section.slice(1),
      ]
    : section;
function readReport(): string {
  try {
    return readFileSync(reportUrl, 'utf8');
  } catch {
    return '# Benchmarks\n';
  }
}

if (args.only === 'groups') {
  const t0 = Date.now();
  const groups = await runGroupSuite({ seconds: SECONDS, resultsDir, pgUrl: PG });
  writeFileSync(reportUrl, spliceGroupSection(readReport(), marked(renderGroupSection(groups, SECONDS))));
  console.log(
    `\nreplaced the group section of docs/benchmarks.md in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  process.exit(0);
}

if (args.only === 'rooms') {
  const t0 = Date.now();
  const rooms = await runRoomSuite({ seconds: SECONDS, resultsDir });
  const report = readReport();
  writeFileSync(reportUrl, spliceRoomSection(report, renderRoomSection(rooms, SECONDS, pending)));
  console.log(
    `\nreplaced the chat-room section of docs/benchmarks.md in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  process.exit(0);
}

function record(r: OneToOneResult) {
  results.push(r);
  const name = `${r.scenario}-${r.pairs}p-${r.backend.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${r.mode}-${r.offeredPerSec ?? r.window}.json`;
  writeFileSync(new URL(name, resultsDir), JSON.stringify(r, null, 2) + '\n');
  console.log(
    `  ${r.pairs} pairs, ${r.mode === 'rate' ? `${r.offeredPerSec}/s offered` : `window ${r.window}`}: ${r.deliveredPerSec} delivered/s, ` +
      `p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, ` +
      `${r.serverCpuUsPerMsg ?? Math.round(r.serverCpuSecPer1000 * 1000)} µs CPU/msg, RSS ${r.serverRssMb} MB`,
  );
}

async function suite(
  label: string,
  start: () => Promise<ConfabBench>,
  plan: (s: Awaited<ReturnType<typeof setupOneToOne>>) => Promise<void>,
  pairs = PAIRS,
) {
  console.log(`\n${label}`);
  let cluster: ConfabBench | undefined;
  try {
    cluster = await start();
    const t0 = performance.now();
    const setup = await setupOneToOne(cluster, pairs, `b${Date.now().toString(36)}`);
    console.log(
      `  ${pairs} pairs registered and logged in in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    try {
      await plan(setup);
    } finally {
      setup.close();
    }
  } catch (err) {
    console.log(`  skipped: ${(err as Error).message.split('\n')[0]}`);
  } finally {
    await cluster?.stop();
  }
}

const startedAt = new Date();
const only = args.only as ExtraPart | undefined;
if (only === 'logins' || only === 'backlog' || only === 'idle') {
  const extra = await runExtraSuite({
    pairs: PAIRS,
    largePairs: LARGE_PAIRS,
    largeRates: LARGE_RATES,
    seconds: SECONDS,
    resultsDir,
    parts: new Set([only]),
    pgUrl: PG,
    loadAtStart,
  });
  const render = { logins: renderLoginSection, backlog: renderBacklogSection, idle: renderIdleSection }[only];
  const section = marked([
    ...render(extra),
    `(Generated ${startedAt.toISOString()} by \`npm run bench -- --only ${only}\`.)`,
    ...extra.notes.map((n) => `- ${n}`),
  ]);
  writeFileSync(reportUrl, spliceSections(readReport(), SECTION_HEADINGS[only], section));
  console.log(
    `\nreplaced the ${only} section of docs/benchmarks.md in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`,
  );
  process.exit(0);
}

await suite('one-to-one, SQLite, 1 node', confabSqlite, async (s) => {
  for (const rate of [1000, 5000]) record(await runAtRate(s, rate, SECONDS));
  record(await runWindowed(s, 10, SECONDS));
});
if (LARGE_PAIRS > 0)
  await suite(
    `one-to-one, SQLite, 1 node, ${LARGE_PAIRS} pairs`,
    confabSqlite,
    async (s) => {
      for (const rate of LARGE_RATES) record(await runAtRate(s, rate, SECONDS));
      record(await runWindowed(s, 10, SECONDS));
    },
    LARGE_PAIRS,
  );
await suite(
  'one-to-one, PostgreSQL + Redis, 1 node',
  () => confabPostgresRedis(1, PG, REDIS),
  async (s) => {
    record(await runAtRate(s, 1000, SECONDS));
    record(await runWindowed(s, 10, SECONDS));
  },
);
await suite(
  'one-to-one, PostgreSQL + Redis, 2 nodes',
  () => confabPostgresRedis(2, PG, REDIS),
  async (s) => {
    for (const rate of [1000, 5000]) record(await runAtRate(s, rate, SECONDS));
    record(await runWindowed(s, 10, SECONDS));
  },
);
// One host, every core: worker processes behind one port (node:cluster, CONFAB_WORKERS).
await suite(
  `one-to-one, PostgreSQL + Redis, 1 node, ${WORKERS} workers`,
  () => confabPostgresRedis(1, PG, REDIS, WORKERS),
  async (s) => {
    for (const rate of [1000, 5000]) record(await runAtRate(s, rate, SECONDS));
    record(await runWindowed(s, 10, SECONDS));
  },
);

const extra = await runExtraSuite({
  pairs: PAIRS,
  largePairs: LARGE_PAIRS,
  largeRates: LARGE_RATES,
  seconds: SECONDS,
  resultsDir,
  pgUrl: PG,
  loadAtStart,
  ...(only === 'one-to-one' ? { parts: new Set<ExtraPart>(['one-to-one']) } : {}),
});
if (only === 'one-to-one') {
  const chartFile = 'benchmarks-latency.svg';
  writeFileSync(
    new URL(`../docs/${chartFile}`, import.meta.url),
    renderLatencyChart(
      [...results, ...extra.oneToOne].filter((r) => r.pairs === PAIRS),
      `One-to-one, ${PAIRS} pairs: p99 latency against offered load`,
    ),
  );
  const run = {
    results,
    machine: '',
    startedAt,
    pairs: PAIRS,
    largePairs: LARGE_PAIRS,
    seconds: SECONDS,
    extra,
  };
  const [heading, ...rest] = renderOneToOneSections(run);
  const section = marked([
    heading!,
    '',
    `(Generated ${startedAt.toISOString()} by \`npm run bench -- --only one-to-one\`.)`,
    ...rest,
    ...extra.notes.map((n) => `- ${n}`),
    '',
  ]);
  writeFileSync(reportUrl, spliceSections(readReport(), SECTION_HEADINGS['one-to-one'], section));
  console.log(
    `\nreplaced the one-to-one sections of docs/benchmarks.md in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`,
  );
  process.exit(0);
}
const groups = await runGroupSuite({ seconds: SECONDS, resultsDir, pgUrl: PG });
const rooms = await runRoomSuite({ seconds: SECONDS, resultsDir });
const chartFile = 'benchmarks-latency.svg';
writeFileSync(
  new URL(`../docs/${chartFile}`, import.meta.url),
  renderLatencyChart(
    [...results, ...extra.oneToOne].filter((r) => r.pairs === PAIRS),
    `One-to-one, ${PAIRS} pairs: p99 latency against offered load`,
  ),
);
extra.chartFile = chartFile;

const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
// The hand-written analysis (targets, profiles, next steps) follows the generated tables.
const analysis = readFileSync(new URL('./analysis.md', import.meta.url), 'utf8');
writeFileSync(
  new URL('../docs/benchmarks.md', import.meta.url),
  `${renderReport({ results, machine, startedAt, pairs: PAIRS, largePairs: LARGE_PAIRS, seconds: SECONDS, extra, groups, rooms })}\n${analysis}`,
);
console.log(
  `\nwrote docs/benchmarks.md and docs/${chartFile} in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`,
);
