// CONFAB_WORKERS: GET /metrics for the whole host, whichever worker the scrape lands on. That worker asks
// the primary; the primary asks every listening worker for its registry (as JSON) and merges them with
// prom-client's AggregatorRegistry.aggregate (each metric's `aggregator`: counters and histograms sum,
// gauges as prom-metrics.ts sets them), then answers the text. All or nothing: a worker that does not answer
// in time fails the scrape (503), since a sum missing one worker would look like counters going back.
import { AggregatorRegistry, type Registry } from 'prom-client';

/** How long the primary waits for the workers' registries; the asking worker waits a second more. */
export const CLUSTER_METRICS_TIMEOUT_MS = 5000;

const REQUEST = 'confab:metrics-request'; // worker → primary: a scrape came in
const COLLECT = 'confab:metrics-collect'; // primary → every worker: your registry, please
const COLLECTED = 'confab:metrics-collected'; // worker → primary: the registry as JSON (or an error)
const ANSWER = 'confab:metrics-answer'; // primary → asking worker: the host's text (or an error)

interface Message {
  type: string;
  id: number;
  metrics?: unknown;
  body?: string;
  error?: string;
}

const isMessage = (m: unknown, type: string): m is Message =>
  typeof m === 'object' &&
  m !== null &&
  (m as { type?: unknown }).type === type &&
  typeof (m as { id?: unknown }).id === 'number';

/** One end of an IPC channel (a worker's `process`, or a fake in tests). */
export interface Channel {
  send(message: Message): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** This worker process's channel to the primary. A closed channel (shutting down) drops the message. */
export function primaryChannel(): Channel {
  return {
    send: (message) => {
      if (process.connected) process.send!(message, undefined, undefined, () => {});
    },
    on: (event, listener) => process.on(event, listener),
    off: (event, listener) => process.off(event, listener),
  };
}

export interface WorkerMetrics {
  /** The host's Prometheus text, from the primary; rejects with why not. */
  render(): Promise<string>;
  close(): void;
}

/** The worker side: answers the primary's collect requests with `registry`, and asks it for the host's text. */
export function workerMetrics(
  registry: Registry,
  channel: Channel,
  timeoutMs = CLUSTER_METRICS_TIMEOUT_MS + 1000,
): WorkerMetrics {
  const waiting = new Map<number, { resolve(body: string): void; reject(err: Error): void }>();
  let nextId = 0;
  const listener = (m: unknown) => {
    if (isMessage(m, COLLECT)) {
      registry.getMetricsAsJSON().then(
        (metrics) => channel.send({ type: COLLECTED, id: m.id, metrics }),
        (err: unknown) => channel.send({ type: COLLECTED, id: m.id, error: String(err) }),
      );
    } else if (isMessage(m, ANSWER)) {
      const w = waiting.get(m.id);
      if (!w) return; // timed out already
      waiting.delete(m.id);
      if (m.error !== undefined) w.reject(new Error(m.error));
      else w.resolve(m.body ?? '');
    }
  };
  channel.on('message', listener);
  return {
    render: () =>
      new Promise<string>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`the cluster primary did not answer within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, {
          resolve: (body) => (clearTimeout(timer), resolve(body)),
          reject: (err) => (clearTimeout(timer), reject(err)),
        });
        channel.send({ type: REQUEST, id });
      }),
    close: () => channel.off('message', listener),
  };
}

/** A worker as the primary sees it: its index, and a way to message it. */
export interface Member {
  readonly index: number;
  send(message: Message): void;
}

export interface PrimaryMetrics {
  /** Handles a worker's message if it is about metrics (true), else leaves it (false). */
  onMessage(from: Member, message: unknown): boolean;
  close(): void;
}

/** The primary side: `members()` are the workers that listen now (a starting worker is not asked). */
export function primaryMetrics(
  members: () => readonly Member[],
  timeoutMs = CLUSTER_METRICS_TIMEOUT_MS,
): PrimaryMetrics {
  interface Collection {
    asker: Member;
    askerId: number;
    missing: Set<number>; // worker indexes yet to answer
    results: unknown[];
    timer: NodeJS.Timeout;
  }
  const collections = new Map<number, Collection>();
  let nextId = 0;

  const finish = (id: number, c: Collection, answer: { body: string } | { error: string }) => {
    collections.delete(id);
    clearTimeout(c.timer);
    c.asker.send({ type: ANSWER, id: c.askerId, ...answer });
  };

  const collect = (asker: Member, askerId: number) => {
    const id = nextId++;
    const asked = members();
    const c: Collection = {
      asker,
      askerId,
      missing: new Set(asked.map((m) => m.index)),
      results: [],
      timer: setTimeout(() => {
        const late = [...c.missing].sort((a, b) => a - b).join(', ');
        finish(id, c, { error: `worker ${late} did not send its metrics within ${timeoutMs} ms` });
      }, timeoutMs),
    };
    collections.set(id, c);
    for (const member of asked) member.send({ type: COLLECT, id });
    if (asked.length === 0) finish(id, c, { body: '' });
  };

  const collected = (from: Member, m: Message) => {
    const c = collections.get(m.id);
    if (!c || !c.missing.delete(from.index)) return; // timed out, or not asked
    if (m.error !== undefined) return finish(m.id, c, { error: `worker ${from.index}: ${m.error}` });
    c.results.push(m.metrics);
    if (c.missing.size > 0) return;
    // Taken off the map first: a later message for this id finds nothing, whatever aggregate() does.
    collections.delete(m.id);
    Promise.resolve()
      .then(() => AggregatorRegistry.aggregate(c.results as object[]).metrics())
      .then(
        (body) => finish(m.id, c, { body }),
        (err: unknown) =>
          finish(m.id, c, { error: `aggregating the workers' metrics failed: ${String(err)}` }),
      );
  };

  return {
    onMessage(from, message) {
      if (isMessage(message, REQUEST)) collect(from, message.id);
      else if (isMessage(message, COLLECTED)) collected(from, message);
      else return false;
      return true;
    },
    close() {
      for (const c of collections.values()) clearTimeout(c.timer);
      collections.clear();
    },
  };
}
