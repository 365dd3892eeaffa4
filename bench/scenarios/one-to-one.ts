// One-to-one relay: N sender→receiver pairs. Two modes:
// - fixed offered rate (messages/s over all pairs) → latency from send to receipt;
// - bounded in-flight window per sender → peak durable throughput.
import { MsyncDevice } from '../lib/msync-device.js';
import { resetServerLoop, serverLoopP99 } from '../lib/server-metrics.js';
import { cpuSeconds, rssBytes, summarize, usPer } from '../lib/stats.js';
import { APP, makeUsers, type BenchCluster } from '../lib/cluster.js';
import { confabUsers, type BenchApp } from '../lib/confab-app.js';
import { loopDelay, pool, startLoopMonitor } from '../lib/drive.js';
import type { RunResult } from '../lib/results.js';

export interface OneToOneSetup {
  cluster: BenchCluster;
  pairs: number;
  senders: MsyncDevice[];
  receivers: MsyncDevice[];
  close(): void;
}

const latencies: number[] = [];
let delivered = 0;
/** When the current row began: late deliveries of an earlier (saturated) row are not this row's. */
let rowStart = 0;
const onText = (text: string, at: number) => {
  const sentAt = Number(text.slice(0, text.indexOf('|')));
  if (!(sentAt >= rowStart)) return;
  delivered++;
  latencies.push(at - sentAt);
};

/**
 * Registers 2 × `pairs` users and logs one device each in, 50 at a time. On a cluster with a bench app
 * (lib/confab-app.ts) users are registered in batches with tokens issued by the app admin (one scrypt
 * per user, which 1000 pairs need); otherwise on the demo app by open registration + password login.
 */
export async function setupOneToOne(
  cluster: BenchCluster & { app?: BenchApp },
  pairs: number,
  prefix: string,
): Promise<OneToOneSetup> {
  const names = Array.from({ length: pairs }, (_, i) => [`${prefix}s${i}`, `${prefix}r${i}`]).flat();
  const first = cluster.nodes[0]!;
  const appKey = cluster.app?.appKey ?? APP.appKey;
  const tokens = cluster.app ? await confabUsers(cluster.app, names) : await makeUsers(first.apiUrl, names);
  const last = cluster.nodes[cluster.nodes.length - 1]!; // receivers on the other node when there are two
  const idx = [...Array(pairs).keys()];
  const receivers: MsyncDevice[] = [];
  const senders: MsyncDevice[] = [];
  const close = () => [...senders, ...receivers].forEach((c) => c.close());
  const acked = (id: string, ok: boolean) => {
    if (!ok) throw new Error(`message ${id} refused`);
    inflight--;
  };
  try {
    receivers.push(
      ...(await pool(idx, 50, (i) =>
        MsyncDevice.login(last.wsUrl, appKey, `${prefix}r${i}`, tokens.get(`${prefix}r${i}`)!, {
          resource: `bench_r${i}`,
          onText,
        }),
      )),
    );
    senders.push(
      ...(await pool(idx, 50, (i) =>
        MsyncDevice.login(first.wsUrl, appKey, `${prefix}s${i}`, tokens.get(`${prefix}s${i}`)!, {
          resource: `bench_s${i}`,
          onAck: acked,
        }),
      )),
    );
  } catch (err) {
    close();
    throw err;
  }
  return {
    cluster,
    pairs,
    senders,
    receivers,
    close,
  };
}

let inflight = 0;
const payloadPad = 'x'.repeat(64);

async function measure(
  setup: OneToOneSetup,
  seconds: number,
  drive: (stop: () => boolean) => Promise<number>,
): Promise<Omit<RunResult, 'scenario' | 'mode' | 'offeredPerSec' | 'window'>> {
  const pids = setup.cluster.nodes.map((n) => n.child.pid!);
  const apiUrls = setup.cluster.nodes.map((n) => n.apiUrl);
  await resetServerLoop(apiUrls);
  latencies.length = 0;
  delivered = 0;
  rowStart = performance.now();
  // The load generator's own loop delay and CPU: a row whose generator was the limit says so.
  const loop = startLoopMonitor();
  const own0 = process.cpuUsage();
  const cpu0 = pids.reduce((s, p) => s + cpuSeconds(p), 0);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const sent = await drive(() => performance.now() >= end);
  // Let in-flight deliveries land (bounded).
  const drainUntil = performance.now() + 5000;
  while (delivered < sent && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 10));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = pids.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0;
  const own = process.cpuUsage(own0);
  loop.disable();
  return {
    backend: setup.cluster.label,
    pairs: setup.pairs,
    seconds: Number(elapsed.toFixed(2)),
    sent,
    delivered,
    deliveredPerSec: Math.round(delivered / elapsed),
    latencyMs: summarize(latencies),
    serverCpuSecPer1000: Number(((cpu / Math.max(1, delivered)) * 1000).toFixed(3)),
    serverCpuUsPerMsg: usPer(cpu, delivered),
    serverRssMb: Math.round(pids.reduce((s, p) => s + rssBytes(p), 0) / 1024 / 1024),
    serverLoopDelayP99Ms: await serverLoopP99(apiUrls),
    clientLoopDelayMs: loopDelay(loop),
    clientCpuSec: Number(((own.user + own.system) / 1e6).toFixed(2)),
  };
}

/** Fixed offered rate, spread round-robin over the senders in 5 ms ticks. */
export async function runAtRate(setup: OneToOneSetup, perSec: number, seconds: number): Promise<RunResult> {
  const r = await measure(setup, seconds, async (stop) => {
    let sent = 0;
    let next = 0;
    const start = performance.now();
    while (!stop()) {
      const due = Math.floor(((performance.now() - start) / 1000) * perSec);
      for (; sent < due; sent++) {
        const i = next++ % setup.pairs;
        inflight++;
        setup.senders[i]!.sendText(setup.receivers[i]!.user, `${performance.now()}|${payloadPad}`);
      }
      await new Promise((res) => setTimeout(res, 5));
    }
    return sent;
  });
  return { scenario: 'one-to-one', mode: 'rate', offeredPerSec: perSec, ...r };
}

/** Each sender keeps `window` messages un-acknowledged: the server's peak durable throughput. */
export async function runWindowed(setup: OneToOneSetup, window: number, seconds: number): Promise<RunResult> {
  // Un-acknowledged sends left over from a saturated rate row must not eat this row's window.
  const settleUntil = performance.now() + 10_000;
  while (inflight > 0 && performance.now() < settleUntil) await new Promise((r) => setTimeout(r, 10));
  inflight = 0;
  const r = await measure(setup, seconds, async (stop) => {
    let sent = 0;
    const limit = window * setup.pairs;
    while (!stop()) {
      for (let i = 0; i < setup.pairs && inflight < limit; i++) {
        inflight++;
        sent++;
        setup.senders[i]!.sendText(setup.receivers[i]!.user, `${performance.now()}|${payloadPad}`);
      }
      await new Promise((res) => setImmediate(res));
    }
    return sent;
  });
  return { scenario: 'one-to-one', mode: 'window', window, ...r };
}
