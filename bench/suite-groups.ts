// The group rows of `npm run bench` (alone: `npm run bench -- --only groups`): one group of each size on
// the raw ws relay, on ejabberd (a MUC room) and on one Confab SQLite node, the first few members
// sending at fixed offered rates (counted in deliveries) and with a window of messages in flight.
// Every system runs the same sizes, senders and load models in the same run; every server is a separate
// process, stopped in `finally`. Knobs: CONFAB_BENCH_GROUP_SIZES (100,1000), CONFAB_BENCH_GROUP_SENDERS (2),
// CONFAB_BENCH_GROUP_RATES (offered deliveries/s: 5000,20000), CONFAB_BENCH_GROUP_WINDOW (10 per sender;
// 0: no window row), CONFAB_BENCH_SECONDS per row; CONFAB_BENCH_EJABBERD=0 / CONFAB_BENCH_GROUP_CONFAB=0
// leave ejabberd / Confab out. CONFAB_BENCH_GROUP_EJABBERD_SQL=1 adds the durable ejabberd+sql
// (CONFAB_BENCH_EJABBERD_SQL, see suite-extra.ts) with rooms configured `mam: true`: ejabberd then marks
// every room message archived (a stanza-id by the room), but no row reached its SQL archive table in our
// checks (ejabberd 23.01), so where it is kept is not verified and the row is opt-in, not a durable peer.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { RAW_LABEL, relayGroup, startRelay } from './baselines/raw-ws-relay.js';
import {
  EJABBERD_LABEL,
  EJABBERD_SQL_LABEL,
  ejabberdGroup,
  ejabberdUnavailable,
  startEjabberd,
} from './baselines/ejabberd.js';
import { confabSqlite } from './lib/confab-app.js';
import { driveAtRate, driveWindowed, waitFor, type Target } from './lib/drive.js';
import type { GroupResults } from './lib/report.js';
import type { RunResult } from './lib/results.js';
import { confabGroup } from './scenarios/groups.js';
import { ejabberdSqlPlan } from './suite-extra.js';

const list = (name: string, dflt: string) =>
  (process.env[name] ?? dflt)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);

export interface GroupOptions {
  seconds: number;
  resultsDir: URL;
  /** PostgreSQL admin URL for the durable ejabberd's database. */
  pgUrl?: string;
}

/** The group sizes and load, from the environment (defaults: 100 and 1000 members, 2 senders). */
export function groupPlan() {
  return {
    sizes: list('CONFAB_BENCH_GROUP_SIZES', '100,1000'),
    senders: Math.max(1, Number(process.env['CONFAB_BENCH_GROUP_SENDERS'] ?? 2)),
    /** Offered deliveries per second (messages/s × (members − 1)). */
    rates: list('CONFAB_BENCH_GROUP_RATES', '5000,20000'),
    /** Messages in flight per sender in the window row, each complete when every member has it (0: none). */
    window: Number(process.env['CONFAB_BENCH_GROUP_WINDOW'] ?? 10),
  };
}

/** Waits until no delivery has arrived for 300 ms (at most 10 s): a saturated row's tail is not the next row's. */
export async function settle(t: Target): Promise<void> {
  let last = -1;
  await waitFor(
    () => {
      const same = t.recorder.delivered === last;
      last = t.recorder.delivered;
      return same;
    },
    10_000,
    300,
  );
}

export async function runGroupSuite(o: GroupOptions): Promise<GroupResults> {
  const plan = groupPlan();
  const startedAt = new Date();
  const load0 = loadavg()[0]!;
  const prefix = `q${Date.now().toString(36)}`;
  const groupSql = process.env['CONFAB_BENCH_GROUP_EJABBERD_SQL'] === '1';
  const durable = groupSql ? ejabberdSqlPlan(o.pgUrl) : {};
  const g: GroupResults = {
    baselines: {
      raw: { label: RAW_LABEL },
      ejabberd: { label: EJABBERD_LABEL },
      ...(groupSql
        ? {
            ejabberdSql: {
              label: EJABBERD_SQL_LABEL,
              ...(durable.missing ? { missing: durable.missing } : {}),
            },
          }
        : {}),
    },
    rows: [],
    sizes: plan.sizes,
    senders: plan.senders,
    window: plan.window,
    notes: [],
    startedAt,
  };
  const stream = (r: RunResult, members: number) => {
    const row = { ...r, members };
    g.rows.push(row);
    const name = `group-${members}m-${r.backend.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${r.mode}-${r.offeredPerSec ?? r.window}.json`;
    writeFileSync(new URL(name, o.resultsDir), JSON.stringify(row, null, 2) + '\n');
    console.log(
      `  ${members} members ${r.mode === 'rate' ? `${r.offeredPerSec} deliveries/s offered` : `window ${r.window}`}: ` +
        `${r.deliveredPerSec} delivered/s (${r.delivered}/${r.sent * (members - 1)}), ` +
        `p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, ${r.serverCpuUsPerMsg ?? Math.round(r.serverCpuSecPer1000 * 1000)} µs CPU/msg, ` +
        `RSS ${r.serverRssMb} MB, load-gen loop p99 ${r.clientLoopDelayMs?.p99 ?? '–'} ms`,
    );
  };
  /** Every rate (offered in deliveries) and the window row, on a group already set up. */
  const rows = async (t: Target & { close(): void }, members: number) => {
    try {
      for (const d of plan.rates) {
        await settle(t);
        const r = await driveAtRate(t, 'group', d / t.fanout, o.seconds);
        stream({ ...r, offeredPerSec: d }, members);
      }
      if (plan.window > 0) {
        await settle(t);
        stream(await driveWindowed(t, 'group', plan.window, o.seconds, 'delivery'), members);
      }
    } finally {
      t.close();
    }
  };
  const guarded = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      const msg = (err as Error).message.split('\n')[0];
      console.log(`  ${what} failed: ${msg}`);
      g.notes.push(`${what} failed in this run: ${msg}`);
    }
  };
  const setup = async <T>(members: number, make: () => Promise<T>) => {
    const t0 = performance.now();
    const t = await make();
    console.log(`  group of ${members} set up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return t;
  };

  console.log(`\ngroups: ${RAW_LABEL}`);
  await guarded('raw ws relay groups', async () => {
    const relay = await startRelay();
    try {
      for (const n of plan.sizes) await rows(await setup(n, () => relayGroup(relay, n, plan.senders)), n);
    } finally {
      await relay.stop();
    }
  });

  const missing =
    process.env['CONFAB_BENCH_EJABBERD'] === '0'
      ? 'skipped (CONFAB_BENCH_EJABBERD=0)'
      : ejabberdUnavailable();
  console.log(`\ngroups: ${EJABBERD_LABEL} MUC${missing ? `: ${missing}` : ''}`);
  if (missing) g.baselines.ejabberd.missing = missing;
  else
    await guarded('ejabberd MUC', async () => {
      const ej = await startEjabberd();
      try {
        for (const n of plan.sizes)
          await rows(await setup(n, () => ejabberdGroup(ej, n, plan.senders, `${prefix}e${n}`)), n);
      } finally {
        await ej.stop();
      }
    });

  if (groupSql)
    console.log(
      `\ngroups: ${EJABBERD_SQL_LABEL} MUC with mod_mam${durable.missing ? `: ${durable.missing}` : ''}`,
    );
  if (durable.sql)
    await guarded('ejabberd+sql MUC', async () => {
      const ej = await startEjabberd({ sql: durable.sql! });
      try {
        for (const n of plan.sizes)
          await rows(await setup(n, () => ejabberdGroup(ej, n, plan.senders, `${prefix}d${n}`)), n);
      } finally {
        await ej.stop();
      }
    });

  if (process.env['CONFAB_BENCH_GROUP_CONFAB'] !== '0') {
    console.log('\ngroups: Confab, SQLite, 1 node');
    await guarded('Confab groups', async () => {
      const cb = await confabSqlite();
      try {
        for (const n of plan.sizes)
          await rows(await setup(n, () => confabGroup(cb, n, plan.senders, `${prefix}c${n}`)), n);
      } finally {
        await cb.stop();
      }
    });
  }

  g.notes.push(
    `Machine load: 1-minute load average ${load0.toFixed(1)} when the group rows started and ${loadavg()[0]!.toFixed(1)} at their end, on ${cpus().length} cores.`,
  );
  return g;
}
