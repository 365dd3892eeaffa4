// Baseline (a): the raw `ws` relay (raw-ws-relay-server.ts) as a separate process, and its load client
// in the design of the msync one: the same pairs, the same load models (lib/drive.ts), latency from
// send to receipt. There is no sender ACK, so a window counts messages until they are delivered.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { Recorder, pool, type Target } from '../lib/drive.js';
import { alive, raiseNoFile, stopChild, waitForOutput } from '../lib/procs.js';
import type { IdleResult, LoginStormResult } from '../lib/results.js';
import { cpuSeconds, rssBytes, summarize, usPer } from '../lib/stats.js';

export const RAW_LABEL = 'raw ws relay';
const SERVER = fileURLToPath(new URL('./raw-ws-relay-server.ts', import.meta.url));

export interface Relay {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

export async function startRelay(): Promise<Relay> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const m = await waitForOutput(child, /listening (\d+)/, 20_000);
    return {
      pid: child.pid!,
      url: `ws://127.0.0.1:${m[1]}`,
      stop: () => stopChild(child),
    };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

/** One relay connection; frames are [u8 type][u32 target][utf-8 text]. */
function connect(
  url: string,
  id: number,
  opts: { group?: number; localAddress?: string; onText?: (text: string, at: number) => void } = {},
): Promise<WebSocket> {
  const ws = new WebSocket(`${url}/?id=${id}${opts.group !== undefined ? `&g=${opts.group}` : ''}`, {
    perMessageDeflate: false,
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
  });
  const onText = opts.onText;
  if (onText) ws.on('message', (d: Buffer) => onText(d.toString('utf8', 5), performance.now()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('connect timeout'));
    }, 15_000);
    ws.once('open', () => {
      clearTimeout(timer);
      resolve(ws);
    });
    ws.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function frame(type: number, target: number, text: string): Buffer {
  const b = Buffer.allocUnsafe(5 + Buffer.byteLength(text));
  b[0] = type;
  b.writeUInt32BE(target, 1);
  b.write(text, 5);
  return b;
}

export interface RelayTarget extends Target {
  close(): void;
}

/** `pairs` senders, each sending to its own receiver. */
export async function relayPairs(relay: Relay, pairs: number): Promise<RelayTarget> {
  const recorder = new Recorder(1);
  const onText = (t: string, at: number) => recorder.text(t, at);
  const receivers = await pool([...Array(pairs).keys()], 100, (i) => connect(relay.url, i, { onText }));
  const senders = await pool([...Array(pairs).keys()], 100, (i) => connect(relay.url, pairs + i));
  return {
    backend: RAW_LABEL,
    pids: [relay.pid],
    senders: pairs,
    fanout: 1,
    recorder,
    send: (i, text) => senders[i]!.send(frame(1, i, text)),
    close: () => [...senders, ...receivers].forEach((w) => w.terminate()),
  };
}

/**
 * A group of `members` connections; the first `senders` of them send to the group. The relay forwards a
 * group frame to every member but the sender: `members − 1` deliveries, as in Confab and ejabberd.
 */
export async function relayGroup(relay: Relay, members: number, senders: number): Promise<RelayTarget> {
  const fanout = members - 1;
  const recorder = new Recorder(1 / fanout);
  const onText = (t: string, at: number) => recorder.text(t, at);
  const gid = 7;
  const conns = await pool([...Array(members).keys()], 100, (i) =>
    connect(relay.url, 1000 + i, { group: gid, onText }),
  );
  return {
    backend: RAW_LABEL,
    pids: [relay.pid],
    senders,
    fanout,
    recorder,
    send: (i, text) => conns[i]!.send(frame(2, gid, text)),
    close: () => conns.forEach((w) => w.terminate()),
  };
}

const PER_ADDRESS = 20_000;
let nextAddress = 2;

/**
 * Source addresses for one run of many connections, so that more than ~28k fit in the ephemeral port
 * range: the first 20k use the default (binding an explicit address before connect is slower), then
 * 20k per address 127.0.0.2, .3, …. Each run gets addresses no earlier run used: the ports of the
 * connections the load client closed stay in TIME_WAIT for a minute, and bind() does not reuse them.
 */
export function sourceAddresses(): (i: number) => string | undefined {
  const base = nextAddress;
  nextAddress = nextAddress + 10 > 250 ? 2 : nextAddress + 10;
  return (i) => (i < PER_ADDRESS ? undefined : `127.0.0.${base + Math.floor(i / PER_ADDRESS) - 1}`);
}

/** `n` idle connections: the relay's RSS per connection, and the load client's separately. */
export async function relayIdle(n: number): Promise<IdleResult> {
  const relay = await startRelay();
  const conns: WebSocket[] = [];
  try {
    raiseNoFile(relay.pid, n + 1000);
    const sourceAddress = sourceAddresses();
    await new Promise((r) => setTimeout(r, 500));
    const before = rssBytes(relay.pid);
    const clientBefore = process.memoryUsage().rss;
    const cpu0 = cpuSeconds(relay.pid);
    const t0 = performance.now();
    await pool([...Array(n).keys()], 200, async (i) => {
      const localAddress = sourceAddress(i);
      conns.push(await connect(relay.url, i, localAddress ? { localAddress } : {}));
    });
    const connectSeconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(relay.pid) - cpu0;
    await new Promise((r) => setTimeout(r, 2000));
    const after = rssBytes(relay.pid);
    return {
      scenario: 'idle',
      backend: RAW_LABEL,
      connections: n,
      opened: conns.length,
      connectSeconds: Number(connectSeconds.toFixed(2)),
      serverRssMbBefore: Math.round(before / 2 ** 20),
      serverRssMbAfter: Math.round(after / 2 ** 20),
      serverKbPerConn: Number(((after - before) / 1024 / conns.length).toFixed(1)),
      clientKbPerConn: Number(((process.memoryUsage().rss - clientBefore) / 1024 / conns.length).toFixed(1)),
      serverCpuUsPerConn: usPer(cpu, conns.length),
    };
  } finally {
    for (const c of conns) c.terminate();
    await relay.stop();
  }
}

/** `n` WebSocket upgrades at once (there is no authentication in the relay). */
export async function relayLoginStorm(relay: Relay, n: number): Promise<LoginStormResult> {
  const conns: WebSocket[] = [];
  const lat: number[] = [];
  let failed = 0;
  const cpu0 = cpuSeconds(relay.pid);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const s = performance.now();
      try {
        conns.push(await connect(relay.url, 50_000 + i));
        lat.push(performance.now() - s);
      } catch {
        failed++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = alive(relay.pid) ? cpuSeconds(relay.pid) - cpu0 : NaN;
  for (const c of conns) c.terminate();
  const s = summarize(lat);
  return {
    scenario: 'login-storm',
    backend: RAW_LABEL,
    what: 'WebSocket upgrade only',
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
