// The part of `npm run bench` beyond Confab's one-to-one rows: the baselines (raw ws relay, ejabberd)
// with the same pairs and load models, and the fan-out, login storm, offline backlog and idle scenarios
// for all three systems. Every server is a separate process, stopped in `finally`.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import {
  RAW_LABEL,
  relayFanout,
  relayIdle,
  relayLoginStorm,
  relayPairs,
  sourceAddress,
  startRelay,
} from './baselines/raw-ws-relay.js';
import {
  EJABBERD_LABEL,
  ejabberdBacklog,
  ejabberdFanout,
  ejabberdIdle,
  ejabberdLoginStorm,
  ejabberdPairs,
  ejabberdUnavailable,
  startEjabberd,
} from './baselines/ejabberd.js';
import { confabSqlite } from './lib/confab-app.js';
import { driveAtRate, driveWindowed, type RunResult, type Target } from './lib/drive.js';
import { noFile, raiseNoFile } from './lib/procs.js';
import type { ExtraResults } from './lib/report.js';
import type { BacklogResult, IdleResult, LoginStormResult } from './lib/results.js';
import { confabBacklog, confabFanout, confabIdle, confabLoginStorm } from './scenarios/confab-extra.js';

const list = (name: string, dflt: string) =>
  (process.env[name] ?? dflt)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);

export interface ExtraOptions {
  pairs: number;
  seconds: number;
  resultsDir: URL;
}

export async function runExtraSuite(o: ExtraOptions): Promise<ExtraResults> {
  const rates = list('CONFAB_BENCH_RATES', '1000,2000,5000,10000');
  const devices = Math.min(100, Number(process.env['CONFAB_BENCH_FANOUT_DEVICES'] ?? 100));
  const fanoutRates = list('CONFAB_BENCH_FANOUT_RATES', '2000,5000');
  const logins = Number(process.env['CONFAB_BENCH_LOGINS'] ?? 1000);
  const backlogN = Number(process.env['CONFAB_BENCH_BACKLOG'] ?? 10_000);
  const idleSizes = list('CONFAB_BENCH_IDLE', '10000');
  const prefix = `x${Date.now().toString(36)}`;
  const load0 = loadavg()[2]!;
  const raisedSelf = raiseNoFile(process.pid, Math.max(...idleSizes, 0) + 5000);

  const x: ExtraResults = {
    baselines: { raw: { label: RAW_LABEL }, ejabberd: { label: EJABBERD_LABEL } },
    oneToOne: [],
    fanout: [],
    fanoutDevices: devices,
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
    save(r, `${r.mode}-${r.offeredPerSec ?? r.window}`);
    console.log(
      `  ${r.scenario} ${r.mode === 'rate' ? `${r.offeredPerSec}/s offered` : `window ${r.window}`}: ${r.deliveredPerSec} delivered/s, ` +
        `p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, ${r.serverCpuSecPer1000} CPU s/1000, ` +
        `RSS ${r.serverRssMb} MB, load-gen loop p99 ${r.clientLoopDelayMs?.p99 ?? '–'} ms`,
    );
  };
  const storm = (r: LoginStormResult) => {
    x.loginStorm.push(r);
    save(r, String(r.clients));
    console.log(
      `  login storm: ${r.ok}/${r.clients} in ${r.seconds} s = ${r.loginsPerSec}/s, p99 ${r.latencyMs.p99.toFixed(0)} ms`,
    );
  };
  const backlog = (r: BacklogResult) => {
    x.backlog.push(r);
    save(r, String(r.queued));
    console.log(
      `  offline backlog: ${r.delivered}/${r.queued} drained in ${r.drainSeconds} s (queued in ${r.queueSeconds} s)`,
    );
  };
  const idle = (r: IdleResult) => {
    x.idle.push(r);
    save(r, String(r.connections));
    console.log(
      `  idle ${r.opened}/${r.connections}: server ${r.serverKbPerConn} KB/conn, load client ${r.clientKbPerConn} KB/conn` +
        ` (connected in ${r.connectSeconds} s)${r.note ? `; ${r.note}` : ''}`,
    );
  };
  /** Fan-out rows are offered and counted in deliveries. */
  const fanoutRows = async (t: Target) => {
    for (const d of fanoutRates) {
      const r = await driveAtRate(t, 'fanout', d / t.fanout, o.seconds);
      stream({ ...r, offeredPerSec: d }, x.fanout);
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

  // (a) raw ws relay
  console.log(`\n${RAW_LABEL}`);
  await guarded('raw ws relay', async () => {
    const relay = await startRelay();
    try {
      const t = await relayPairs(relay, o.pairs);
      try {
        for (const rate of rates) stream(await driveAtRate(t, 'one-to-one', rate, o.seconds), x.oneToOne);
        stream(await driveWindowed(t, 'one-to-one', 10, o.seconds, 'delivery'), x.oneToOne);
      } finally {
        t.close();
      }
      const f = await relayFanout(relay, devices);
      try {
        await fanoutRows(f);
        stream(await driveWindowed(f, 'fanout', 10, o.seconds, 'delivery'), x.fanout);
      } finally {
        f.close();
      }
      storm(await relayLoginStorm(relay, logins));
    } finally {
      await relay.stop();
    }
  });
  for (const n of idleSizes) await guarded(`raw ws relay idle ${n}`, async () => idle(await relayIdle(n)));

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
        const t = await ejabberdPairs(ej, o.pairs, prefix);
        try {
          for (const rate of rates) stream(await driveAtRate(t, 'one-to-one', rate, o.seconds), x.oneToOne);
          stream(await driveWindowed(t, 'one-to-one', 10, o.seconds, 'delivery'), x.oneToOne);
        } finally {
          t.close();
        }
        const f = await ejabberdFanout(ej, devices, prefix);
        try {
          await fanoutRows(f);
          stream(await driveWindowed(f, 'fanout', 10, o.seconds, 'delivery'), x.fanout);
        } finally {
          f.close();
        }
        storm(await ejabberdLoginStorm(ej, logins, 100, prefix));
        backlog(await ejabberdBacklog(ej, backlogN, prefix));
        for (const n of idleSizes) idle(await ejabberdIdle(ej, n, `${prefix}n${n}`, sourceAddress));
      } finally {
        await ej.stop();
      }
    });
  }

  // Confab: fan-out, login storm, backlog on one SQLite node; idle on a fresh one.
  console.log('\nConfab, SQLite, 1 node: fan-out, login storm, offline backlog, idle');
  await guarded('Confab extra scenarios', async () => {
    const cb = await confabSqlite();
    try {
      const f = await confabFanout(cb, devices, prefix);
      try {
        await fanoutRows(f);
        stream(await driveWindowed(f, 'fanout', 10, o.seconds, 'ack'), x.fanout);
      } finally {
        f.close();
      }
      storm(await confabLoginStorm(cb, logins, Math.ceil(logins / 10), prefix));
      backlog(await confabBacklog(cb, backlogN, prefix));
    } finally {
      await cb.stop();
    }
  });
  for (const n of idleSizes)
    await guarded(`Confab idle ${n}`, async () => idle(await confabIdle(n, `${prefix}n${n}`)));

  x.notes.push(
    `Machine load: 15-minute load average ${load0.toFixed(1)} when the baselines started and ${loadavg()[2]!.toFixed(1)} at the end, on ${cpus().length} cores — other processes (tests of other work) shared the CPU, so absolute figures are depressed and noisy; compare ratios, and rerun on an idle machine for absolute numbers.`,
    "Server event-loop delay is Confab's own (the worst node's p99 over the row, from `GET /healthz?detail=1`, reset at the start of each row; 10 ms histogram resolution). The load generator's event-loop delay is recorded per row too (monitorEventLoopDelay, the resolution subtracted) to show when the generator, not the server, was the limit.",
    `Users: Confab registration hashes each password with scrypt by design; the extra scenarios use an app allowing 100 devices per user, register users in batches and issue tokens with the app admin token (no second hash), so 10k idle connections need only 100 users. ejabberd accounts are registered in-band (XEP-0077) instead of with \`ejabberdctl register\`, which starts an Erlang VM per call (~0.5 s per user).`,
    `The one-to-one rows use ${o.pairs} pairs; 1000 pairs needs 2000 Confab users (two scrypt hashes each in bench/lib/cluster.ts), which does not fit the 10-minute budget. Set CONFAB_BENCH_PAIRS=1000 for that run.`,
    "Fan-out uses one user on up to 100 devices (the app's maximum device limit): group fan-out to 100 and 1000 members waits for groups. ejabberd's multi-resource delivery is not its MUC path (about 49k deliveries/s to a room of 100 on this machine per docs/performance notes).",
    'One node vs two and SQLite vs PostgreSQL + Redis are covered by the one-to-one rows only.',
    `Idle connections at ${idleSizes.join(', ')}: 50k needs CONFAB_BENCH_IDLE=10000,50000 (file-descriptor limits raised with prlimit${raisedSelf ? '' : ', which failed here'}; the load generator's limit is now ${noFile(process.pid)}).`,
  );
  return x;
}
