// Contract every SessionDirectory adapter passes (house style B.5). Two directories stand for two nodes
// of one cluster.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SessionDirectory, SessionEntry } from '../../src/domain/ports/session-directory.js';

export interface DirectoryPair {
  nodes: [SessionDirectory, SessionDirectory];
  nodeIds: [number, number];
  /** Node 2 stops heart-beating without a word (kill -9, cut off). Absent: the adapter has no such case. */
  crash?: () => void;
  /** How long a crashed node's entries may stay visible. */
  livenessMs?: number;
  cleanup(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;

export function sessionDirectoryContract(
  name: string,
  makePair: () => Promise<DirectoryPair>,
  skipCrash?: string,
) {
  describe(`SessionDirectory contract: ${name}`, () => {
    const withPair = async (
      fn: (
        p: DirectoryPair,
        entry: (node: 0 | 1, over?: Partial<SessionEntry>) => SessionEntry,
      ) => Promise<void>,
    ) => {
      const pair = await makePair();
      const entry = (node: 0 | 1, over: Partial<SessionEntry> = {}): SessionEntry => ({
        appId: 1,
        username: 'alice',
        resource: `res_${++seq}`,
        nodeId: pair.nodeIds[node],
        connId: `c${seq}`,
        since: 1_700_000_000_000 + seq,
        ...over,
      });
      try {
        await fn(pair, entry);
      } finally {
        await pair.cleanup();
      }
    };

    test('sessions registered on two nodes are listed by both, oldest first', () =>
      withPair(async ({ nodes: [n1, n2] }, entry) => {
        const e2 = entry(1);
        const e1 = entry(0, { since: e2.since + 5 });
        await n1.register(e1);
        await n2.register(e2);
        assert.deepEqual(await n1.list(1, 'alice'), [e2, e1]);
        assert.deepEqual(await n2.list(1, 'alice'), [e2, e1]);
      }));

    test('users and apps are separate', () =>
      withPair(async ({ nodes: [n1, n2] }, entry) => {
        const alice = entry(0);
        const bob = entry(1, { username: 'bob' });
        const aliceOfApp2 = entry(1, { appId: 2 });
        for (const [n, e] of [
          [n1, alice],
          [n2, bob],
          [n2, aliceOfApp2],
        ] as const)
          await n.register(e);
        assert.deepEqual(await n2.list(1, 'alice'), [alice]);
        assert.deepEqual(await n1.list(1, 'bob'), [bob]);
        assert.deepEqual(await n1.list(2, 'alice'), [aliceOfApp2]);
        assert.deepEqual(await n1.list(3, 'nobody'), []);
      }));

    test('registering the same connection again replaces it', () =>
      withPair(async ({ nodes: [n1, n2] }, entry) => {
        const first = entry(0);
        const again = { ...first, resource: 'renamed', since: first.since + 1 };
        await n1.register(first);
        await n1.register(again);
        assert.deepEqual(await n2.list(1, 'alice'), [again]);
      }));

    test('unregister removes only that session; unknown ones are ignored', () =>
      withPair(async ({ nodes: [n1, n2] }, entry) => {
        const [a, b] = [entry(0), entry(1)];
        await n1.register(a);
        await n2.register(b);
        await n1.unregister(a);
        await n1.unregister(entry(0)); // never registered
        assert.deepEqual(await n2.list(1, 'alice'), [b]);
        assert.deepEqual(await n1.list(1, 'alice'), [b]);
      }));

    test('a node registers only its own sessions', () =>
      withPair(async ({ nodes: [n1] }, entry) => {
        await assert.rejects(n1.register(entry(1)));
      }));

    test('closing a node withdraws its sessions; close is idempotent', () =>
      withPair(async ({ nodes: [n1, n2] }, entry) => {
        const [a, b] = [entry(0), entry(1)];
        await n1.register(a);
        await n2.register(b);
        await n2.refresh();
        await Promise.all([n2.close(), n2.close()]);
        await n2.close();
        assert.deepEqual(await n1.list(1, 'alice'), [a]);
        await assert.rejects(n2.list(1, 'alice'));
      }));

    test('the sessions of a node that died vanish within its liveness TTL', { skip: skipCrash }, (t) =>
      withPair(async ({ nodes: [n1, n2], crash, livenessMs }, entry) => {
        assert.ok(crash && livenessMs, 'the pair must provide crash() and livenessMs');
        const [a, b] = [entry(0), entry(1)];
        await n1.register(a);
        await n2.register(b);
        assert.equal((await n1.list(1, 'alice')).length, 2);
        const crashedAt = Date.now();
        crash();
        while ((await n1.list(1, 'alice')).length > 1) {
          assert.ok(Date.now() - crashedAt < livenessMs * 2, 'entries of the dead node still listed');
          await sleep(50);
        }
        t.diagnostic(`gone ${Date.now() - crashedAt} ms after the crash (TTL ${livenessMs} ms)`);
        // n1 kept heart-beating all along: its entry stays.
        await sleep(livenessMs * 1.2);
        assert.deepEqual(await n1.list(1, 'alice'), [a]);
      }),
    );
  });
}
