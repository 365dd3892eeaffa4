// The part of `npm run bench` beyond Confab's one-to-one rows: the baselines (raw ws relay, ejabberd and
// the durable ejabberd+sql) with the same pairs and load models, and the login storm (token and
// password), offline backlog and idle scenarios for every system (the group rows are suite-groups.ts).
// Every server is a separate process, stopped in `finally`. `parts` runs some of them only
// (`npm run bench -- --only one-to-one|logins|backlog|idle`). Knobs: CONFAB_BENCH_RATES, CONFAB_BENCH_LOGINS
// (1000 per token storm), CONFAB_BENCH_PASSWORD_LOGINS (200 per password storm), CONFAB_BENCH_BACKLOG,
// CONFAB_BENCH_IDLE (10000,50000), CONFAB_BENCH_EJABBERD=0, CONFAB_BENCH_EJABBERD_SQL (pgsql | sqlite | 0).
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import {
  RAW_LABEL,
  relayIdle,
  relayLoginStorm,
  relayPairs,
  sourceAddresses,
  startRelay,
} from './baselines/raw-ws-relay.js';
import {
  EJABBERD_LABEL,
  EJABBERD_SQL_LABEL,
  ejabberdBacklog,
  ejabberdIdle,
  ejabberdLoginStorm,
  ejabberdPairs,
  ejabberdSqlUnavailable,
  ejabberdUnavailable,
  startEjabberd,
  type Ejabberd,
  type EjabberdSql,
} from './baselines/ejabberd.js';
import { confabSqlite } from './lib/confab-app.js';
import { driveAtRate, driveWindowed, waitFor, type Target } from './lib/drive.js';
import { noFileLimits, raiseNoFile } from './lib/procs.js';
import type { ExtraResults } from './lib/report.js';
import type { BacklogResult, IdleResult, LoginStormResult, RunResult } from './lib/results.js';
import {
  confabBacklog,
  confabIdle,
  confabLoginStorm,
  confabPasswordLoginStorm,
} from './scenarios/confab-extra.js';

const list = (name: string, dflt: string) =>
  (process.env[name] ?? dflt)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);

export interface ExtraOptions {
  pairs: number;
  /** A second set of pairs (0: none), driven at `largeRates` and one window row. */
  largePairs: number;
  largeRates: number[];
  seconds: number;
  resultsDir: URL;
  /** The parts to run (default: all). */
  parts?: ReadonlySet<ExtraPart>;
  /** PostgreSQL admin URL for the durable ejabberd's database (its `pgsql` backend). */
  pgUrl?: string;
  /** The 1-minute load average before the run's first row (what else was loading the machine). */
  loadAtStart?: number;
}

/**
 * What loaded the machine: the 1-minute load average before the first row is other work (the bench's own
 * rows load the machine after it, so later averages say little about others).
 */
function machineLoadNote(atStart: number | undefined, fifteenAtBaselines: number): string {
  const cores = cpus().length;
  const start =
    atStart === undefined
      ? ''
      : `1-minute load average ${atStart.toFixed(1)} before the first row (${atStart < 0.5 ? 'a quiet machine' : 'other work was running: absolute figures are depressed and noisy, compare ratios'}); `;
  return `Machine load, ${cores} cores: ${start}15-minute load average ${fifteenAtBaselines.toFixed(1)} when the baselines started and ${loadavg()[2]!.toFixed(1)} at the end, the bench's own rows included.`;
}

export const EXTRA_PARTS = ['one-to-one', 'logins', 'backlog', 'idle'] as const;
export type ExtraPart = (typeof EXTRA_PARTS)[number];

/**
 * The durable ejabberd's SQL backend (CONFAB_BENCH_EJABBERD_SQL: pgsql, the default, as ejabberd
 * recommends for production; sqlite; 0 leaves the peer out), or why it cannot run.
 */
export function ejabberdSqlPlan(pgUrl: string | undefined): { sql?: EjabberdSql; missing?: string } {
  const want = process.env['CONFAB_BENCH_EJABBERD_SQL'] ?? 'pgsql';
  if (process.env['CONFAB_BENCH_EJABBERD'] === '0' || want === '0')
    return { missing: `skipped (${want === '0' ? 'CONFAB_BENCH_EJABBERD_SQL' : 'CONFAB_BENCH_EJABBERD'}=0)` };
  if (want !== 'pgsql' && want !== 'sqlite') return { missing: `unknown CONFAB_BENCH_EJABBERD_SQL=${want}` };
  if (want === 'pgsql' && !pgUrl) return { missing: 'no PostgreSQL URL' };
  const missing = ejabberdSqlUnavailable(want);
  if (missing) return { missing };
  return { sql: want === 'pgsql' ? { type: 'pgsql', url: pgUrl! } : { type: 'sqlite' } };
}

interface IdleRun {
  requested: number;
  /** What is run: `requested`, or less when the fd limit cannot hold it. */
  n: number;
  /** Why `n` < `requested`. */
  capped?: string;
}

/**
 * The idle sizes this machine can hold. The load client keeps every connection open itself and the
 * servers inherit its fd limit, so when RLIMIT_NOFILE cannot be raised (the hard limit needs
 * CAP_SYS_RESOURCE) a size is capped to what fits, and said so, rather than failing on EMFILE.
 */
function idlePlan(sizes: number[]): { runs: IdleRun[]; note: string } {
  const want = Math.max(...sizes, 0) + 5000;
  raiseNoFile(process.pid, want);
  const [soft, hard] = noFileLimits(process.pid);
  const room = Math.floor((soft - 2000) / 1000) * 1000;
  const why =
    `RLIMIT_NOFILE is ${soft} (hard ${hard}) for the load client and the servers here` +
    (hard < want ? ' and prlimit cannot raise it (no CAP_SYS_RESOURCE)' : '');
  const runs: IdleRun[] = [];
  for (const requested of sizes) {
    const n = Math.min(requested, room);
    if (n > 0 && !runs.some((r) => r.n === n))
      runs.push({
        requested,
        n,
        ...(n < requested ? { capped: `capped at ${n}: fd limit ${soft} (see the notes)` } : {}),
      });
  }
  const capped = runs.some((r) => r.capped) || runs.length < sizes.length;
  return {
    runs,
    note:
      `Idle connections asked for: ${sizes.join(', ')}; ` +
      (capped
        ? `${why}, so sizes above ${room} ran at ${room} (every system alike, so the ratios hold); ` +
          'a machine where prlimit may raise the hard limit runs them in full.'
        : `fd limits raised with prlimit to ${soft}.`) +
      ' Past 20k connections the load client binds source addresses 127.0.0.2 and up, 20k each and fresh for every run (the ephemeral port range holds ~28k per address, and closed ones stay in TIME_WAIT).',
  };
}

export async function runExtraSuite(o: ExtraOptions): Promise<ExtraResults> {
  const rates = list('CONFAB_BENCH_RATES', '1000,2000,5000,10000');
  const logins = Number(process.env['CONFAB_BENCH_LOGINS'] ?? 1000);
  // Password logins cost a scrypt check each (tens per second on one node): a smaller storm.
  const passwordLogins = Number(process.env['CONFAB_BENCH_PASSWORD_LOGINS'] ?? 200);
  const part = (p: ExtraPart) => !o.parts || o.parts.has(p);
  const backlogN = Number(process.env['CONFAB_BENCH_BACKLOG'] ?? 10_000);
  const prefix = `x${Date.now().toString(36)}`;
  const load0 = loadavg()[2]!;
  const { runs: idleRuns, note: idleNote } = part('idle')
    ? idlePlan(list('CONFAB_BENCH_IDLE', '10000,50000'))
    : { runs: [], note: '' };
  const durable = ejabberdSqlPlan(o.pgUrl);

  const x: ExtraResults = {
    baselines: {
      raw: { label: RAW_LABEL },
      ejabberd: { label: EJABBERD_LABEL },
      ejabberdSql: {
        label: EJABBERD_SQL_LABEL,
        ...(durable.missing ? { missing: durable.missing } : {}),
      },
    },
    oneToOne: [],
    loginStorm: [],
    backlog: [],
    idle: [],
    notes: [],
  };
  const save = (r: { scenario: string; backend: string }, suffix: string) => {
    const name = `${r.scenario}-${r.backend.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${suffix}.json`;
    writeFileSync(new URL(name, o.resultsDir), JSON.stringify(r, null, 2) + '\n');
  };
  const stream = (r: RunResult, into: RunResult[]) => {
    into.push(r);
    save(r, `${r.scenario === 'one-to-one' ? `${r.pairs}p-` : ''}${r.mode}-${r.offeredPerSec ?? r.window}`);
    console.log(
      `  ${r.scenario}${r.scenario === 'one-to-one' ? ` ${r.pairs} pairs` : ''} ${r.mode === 'rate' ? `${r.offeredPerSec}/s offered` : `window ${r.window}`}: ${r.deliveredPerSec} delivered/s, ` +
        `p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, ${r.serverCpuUsPerMsg ?? Math.round(r.serverCpuSecPer1000 * 1000)} µs CPU/msg, ` +
        `RSS ${r.serverRssMb} MB, load-gen loop p99 ${r.clientLoopDelayMs?.p99 ?? '–'} ms`,
    );
  };
  const storm = (r: LoginStormResult) => {
    x.loginStorm.push(r);
    save(r, `${r.clients}-storm${r.storm ?? 1}`);
    console.log(
      `  login storm ${r.storm ?? 1}${r.credential ? ` (${r.credential})` : ''}: ${r.ok}/${r.clients} in ${r.seconds} s = ${r.loginsPerSec}/s, ` +
        `p99 ${r.latencyMs.p99.toFixed(0)} ms, ${r.serverCpuUsPerLogin ?? '–'} µs CPU/login` +
        (r.retries ? `, ${r.retries} busy answers retried` : ''),
    );
  };
  // Three storms of the same size on the same server, every system alike: the first shows a cold login
  // path, the third the steady state (Node's first storm costs 2–3× the CPU per login of its third, while
  // the JIT compiles the path; ejabberd's code is compiled when loaded). The second is not recorded.
  const storms = async (run: (round: number) => Promise<LoginStormResult>) => {
    if (!part('logins')) return;
    storm({ ...(await run(1)), storm: 1 });
    await run(2);
    storm({ ...(await run(3)), storm: 3 });
  };
  const backlog = (r: BacklogResult) => {
    x.backlog.push(r);
    save(r, String(r.queued));
    console.log(
      `  offline backlog: ${r.delivered}/${r.queued} drained in ${r.drainSeconds} s (queued in ${r.queueSeconds} s); ` +
        `CPU ${r.serverCpuUsPerMsgQueued ?? '–'} µs/msg queued, ${r.serverCpuUsPerMsgDrained ?? '–'} µs/msg drained`,
    );
  };
  const idle = (r: IdleResult, run: IdleRun) => {
    if (run.capped)
      r = { ...r, requested: run.requested, note: [run.capped, r.note].filter(Boolean).join('; ') };
    x.idle.push(r);
    save(r, String(run.requested));
    console.log(
      `  idle ${r.opened}/${r.connections}: server ${r.serverKbPerConn} KB/conn (${r.serverCpuUsPerConn ?? '–'} µs CPU/conn to connect), load client ${r.clientKbPerConn} KB/conn` +
        ` (connected in ${r.connectSeconds} s)${r.note ? `; ${r.note}` : ''}`,
    );
  };
  /**
   * Before a row: the previous row's backlog delivered (no delivery for 500 ms, at most 60 s), so that a
   * saturated row (ejabberd+sql at 5–10k/s offered) does not load the next one; said when it does not settle.
   */
  const quiet = async (t: Target) => {
    let last = -1;
    const settled = await waitFor(
      () => {
        const same = t.recorder.delivered === last;
        last = t.recorder.delivered;
        return same;
      },
      60_000,
      500,
    );
    if (!settled)
      x.notes.push(
        `${t.backend}: a one-to-one row started while the previous row's messages were still arriving (60 s).`,
      );
  };
  /** One-to-one rows: every rate and a window of 10, for the standard pairs and the large set. */
  const pairRows = async (pairs: (n: number) => Promise<Target & { close(): void }>) => {
    if (!part('one-to-one')) return;
    for (const [n, rs] of [
      [o.pairs, rates],
      [o.largePairs, o.largeRates],
    ] as const) {
      if (n <= 0) continue;
      const t0 = performance.now();
      const t = await pairs(n);
      console.log(`  ${n} pairs logged in in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      try {
        for (const rate of rs) {
          await quiet(t);
          stream(await driveAtRate(t, 'one-to-one', rate, o.seconds), x.oneToOne);
        }
        await quiet(t);
        stream(await driveWindowed(t, 'one-to-one', 10, o.seconds, 'delivery'), x.oneToOne);
      } finally {
        t.close();
      }
    }
  };
  const guarded = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      const msg = (err as Error).message.split('\n')[0];
      console.log(`  ${what} failed: ${msg}`);
      x.notes.push(`${what} failed in this run: ${msg}`);
    }
  };

  /** An ejabberd's one-to-one rows, login storms and offline backlog (its idle rows apart). */
  const peerRows = async (ej: Ejabberd) => {
    await pairRows((n) => ejabberdPairs(ej, n, `${prefix}p${n}`));
    await storms((round) => ejabberdLoginStorm(ej, logins, 100, `${prefix}s${round}`));
    if (part('backlog')) backlog(await ejabberdBacklog(ej, backlogN, prefix));
  };

  // (a) raw ws relay
  console.log(`\n${RAW_LABEL}`);
  if (part('one-to-one') || part('logins'))
    await guarded('raw ws relay', async () => {
      const relay = await startRelay();
      try {
        await pairRows((n) => relayPairs(relay, n));
        await storms(() => relayLoginStorm(relay, logins));
      } finally {
        await relay.stop();
      }
    });
  for (const run of idleRuns)
    await guarded(`raw ws relay idle ${run.n}`, async () => idle(await relayIdle(run.n), run));

  // (b) ejabberd
  const missing =
    process.env['CONFAB_BENCH_EJABBERD'] === '0'
      ? 'skipped (CONFAB_BENCH_EJABBERD=0)'
      : ejabberdUnavailable();
  console.log(`\n${EJABBERD_LABEL}${missing ? `: ${missing}` : ''}`);
  if (missing) x.baselines.ejabberd.missing = missing;
  else {
    await guarded('ejabberd', async () => {
      const ej = await startEjabberd();
      try {
        await peerRows(ej);
        for (const run of idleRuns) {
          const t0 = performance.now();
          idle(await ejabberdIdle(ej, run.n, `${prefix}n${run.n}`, sourceAddresses()), run);
          console.log(`    (with in-band registration: ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
        }
      } finally {
        await ej.stop();
      }
    });
  }

  // (c) the durable ejabberd: the same rows but idle (its sessions are the same in-memory processes).
  console.log(
    `\n${EJABBERD_SQL_LABEL}${durable.missing ? `: ${durable.missing}` : ` (${durable.sql!.type})`}`,
  );
  if (durable.sql && (part('one-to-one') || part('logins') || part('backlog')))
    await guarded('ejabberd+sql', async () => {
      const ej = await startEjabberd({ sql: durable.sql! });
      try {
        await peerRows(ej);
      } finally {
        await ej.stop();
      }
    });

  // Confab: login storms (token, then password), backlog on one SQLite node; idle on a fresh one.
  console.log('\nConfab, SQLite, 1 node: login storms, offline backlog, idle');
  if (part('logins') || part('backlog'))
    await guarded('Confab extra scenarios', async () => {
      const cb = await confabSqlite();
      try {
        await storms((round) => confabLoginStorm(cb, logins, Math.ceil(logins / 10), `${prefix}s${round}`));
        // After the token storms, so that the process is warm: the difference is the password check.
        if (part('logins') && passwordLogins > 0)
          storm({
            ...(await confabPasswordLoginStorm(
              cb,
              passwordLogins,
              Math.ceil(passwordLogins / 10),
              `${prefix}w`,
            )),
            storm: 3,
          });
        if (part('backlog')) backlog(await confabBacklog(cb, backlogN, prefix));
      } finally {
        await cb.stop();
      }
    });
  for (const run of idleRuns)
    await guarded(`Confab idle ${run.n}`, async () =>
      idle(await confabIdle(run.n, `${prefix}n${run.n}`), run),
    );

  const durableNote = durable.sql
    ? `${EJABBERD_SQL_LABEL} is ejabberd with \`default_db: sql\` on ${durable.sql.type === 'pgsql' ? "PostgreSQL (a fresh database with its pg.sql schema, 10 connections, on the same server as Confab's PostgreSQL rows)" : 'SQLite (a fresh file created from its lite.sql schema)'}: mod_mam archives every one-to-one message for both parties (\`default: always\`), mod_offline and accounts on SQL, passwords stored SCRAM-hashed; sessions stay in memory as in production.`
    : `${EJABBERD_SQL_LABEL} (the durable ejabberd): ${durable.missing}.`;
  const cpuNote =
    "Server CPU is the user + system time of the server processes only (/proc/<pid>/stat before and after the measured window: Confab's node processes, beam.smp, the relay), divided by the messages delivered (or logins, connections); it leaves out PostgreSQL and Redis, which serve the PostgreSQL + Redis rows and ejabberd+sql, and the load generator (its own CPU is in the JSON results).";
  // A run of some parts keeps the notes about those parts only.
  if (!part('one-to-one') || !part('logins') || !part('backlog') || !part('idle')) {
    if (part('idle')) x.notes.push(idleNote);
    if (part('one-to-one') || part('logins') || part('backlog')) x.notes.push(durableNote, cpuNote);
    return x;
  }
  x.notes.push(
    machineLoadNote(o.loadAtStart, load0),
    "Server event-loop delay is Confab's own (the worst node's p99 over the row, from `GET /healthz?detail=1`, reset at the start of each row; 10 ms histogram resolution). The load generator's event-loop delay is recorded per row too (monitorEventLoopDelay, the resolution subtracted) to show when the generator, not the server, was the limit.",
    `Users: Confab registration hashes each password with scrypt by design; every Confab scenario uses an app of its own allowing 100 devices per user, registers users in batches of 50 and issues their tokens with the app admin token (no second hash), so ${o.largePairs || o.pairs} pairs cost ${2 * (o.largePairs || o.pairs)} hashes and 10k idle connections only 100 users. ejabberd accounts are registered in-band (XEP-0077) instead of with \`ejabberdctl register\`, which starts an Erlang VM per call (~0.5 s per user).`,
    `The one-to-one rows use ${o.pairs} pairs${o.largePairs > 0 ? `, and ${o.largePairs} pairs at ${o.largeRates.map((r) => `${r}/s`).join(', ')} and a window of 10 per sender (SQLite and the baselines only; CONFAB_BENCH_LARGE_PAIRS=0 skips them)` : ''}.`,
    'One node vs two and SQLite vs PostgreSQL + Redis are covered by the one-to-one rows only.',
    durableNote,
    cpuNote,
    idleNote,
  );
  return x;
}
