// The performance issue's targets, read off the rows of one full run: each says what was measured, whether
// it is met, and by how much it falls short. Generated, so the verdict can never drift from the tables.
import type { GroupResults, ReportRun } from './report.js';
import type { OneToOneResult } from './results.js';

export const TARGETS = {
  /** One-to-one durable throughput (window row) ÷ ejabberd in memory. */
  vsEjabberd: 1.2,
  /** The same ÷ the raw ws relay. */
  vsRaw: 0.5,
  /** p99 at this offered rate ≤ ejabberd's at the same rate. */
  p99Rate: 5000,
  /** Group and room peak deliveries/s ÷ ejabberd MUC. */
  fanOut: 1.2,
  /** Server memory per idle connection, KB. */
  idleKb: 15,
  /** Two PostgreSQL + Redis nodes ÷ one, one-to-one window row. */
  twoNodes: 1.6,
} as const;

const SQLITE = 'SQLite, 1 node';
const PG_ONE = 'PostgreSQL + Redis, 1 node';
const PG_TWO = 'PostgreSQL + Redis, 2 nodes';

const x = (v: number) => `${v >= 10 ? v.toFixed(0) : v.toFixed(2)}×`;
const n = (v: number) => Math.round(v).toLocaleString('en-US');
const msText = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;

/** "met" or "not met: needs N× more" for a higher-is-better ratio against its target. */
function atLeast(value: number, target: number): string {
  return value >= target ? 'met' : `not met: ${x(target / value)} short`;
}

const startsWith = (backend: string, label: string) => backend === label || backend.startsWith(`${label} `);

function findRow(
  rows: OneToOneResult[],
  backend: (b: string) => boolean,
  pairs: number,
  load: { rate: number } | 'window',
): OneToOneResult | undefined {
  return rows.find(
    (r) =>
      backend(r.backend) &&
      r.pairs === pairs &&
      (load === 'window' ? r.mode === 'window' : r.mode === 'rate' && r.offeredPerSec === load.rate),
  );
}

function fanOutCells(g: GroupResults | undefined, unit: string): [string, string] {
  if (!g) return ['not run', '–'];
  const b = g.baselines;
  if (b.ejabberd.missing) return [`ejabberd ${b.ejabberd.missing}`, '–'];
  const isBase = (backend: string) =>
    [b.raw, b.ejabberd, ...(b.ejabberdSql ? [b.ejabberdSql] : [])].some((l) => startsWith(backend, l.label));
  const ratios = g.sizes.flatMap((size) => {
    const win = g.rows.filter((r) => r.members === size && r.mode === 'window');
    const confab = win.find((r) => !isBase(r.backend));
    const ej = win.find((r) => startsWith(r.backend, b.ejabberd.label));
    return confab && ej ? [{ size, confab, ej, ratio: confab.deliveredPerSec / ej.deliveredPerSec }] : [];
  });
  if (!ratios.length) return ['no window rows', '–'];
  const worst = Math.min(...ratios.map((r) => r.ratio));
  return [
    ratios
      .map(
        (r) =>
          `${r.size} ${unit}: ${n(r.confab.deliveredPerSec)} vs ${n(r.ej.deliveredPerSec)} deliveries/s = ${x(r.ratio)}`,
      )
      .join('; '),
    atLeast(worst, TARGETS.fanOut),
  ];
}

/** The "Targets against this run" section: one row per target of the performance issue. */
export function renderTargetsSection(run: ReportRun): string[] {
  const ex = run.extra;
  const all = [...run.results, ...(ex?.oneToOne ?? [])];
  const b = ex?.baselines;
  const isBase = (backend: string) =>
    !!b &&
    [b.raw, b.ejabberd, ...(b.ejabberdSql ? [b.ejabberdSql] : [])].some((l) => startsWith(backend, l.label));
  const rows: [string, string, string][] = [];

  // One-to-one throughput: the durable window row of the embedded default against both baselines.
  const own = findRow(all, (s) => s === SQLITE, run.pairs, 'window');
  const ej = b && findRow(all, (s) => startsWith(s, b.ejabberd.label), run.pairs, 'window');
  const raw = b && findRow(all, (s) => startsWith(s, b.raw.label), run.pairs, 'window');
  if (own && ej && raw) {
    const vsEj = own.deliveredPerSec / ej.deliveredPerSec;
    const vsRaw = own.deliveredPerSec / raw.deliveredPerSec;
    const cpu = (r: OneToOneResult) => r.serverCpuUsPerMsg ?? Math.round(r.serverCpuSecPer1000 * 1000);
    rows.push([
      `one-to-one durable throughput ≥ ${TARGETS.vsEjabberd}× ejabberd and ≥ ${TARGETS.vsRaw}× raw relay (${run.pairs} pairs, window row)`,
      `${n(own.deliveredPerSec)}/s vs ejabberd ${n(ej.deliveredPerSec)}/s = ${x(vsEj)}, raw ${n(raw.deliveredPerSec)}/s = ${x(vsRaw)}; ` +
        `server CPU ${cpu(own)} vs ${cpu(ej)} µs/msg`,
      vsEj >= TARGETS.vsEjabberd && vsRaw >= TARGETS.vsRaw
        ? 'met'
        : `not met: ${x(TARGETS.vsEjabberd / vsEj)} short of ejabberd's, ${x(TARGETS.vsRaw / vsRaw)} of raw's`,
    ]);
  } else rows.push(['one-to-one durable throughput', 'a row is missing from this run', '–']);

  // p99 at a fixed offered load.
  const rate = { rate: TARGETS.p99Rate };
  const ownP = findRow(all, (s) => s === SQLITE, run.pairs, rate);
  const ejP = b && findRow(all, (s) => startsWith(s, b.ejabberd.label), run.pairs, rate);
  if (ownP && ejP) {
    const r = ownP.latencyMs.p99 / ejP.latencyMs.p99;
    rows.push([
      `p99 at ${n(TARGETS.p99Rate)} msgs/s offered ≤ ejabberd's`,
      `${msText(ownP.latencyMs.p99)} vs ${msText(ejP.latencyMs.p99)} (${n(ownP.deliveredPerSec)} delivered/s)`,
      r <= 1 ? 'met' : `not met: ${x(r)} ejabberd's`,
    ]);
  } else rows.push([`p99 at ${n(TARGETS.p99Rate)} msgs/s`, 'a row is missing from this run', '–']);

  const [groupText, groupVerdict] = fanOutCells(run.groups, 'members');
  rows.push([`group fan-out ≥ ${TARGETS.fanOut}× ejabberd MUC (window rows)`, groupText, groupVerdict]);
  const [roomText, roomVerdict] = fanOutCells(run.rooms, 'present');
  rows.push([`chat-room fan-out ≥ ${TARGETS.fanOut}× ejabberd MUC (window rows)`, roomText, roomVerdict]);

  // Idle memory: every Confab size of the run.
  const idle = (ex?.idle ?? []).filter((r) => !isBase(r.backend));
  if (idle.length) {
    const worst = Math.max(...idle.map((r) => r.serverKbPerConn));
    rows.push([
      `server memory per idle connection ≤ ${TARGETS.idleKb} KB`,
      idle
        .map(
          (r) =>
            `${r.serverKbPerConn} KB at ${n(r.opened)}${r.requested ? ` (of ${n(r.requested)} asked)` : ''}`,
        )
        .join('; '),
      worst <= TARGETS.idleKb ? 'met' : `not met: ${x(worst / TARGETS.idleKb)} over`,
    ]);
  } else rows.push(['idle memory per connection', 'not run', '–']);

  // Scale-out: two nodes (and one node with a worker per core) against one, PostgreSQL + Redis.
  const one = findRow(all, (s) => s === PG_ONE, run.pairs, 'window');
  const two = findRow(all, (s) => s === PG_TWO, run.pairs, 'window');
  const workers = all.find(
    (r) => r.backend.startsWith(`${PG_ONE}, `) && r.mode === 'window' && r.pairs === run.pairs,
  );
  if (one && two) {
    const r = two.deliveredPerSec / one.deliveredPerSec;
    rows.push([
      `two nodes on PostgreSQL + Redis ≥ ${TARGETS.twoNodes}× one node (one-to-one, window row)`,
      `one node ${n(one.deliveredPerSec)}/s, two nodes ${n(two.deliveredPerSec)}/s = ${x(r)}` +
        (workers
          ? `; ${workers.backend.slice(PG_ONE.length + 2)} ${n(workers.deliveredPerSec)}/s = ${x(workers.deliveredPerSec / one.deliveredPerSec)}`
          : ''),
      atLeast(r, TARGETS.twoNodes),
    ]);
  } else rows.push(['two nodes ÷ one node', 'a row is missing from this run', '–']);

  // Logins: reported by credential, no target.
  const storms = (ex?.loginStorm ?? []).filter((r) => r.storm === 3 && !isBase(r.backend));
  const rateOf = (c: 'token' | 'password') => {
    const r = storms.find((s) => s.credential === c);
    return r ? `${n(r.loginsPerSec)}/s` : 'not run';
  };
  if (storms.length)
    rows.push([
      'logins by token and by password, measured apart',
      `by token ${rateOf('token')}, by password ${rateOf('password')} (steady-state storms)`,
      'reported',
    ]);

  return [
    '## Targets against this run',
    '',
    `The performance issue's targets, each read off the rows above (one run, ${run.startedAt.toISOString()}; an`,
    '`--only` run replaces its own tables but not this section).',
    '',
    '| target | this run | verdict |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ];
}
