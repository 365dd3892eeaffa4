// docs/benchmarks.md (and the latency chart docs/benchmarks-latency.svg) from the results of one run.
import { renderTargetsSection } from './targets.js';
import type { BacklogResult, IdleResult, LoginStormResult, OneToOneResult, RunResult } from './results.js';

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : '–');

/** The baselines of one run: their rows, or why they are missing ("not installed"). */
export interface Baselines {
  raw: { label: string; missing?: string };
  ejabberd: { label: string; missing?: string };
  /** The durable ejabberd (SQL, mod_mam): its own ratio columns when present. */
  ejabberdSql?: { label: string; missing?: string };
}

/** A row of `label`'s system: its label alone or followed by a space (the version, the backend). */
const matches = (backend: string, label: string) => backend === label || backend.startsWith(`${label} `);

/** Server CPU µs per message of a stream row (older results carry s/1000 only). */
const cpuUs = (r: { serverCpuUsPerMsg?: number; serverCpuSecPer1000: number }) =>
  r.serverCpuUsPerMsg ?? Math.round(r.serverCpuSecPer1000 * 1000);

const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : String(v));

export interface ExtraResults {
  baselines: Baselines;
  /** One-to-one rows of the raw relay and ejabberd (same pairs and load models as Confab's). */
  oneToOne: RunResult[];
  loginStorm: LoginStormResult[];
  backlog: BacklogResult[];
  idle: IdleResult[];
  /** Free-text lines for the "gaps and notes" section. */
  notes: string[];
  chartFile?: string;
}

/** The group rows of one run (bench/suite-groups.ts). */
export interface GroupResults {
  baselines: Baselines;
  rows: RunResult[];
  sizes: number[];
  senders: number;
  /** Messages in flight per sender in the window row (0: no window row). */
  window: number;
  notes: string[];
  startedAt: Date;
}

type Row = OneToOneResult & Partial<Pick<RunResult, 'clientLoopDelayMs' | 'completion'>>;

const sameLoad = (a: Row, b: Row) =>
  a.pairs === b.pairs &&
  a.mode === b.mode &&
  (a.mode === 'rate' ? a.offeredPerSec === b.offeredPerSec : a.window === b.window);

/** "0.42×" or the reason the peer is missing. */
function ratio(v: number, base: number | undefined, missing: string | undefined): string {
  if (missing) return missing;
  if (base === undefined || !Number.isFinite(v) || !Number.isFinite(base) || base === 0) return '–';
  const r = v / base;
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}×`;
}

/** `sent` names what the sent column counts (messages; deliveries are counted apart). */
function streamTable(rows: Row[], baselineRows: Row[], b: Baselines, sent = 'sent'): string[] {
  const peer = (r: Row, label: string) =>
    baselineRows.find((x) => matches(x.backend, label) && sameLoad(x, r));
  const sql = b.ejabberdSql;
  const out = [
    `| backend | offered load | ${sent} | delivered | delivered/s | p50 ms | p99 ms | p99.9 ms | server CPU µs/msg | server RSS MB | server loop delay p99 ms | load-gen loop delay p99 ms | delivered/s ÷ raw | ÷ ejabberd |${sql ? ' ÷ ejabberd+sql |' : ''} p99 ÷ raw | ÷ ejabberd |${sql ? ' ÷ ejabberd+sql |' : ''}`,
    `|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|${sql ? '---|---|' : ''}`,
  ];
  for (const r of [...rows, ...baselineRows]) {
    const isBase = baselineRows.includes(r);
    const raw = isBase ? undefined : peer(r, b.raw.label);
    const ej = isBase ? undefined : peer(r, b.ejabberd.label);
    const ejs = isBase || !sql ? undefined : peer(r, sql.label);
    const cells = isBase
      ? Array<string>(sql ? 6 : 4).fill('')
      : [
          ratio(r.deliveredPerSec, raw?.deliveredPerSec, b.raw.missing),
          ratio(r.deliveredPerSec, ej?.deliveredPerSec, b.ejabberd.missing),
          ...(sql ? [ratio(r.deliveredPerSec, ejs?.deliveredPerSec, sql.missing)] : []),
          ratio(r.latencyMs.p99, raw?.latencyMs.p99, b.raw.missing),
          ratio(r.latencyMs.p99, ej?.latencyMs.p99, b.ejabberd.missing),
          ...(sql ? [ratio(r.latencyMs.p99, ejs?.latencyMs.p99, sql.missing)] : []),
        ];
    out.push(
      `| ${isBase ? `*${r.backend}*` : r.backend} | ${r.mode === 'rate' ? `${r.offeredPerSec}/s` : `window ${r.window}/sender`} | ${r.sent} | ${r.delivered} | ` +
        `${r.deliveredPerSec} | ${ms(r.latencyMs.p50)} | ${ms(r.latencyMs.p99)} | ${ms(r.latencyMs.p999)} | ${num(cpuUs(r))} | ${r.serverRssMb} | ` +
        `${r.serverLoopDelayP99Ms === undefined ? '–' : ms(r.serverLoopDelayP99Ms)} | ` +
        `${r.clientLoopDelayMs ? ms(r.clientLoopDelayMs.p99) : '–'} | ${cells.join(' | ')} |`,
    );
  }
  return out;
}

function missingRows(b: Baselines): string[] {
  return [b.raw, b.ejabberd, ...(b.ejabberdSql ? [b.ejabberdSql] : [])]
    .filter((x) => x.missing)
    .map((x) => `*${x.label}: ${x.missing}.*`);
}

function peerOf<T extends { backend: string }>(rows: T[], label: string): T | undefined {
  return rows.find((r) => matches(r.backend, label));
}

export interface ReportRun {
  results: OneToOneResult[];
  machine: string;
  startedAt: Date;
  pairs: number;
  /** The second, larger set of one-to-one pairs (0 or absent: none). */
  largePairs?: number;
  seconds: number;
  extra?: ExtraResults;
  groups?: GroupResults;
  rooms?: GroupResults;
}

const NOT_RUN: Baselines = {
  raw: { label: 'raw ws relay', missing: 'not run' },
  ejabberd: { label: 'ejabberd', missing: 'not run' },
};

/** Headings of the sections each `--only` part replaces (by prefix). */
export const SECTION_HEADINGS = {
  'one-to-one': ['## One-to-one relay ('],
  logins: ['## Login storm'],
  backlog: ['## Offline backlog drain'],
  idle: ['## Idle connections'],
} as const;

/** The one-to-one sections (standard pairs, then the large set). */
export function renderOneToOneSections(run: ReportRun): string[] {
  const x = run.extra;
  const b = x?.baselines ?? NOT_RUN;
  const lines = [
    `## One-to-one relay (${run.pairs} pairs, ${run.seconds} s per row)`,
    '',
    'Latency is from the sender writing the frame to the receiver decoding the message (pushed DL, or NOTICE → SYNC → DL);',
    '"window" rows keep N messages un-acknowledged per sender and show peak durable throughput. Server CPU is the',
    "server processes' user + system µs per delivered message over the row (Confab's nodes, beam.smp, the relay;",
    "not PostgreSQL or Redis); RSS is the servers' total at the end of the row. The load generator's own event-loop",
    'delay (p99) shows whether it, not the server, was the limit.',
    '',
    ...streamTable(
      run.results.filter((r) => r.pairs === run.pairs),
      (x?.oneToOne ?? []).filter((r) => r.pairs === run.pairs),
      b,
    ),
    ...missingRows(b).flatMap((l) => ['', l]),
    '',
  ];
  const large = run.largePairs ?? 0;
  if (large > 0 && large !== run.pairs)
    lines.push(
      `## One-to-one relay (${large} pairs, ${run.seconds} s per row)`,
      '',
      `The same load models over ${large} senders and ${large} receivers (${2 * large} connections), on one SQLite`,
      'node and the baselines: more connections and queues at the same offered load, and the window row keeps',
      `${10 * large} messages in flight.`,
      '',
      ...streamTable(
        run.results.filter((r) => r.pairs === large),
        (x?.oneToOne ?? []).filter((r) => r.pairs === large),
        b,
      ),
      '',
    );
  return lines;
}

/** The login storm section: token and password storms, each against the same storm of the baselines. */
export function renderLoginSection(x: ExtraResults): string[] {
  const b = x.baselines;
  const sql = b.ejabberdSql;
  const confab = x.loginStorm.filter((r) => !isBaseline(r, b) && r.storm === 3);
  const by = (c: 'token' | 'password') => confab.find((r) => r.credential === c);
  const token = by('token');
  const password = by('password');
  return [
    '## Login storm',
    '',
    'N clients connecting at once (accounts, and for the token rows tokens, created beforehand). Every system takes',
    'three storms of N on the same server: the first (cold: for Node, the login path not compiled by the JIT yet) and',
    'the third (steady state) are shown, each compared with the same storm of the baselines. Confab is measured',
    "twice: **by token** (a token issued beforehand; WebSocket + PROVISION) and **by password** (what the SDK's",
    '`open({ user, pwd })` does: the REST token request with the password, checked with scrypt, then WebSocket +',
    'PROVISION; one storm of CONFAB_BENCH_PASSWORD_LOGINS after the token storms, so on a warm process).',
    'ejabberd always logs in by password (SASL PLAIN): stored in plain text in the in-memory row (a string',
    'compare), SCRAM-hashed in ejabberd+sql (PBKDF2 per login), the fair peer of the password row.',
    '',
    ...(token || password
      ? [
          `Confab logins/s (steady state): by token ${token?.loginsPerSec ?? '–'}, by password ${password?.loginsPerSec ?? '–'}` +
            ` (server CPU ${num(token?.serverCpuUsPerLogin)} and ${num(password?.serverCpuUsPerLogin)} µs per login).`,
          '',
        ]
      : []),
    `| backend | one login is | clients | ok | failed | logins/s | p50 ms | p99 ms | server CPU µs/login | logins/s ÷ raw | ÷ ejabberd |${sql ? ' ÷ ejabberd+sql |' : ''}`,
    `|---|---|---|---|---|---|---|---|---|---|---|${sql ? '---|' : ''}`,
    ...x.loginStorm.map((r) => {
      const base = isBaseline(r, b);
      const same = x.loginStorm.filter((o) => o.storm === r.storm);
      const raw = peerOf(same, b.raw.label);
      const ej = peerOf(same, b.ejabberd.label);
      const ejs = sql ? peerOf(same, sql.label) : undefined;
      const round =
        r.storm === undefined
          ? ''
          : r.storm === 1
            ? ' (1st storm, cold)'
            : r.credential === 'password' && !base
              ? ' (warm process)'
              : ` (storm ${r.storm}, steady state)`;
      const cpu = r.serverCpuUsPerLogin ?? Math.round(r.serverCpuSecPer1000 * 1000);
      return (
        `| ${base ? `*${r.backend}*` : r.backend} | ${r.what}${round} | ${r.clients} | ${r.ok} | ${r.failed}${r.retries ? ` (${r.retries} busy answers retried)` : ''} | ${r.loginsPerSec} | ` +
        `${ms(r.latencyMs.p50)} | ${ms(r.latencyMs.p99)} | ${num(cpu)} | ` +
        (base
          ? ` |  |${sql ? '  |' : ''}`
          : `${ratio(r.loginsPerSec, raw?.loginsPerSec, b.raw.missing)} | ${ratio(r.loginsPerSec, ej?.loginsPerSec, b.ejabberd.missing)} |` +
            (sql ? ` ${ratio(r.loginsPerSec, ejs?.loginsPerSec, sql.missing)} |` : ''))
      );
    }),
    ...missingRows(b).flatMap((l) => ['', l]),
    '',
  ];
}

/** The offline backlog section. */
export function renderBacklogSection(x: ExtraResults): string[] {
  const b = x.baselines;
  const sql = b.ejabberdSql;
  return [
    '## Offline backlog drain',
    '',
    'N messages sent to a user with no device online (Confab: each acknowledged, i.e. committed; ejabberd:',
    'mod_offline in mnesia, then a ping round trip; ejabberd+sql: mod_offline and mod_mam on SQL), then one device',
    'logs in: time from connecting to the last backlog message decoded (Confab: PROVISION → UNREAD → SYNC batches;',
    'ejabberd: offline messages after the initial presence). Server CPU per message is given for both phases.',
    'The raw relay stores nothing and has no row.',
    '',
    `| backend | queued | delivered | time to queue s | drain s | drained msgs/s | server CPU µs/msg queued | µs/msg drained | server RSS MB | drain time ÷ ejabberd |${sql ? ' ÷ ejabberd+sql |' : ''}`,
    `|---|---|---|---|---|---|---|---|---|---|${sql ? '---|' : ''}`,
    ...x.backlog.map((r) => {
      const base = isBaseline(r, b);
      const ej = peerOf(x.backlog, b.ejabberd.label);
      const ejs = sql ? peerOf(x.backlog, sql.label) : undefined;
      return (
        `| ${base ? `*${r.backend}*` : r.backend} | ${r.queued} | ${r.delivered} | ${r.queueSeconds} | ${r.drainSeconds} | ` +
        `${r.drainedPerSec} | ${num(r.serverCpuUsPerMsgQueued)} | ${num(r.serverCpuUsPerMsgDrained)} | ${r.serverRssMb} | ` +
        `${base ? '' : ratio(r.drainSeconds, ej?.drainSeconds, b.ejabberd.missing)} |` +
        (sql ? ` ${base ? '' : ratio(r.drainSeconds, ejs?.drainSeconds, sql.missing)} |` : '')
      );
    }),
    '',
  ];
}

/** Idle memory per connection at or below this many KB is the issue's target for Confab. */
export const IDLE_TARGET_KB = 15;

/** The idle connections section, with the target line (≤ 15 KB per connection) read off Confab's rows. */
export function renderIdleSection(x: ExtraResults): string[] {
  const b = x.baselines;
  const confab = x.idle.filter((r) => !isBaseline(r, b)).sort((a, z) => a.connections - z.connections);
  return [
    '## Idle connections',
    '',
    'Server RSS growth per connected, authenticated, idle connection (2 s after the last connected); the load',
    "client's own RSS growth per connection is shown apart, and the server's CPU per connection while they",
    'connected. Confab: provisioned msync devices (N/100 users × 100 devices); ejabberd: sessions after SASL +',
    'bind + presence (N accounts, one session each); raw relay: open WebSockets. Sizes are 10,000 and 50,000',
    'where the fd limit allows: the soft limit is raised to the hard one (prlimit) in the load client and in each',
    'server; a size that does not fit runs at the largest that does, and the row says how many ran ("of 50000").',
    '',
    ...(confab.length
      ? [
          `Idle memory per connection, target ≤ ${IDLE_TARGET_KB} KB: ` +
            confab
              .map(
                (r) =>
                  `${r.serverKbPerConn} KB at ${r.opened} connections${r.requested ? ` (of ${r.requested})` : ''}` +
                  ` (${r.serverKbPerConn <= IDLE_TARGET_KB ? 'met' : `not met, by ${(r.serverKbPerConn / IDLE_TARGET_KB).toFixed(1)}×`})`,
              )
              .join('; ') +
            '.',
          '',
        ]
      : []),
    '| backend | connections | opened | connect s | server RSS MB before → after | server KB/conn | server CPU µs/conn | load client KB/conn | KB/conn ÷ raw | ÷ ejabberd | note |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...[...x.idle]
      .sort((a, z) => a.connections - z.connections)
      .map((r) => {
        const base = isBaseline(r, b);
        const raw = x.idle.find((y) => matches(y.backend, b.raw.label) && y.connections === r.connections);
        const asked = r.requested ? ` (of ${r.requested})` : '';
        const ej = x.idle.find(
          (y) => matches(y.backend, b.ejabberd.label) && y.connections === r.connections,
        );
        return (
          `| ${base ? `*${r.backend}*` : r.backend} | ${r.connections}${asked} | ${r.opened} | ${r.connectSeconds} | ` +
          `${r.serverRssMbBefore} → ${r.serverRssMbAfter} | ${r.serverKbPerConn} | ${num(r.serverCpuUsPerConn)} | ${r.clientKbPerConn} | ` +
          (base
            ? ' | |'
            : `${ratio(r.serverKbPerConn, raw?.serverKbPerConn, b.raw.missing)} | ${ratio(r.serverKbPerConn, ej?.serverKbPerConn, b.ejabberd.missing)} |`) +
          ` ${r.note ?? ''} |`
        );
      }),
    '',
  ];
}

export function renderReport(run: ReportRun): string {
  const x = run.extra;
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`npm run bench\` on ${run.startedAt.toISOString()} — ${run.machine}. Load generator and servers`,
    'share the machine (loopback); the load generator speaks msync through `@confab/protocol` (bench/lib/msync-device.ts),',
    'servers run as separate processes (`npm start`), durable: every message is committed before its ACK.',
    '',
    'Baselines measured in the same run by the same load models (bench/lib/drive.ts): **raw ws relay** — a `ws` server',
    'that forwards each binary frame to the connection named in its 5-byte header, no persistence, no protocol work',
    '(bench/baselines/raw-ws-relay-server.ts): the physical limit of Node on this machine; **ejabberd** from Debian,',
    'a throw-away instance on loopback (mnesia, no shapers, no TLS) driven by a raw-TCP XMPP client',
    '(bench/baselines/ejabberd.ts); **ejabberd+sql**, the durable peer: the same ejabberd with every store on SQL',
    '(PostgreSQL by default, `CONFAB_BENCH_EJABBERD_SQL=sqlite` for SQLite), message archiving (mod_mam, every',
    'one-to-one message, both copies) and offline storage (mod_offline) on SQL, SCRAM-hashed passwords. Ratios are',
    'Confab ÷ baseline: for delivered/s higher is better (Confab ≤ 1× raw is expected), for latency lower is better.',
    'No baseline sends a sender ACK: their "window" counts messages until delivered, Confab\'s until acknowledged',
    '(committed). ejabberd (in memory) does not persist one-to-one messages; ejabberd+sql archives each twice (the',
    "sender's and the receiver's copy), each insert a transaction of its own that the session waits for (a committed",
    'PostgreSQL transaction) before the message goes on.',
    ...(x?.chartFile ? ['', `![p99 latency against offered load](${x.chartFile})`] : []),
    '',
    ...renderOneToOneSections(run),
  ];
  if (run.groups) lines.push(...renderGroupSection(run.groups, run.seconds));
  if (run.rooms) lines.push(...renderRoomSection(run.rooms, run.seconds));
  if (x) {
    lines.push(
      ...renderLoginSection(x),
      ...renderBacklogSection(x),
      ...renderIdleSection(x),
      ...renderTargetsSection(run),
      '## Notes and gaps',
      '',
      ...x.notes.map((n) => `- ${n}`),
      '',
    );
  }
  lines.push(
    'Raw results: `bench/results/*.json`. Re-run: `npm run bench` (PostgreSQL and Redis on loopback: set',
    '`CONFAB_BENCH_PG_URL` / `CONFAB_BENCH_REDIS_URL`, defaults 127.0.0.1).',
    '',
  );
  return lines.join('\n');
}

/**
 * Puts `section` in a report in place of the sections whose heading starts with one of `headings`
 * (all of them, the new text where the first was), else before "## Notes and gaps", else at the end.
 */
export function spliceSections(report: string, headings: readonly string[], section: string[]): string {
  const text = `${section.join('\n').trimEnd()}\n\n`;
  const starts = headings
    .flatMap((h) => {
      const found: number[] = [];
      for (let i = report.indexOf(`\n${h}`); i >= 0; i = report.indexOf(`\n${h}`, i + 1)) found.push(i);
      return found;
    })
    .sort((a, z) => z - a);
  let out = report;
  for (const start of starts) {
    const next = out.indexOf('\n## ', start + 1);
    out = out.slice(0, start + 1) + (next >= 0 ? out.slice(next + 1) : '');
  }
  if (starts.length) {
    const at = starts[starts.length - 1]! + 1;
    return out.slice(0, at) + text + out.slice(at);
  }
  const before = out.indexOf('\n## Notes and gaps');
  return before >= 0
    ? out.slice(0, before + 1) + text + out.slice(before + 1)
    : `${out.trimEnd()}\n\n${text}`;
}

const GROUP_HEADING = '## Group fan-out';

/** The "Group fan-out" section: one table per group size, every system of the same run. */
export function renderGroupSection(g: GroupResults, seconds: number): string[] {
  const b = g.baselines;
  const lines = [
    `${GROUP_HEADING} (groups of ${g.sizes.join(' and ')} members, ${g.senders} sender${g.senders > 1 ? 's' : ''}, ${seconds} s per row)`,
    '',
    `One group per size, every member online with one connection (generated ${g.startedAt.toISOString()}; alone:`,
    `\`npm run bench -- --only groups\`). The first ${g.senders} member${g.senders > 1 ? 's send' : ' sends'} group text messages round-robin; each message`,
    'is delivered to every other member, so one message is (members − 1) deliveries. Offered load and delivered/s',
    'count deliveries; latency is from the sender writing the message to each member decoding it.',
    '',
    '- **Confab**: a group created with the app-server REST API (`POST /chatgroups` naming every member), every',
    '  device logged in and its login backlog drained; GROUPCHAT messages over msync, each stored once for the',
    '  group and committed before it is delivered (durable), not sent back to the sending device.',
    '- **ejabberd**: a MUC room (mod_muc, non-persistent, presence broadcast to moderators only, no history on',
    '  join), every occupant joined (self-presence received) before the first message. The room keeps messages in',
    "  memory only and reflects each one to its sender too (not counted: ejabberd's extra work).",
    ...(g.baselines.ejabberdSql
      ? [
          '- **ejabberd+sql** (opt-in, CONFAB_BENCH_GROUP_EJABBERD_SQL=1): the same room with `mam: true` on the',
          '  durable ejabberd; ejabberd marks each message archived by the room, but where 23.01 keeps a room',
          '  archive was not verified (no row in its SQL archive table in our checks).',
        ]
      : []),
    '- **Raw ws relay**: a group of connections, each frame forwarded to every member but the sender.',
    '',
    ...(g.window > 0
      ? [
          `"window" rows keep ${g.window} messages per sender in flight, a message complete when every member has it`,
          '(every system alike): peak group throughput.',
          '',
        ]
      : []),
  ];
  // The issue's target, read off the peak (window) rows of this run.
  const peaks = g.sizes.flatMap((n) => {
    const win = g.rows.filter((r) => r.members === n && r.mode === 'window');
    const confab = win.find((r) => !isBaseline(r, b));
    const ej = win.find((r) => matches(r.backend, b.ejabberd.label));
    const ejs = b.ejabberdSql ? win.find((r) => matches(r.backend, b.ejabberdSql!.label)) : undefined;
    return confab
      ? [
          `${n} members ${ratio(confab.deliveredPerSec, ej?.deliveredPerSec, b.ejabberd.missing)}` +
            (b.ejabberdSql
              ? ` (÷ ejabberd+sql ${ratio(confab.deliveredPerSec, ejs?.deliveredPerSec, b.ejabberdSql.missing)})`
              : ''),
        ]
      : [];
  });
  if (peaks.length)
    lines.push(`Peak delivered/s, Confab ÷ ejabberd (window rows; target ≥ 1.2×): ${peaks.join(', ')}.`, '');
  for (const n of g.sizes) {
    const rows = g.rows.filter((r) => r.members === n);
    if (!rows.length) continue;
    lines.push(
      `### ${n} members`,
      '',
      ...streamTable(
        rows.filter((r) => !isBaseline(r, b)),
        rows.filter((r) => isBaseline(r, b)),
        b,
        'messages sent',
      ),
      '',
    );
  }
  lines.push(...missingRows(b).flatMap((l) => [l, '']), ...g.notes.map((n) => `- ${n}`), '');
  return lines;
}

/** Sections a group section replaces: an earlier one, or the multi-device stand-in of older reports. */
const REPLACED = [GROUP_HEADING, '## Fan-out: one user on'];

/**
 * Puts `section` in a report in place of its group section (or of the stand-in it replaced), else
 * before the login storm, else at the end.
 */
export function spliceGroupSection(report: string, section: string[]): string {
  const text = `${section.join('\n').trimEnd()}\n\n`;
  const starts = REPLACED.map((h) => report.indexOf(`\n${h}`))
    .filter((i) => i >= 0)
    .sort((a, z) => z - a);
  let out = report;
  // From the last to the first, so that earlier offsets hold.
  for (const start of starts) {
    const next = out.indexOf('\n## ', start + 1);
    out = out.slice(0, start + 1) + (next >= 0 ? out.slice(next + 1) : '');
  }
  if (starts.length) {
    const at = starts[starts.length - 1]! + 1;
    return out.slice(0, at) + text + out.slice(at);
  }
  const before = out.indexOf('\n## Login storm');
  return before >= 0
    ? out.slice(0, before + 1) + text + out.slice(before + 1)
    : `${out.trimEnd()}\n\n${text}`;
}

const ROOM_HEADING = '## Chat rooms';

/** The "Chat rooms" section: one table per room size (present devices), every system of the same run. */
export function renderRoomSection(g: GroupResults, seconds: number, pending = false): string[] {
  const b = g.baselines;
  const lines = [
    `${ROOM_HEADING} (rooms of ${g.sizes.join(' and ')} present members, ${g.senders} sender${g.senders > 1 ? 's' : ''}, ${seconds} s per row)`,
    '',
    ...(pending
      ? [
          '**Pending quiet run**: the structure below is final, the numbers are not (measured while other jobs loaded',
          'the 2 cores to load average ~8, to check the scenario; to be re-run on a quiet machine).',
          '',
        ]
      : []),
    `One room per size, every member present with one connection (generated ${g.startedAt.toISOString()}; alone:`,
    `\`npm run bench -- --only rooms\`). The first ${g.senders} device${g.senders > 1 ? 's send' : ' sends'} room text messages round-robin; each message is`,
    'delivered to every other present device, so one message is (present − 1) deliveries. Offered load and',
    'delivered/s count deliveries; latency is from the sender writing the message to each device decoding it.',
    '',
    '- **Confab**: a room created with the app-server REST API (`POST /{org}/{app}/chatrooms`), every device',
    '  logged in and joined over msync as the SDK does (MUCBody JOIN, answered by an ACK); CHATROOM messages',
    '  over msync, pushed live to the present devices (one SYNC DL each, answered by SYNC{queue, key} as the',
    '  SDK does), stored for nobody, not sent back to the sending device. Rooms larger than',
    '  CONFAB_BENCH_ROOM_USERS (1,000) hold several devices of each user (a user costs a slow scrypt hash at',
    '  registration); presence and delivery are per device. The node runs with',
    '  `CONFAB_ROOM_PRESENCE_EVENTS_MAX_MEMBERS=100`: joins of larger rooms are told to the owner and admins',
    "  only (ejabberd's `presence_broadcast: [moderator]` below), else N joins cost N²/2 pushes.",
    '- **ejabberd**: a MUC room (mod_muc, non-persistent, presence broadcast to moderators only, no history on',
    '  join), one account per occupant (`CONFAB_BENCH_ROOM_EJABBERD_ACCOUNTS=shared`: as many as Confab has',
    '  users, several sessions each), every occupant joined before the first message; it reflects each message',
    "  to its sender too (not counted: ejabberd's extra work).",
    '- **Raw ws relay**: a set of connections, each frame forwarded to every one but the sender.',
    '',
    ...(g.window > 0
      ? [
          `"window" rows keep ${g.window} messages per sender in flight, a message complete when every present device`,
          'has it (every system alike): peak deliveries/s. Rate rows: p99 latency at a fixed offered load.',
          '',
        ]
      : []),
  ];
  const peaks = g.sizes.flatMap((n) => {
    const win = g.rows.filter((r) => r.members === n && r.mode === 'window');
    const confab = win.find((r) => !isBaseline(r, b));
    const ej = win.find((r) => matches(r.backend, b.ejabberd.label));
    return confab
      ? [`${n} present ${ratio(confab.deliveredPerSec, ej?.deliveredPerSec, b.ejabberd.missing)}`]
      : [];
  });
  if (peaks.length)
    lines.push(`Peak delivered/s, Confab ÷ ejabberd (window rows; target ≥ 1.2×): ${peaks.join(', ')}.`, '');
  for (const n of g.sizes) {
    const rows = g.rows.filter((r) => r.members === n);
    if (!rows.length) continue;
    lines.push(
      `### ${n} present members`,
      '',
      ...streamTable(
        rows.filter((r) => !isBaseline(r, b)),
        rows.filter((r) => isBaseline(r, b)),
        b,
        'messages sent',
      ),
      '',
    );
  }
  lines.push(...missingRows(b).flatMap((l) => [l, '']), ...g.notes.map((n) => `- ${n}`), '');
  return lines;
}

/** Puts `section` in a report in place of its room section, else before the login storm, else at the end. */
export function spliceRoomSection(report: string, section: string[]): string {
  const text = `${section.join('\n').trimEnd()}\n\n`;
  const start = report.indexOf(`\n${ROOM_HEADING}`);
  if (start >= 0) {
    const next = report.indexOf('\n## ', start + 1);
    return report.slice(0, start + 1) + text + (next >= 0 ? report.slice(next + 1) : '');
  }
  const before = report.indexOf('\n## Login storm');
  return before >= 0
    ? report.slice(0, before + 1) + text + report.slice(before + 1)
    : `${report.trimEnd()}\n\n${text}`;
}

function isBaseline(r: { backend: string }, b: Baselines): boolean {
  return [b.raw, b.ejabberd, ...(b.ejabberdSql ? [b.ejabberdSql] : [])].some((x) =>
    matches(r.backend, x.label),
  );
}

/** An SVG line chart of p99 latency (log scale) against offered load, one line per backend. */
export function renderLatencyChart(rows: Row[], title: string): string {
  const series = new Map<string, { x: number; y: number }[]>();
  for (const r of rows) {
    if (r.mode !== 'rate' || !r.offeredPerSec || !Number.isFinite(r.latencyMs.p99)) continue;
    const pts = series.get(r.backend) ?? [];
    pts.push({ x: r.offeredPerSec, y: Math.max(0.01, r.latencyMs.p99) });
    series.set(r.backend, pts);
  }
  const W = 760;
  const H = 420;
  const L = 70;
  const R = 230;
  const T = 40;
  const B = 50;
  const all = [...series.values()].flat();
  const xMax = Math.max(1000, ...all.map((p) => p.x));
  const yLo = Math.pow(10, Math.floor(Math.log10(Math.min(1, ...all.map((p) => p.y)))));
  const yHi = Math.pow(10, Math.ceil(Math.log10(Math.max(10, ...all.map((p) => p.y)))));
  const px = (x: number) => L + (x / xMax) * (W - L - R);
  const py = (y: number) =>
    T + (1 - (Math.log10(y) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo))) * (H - T - B);
  const colors = ['#d62728', '#1f77b4', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${L}" y="22" font-size="14" font-weight="bold">${esc(title)}</text>`,
  ];
  for (let d = yLo; d <= yHi * 1.001; d *= 10) {
    out.push(
      `<line x1="${L}" x2="${W - R}" y1="${py(d).toFixed(1)}" y2="${py(d).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${L - 6}" y="${(py(d) + 4).toFixed(1)}" text-anchor="end">${d >= 1 ? d.toFixed(0) : d}</text>`,
    );
  }
  const step =
    Math.pow(10, Math.floor(Math.log10(xMax))) /
    (xMax / Math.pow(10, Math.floor(Math.log10(xMax))) > 4 ? 1 : 2);
  for (let v = 0; v <= xMax * 1.001; v += step) {
    out.push(
      `<line x1="${px(v).toFixed(1)}" x2="${px(v).toFixed(1)}" y1="${T}" y2="${H - B}" stroke="#eee"/>`,
      `<text x="${px(v).toFixed(1)}" y="${H - B + 16}" text-anchor="middle">${v}</text>`,
    );
  }
  out.push(
    `<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="black"/>`,
    `<line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="black"/>`,
    `<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">offered load (messages/s)</text>`,
    `<text x="16" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(T + H - B) / 2})">p99 latency (ms, log scale)</text>`,
  );
  let i = 0;
  for (const [name, pts] of series) {
    const c = colors[i % colors.length]!;
    pts.sort((a, z) => a.x - z.x);
    out.push(
      `<polyline fill="none" stroke="${c}" stroke-width="2" points="${pts.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`,
      ...pts.map(
        (p) => `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3.5" fill="${c}"/>`,
      ),
      `<rect x="${W - R + 16}" y="${T + i * 20}" width="12" height="12" fill="${c}"/>`,
      `<text x="${W - R + 34}" y="${T + i * 20 + 10}">${esc(name)}</text>`,
    );
    i++;
  }
  out.push('</svg>', '');
  return out.join('\n');
}
