// Baseline (b): ejabberd from Debian's package, as the peer users would otherwise run. A throw-away
// instance (temp dir, loopback-only c2s and Erlang distribution without epmd, mnesia, no shapers,
// plain TCP without STARTTLS, open in-band registration, mod_offline for the backlog scenario, mod_muc
// for the group rows) started as the `ejabberd` user, and a minimal raw XMPP client (stream → SASL PLAIN
// → bind → presence → <message type='chat'>, or a room join and <message type='groupchat'>; no XML
// library) driven by the same load models as the msync client.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTempDatabase } from '@confab/server/testkit';
import pg from 'pg';
import { Recorder, pool, type Target } from '../lib/drive.js';
import { alive, raiseNoFile } from '../lib/procs.js';
import type { BacklogResult, IdleResult, LoginStormResult } from '../lib/results.js';
import { cpuSeconds, rssBytes, summarize, usPer } from '../lib/stats.js';

export const EJABBERD_LABEL = 'ejabberd';
/**
 * The durable ejabberd peer: the same server with every store on SQL (PostgreSQL by default, a fresh
 * database per instance with ejabberd's pg.sql schema; or SQLite, a fresh file), mod_mam archiving every
 * one-to-one message for both parties (`default: always`; checked: two archive rows per message),
 * mod_offline on SQL, and SCRAM-hashed passwords (what a production deployment runs). Rooms get
 * `mam: true`; ejabberd 23.01 then marks room messages archived, but no row reached the SQL archive table
 * in our checks. Its rows are labelled apart so that ratios name the peer they are against.
 */
export const EJABBERD_SQL_LABEL = 'ejabberd+sql';
const HOST = 'localhost';
const PASSWORD = 'bench-pw';
/** The MUC service (mod_muc) and the largest room it allows (its default hard limit is 200; the room rows need 10,000). */
const MUC_HOST = `conference.${HOST}`;
const MUC_MAX_USERS = 20_000;

/** Why ejabberd cannot run here, or undefined when it can. */
export function ejabberdUnavailable(): string | undefined {
  try {
    execFileSync('sh', ['-c', 'command -v ejabberdctl && command -v setpriv'], { stdio: 'ignore' });
  } catch {
    return 'not installed';
  }
  if (process.getuid?.() !== 0) return 'installed, but starting it as the ejabberd user needs root';
  return undefined;
}

export function ejabberdVersion(): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', 'ejabberd'], { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** The durable peer's SQL backend: ejabberd's own SQL schema on PostgreSQL, or its SQLite file. */
export type EjabberdSql = { type: 'pgsql'; url: string } | { type: 'sqlite' };

/** ejabberd's schema for PostgreSQL (the pre-"new schema" one, ejabberd's default `new_sql_schema: false`). */
const PG_SCHEMA = ['/usr/share/ejabberd/sql/pg.sql', '/usr/share/doc/ejabberd/examples/pg.sql'];

/** Why the durable peer cannot run on `sql` here (its Erlang driver, its schema), or undefined. */
export function ejabberdSqlUnavailable(sql: EjabberdSql['type']): string | undefined {
  const missing = ejabberdUnavailable();
  if (missing) return missing;
  const driver = sql === 'pgsql' ? 'p1_pgsql' : 'p1_sqlite3';
  try {
    execFileSync('sh', ['-c', `ls -d /usr/lib/erlang/lib/${driver}-*`], { stdio: 'ignore' });
  } catch {
    return `no ${sql} driver for ejabberd (Debian: apt-get install erlang-${driver.replace('_', '-')})`;
  }
  if (sql === 'pgsql' && !PG_SCHEMA.some((f) => existsSync(f))) return "ejabberd's pg.sql schema not found";
  return undefined;
}

/** The `sql_*` options of a durable instance. */
function sqlOptions(sql: EjabberdSql, dir: string, database?: string): string {
  if (sql.type === 'sqlite') return `sql_type: sqlite\nsql_database: "${join(dir, 'ejabberd.db')}"\n`;
  const u = new URL(sql.url);
  return (
    `sql_type: pgsql\nsql_server: "${u.hostname}"\nsql_port: ${u.port || 5432}\n` +
    `sql_database: "${database}"\nsql_username: "${decodeURIComponent(u.username || 'postgres')}"\n` +
    `sql_password: "${decodeURIComponent(u.password)}"\nsql_pool_size: 10\n`
  );
}

/** A fresh PostgreSQL database with ejabberd's schema loaded; `drop` removes it. */
async function ejabberdDatabase(adminUrl: string): Promise<{ name: string; drop(): Promise<void> }> {
  const db = await createTempDatabase(adminUrl);
  const name = new URL(db.url).pathname.slice(1);
  try {
    const schema = readFileSync(
      PG_SCHEMA.find((f) => existsSync(f))!,
      'utf8',
    );
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(schema);
    } finally {
      await c.end();
    }
  } catch (err) {
    await db.drop();
    throw err;
  }
  return { name, drop: () => db.drop() };
}

const config = (port: number, sql?: string) => `hosts:
  - ${HOST}
loglevel: warning
listen:
  -
    port: ${port}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    backlog: 4096
    starttls: false
    shaper: none
    access: all
${
  sql
    ? `auth_method: sql
auth_password_format: scram
default_db: sql
${sql}`
    : `auth_method: internal
auth_password_format: plain
default_db: mnesia
`
}registration_timeout: infinity
shaper_rules:
  c2s_shaper: none
  max_user_sessions: 10000
  max_user_offline_messages: 100000
acl:
  local:
    user_regexp: ""
access_rules:
  local:
    allow: local
  register:
    allow: all
  c2s:
    allow: all
modules:
  mod_register:
    access: register
    ip_access: all
  mod_offline:
    access_max_user_messages: max_user_offline_messages
  mod_roster: {}
  mod_disco: {}
  mod_ping: {}
  mod_muc:
    host: ${MUC_HOST}
    access: all
    access_create: all
    access_persistent: all
    max_users: ${MUC_MAX_USERS}
    max_users_presence: ${MUC_MAX_USERS}
    default_room_options:
      max_users: ${MUC_MAX_USERS}
      persistent: false
      presence_broadcast: [moderator]
${
  sql
    ? `      mam: true
  mod_mam:
    default: always
`
    : ''
}`;

export interface Ejabberd {
  /** beam.smp's pid (CPU and RSS are its). */
  pid: number;
  port: number;
  version: string;
  /** The row label: `EJABBERD_LABEL` + version, or `EJABBERD_SQL_LABEL` + version for the durable peer. */
  backend: string;
  /** The durable peer's SQL backend ('pgsql', 'sqlite'), undefined for the in-memory one. */
  sql?: EjabberdSql['type'];
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

/**
 * A throw-away ejabberd. `sql`: the durable peer, every store on SQL (a fresh PostgreSQL database
 * with ejabberd's pg.sql schema, or a fresh SQLite file that ejabberd creates from its lite.sql),
 * mod_mam and SCRAM passwords (see `EJABBERD_SQL_LABEL`).
 */
export async function startEjabberd(opts: { sql?: EjabberdSql } = {}): Promise<Ejabberd> {
  const sql = opts.sql;
  const dir = mkdtempSync(join(tmpdir(), 'confab-bench-ejabberd-'));
  const port = await freePort();
  const distPort = await freePort();
  const node = `confabbench${process.pid}${sql ? 'sql' : ''}@localhost`;
  let database: { name: string; drop(): Promise<void> } | undefined;
  try {
    if (sql?.type === 'pgsql') database = await ejabberdDatabase(sql.url);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  writeFileSync(join(dir, 'ejabberd.yml'), config(port, sql && sqlOptions(sql, dir, database?.name)));
  writeFileSync(
    join(dir, 'ejabberdctl.cfg'),
    `ERLANG_NODE=${node}\nINET_DIST_INTERFACE=127.0.0.1\nERL_DIST_PORT=${distPort}\nERL_MAX_PORTS=120000\n` +
      `ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"\n`,
  );
  const id = (flag: string) => Number(execFileSync('id', [flag, 'ejabberd'], { encoding: 'utf8' }).trim());
  chownSync(dir, id('-u'), id('-g'));
  const ctl = (cmd: string[]) => [
    '--reuid=ejabberd',
    '--regid=ejabberd',
    '--init-groups',
    'ejabberdctl',
    '--ctl-config',
    join(dir, 'ejabberdctl.cfg'),
    '--config',
    join(dir, 'ejabberd.yml'),
    '--spool',
    dir,
    '--logs',
    dir,
    ...cmd,
  ];
  const env = { ...process.env, HOME: dir };
  const child: ChildProcess = spawn('setpriv', ctl(['foreground-quiet']), { cwd: dir, env, stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  let beam = 0;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        execFileSync('setpriv', ctl(['stop']), { cwd: dir, env, stdio: 'ignore', timeout: 15_000 });
      } catch {
        // fall through to the signals
      }
      await Promise.race([exited, sleep(5000)]);
      for (const pid of [beam, child.pid ?? 0]) if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
      await Promise.race([exited, sleep(2000)]);
    }
    try {
      rmSync(dir, { recursive: true, force: true });
    } finally {
      await database?.drop();
    }
  };
  try {
    const until = performance.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`ejabberd exited with ${child.exitCode}`);
      if (performance.now() > until) throw new Error('ejabberd did not listen within 60 s');
      if (await canConnect(port)) {
        beam = childrenOf(child.pid!).find((p) => cmdline(p).includes(node)) ?? 0;
        if (beam) break;
      }
      await sleep(200);
    }
    raiseNoFile(beam, 120_000);
    const version = ejabberdVersion();
    const backend = sql
      ? `${EJABBERD_SQL_LABEL} ${version} (${sql.type === 'pgsql' ? 'PostgreSQL' : 'SQLite'})`
      : `${EJABBERD_LABEL} ${version}`;
    return { pid: beam, port, version, backend, ...(sql ? { sql: sql.type } : {}), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.connect(port, '127.0.0.1');
  });
}

/** Characters of the previous chunk kept to find a mark cut in two (longer than any mark). */
const TAIL = 64;

const STREAM = `<?xml version='1.0'?><stream:stream to='${HOST}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;

/**
 * One XMPP session over plain TCP. Before `online`, it waits for the substrings of each step; after,
 * it extracts <body> texts by substring search (cheap for the load generator).
 */
export class XmppClient {
  private buf = '';
  private waiting?: { marks: string[]; resolve: (s: string) => void; reject: (e: Error) => void };
  private online = false;
  /** Marks awaited after `online` (a ping's id, a room's self-presence), found across chunk borders. */
  private expected: { mark: string; resolve: () => void }[] = [];
  private tail = '';
  jid = '';

  private constructor(
    private readonly sock: Socket,
    private readonly onText?: (text: string, at: number) => void,
  ) {
    sock.setNoDelay(true);
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => this.onData(d));
    sock.on('error', (e) => this.waiting?.reject(e));
    sock.on('close', () => this.waiting?.reject(new Error('connection closed')));
  }

  static open(
    port: number,
    onText?: (text: string, at: number) => void,
    localAddress?: string,
  ): Promise<XmppClient> {
    return new Promise((resolve, reject) => {
      const sock = new Socket();
      sock.once('connect', () => resolve(new XmppClient(sock, onText)));
      sock.once('error', reject);
      sock.connect({ port, host: '127.0.0.1', ...(localAddress ? { localAddress } : {}) });
    });
  }

  /** Creates the account (XEP-0077); an existing account (409) is fine. */
  async register(user: string): Promise<void> {
    await this.step(STREAM, ['</stream:features>']);
    const r = await this.step(
      `<iq type='set' id='reg'><query xmlns='jabber:iq:register'><username>${user}</username><password>${PASSWORD}</password></query></iq>`,
      ["id='reg'"],
    );
    if (r.includes("type='error'") && !r.includes("code='409'")) throw new Error(`register ${user}: ${r}`);
    this.close();
  }

  /** SASL PLAIN, bind, initial presence. */
  async login(user: string, resource: string): Promise<void> {
    await this.step(STREAM, ['</stream:features>']);
    const plain = Buffer.from(`\0${user}\0${PASSWORD}`).toString('base64');
    const auth = await this.step(
      `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${plain}</auth>`,
      ['<success', '<failure'],
    );
    if (!auth.includes('<success')) throw new Error(`auth ${user}: ${auth}`);
    await this.step(STREAM, ['</stream:features>']);
    const bound = await this.step(
      `<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>${resource}</resource></bind></iq>`,
      ['</iq>'],
    );
    this.jid = /<jid>([^<]+)<\/jid>/.exec(bound)?.[1] ?? '';
    if (!this.jid) throw new Error(`bind ${user}: ${bound}`);
    this.online = true;
    this.buf = '';
    this.sock.write('<presence/>');
  }

  sendText(to: string, text: string): void {
    this.sock.write(`<message to='${to}' type='chat'><body>${text}</body></message>`);
  }

  /** An XEP-0199 ping round trip: everything sent before it has been processed. */
  ping(timeoutMs = 60_000): Promise<void> {
    const id = `ping${Math.random().toString(36).slice(2, 8)}`;
    return this.expect(
      `<iq type='get' id='${id}' to='${HOST}'><ping xmlns='urn:xmpp:ping'/></iq>`,
      `id='${id}'`,
      timeoutMs,
      'ping',
    );
  }

  /**
   * Joins a MUC room (XEP-0045) as `nick`, without history, and resolves on the self-presence (status
   * 110): from then on the room's messages reach this session. A room that does not exist is created
   * by the join (status 201); its creator then unlocks it with `unlockRoom`.
   */
  async joinRoom(room: string, nick: string, timeoutMs = 60_000): Promise<void> {
    await this.expect(
      `<presence to='${room}/${nick}'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>`,
      "status code='110'",
      timeoutMs,
      `join ${room}`,
    );
  }

  /** Accepts the default configuration of a room this session just created (XEP-0045 §10.1.2). */
  async unlockRoom(room: string, archive = false, timeoutMs = 60_000): Promise<void> {
    const id = `cfg${Math.random().toString(36).slice(2, 8)}`;
    // `archive`: the room's message archive (mod_mam) switched on in the submitted form.
    const fields = archive
      ? "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field><field var='mam'><value>1</value></field>"
      : '';
    await this.expect(
      `<iq type='set' id='${id}' to='${room}'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'${fields ? `>${fields}</x>` : '/>'}</query></iq>`,
      `id='${id}'`,
      timeoutMs,
      `configure ${room}`,
    );
  }

  sendGroupText(room: string, text: string): void {
    this.sock.write(`<message to='${room}' type='groupchat'><body>${text}</body></message>`);
  }

  /** Writes `out` and resolves when `mark` arrives (online sessions only). */
  private expect(out: string, mark: string, timeoutMs: number, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} timed out`)), timeoutMs);
      this.expected.push({
        mark,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
      this.sock.write(out);
    });
  }

  close(): void {
    this.sock.destroy();
  }

  private step(out: string, marks: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`XMPP step timed out waiting for ${marks.join('|')}`)),
        30_000,
      );
      this.waiting = {
        marks,
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.sock.write(out);
      this.check();
    });
  }

  private check() {
    const w = this.waiting;
    if (!w) return;
    for (const m of w.marks) {
      const i = this.buf.indexOf(m);
      if (i >= 0) {
        const end = this.buf.indexOf('>', i + m.length - 1);
        const cut = end >= 0 ? end + 1 : this.buf.length;
        const got = this.buf.slice(0, cut);
        this.buf = this.buf.slice(cut);
        this.waiting = undefined;
        w.resolve(got);
        return;
      }
    }
  }

  private onData(d: string) {
    this.buf += d;
    if (!this.online) return this.check();
    const at = performance.now();
    if (this.expected.length) {
      const hay = this.tail + d;
      this.expected = this.expected.filter((w) => !(hay.includes(w.mark) && (w.resolve(), true)));
    }
    this.tail = d.length >= TAIL ? d.slice(-TAIL) : (this.tail + d).slice(-TAIL);
    const buf = this.buf;
    let pos = 0;
    for (;;) {
      const i = buf.indexOf('<body>', pos);
      if (i < 0) {
        this.buf = buf.slice(Math.max(pos, buf.length - 6));
        return;
      }
      const j = buf.indexOf('</body>', i + 6);
      if (j < 0) {
        this.buf = buf.slice(i);
        return;
      }
      this.onText?.(buf.slice(i + 6, j), at);
      pos = j + 7;
    }
  }
}

/** Registers accounts in-band, `concurrency` at a time. */
export async function registerUsers(port: number, users: string[], concurrency = 50): Promise<void> {
  await pool(users, concurrency, async (u) => (await XmppClient.open(port)).register(u));
}

export async function xmppLogin(
  port: number,
  user: string,
  resource: string,
  onText?: (text: string, at: number) => void,
  localAddress?: string,
): Promise<XmppClient> {
  const c = await XmppClient.open(port, onText, localAddress);
  try {
    await c.login(user, resource);
  } catch (err) {
    c.close();
    throw err;
  }
  return c;
}

export interface XmppTarget extends Target {
  close(): void;
}

/** `pairs` sender→receiver sessions (each user registered in-band first). */
export async function ejabberdPairs(ej: Ejabberd, pairs: number, prefix: string): Promise<XmppTarget> {
  const recorder = new Recorder(1);
  const onText = (t: string, at: number) => recorder.text(t, at);
  const idx = [...Array(pairs).keys()];
  await registerUsers(
    ej.port,
    idx.flatMap((i) => [`${prefix}s${i}`, `${prefix}r${i}`]),
  );
  const receivers = await pool(idx, 50, (i) => xmppLogin(ej.port, `${prefix}r${i}`, 'r', onText));
  const senders = await pool(idx, 50, (i) => xmppLogin(ej.port, `${prefix}s${i}`, 's'));
  return {
    backend: ej.backend,
    pids: [ej.pid],
    senders: pairs,
    fanout: 1,
    recorder,
    send: (i, text) => senders[i]!.sendText(receivers[i]!.jid, text),
    close: () => [...senders, ...receivers].forEach((c) => c.close()),
  };
}

/**
 * A MUC room of `members` occupants (one session each, every one joined before this returns); the
 * first `senders` of them send `groupchat` messages. The room reflects each message to every occupant,
 * the sender included (XEP-0045 §7.4); the sender's own copy is not counted, as Confab does not send a
 * group message back to the sending device: a message is `members − 1` deliveries in both systems.
 * Occupants' presence is broadcast to moderators only (the room option `presence_broadcast`), so the
 * joins cost O(n) stanzas instead of O(n²); it does not change the message path. With `accounts` below
 * `members`, several sessions (resources) of each account join, each as an occupant with its own nick
 * (the chat-room rows: as many accounts as Confab has users).
 */
export async function ejabberdGroup(
  ej: Ejabberd,
  members: number,
  senders: number,
  prefix: string,
  accounts = members,
): Promise<XmppTarget> {
  const fanout = members - 1;
  const recorder = new Recorder(1 / fanout);
  // Occupant k is a session of account k mod A (resource ⌊k / A⌋), each with a nick of its own.
  const a = Math.min(accounts, members);
  const names = Array.from({ length: a }, (_, i) => `${prefix}m${i}`);
  await registerUsers(ej.port, names);
  // A sender's body ends with its mark, so that its own reflected copy is told apart cheaply.
  const mark = (i: number) => `~s${i}`;
  const clients = await pool([...Array(members).keys()], 50, (k) => {
    const own = k < senders ? mark(k) : undefined;
    return xmppLogin(ej.port, names[k % a]!, k < a ? 'g' : `g${Math.floor(k / a)}`, (t, at) => {
      if (own === undefined || !t.endsWith(own)) recorder.text(t, at);
    });
  });
  try {
    const room = `${prefix}g${members}@${MUC_HOST}`;
    await clients[0]!.joinRoom(room, 'm0');
    await clients[0]!.unlockRoom(room, ej.sql !== undefined);
    await pool(clients.slice(1), 50, (c, i) => c.joinRoom(room, `m${i + 1}`));
    // Every join's presence handled and every session quiet before the first message.
    await Promise.all(clients.map((c) => c.ping()));
    return {
      backend: ej.backend,
      pids: [ej.pid],
      senders,
      fanout,
      recorder,
      send: (i, text) => clients[i]!.sendGroupText(room, text + mark(i)),
      close: () => clients.forEach((c) => c.close()),
    };
  } catch (err) {
    clients.forEach((c) => c.close());
    throw err;
  }
}

/** `n` sessions (SASL PLAIN + bind + presence) at once, over `users` accounts registered before. */
export async function ejabberdLoginStorm(
  ej: Ejabberd,
  n: number,
  users: number,
  prefix: string,
): Promise<LoginStormResult> {
  await registerUsers(
    ej.port,
    Array.from({ length: users }, (_, i) => `${prefix}l${i}`),
  );
  const conns: XmppClient[] = [];
  const lat: number[] = [];
  let failed = 0;
  const cpu0 = cpuSeconds(ej.pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const s = performance.now();
      try {
        conns.push(await xmppLogin(ej.port, `${prefix}l${i % users}`, `d${Math.floor(i / users)}`));
        lat.push(performance.now() - s);
      } catch {
        failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(ej.pid) - cpu0;
  for (const c of conns) c.close();
  const s = summarize(lat);
  return {
    scenario: 'login-storm',
    backend: ej.backend,
    what: `TCP + SASL PLAIN (${ej.sql ? 'SCRAM-hashed' : 'plain'} password) + bind + presence`,
    credential: 'password',
    clients: n,
    ok: conns.length,
    failed,
    seconds: Number(seconds.toFixed(2)),
    loginsPerSec: Math.round(conns.length / seconds),
    latencyMs: { p50: s.p50, p99: s.p99, max: s.max },
    serverCpuSecPer1000: Number(((cpu / Math.max(1, conns.length)) * 1000).toFixed(3)),
    serverCpuUsPerLogin: usPer(cpu, conns.length),
  };
}

/**
 * `n` idle sessions of `n` accounts (registered in-band first; one session each, so that presence
 * between a user's own resources does not grow as n²): ejabberd's RSS per session.
 */
export async function ejabberdIdle(
  ej: Ejabberd,
  n: number,
  prefix: string,
  sourceAddress: (i: number) => string | undefined,
): Promise<IdleResult> {
  await registerUsers(
    ej.port,
    Array.from({ length: n }, (_, i) => `${prefix}i${i}`),
    100,
  );
  const conns: XmppClient[] = [];
  let failed = 0;
  let firstError = '';
  try {
    await sleep(500);
    const before = rssBytes(ej.pid);
    const clientBefore = process.memoryUsage().rss;
    const cpu0 = cpuSeconds(ej.pid);
    const t0 = performance.now();
    await pool([...Array(n).keys()], 200, async (i) => {
      try {
        conns.push(await xmppLogin(ej.port, `${prefix}i${i}`, 'd', undefined, sourceAddress(i)));
      } catch (err) {
        failed++;
        firstError ||= (err as Error).message;
      }
    });
    const connectSeconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(ej.pid) - cpu0;
    await sleep(2000);
    const after = rssBytes(ej.pid);
    return {
      scenario: 'idle',
      backend: ej.backend,
      connections: n,
      opened: conns.length,
      connectSeconds: Number(connectSeconds.toFixed(2)),
      serverRssMbBefore: Math.round(before / 2 ** 20),
      serverRssMbAfter: Math.round(after / 2 ** 20),
      serverKbPerConn: Number(((after - before) / 1024 / Math.max(1, conns.length)).toFixed(1)),
      clientKbPerConn: Number(
        ((process.memoryUsage().rss - clientBefore) / 1024 / Math.max(1, conns.length)).toFixed(1),
      ),
      serverCpuUsPerConn: usPer(cpu, conns.length),
      ...(failed ? { note: `${failed} failed (${firstError})` } : {}),
    };
  } finally {
    for (const c of conns) c.close();
  }
}

/** `n` messages queued (mod_offline: mnesia, or SQL for the durable peer) for an offline user, then the time to receive them at login. */
export async function ejabberdBacklog(ej: Ejabberd, n: number, prefix: string): Promise<BacklogResult> {
  const sender = `${prefix}bs`;
  const receiver = `${prefix}br`;
  await registerUsers(ej.port, [sender, receiver]);
  const s = await xmppLogin(ej.port, sender, 's');
  const cpu0 = cpuSeconds(ej.pid);
  const t0 = performance.now();
  // No sender ACK in XMPP: write in slices and let the socket drain, then wait for the server to
  // have stored them (an IQ ping round trip after the last message, which ejabberd handles in order).
  for (let i = 0; i < n; i++) s.sendText(`${receiver}@${HOST}`, `${performance.now()}|q${i}`);
  await s.ping();
  const queueSeconds = (performance.now() - t0) / 1000;
  const cpu1 = cpuSeconds(ej.pid);
  s.close();
  let got = 0;
  let last = 0;
  const t1 = performance.now();
  const r = await xmppLogin(ej.port, receiver, 'r', (_t, at) => {
    got++;
    last = at;
  });
  const until = performance.now() + 60_000;
  while (got < n && performance.now() < until) await sleep(5);
  const cpu2 = cpuSeconds(ej.pid);
  r.close();
  const drainSeconds = ((got >= n ? last : performance.now()) - t1) / 1000;
  return {
    scenario: 'offline-backlog',
    backend: ej.backend,
    queued: n,
    delivered: got,
    queueSeconds: Number(queueSeconds.toFixed(2)),
    drainSeconds: Number(drainSeconds.toFixed(2)),
    drainedPerSec: Math.round(got / drainSeconds),
    serverRssMb: Math.round(rssBytes(ej.pid) / 2 ** 20),
    serverCpuUsPerMsgQueued: usPer(cpu1 - cpu0, n),
    serverCpuUsPerMsgDrained: usPer(cpu2 - cpu1, got),
  };
}
