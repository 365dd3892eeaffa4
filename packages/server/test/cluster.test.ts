// Several server processes sharing one PostgreSQL and one Redis (issue: durable, gap-free delivery
// that scales out; groups: one bus event per group message, each node waking its own members). Real
// processes on loopback, bounded in time and count.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Domain, StatusCode, u64ToString } from '@confab/protocol';
import { redisBus } from '../src/adapters/bus/redis-bus.js';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { publishMembershipChanged } from '../src/domain/messages/group-fanout.js';
import type { BusEvent } from '../src/domain/ports/bus.js';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { PG_URL, REDIS_URL, CLUSTER_SKIP } from './support/postgres.js';
import { RawClient } from './support/raw-client.js';
import { runResendingSender } from './support/resending-sender.js';
import { login, register } from './support/rest.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { assertExactlyOnceInOrder, drainQueue } from './support/verify-delivery.js';

const skip = CLUSTER_SKIP;
const APP = { org: 'confab', app: 'demo', appKey: 'confab#demo' };

interface Cluster {
  db: TempDatabase;
  nodes: NodeProcess[];
  env: (nodeId: number) => Record<string, string>;
  stop(): Promise<void>;
}

async function startCluster(count: number, redisUrl: string): Promise<Cluster> {
  const db = await createTempDatabase(PG_URL!);
  const prefix = `confab_t_${randomBytes(4).toString('hex')}`;
  const env = (nodeId: number) => ({
    CONFAB_DATABASE_URL: db.url,
    CONFAB_REDIS_URL: redisUrl,
    CONFAB_REDIS_PREFIX: prefix,
    CONFAB_NODE_ID: String(nodeId),
    CONFAB_DATA_DIR: `/tmp/${prefix}-${nodeId}`,
  });
  const nodes: NodeProcess[] = [];
  // Sequential starts: the first creates the schema and the demo app.
  try {
    for (let i = 1; i <= count; i++) nodes.push(await spawnNode(env(i)));
  } catch (err) {
    // A node that did not start fails the suite; the ones that did must not keep the test file running.
    await Promise.all(nodes.map((n) => n.crash()));
    await db.drop();
    throw err;
  }
  return {
    db,
    nodes,
    env,
    async stop() {
      await Promise.all(nodes.map((n) => n.crash()));
      await db.drop();
    },
  };
}

const rest = (node: NodeProcess) => ({ apiUrl: node.apiUrl, org: APP.org, app: APP.app });

describe('cluster: two nodes on PostgreSQL + Redis', { skip }, () => {
  let cluster: Cluster;
  const tokens: Record<string, string> = {};
  before(async () => {
    cluster = await startCluster(2, REDIS_URL!);
    const [a] = cluster.nodes;
    for (const u of ['alice', 'bob', 's0', 's1', 's2', 's3', 'r0', 'r1']) {
      await register(rest(a!), u);
      tokens[u] = await login(rest(a!), u);
    }
  });
  after(() => cluster?.stop());

  test('messages cross nodes in order; devices on both nodes; resends are de-duplicated cluster-wide', async () => {
    const [a, b] = cluster.nodes as [NodeProcess, NodeProcess];
    const alice = (await RawClient.login(a.wsUrl, APP.appKey, 'alice', tokens['alice']!, 'a-on-A')).client;
    const alice2 = (await RawClient.login(b.wsUrl, APP.appKey, 'alice', tokens['alice']!, 'a-on-B')).client;
    const bob = (await RawClient.login(b.wsUrl, APP.appKey, 'bob', tokens['bob']!, 'b-on-B')).client;
    try {
      const sent: string[] = [];
      for (let i = 0; i < 30; i++) {
        const ack = await alice.sendText('bob', `x${i}`, String(5_000_000 + i));
        assert.equal(ack.status?.errorCode, StatusCode.OK);
        sent.push(u64ToString(ack.serverId));
      }
      // A resend of an acknowledged id through the OTHER node returns the same server id.
      const again = await alice2.sendText('bob', 'x0', String(5_000_000));
      assert.equal(u64ToString(again.serverId), sent[0]);

      await bob.nextOf('NOTICE', (n) => n.body.queue?.name === 'alice', 10_000);
      const atBob = await bob.drain('alice');
      assert.deepEqual(
        atBob.texts,
        Array.from({ length: 30 }, (_, i) => `x${i}`),
      );
      assert.deepEqual(
        atBob.metas.map((m) => u64ToString(m.id)),
        sent,
      );
      await alice2.nextOf('NOTICE', (n) => n.body.queue?.name === 'bob', 10_000);
      assert.equal((await alice2.drain('bob')).texts.length, 30);
      // And back the other way, B → A.
      await bob.sendText('alice', 'pong');
      await alice.nextOf('NOTICE', (n) => n.body.queue?.name === 'bob', 10_000);
      assert.deepEqual((await alice.drain('bob')).texts, ['pong']);
    } finally {
      await Promise.all([alice.close(), alice2.close(), bob.close()]);
    }
  });

  test('kill -9 of one node mid-stream: 0 acknowledged messages lost, 0 duplicates, order intact', async () => {
    const [a, b] = cluster.nodes as [NodeProcess, NodeProcess];
    const live = new Set([a, b]);
    const perSender = 600;
    const total = perSender * 4;
    let acks = 0;
    let crashed: Promise<void> | undefined;
    const deadlineMs = Date.now() + 120_000;
    const senders = ['s0', 's1', 's2', 's3'].map((user, i) =>
      runResendingSender({
        // Senders start on different nodes; after the crash only B answers.
        target: {
          appKey: APP.appKey,
          wsUrls: () => (i % 2 ? [...live] : [...live].reverse()).map((n) => n.wsUrl),
        },
        user,
        token: tokens[user]!,
        to: `r${i % 2}`,
        count: perSender,
        idBase: 10_000_000 * (i + 1),
        deadlineMs,
        onAck: () => {
          if (++acks === Math.floor(total / 3)) {
            live.delete(a);
            crashed = a.crash();
          }
        },
      }),
    );
    const results = await Promise.all(senders);
    await crashed;
    assert.ok(crashed, 'the node was killed mid-stream');
    for (let i = 0; i < 4; i++) {
      const received = await drainQueue(b.wsUrl, APP.appKey, `r${i % 2}`, tokens[`r${i % 2}`]!, `s${i}`);
      assertExactlyOnceInOrder(received, results[i]!);
      assert.equal(results[i]!.length, perSender);
    }
  });
});

describe('cluster: Redis outage under traffic', { skip }, () => {
  let proxy: TcpProxy;
  let cluster: Cluster;
  const tokens: Record<string, string> = {};
  before(async () => {
    const redis = new URL(REDIS_URL!);
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    cluster = await startCluster(2, proxy.url('redis'));
    for (const u of ['alice', 'bob']) {
      await register(rest(cluster.nodes[0]!), u);
      tokens[u] = await login(rest(cluster.nodes[0]!), u);
    }
  });
  after(async () => {
    await cluster?.stop();
    await proxy?.close();
  });

  test('sends commit and are acknowledged while Redis is away; receivers catch up after', async () => {
    const [a, b] = cluster.nodes as [NodeProcess, NodeProcess];
    const alice = (await RawClient.login(a.wsUrl, APP.appKey, 'alice', tokens['alice']!, 'a1')).client;
    const bob = (await RawClient.login(b.wsUrl, APP.appKey, 'bob', tokens['bob']!, 'b1')).client;
    try {
      await alice.sendText('bob', 'before');
      await bob.nextOf('NOTICE', () => true, 10_000);
      assert.deepEqual((await bob.drain('alice')).texts, ['before']);

      proxy.pause();
      const during: string[] = [];
      const started = Date.now();
      for (let i = 0; i < 40; i++) {
        const ack = await alice.sendText('bob', `during${i}`);
        assert.equal(ack.status?.errorCode, StatusCode.OK, 'acknowledged without Redis');
        during.push(`during${i}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(Date.now() - started < 15_000, 'sends were not held up by the outage');
      proxy.resume();
      // No lost notice is waited for: the node re-notifies its sessions once Redis is back.
      await bob.nextOf('NOTICE', (n) => n.body.queue?.name === 'alice', 20_000);
      assert.deepEqual((await bob.drain('alice')).texts, during);
    } finally {
      await Promise.all([alice.close(), bob.close()]);
    }
  });
});

/** Makes a group straight in the cluster's database (the group routes are not this file's subject). */
async function makeClusterGroup(dbUrl: string, id: string, owner: string, members: string[]): Promise<void> {
  const store = await postgresStorage({ url: dbUrl });
  try {
    const app = await store.apps.findByName(APP.org, APP.app);
    const now = Date.now();
    const made = await store.mucs.create(
      {
        appId: app!.id,
        kind: 'group',
        id,
        name: `g${id}`,
        description: '',
        avatar: '',
        owner,
        public: true,
        approval: false,
        allowInvites: false,
        inviteNeedConfirm: false,
        maxUsers: 500,
        custom: '',
        announcement: '',
        allMuted: false,
        disabled: false,
        createdAt: now,
      },
      [owner, ...members].map((username) => ({
        username,
        role: username === owner ? ('owner' as const) : ('member' as const),
        joinedAt: now,
      })),
    );
    assert.ok(made, `group ${id} created`);
  } finally {
    await store.close();
  }
}

/** Receives from a group's queue until `count` texts arrived (pushes and NOTICE drains alike). */
async function collectGroup(client: RawClient, groupId: string, count: number, timeoutMs = 20_000) {
  const texts: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (texts.length < count) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`${client.user}: ${texts.length}/${count} group messages in time`);
    texts.push(...(await client.receive(groupId, left, Domain.CONFERENCE)).texts);
  }
  return texts;
}

describe('cluster: three nodes, group fan-out', { skip }, () => {
  let cluster: Cluster;
  const tokens: Record<string, string> = {};
  const users = ['ga', 'gb', 'gc', 'gd', 'ge', 's0', 's1', 's2', 's3', 'r0'];
  before(async () => {
    cluster = await startCluster(3, REDIS_URL!);
    for (const u of users) {
      await register(rest(cluster.nodes[0]!), u);
      tokens[u] = await login(rest(cluster.nodes[0]!), u);
    }
  });
  after(() => cluster?.stop());

  const on = async (node: NodeProcess, user: string, resource: string) =>
    (await RawClient.login(node.wsUrl, APP.appKey, user, tokens[user]!, resource)).client;

  test('a group message reaches members on every node, with one bus event per message', async () => {
    const [n1, n2, n3] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    const group = '5000000000001';
    await makeClusterGroup(cluster.db.url, group, 'ga', ['gb', 'gc', 'gd']);
    // Watches the cluster's bus as a fourth member of the channel.
    const watcher = redisBus({
      url: REDIS_URL!,
      channel: `${cluster.env(1)['CONFAB_REDIS_PREFIX']}:bus`,
      nodeId: 99,
    });
    await watcher.ready();
    const seen: BusEvent[] = [];
    watcher.subscribe((e) => seen.push(e));
    const a1 = await on(n1, 'ga', 'ga-1');
    const a3 = await on(n3, 'ga', 'ga-3');
    const b = await on(n2, 'gb', 'gb-2');
    const c = await on(n3, 'gc', 'gc-3');
    const e = await on(n2, 'ge', 'ge-2');
    try {
      const sent = Array.from({ length: 20 }, (_, i) => `g${i}`);
      for (const text of sent) {
        const ack = await a1.sendGroupText(group, text);
        assert.equal(ack.status?.errorCode, StatusCode.OK);
      }
      // Members on the other nodes and the sender's device on another node: all 20, in order.
      for (const client of [b, c, a3]) assert.deepEqual(await collectGroup(client, group, 20), sent);
      const groupEvents = seen.filter((x) => x.kind === 'group' && x.queue === `g:${group}`);
      assert.equal(groupEvents.length, 20, 'one bus event per group message');
      assert.equal(seen.filter((x) => x.kind === 'queue').length, 0, 'no per-member hints');

      // An offline member drains everything at login, on any node.
      const d = await on(n2, 'gd', 'gd-2');
      try {
        assert.deepEqual((await d.drain(group, Domain.CONFERENCE)).texts, sent);
      } finally {
        await d.close();
      }

      // A member added while online is found by every node's index (membership event on the bus).
      const store = await postgresStorage({ url: cluster.db.url });
      try {
        const app = await store.apps.findByName(APP.org, APP.app);
        const added = await store.mucs.addMembers(app!.id, group, ['ge'], Date.now());
        assert.ok(added.ok);
        await publishMembershipChanged(watcher, { appId: app!.id, groupId: group, added: ['ge'] }, (err) => {
          throw err;
        });
      } finally {
        await store.close();
      }
      await a1.sendGroupText(group, 'welcome ge');
      assert.deepEqual(await collectGroup(e, group, 1, 10_000), ['welcome ge']);
      assert.deepEqual(await collectGroup(b, group, 1), ['welcome ge']);
    } finally {
      await Promise.all([a1, a3, b, c, e].map((x) => x.close()));
      await watcher.close();
    }
  });

  test('kill -9 of one node during group bursts: 0 acknowledged group messages lost, 0 twice, order kept', async () => {
    const [n1, n2, n3] = cluster.nodes as [NodeProcess, NodeProcess, NodeProcess];
    const group = '5000000000002';
    await makeClusterGroup(cluster.db.url, group, 'r0', ['s0', 's1', 's2', 's3']);
    const live = new Set([n1, n2, n3]);
    const perSender = 300;
    const total = perSender * 4;
    let acks = 0;
    let crashed: Promise<void> | undefined;
    const deadlineMs = Date.now() + 120_000;
    const results = await Promise.all(
      ['s0', 's1', 's2', 's3'].map((user, i) =>
        runResendingSender({
          target: {
            appKey: APP.appKey,
            // Senders start on different nodes; after the crash the others answer.
            wsUrls: () => {
              const nodes = [...live];
              return nodes.map((_, k) => nodes[(k + i) % nodes.length]!.wsUrl);
            },
          },
          user,
          token: tokens[user]!,
          to: group,
          group: true,
          count: perSender,
          idBase: 60_000_000 * (i + 1),
          deadlineMs,
          onAck: () => {
            if (++acks === Math.floor(total / 3)) {
              live.delete(n1);
              crashed = n1.crash();
            }
          },
        }),
      ),
    );
    await crashed;
    assert.ok(crashed, 'the node was killed mid-stream');
    const log = await drainQueue(n2.wsUrl, APP.appKey, 'r0', tokens['r0']!, group, Domain.CONFERENCE);
    assert.equal(new Set(log.map((m) => m.serverId)).size, log.length, 'a group entry was delivered twice');
    for (let i = 0; i < 4; i++) {
      assert.equal(results[i]!.length, perSender);
      assertExactlyOnceInOrder(
        log.filter((m) => m.from === `s${i}`),
        results[i]!,
      );
    }
  });
});
