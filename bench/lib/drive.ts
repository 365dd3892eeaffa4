// The load models shared by the baselines and the extra Confab scenarios, in the design of
// scenarios/one-to-one.ts: a fixed offered rate (round-robin over senders, 5 ms ticks) for latency, or a
// bounded number of messages in flight for peak throughput. Every message text is `<send time>|<pad>`,
// and latency is receipt time − send time in this process (performance.now()). Every loop is bounded.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { RunResult } from './results.js';
import { resetServerLoop, serverLoopP99 } from './server-metrics.js';
import { cpuSeconds, rssBytes, summarize, usPer } from './stats.js';

export const PAD = 'x'.repeat(64);

/** A message arrived: counts it and records its latency. */
export class Recorder {
  delivered = 0;
  readonly latencies: number[] = [];
  /** Messages sent and not yet completed (acknowledged or delivered, depending on the system). */
  inflight = 0;
  /** When the current row began: late deliveries of an earlier (saturated) row are not this row's. */
  private since = 0;

  /** @param perDelivery how much one delivery completes of a message (1/fan-out), 0 when the ACK does. */
  constructor(readonly perDelivery: number) {}

  text(text: string, at: number): void {
    const sentAt = Number(text.slice(0, text.indexOf('|')));
    if (sentAt < this.since) return;
    this.delivered++;
    this.inflight -= this.perDelivery;
    if (sentAt > 0) this.latencies.push(at - sentAt);
  }

  reset(): void {
    this.delivered = 0;
    this.latencies.length = 0;
    this.since = performance.now();
  }
}

/** What a load model drives: `send(i)` sends one message from sender i (to its receiver or group). */
export interface Target {
  /** The row's label, e.g. "raw ws relay" or "ejabberd 23.01". */
  backend: string;
  /** Server process ids (CPU and RSS are theirs). */
  pids: number[];
  senders: number;
  /** Deliveries expected per message (1 for one-to-one, the group or device count for fan-out). */
  fanout: number;
  recorder: Recorder;
  send(i: number, text: string): void;
  /** REST base URLs of Confab nodes, whose event-loop delay is read per row. */
  metricsUrls?: string[];
}

const LOOP_RESOLUTION_MS = 10;

/** The histogram's samples include the sampling interval itself: subtract it. */
export function loopDelay(h: IntervalHistogram) {
  const ms = (ns: number) => Number(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS).toFixed(2));
  return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
}

/** Starts sampling this process's event-loop delay. */
export function startLoopMonitor(): IntervalHistogram {
  const h = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  h.enable();
  return h;
}

const tick = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function measure(
  t: Target,
  seconds: number,
  drive: (stop: () => boolean) => Promise<number>,
): Promise<Omit<RunResult, 'scenario' | 'mode' | 'offeredPerSec' | 'window'>> {
  const rec = t.recorder;
  rec.reset();
  await resetServerLoop(t.metricsUrls ?? []);
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const cpu0 = t.pids.reduce((s, p) => s + cpuSeconds(p), 0);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  const sent = await drive(() => performance.now() >= end);
  const expected = sent * t.fanout;
  const drainUntil = performance.now() + 5000;
  while (rec.delivered < expected && performance.now() < drainUntil) await tick(10);
  const elapsed = (performance.now() - t0) / 1000;
  const cpu = t.pids.reduce((s, p) => s + cpuSeconds(p), 0) - cpu0;
  const own = process.cpuUsage(own0);
  loop.disable();
  return {
    backend: t.backend,
    pairs: t.senders,
    seconds: Number(elapsed.toFixed(2)),
    sent,
    delivered: rec.delivered,
    deliveredPerSec: Math.round(rec.delivered / elapsed),
    latencyMs: summarize(rec.latencies),
    serverCpuSecPer1000: Number(((cpu / Math.max(1, rec.delivered)) * 1000).toFixed(3)),
    serverCpuUsPerMsg: usPer(cpu, rec.delivered),
    serverRssMb: Math.round(t.pids.reduce((s, p) => s + rssBytes(p), 0) / 1024 / 1024),
    clientLoopDelayMs: loopDelay(loop),
    ...(t.metricsUrls ? { serverLoopDelayP99Ms: await serverLoopP99(t.metricsUrls) } : {}),
    clientCpuSec: Number(((own.user + own.system) / 1e6).toFixed(2)),
  };
}

/** Fixed offered rate (messages/s over all senders), in 5 ms ticks. */
export async function driveAtRate(
  t: Target,
  scenario: string,
  perSec: number,
  seconds: number,
): Promise<RunResult> {
  const r = await measure(t, seconds, async (stop) => {
    let sent = 0;
    let next = 0;
    const start = performance.now();
    while (!stop()) {
      const due = Math.floor(((performance.now() - start) / 1000) * perSec);
      for (; sent < due; sent++) {
        t.recorder.inflight++;
        t.send(next++ % t.senders, `${performance.now()}|${PAD}`);
      }
      await tick(5);
    }
    return sent;
  });
  return { scenario, mode: 'rate', offeredPerSec: perSec, ...r };
}

/** At most `window` messages per sender in flight (over all senders, like one-to-one.ts). */
export async function driveWindowed(
  t: Target,
  scenario: string,
  window: number,
  seconds: number,
  completion: 'ack' | 'delivery',
): Promise<RunResult> {
  t.recorder.inflight = 0;
  const r = await measure(t, seconds, async (stop) => {
    let sent = 0;
    const limit = window * t.senders;
    while (!stop()) {
      for (let i = 0; i < t.senders && t.recorder.inflight < limit; i++) {
        t.recorder.inflight++;
        sent++;
        t.send(i, `${performance.now()}|${PAD}`);
      }
      await new Promise((res) => setImmediate(res));
    }
    return sent;
  });
  return { scenario, mode: 'window', window, completion, ...r };
}

/** Runs `fn` over `items` with at most `concurrency` at once. */
export async function pool<T, R>(items: T[], concurrency: number, fn: (x: T, i: number) => Promise<R>) {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i);
    }),
  );
  return out;
}

/** Waits until `cond()` or the deadline; returns whether the condition held. */
export async function waitFor(cond: () => boolean, timeoutMs: number, stepMs = 5): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() >= until) return false;
    await tick(stepMs);
  }
  return true;
}
