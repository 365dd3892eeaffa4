// /metrics under CONFAB_WORKERS (adapters/metrics/cluster-metrics.ts), in one process: the primary and two
// workers joined by in-memory channels instead of IPC. The real processes are in workers.test.ts; here the
// cases a real cluster makes hard to stage: a worker that never answers, a worker whose registry fails.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import Fastify from 'fastify';
import pino from 'pino';
import { Counter, Gauge, Registry } from 'prom-client';
import { noMetrics } from '../src/domain/ports/metrics.js';
import { metricsRoutes } from '../src/http/routes/metrics-routes.js';
import {
  primaryMetrics,
  workerMetrics,
  type Channel,
  type Member,
  type PrimaryMetrics,
} from '../src/adapters/metrics/cluster-metrics.js';

/** A worker's end of the channel: what it sends reaches the primary asynchronously, as IPC would. */
function link(index: number, primary: () => PrimaryMetrics, deaf = false) {
  const inbox = new EventEmitter();
  const member: Member = {
    index,
    send: (message) => {
      if (!deaf) setImmediate(() => inbox.emit('message', message));
    },
  };
  const channel: Channel = {
    send: (message) => setImmediate(() => primary().onMessage(member, message)),
    on: (event, listener) => inbox.on(event, listener),
    off: (event, listener) => inbox.off(event, listener),
  };
  return { member, channel };
}

function workerRegistry(sessions: number, connections: number, delay: number) {
  const registry = new Registry();
  registry.setDefaultLabels({ node: '7' });
  const registers = [registry];
  new Gauge({ name: 'sessions', help: 'h', aggregator: 'sum', registers }).set(sessions);
  new Counter({ name: 'connections_total', help: 'h', registers }).inc(connections);
  new Gauge({ name: 'delay', help: 'h', aggregator: 'max', registers }).set(delay);
  return registry;
}

function cluster(options: { deaf?: number; timeoutMs?: number; failing?: number } = {}) {
  const links = [0, 1].map((i) => link(i, () => primary, options.deaf === i));
  const primary = primaryMetrics(() => links.map((l) => l.member), options.timeoutMs ?? 1000);
  const registries = [workerRegistry(2, 5, 0.01), workerRegistry(3, 7, 0.04)];
  if (options.failing !== undefined)
    registries[options.failing]!.getMetricsAsJSON = () => Promise.reject(new Error('collect broke'));
  const workers = links.map((l, i) => workerMetrics(registries[i]!, l.channel, 2000));
  return {
    workers,
    close: () => {
      primary.close();
      for (const w of workers) w.close();
    },
  };
}

describe('cluster metrics: the primary merges the workers registries', () => {
  test('either worker answers with the sum (counters, sum gauges) and the max (max gauges)', async () => {
    const c = cluster();
    try {
      for (const w of c.workers) {
        const text = await w.render();
        assert.match(text, /^sessions\{node="7"\} 5$/m);
        assert.match(text, /^connections_total\{node="7"\} 12$/m);
        assert.match(text, /^delay\{node="7"\} 0\.04$/m);
      }
    } finally {
      c.close();
    }
  });

  test('a worker that does not answer fails the scrape after the timeout, naming it', async () => {
    const c = cluster({ deaf: 1, timeoutMs: 100 });
    try {
      await assert.rejects(
        c.workers[0]!.render(),
        /^Error: worker 1 did not send its metrics within 100 ms$/,
      );
    } finally {
      c.close();
    }
  });

  test("a worker's failing registry fails the scrape with its reason", async () => {
    const c = cluster({ failing: 0 });
    try {
      await assert.rejects(c.workers[1]!.render(), /worker 0: Error: collect broke/);
    } finally {
      c.close();
    }
  });

  test('no answer from the primary: the worker gives up after its own timeout', async () => {
    const silent: Channel = { send() {}, on: () => undefined, off: () => undefined };
    const w = workerMetrics(new Registry(), silent, 50);
    await assert.rejects(w.render(), /the cluster primary did not answer within 50 ms/);
    w.close();
  });

  test('GET /metrics answers 503 with the reason when the figures cannot be had', async () => {
    const app = Fastify();
    const metrics = {
      ...noMetrics,
      render: () => Promise.reject(new Error('worker 1 did not send its metrics')),
    };
    metricsRoutes(
      app,
      { metrics, logger: pino({ level: 'silent' }) },
      { operator: async () => {} },
      'public',
    );
    try {
      const res = await app.inject({ url: '/metrics' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.body, 'metrics unavailable: worker 1 did not send its metrics\n');
    } finally {
      await app.close();
    }
  });
});
