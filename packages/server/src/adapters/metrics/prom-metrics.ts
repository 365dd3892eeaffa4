// The Metrics port with prom-client, one registry per server (tests run several servers in a process).
// Every series a hot path touches is made up front: a message costs one inc() or observe(), nothing more.
// Each gauge says how the workers' values merge under CONFAB_WORKERS (cluster-metrics.ts); counters and
// histograms are summed.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from '../../domain/ports/metrics.js';
import { workerMetrics, type Channel } from './cluster-metrics.js';

export interface PromMetricsOptions {
  /** Live WebSocket sessions on this node, read at each scrape. */
  liveSessions(): number;
  /** Labels on every series (e.g. the node id). */
  defaultLabels?: Record<string, string>;
  /** Set in a CONFAB_WORKERS worker: render() is the whole host's figures, merged by the primary. */
  primary?: Channel;
}

const QUANTILES = [0.5, 0.9, 0.99] as const;

export function promMetrics(options: PromMetricsOptions): Metrics {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  const registers = [registry];

  new Gauge({
    name: 'confab_sessions',
    help: 'WebSocket sessions open on this node',
    aggregator: 'sum',
    registers,
    collect() {
      this.set(options.liveSessions());
    },
  });
  const connections = new Counter({
    name: 'confab_connections_total',
    help: 'WebSocket connections accepted',
    registers,
  });
  const logins = new Counter({
    name: 'confab_logins_total',
    help: 'Logins on the socket (PROVISION), by result',
    labelNames: ['result'],
    registers,
  });
  const loginOk = logins.labels('ok');
  const loginRefused = logins.labels('refused');
  const messagesIn = new Counter({
    name: 'confab_messages_in_total',
    help: 'Messages sent by clients over the socket',
    registers,
  });
  const messagesOut = new Counter({
    name: 'confab_messages_out_total',
    help: 'Messages written to devices (pushes, sync batches, room pushes)',
    registers,
  });
  const deliveries = new Counter({
    name: 'confab_deliveries_total',
    help: 'Devices told about new entries, by kind (push: the entry itself; notice: a NOTICE, the device syncs)',
    labelNames: ['kind'],
    registers,
  });
  const pushes = deliveries.labels('push');
  const notices = deliveries.labels('notice');
  const ackLatency = new Histogram({
    name: 'confab_ack_latency_seconds',
    help: "Time from a client's message to its ACK (commit included)",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers,
  });
  const commitBatch = new Histogram({
    name: 'confab_commit_batch_size',
    help: 'Entries committed together by the message store (group commit)',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    registers,
  });
  const errors = new Counter({
    name: 'confab_errors_total',
    help: 'Errors answered to clients, by edge (rest, ws) and SDK error code',
    labelNames: ['edge', 'code'],
    registers,
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  new Gauge({
    name: 'confab_event_loop_delay_seconds',
    help: 'Event-loop delay since the previous scrape, by quantile (and max)',
    labelNames: ['quantile'],
    aggregator: 'max', // the worst worker
    registers,
    collect() {
      for (const q of QUANTILES) this.labels(String(q)).set(loop.percentile(q * 100) / 1e9);
      this.labels('max').set(loop.max / 1e9);
      loop.reset();
    },
  });
  new Gauge({
    name: 'confab_process_resident_memory_bytes',
    help: 'Resident set size of this process (under CONFAB_WORKERS: of all workers together)',
    aggregator: 'sum',
    registers,
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });

  const host = options.primary && workerMetrics(registry, options.primary);

  return {
    connectionOpened: () => connections.inc(),
    login: (ok) => (ok ? loginOk : loginRefused).inc(),
    messageIn: () => messagesIn.inc(),
    messagesOut: (n) => messagesOut.inc(n),
    delivery: (kind) => (kind === 'push' ? pushes : notices).inc(),
    ackLatency: (seconds) => ackLatency.observe(seconds),
    commitBatch: (size) => commitBatch.observe(size),
    error: (edge, code) => errors.labels(edge, String(code)).inc(),
    render: async () => ({
      contentType: registry.contentType,
      body: await (host ? host.render() : registry.metrics()),
    }),
    close: () => {
      loop.disable();
      host?.close();
    },
  };
}
