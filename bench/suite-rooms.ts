// The chat-room rows of `npm run bench` (alone: `npm run bench -- --only rooms`): one room of each size
// (present devices) on ejabberd (a MUC room), on one Confab SQLite node and on the raw ws relay, the first
// few devices sending at a fixed offered rate (counted in deliveries: p99 latency) and with a window of
// messages in flight (peak deliveries/s). Same sizes, senders and load models for every system in the
// same run; every server is a separate process, stopped in `finally`. Knobs: CONFAB_BENCH_ROOM_SIZES
// (1000,10000), CONFAB_BENCH_ROOM_USERS (1000: users / accounts, see scenarios/rooms.ts),
// CONFAB_BENCH_ROOM_SENDERS (2), CONFAB_BENCH_ROOM_RATES (offered deliveries/s: 20000),
// CONFAB_BENCH_ROOM_WINDOW (5 per sender; 0: no window row), CONFAB_BENCH_SECONDS per row;
// CONFAB_BENCH_EJABBERD=0 / CONFAB_BENCH_ROOM_CONFAB=0 / CONFAB_BENCH_ROOM_RAW=0 leave a system out;
// CONFAB_BENCH_ROOM_EJABBERD_ACCOUNTS=shared: ejabberd occupants share accounts like Confab's devices.
//
// Presence: ejabberd's room broadcasts occupants' presence to moderators only (`presence_broadcast`), and
// the Confab node runs with CONFAB_ROOM_PRESENCE_EVENTS_MAX_MEMBERS=100 (joins of a larger room are told
// to the owner and admins only): otherwise N joins are N²/2 pushes (50 M for 10,000), which is setup,
// not the rows, and would take longer than the whole suite.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { RAW_LABEL, relayGroup, startRelay } from './baselines/raw-ws-relay.js';
import { EJABBERD_LABEL, ejabberdGroup, ejabberdUnavailable, startEjabberd } from './baselines/ejabberd.js';
import { confabSqlite } from './lib/confab-app.js';
import { driveAtRate, driveWindowed, type Target } from './lib/drive.js';
import type { GroupResults } from './lib/report.js';
import type { RunResult } from './lib/results.js';
import { confabRoom, roomUsers } from './scenarios/rooms.js';
import { settle } from './suite-groups.js';

const list = (name: string, dflt: string) =>
  (process.env[name] ?? dflt)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);

/** The Confab node's configuration for the room rows (see the header). */
export const ROOM_BENCH_ENV = {
  CONFAB_ROOM_PRESENCE_EVENTS_MAX_MEMBERS: '100',
  // Registering the users is one scrypt hash each: on every core (setup, not the rows).
  CONFAB_PASSWORD_HASH_THREADS: String(Math.max(1, cpus().length)),
};

export interface RoomOptions {
  seconds: number;
  resultsDir: URL;
}

/** The room sizes and load, from the environment. */
export function roomPlan() {
  return {
    sizes: list('CONFAB_BENCH_ROOM_SIZES', '1000,10000'),
    users: Math.max(2, Number(process.env['CONFAB_BENCH_ROOM_USERS'] ?? 1000)),
    senders: Math.max(1, Number(process.env['CONFAB_BENCH_ROOM_SENDERS'] ?? 2)),
    /**
     * ejabberd accounts per room: one per occupant (default), or with CONFAB_BENCH_ROOM_EJABBERD_ACCOUNTS=shared
     * as many as Confab's users, several sessions each (faster setup; ejabberd may route them differently).
     */
    ejabberdAccounts:
      process.env['CONFAB_BENCH_ROOM_EJABBERD_ACCOUNTS'] === 'shared'
        ? Math.max(2, Number(process.env['CONFAB_BENCH_ROOM_USERS'] ?? 1000))
        : undefined,
    /** Offered deliveries per second (messages/s × (devices − 1)). */
    rates: list('CONFAB_BENCH_ROOM_RATES', '20000'),
    /** Messages in flight per sender in the window row, each complete when every device has it (0: none). */
    window: Number(process.env['CONFAB_BENCH_ROOM_WINDOW'] ?? 5),
  };
}

/** The room rows; the result has the group rows' shape (`members` is the number of present devices). */
export async function runRoomSuite(o: RoomOptions): Promise<GroupResults> {
  const plan = roomPlan();
  const startedAt = new Date();
  const load0 = loadavg()[0]!;
  const prefix = `r${Date.now().toString(36)}`;
  const g: GroupResults = {
    baselines: { raw: { label: RAW_LABEL }, ejabberd: { label: EJABBERD_LABEL } },
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
    const name = `room-${members}m-${r.backend.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${r.mode}-${r.offeredPerSec ?? r.window}.json`;
    writeFileSync(new URL(name, o.resultsDir), JSON.stringify(row, null, 2) + '\n');
    console.log(
      `  ${members} present ${r.mode === 'rate' ? `${r.offeredPerSec} deliveries/s offered` : `window ${r.window}`}: ` +
        `${r.deliveredPerSec} delivered/s (${r.delivered}/${r.sent * (members - 1)}), ` +
        `p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, ${r.serverCpuUsPerMsg ?? Math.round(r.serverCpuSecPer1000 * 1000)} µs CPU/msg, ` +
        `RSS ${r.serverRssMb} MB, load-gen loop p99 ${r.clientLoopDelayMs?.p99 ?? '–'} ms`,
    );
  };
  const rows = async (t: Target & { close(): void }, members: number) => {
    try {
      for (const d of plan.rates) {
        await settle(t);
        const r = await driveAtRate(t, 'room', d / t.fanout, o.seconds);
        stream({ ...r, offeredPerSec: d }, members);
      }
      if (plan.window > 0) {
        await settle(t);
        stream(await driveWindowed(t, 'room', plan.window, o.seconds, 'delivery'), members);
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
    console.log(`  room of ${members} present set up in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return t;
  };

  if (process.env['CONFAB_BENCH_ROOM_CONFAB'] !== '0') {
    console.log('\nrooms: Confab, SQLite, 1 node');
    await guarded('Confab rooms', async () => {
      const cb = await confabSqlite([], ROOM_BENCH_ENV);
      try {
        const t0 = performance.now();
        const users = await roomUsers(cb.app, Math.min(plan.users, Math.max(...plan.sizes)), prefix);
        console.log(`  ${users.names.length} users in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        for (const n of plan.sizes)
          await rows(await setup(n, () => confabRoom(cb, users, n, plan.senders, `${prefix} ${n}`)), n);
      } finally {
        await cb.stop();
      }
    });
  }

  const missing =
    process.env['CONFAB_BENCH_EJABBERD'] === '0'
      ? 'skipped (CONFAB_BENCH_EJABBERD=0)'
      : ejabberdUnavailable();
  console.log(`\nrooms: ${EJABBERD_LABEL} MUC${missing ? `: ${missing}` : ''}`);
  if (missing) g.baselines.ejabberd.missing = missing;
  else
    await guarded('ejabberd MUC', async () => {
      const ej = await startEjabberd();
      try {
        for (const n of plan.sizes)
          await rows(
            await setup(n, () =>
              ejabberdGroup(ej, n, plan.senders, `${prefix}e${n}`, plan.ejabberdAccounts ?? n),
            ),
            n,
          );
      } finally {
        await ej.stop();
      }
    });

  if (process.env['CONFAB_BENCH_ROOM_RAW'] === '0')
    g.baselines.raw.missing = 'skipped (CONFAB_BENCH_ROOM_RAW=0)';
  else {
    console.log(`\nrooms: ${RAW_LABEL}`);
    await guarded('raw ws relay rooms', async () => {
      const relay = await startRelay();
      try {
        for (const n of plan.sizes) await rows(await setup(n, () => relayGroup(relay, n, plan.senders)), n);
      } finally {
        await relay.stop();
      }
    });
  }

  g.notes.push(
    `Machine load: 1-minute load average ${load0.toFixed(1)} when the room rows started and ${loadavg()[0]!.toFixed(1)} at their end, on ${cpus().length} cores.`,
  );
  return g;
}
