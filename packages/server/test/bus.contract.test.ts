import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { inProcessBus } from '../src/adapters/bus/in-process-bus.js';
import { redisBus, type RedisBusOptions } from '../src/adapters/bus/redis-bus.js';
import type { BusEvent } from '../src/domain/ports/bus.js';
import { busContract, recorder } from './contracts/bus-contract.js';
import { recordingLogger } from './support/recording-logger.js';
import { hostPortOf, startTcpProxy } from './support/tcp-proxy.js';

const REDIS_URL = process.env['CONFAB_TEST_REDIS_URL'];
const NO_REDIS = 'CONFAB_TEST_REDIS_URL not set';

busContract('in-process', () => {
  const bus = inProcessBus();
  return Promise.resolve([bus, bus, () => bus.close()]);
});

test('in-process bus: a throwing handler is logged; the others still get the event', async () => {
  const logger = recordingLogger();
  const bus = inProcessBus({ logger });
  const got: BusEvent[] = [];
  bus.subscribe(() => {
    throw new Error('handler bug');
  });
  bus.subscribe((e) => got.push(e));
  await bus.publish({ kind: 'queue', appId: 1, owner: 'alice', queue: 'bob' });
  assert.equal(got.length, 1);
  const [record] = logger.records;
  assert.equal(record?.level, 'error');
  assert.equal(record?.msg, 'bus handler threw');
  assert.equal((record?.obj as { err?: Error }).err?.message, 'handler bug');
  await bus.close();
});

if (REDIS_URL) {
  // A fresh channel per pair isolates tests running in parallel (pub/sub leaves no keys behind).
  busContract('redis', async () => {
    const channel = `confab:test:${randomUUID()}:bus`;
    const a = redisBus({ url: REDIS_URL, channel, nodeId: 1 });
    const b = redisBus({ url: REDIS_URL, channel, nodeId: 2 });
    await Promise.all([a.ready(), b.ready()]);
    return [a, b, () => Promise.all([a.close(), b.close()]).then(() => undefined)];
  });
} else {
  test('Bus contract: redis', { skip: NO_REDIS }, () => undefined);
}

const probe = (queue: string): BusEvent => ({ kind: 'queue', appId: 1, owner: 'probe', queue });
const isProbe = (queue: string) => (e: BusEvent) => e.kind === 'queue' && e.queue === queue;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Publishes probes from `from` every 100 ms until `to` gets one; returns the time it took. */
async function timeToDelivery(from: ReturnType<typeof redisBus>, to: ReturnType<typeof recorder>) {
  const started = Date.now();
  for (let i = 0; Date.now() - started < 10_000; i++) {
    const queue = `probe-${randomUUID()}`;
    await from.publish(probe(queue)).catch(() => undefined);
    if (
      await to.until(isProbe(queue), 100).then(
        () => true,
        () => false,
      )
    )
      return Date.now() - started;
  }
  throw new Error('no cross-node delivery within 10 s');
}

describe('redis bus: Redis outage (through a TCP proxy)', { skip: REDIS_URL ? false : NO_REDIS }, () => {
  const setup = async (extra: Partial<RedisBusOptions> = {}) => {
    const proxy = await startTcpProxy(hostPortOf(REDIS_URL!));
    const channel = `confab:test:${randomUUID()}:bus`;
    const a = redisBus({ url: proxy.url('redis'), channel, nodeId: 1, ...extra });
    const b = redisBus({ url: REDIS_URL!, channel, nodeId: 2 });
    const cleanup = async () => {
      await Promise.all([a.close(), b.close()]);
      await proxy.close();
    };
    return { proxy, a, b, cleanup };
  };

  test('publish fails fast and still delivers locally; cross-node delivery resumes after', async (t) => {
    let resubscribed = 0;
    const { proxy, a, b, cleanup } = await setup({ onResubscribed: () => resubscribed++ });
    try {
      await Promise.all([a.ready(), b.ready()]);
      const onA = recorder(a);
      const onB = recorder(b);
      await timeToDelivery(a, onB);

      proxy.pause();
      await sleep(50); // let ioredis see the dropped socket
      const started = Date.now();
      await assert.rejects(a.publish(probe('during-outage')));
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 2500, `publish took ${elapsed} ms while Redis was unreachable`);
      await onA.until(isProbe('during-outage'), 100); // local subscribers still get it
      await sleep(1000); // reconnect attempts fail meanwhile; nothing may crash

      proxy.resume();
      const aToB = await timeToDelivery(a, onB);
      const bToA = await timeToDelivery(b, onA);
      t.diagnostic(`publish rejected in ${elapsed} ms; recovery A→B ${aToB} ms, then B→A ${bToA} ms`);
      assert.ok(aToB + bToA < 8000, `recovery took ${aToB} + ${bToA} ms`);
      assert.equal(resubscribed, 1);
    } finally {
      await cleanup();
    }
  });

  test('a bus started while Redis is unreachable: bounded publish, then catches up', async (t) => {
    const { proxy, a, b, cleanup } = await setup();
    try {
      proxy.pause();
      const onA = recorder(a);
      const onB = recorder(b);
      await b.ready();
      const started = Date.now();
      await assert.rejects(a.publish(probe('before-redis')));
      const elapsed = Date.now() - started;
      t.diagnostic(`first publish rejected after ${elapsed} ms (waits for the first connection)`);
      assert.ok(elapsed < 2500, 'first publish waited too long');
      await onA.until(isProbe('before-redis'), 100);
      await assert.rejects(a.ready(300));

      proxy.resume();
      await a.ready(8000);
      await timeToDelivery(a, onB);
      await timeToDelivery(b, onA);
    } finally {
      await cleanup();
    }
  });

  test('a throwing handler neither stops the others nor crashes the node', async () => {
    const { a, b, cleanup } = await setup();
    try {
      await Promise.all([a.ready(), b.ready()]);
      b.subscribe(() => {
        throw new Error('handler bug');
      });
      const onB = recorder(b);
      await timeToDelivery(a, onB);
    } finally {
      await cleanup();
    }
  });
});
