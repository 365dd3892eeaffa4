// The node-local group index (gateway/group-sessions.ts) through the session registry and an in-process
// bus: one group event wakes this node's sessions of the members (the sending device excepted), the
// members are read once per group, events and membership changes that arrive while they are read are
// applied in order, sessions that come and go are followed, and a bus outage or a failed read forgets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inProcessBus } from '../src/adapters/bus/in-process-bus.js';
import type { GroupHint, MembershipChanged } from '../src/domain/ports/bus.js';
import type { RegisteredSession, WakeHint } from '../src/gateway/session-registry.js';
import { SessionRegistry } from '../src/gateway/session-registry.js';

interface FakeSession extends RegisteredSession {
  woken: { queue: string; seq?: string | undefined }[];
}

const session = (username: string, resource: string, appId = 1): FakeSession => {
  const woken: FakeSession['woken'] = [];
  return {
    appId,
    username,
    resource,
    woken,
    wake: (queue: string, hint?: WakeHint) => void woken.push({ queue, seq: hint?.seq }),
    kick: () => undefined,
    resync: () => undefined,
    close: () => undefined,
  };
};

const hint = (seq: number, except?: { username: string; resource: string }): GroupHint => ({
  kind: 'group',
  appId: 1,
  queue: 'g:7',
  seq: String(seq),
  entry: new Uint8Array([seq]),
  ...(except ? { except } : {}),
});
const change = (c: Omit<MembershipChanged, 'kind' | 'appId' | 'queue'>): MembershipChanged => ({
  kind: 'membership',
  appId: 1,
  queue: 'g:7',
  ...c,
});

/** A member loader whose reads the test releases by hand. */
function manualLoader(members: string[]) {
  const pending: Array<{ resolve: (n: string[]) => void; reject: (e: Error) => void }> = [];
  let reads = 0;
  return {
    load: () =>
      new Promise<readonly string[]>((resolve, reject) => {
        reads++;
        pending.push({ resolve, reject });
      }),
    release: async () => {
      pending.shift()!.resolve([...members]);
      await new Promise((r) => setImmediate(r));
    },
    fail: async () => {
      pending.shift()!.reject(new Error('store down'));
      await new Promise((r) => setImmediate(r));
    },
    get reads() {
      return reads;
    },
  };
}

test('one event wakes the local sessions of members, the sending device excepted; members read once', async () => {
  const bus = inProcessBus();
  const loader = manualLoader(['alice', 'bob']);
  const registry = new SessionRegistry(bus, { groupMembers: loader.load });
  const [a1, a2, b1, c1] = [
    session('alice', 'a1'),
    session('alice', 'a2'),
    session('bob', 'b1'),
    session('carol', 'c1'),
  ];
  for (const s of [a1, a2, b1, c1]) registry.add(s);
  await bus.publish(hint(1, { username: 'alice', resource: 'a1' }));
  await bus.publish(hint(2));
  assert.equal(b1.woken.length, 0, 'nothing before the members are known');
  await loader.release();
  assert.deepEqual(
    b1.woken.map((w) => w.seq),
    ['1', '2'],
    'waiting events delivered in order',
  );
  assert.deepEqual(
    a1.woken.map((w) => w.seq),
    ['2'],
  );
  assert.deepEqual(
    a2.woken.map((w) => w.seq),
    ['1', '2'],
    'the sender’s other device',
  );
  assert.deepEqual(c1.woken, [], 'not a member');
  await bus.publish(hint(3));
  assert.equal(loader.reads, 1, 'members are read once per group');
  assert.deepEqual(b1.woken.at(-1), { queue: 'g:7', seq: '3' });
  registry.close();
});

test('membership changes and sessions that come and go are followed, also while the members are read', async () => {
  const bus = inProcessBus();
  const loader = manualLoader(['alice', 'bob']);
  const registry = new SessionRegistry(bus, { groupMembers: loader.load });
  const b1 = session('bob', 'b1');
  const c1 = session('carol', 'c1');
  registry.add(b1);
  registry.add(c1);
  await bus.publish(hint(1));
  // While loading: carol joins, bob leaves (the read may or may not have seen them).
  await bus.publish(change({ added: ['carol'] }));
  await bus.publish(change({ removed: ['bob'] }));
  await bus.publish(hint(2));
  await loader.release();
  assert.deepEqual(
    c1.woken.map((w) => w.seq),
    ['1', '2'],
  );
  assert.equal(b1.woken.length, 0);
  // A new session of a member is found; a closed one is not woken.
  const c2 = session('carol', 'c2');
  registry.add(c2);
  registry.remove(c1);
  await bus.publish(hint(3));
  assert.deepEqual(
    c2.woken.map((w) => w.seq),
    ['3'],
  );
  assert.equal(c1.woken.length, 2);
  // Sessions of other apps with the same names are not members.
  const otherApp = session('carol', 'x', 2);
  registry.add(otherApp);
  await bus.publish(hint(4));
  assert.deepEqual(otherApp.woken, []);
  // Destroyed: forgotten; the next event reads the members again.
  await bus.publish(change({ destroyed: true }));
  assert.equal(registry.groups.size, 0);
  await bus.publish(hint(5));
  assert.equal(loader.reads, 2);
  registry.close();
});

test('a failed member read drops its events (the next sync catches up); a bus outage forgets the index', async () => {
  const bus = inProcessBus();
  const loader = manualLoader(['bob']);
  const errors: unknown[] = [];
  const registry = new SessionRegistry(bus, {
    groupMembers: loader.load,
    onGroupError: (err) => errors.push(err),
  });
  const b1 = session('bob', 'b1');
  registry.add(b1);
  await bus.publish(hint(1));
  await loader.fail();
  assert.equal(errors.length, 1);
  assert.equal(b1.woken.length, 0);
  await bus.publish(hint(2));
  await loader.release();
  assert.deepEqual(
    b1.woken.map((w) => w.seq),
    ['2'],
  );
  registry.resyncAll();
  assert.equal(registry.groups.size, 0);
  registry.close();
});

test('the index keeps at most the configured member names; the least recently used groups go', async () => {
  const bus = inProcessBus();
  const registry = new SessionRegistry(bus, {
    groupMembers: (_app, queue) => Promise.resolve(queue === 'g:1' ? ['a', 'b', 'c'] : ['d', 'e']),
    maxIndexedMembers: 4,
  });
  const d = session('d', 'd1');
  registry.add(d);
  await bus.publish({ kind: 'group', appId: 1, queue: 'g:1' });
  await new Promise((r) => setImmediate(r));
  assert.ok(registry.groups.localSessions(1, 'g:1'));
  await bus.publish({ kind: 'group', appId: 1, queue: 'g:2' });
  await new Promise((r) => setImmediate(r));
  assert.equal(registry.groups.localSessions(1, 'g:1'), undefined, 'evicted');
  assert.deepEqual([...registry.groups.localSessions(1, 'g:2')!], [d]);
  assert.deepEqual(
    d.woken.map((w) => w.queue),
    ['g:2'],
  );
  registry.close();
});
