// Contract every Bus adapter passes (house style B.5). The two buses stand for two nodes; an in-process
// adapter may hand the same instance twice, since one process is one node.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type {
  Bus,
  BusEvent,
  GroupHint,
  KickCommand,
  MembershipChanged,
  QueueHint,
} from '../../src/domain/ports/bus.js';

export type BusPair = [a: Bus, b: Bus, cleanup: () => Promise<void>];

/** Records what a handler got; `until` waits (bounded) for a matching event. */
export function recorder(bus: Bus) {
  const events: BusEvent[] = [];
  const waiters: { match: (e: BusEvent) => boolean; resolve: () => void }[] = [];
  const unsubscribe = bus.subscribe((e) => {
    events.push(e);
    for (const w of [...waiters]) if (w.match(e)) w.resolve();
  });
  const until = (match: (e: BusEvent) => boolean, ms = 3000) =>
    events.some(match)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no matching bus event within ${ms} ms`)), ms);
          waiters.push({ match, resolve: () => (clearTimeout(timer), resolve()) });
        });
  return { events, until, unsubscribe };
}

let counter = 0;
const hint = (queue: string): QueueHint => ({ kind: 'queue', appId: 1, owner: 'alice', queue });
const isQueue = (queue: string) => (e: BusEvent) => e.kind === 'queue' && e.queue === queue;
const queuesOf = (events: BusEvent[]) => events.flatMap((e) => (e.kind === 'queue' ? [e.queue] : []));

/** Publishes a marker from `from` and waits until every recorder has it: since a publisher's events
 * keep their order and Redis orders publications, everything published before has arrived too. */
async function barrier(from: Bus, ...recorders: ReturnType<typeof recorder>[]) {
  const marker = `barrier-${++counter}`;
  await from.publish(hint(marker));
  await Promise.all(recorders.map((r) => r.until(isQueue(marker))));
}

export function busContract(name: string, makeBusPair: () => Promise<BusPair>) {
  describe(`Bus contract: ${name}`, () => {
    const withPair = async (fn: (a: Bus, b: Bus) => Promise<void>) => {
      const [a, b, cleanup] = await makeBusPair();
      try {
        await fn(a, b);
      } finally {
        await cleanup();
      }
    };

    test('an event published on A reaches subscribers on A and B exactly once each', () =>
      withPair(async (a, b) => {
        const onA = recorder(a);
        const onB = recorder(b);
        await a.publish(hint('from-a'));
        await b.publish(hint('from-b'));
        await barrier(b, onA, onB);
        await barrier(a, onA, onB);
        for (const r of [onA, onB]) {
          assert.equal(queuesOf(r.events).filter((q) => q === 'from-a').length, 1);
          assert.equal(queuesOf(r.events).filter((q) => q === 'from-b').length, 1);
        }
      }));

    test('events from one publisher arrive in publication order', () =>
      withPair(async (a, b) => {
        const onA = recorder(a);
        const onB = recorder(b);
        const sent = Array.from({ length: 200 }, (_, i) => `q${i}`);
        // Not awaited one by one: order must hold for concurrent publishes too.
        await Promise.all(sent.map((q) => a.publish(hint(q))));
        await barrier(a, onA, onB);
        for (const r of [onA, onB]) {
          assert.deepEqual(
            queuesOf(r.events).filter((q) => q.startsWith('q')),
            sent,
          );
        }
      }));

    test('unsubscribe stops delivery to that handler only', () =>
      withPair(async (a, b) => {
        const gone = recorder(b);
        const kept = recorder(b);
        gone.unsubscribe();
        gone.unsubscribe(); // twice is harmless
        await a.publish(hint('after-unsubscribe'));
        await barrier(a, kept);
        assert.deepEqual(gone.events, []);
        assert.equal(queuesOf(kept.events).filter((q) => q === 'after-unsubscribe').length, 1);
      }));

    test('kick and queue events round-trip with all their fields', () =>
      withPair(async (a, b) => {
        const onB = recorder(b);
        const sent: BusEvent[] = [
          { kind: 'queue', appId: 7, owner: 'bob', queue: 'alice', exceptResource: 'web_1' },
          { kind: 'queue', appId: 7, owner: 'bob', queue: 'carol' },
          {
            kind: 'kick',
            appId: 7,
            username: 'bob',
            resource: 'ios_2',
            exceptResource: 'web_1',
            code: 206,
            reason: '{"ext":"from another device ✓"}',
          } satisfies KickCommand,
          { kind: 'kick', appId: 7, username: 'bob', code: 207 },
        ];
        for (const e of sent) await a.publish(e);
        await barrier(a, onB);
        assert.deepEqual(onB.events.slice(0, sent.length), sent);
      }));

    test('a queue hint carries its entry bytes and position to the other node unchanged', () =>
      withPair(async (a, b) => {
        const onB = recorder(b);
        const entry = new Uint8Array([0, 1, 2, 250, 255, 10, 13, 34, 92]); // bytes JSON would mangle as text
        await a.publish({ kind: 'queue', appId: 7, owner: 'bob', queue: 'alice', seq: '42', entry });
        await barrier(a, onB);
        const got = onB.events.find((e) => e.kind === 'queue' && e.queue === 'alice');
        assert.ok(got?.kind === 'queue' && got.entry, 'the hint arrived with its entry');
        assert.equal(got.seq, '42');
        assert.deepEqual([...got.entry], [...entry]);
      }));

    test('group and membership events round-trip with all their fields, entry bytes included', () =>
      withPair(async (a, b) => {
        const onB = recorder(b);
        const entry = new Uint8Array([0, 1, 2, 250, 255, 10, 13, 34, 92]);
        const sent: BusEvent[] = [
          {
            kind: 'group',
            appId: 7,
            queue: 'g:123',
            except: { username: 'alice', resource: 'web_1' },
            seq: '9',
            entry,
          } satisfies GroupHint,
          { kind: 'group', appId: 7, queue: 'g:124' },
          {
            kind: 'membership',
            appId: 7,
            queue: 'g:123',
            added: ['bob', 'carol'],
            removed: ['dave'],
          } satisfies MembershipChanged,
          { kind: 'membership', appId: 7, queue: 'g:124', destroyed: true },
        ];
        for (const e of sent) await a.publish(e);
        await barrier(a, onB);
        const got = onB.events.slice(0, sent.length);
        assert.deepEqual(
          got.map((e) => (e.kind === 'group' && e.entry ? { ...e, entry: [...e.entry] } : e)),
          sent.map((e) => (e.kind === 'group' && e.entry ? { ...e, entry: [...e.entry] } : e)),
        );
      }));

    test('close is idempotent', async () => {
      const [a, b, cleanup] = await makeBusPair();
      await Promise.all([a.close(), a.close()]);
      await a.close();
      await b.close();
      await cleanup();
    });
  });
}
