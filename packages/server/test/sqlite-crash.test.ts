// SQLite single node: kill -9 during a burst (of 1:1 messages, then of group messages); after restart
// every acknowledged message is there, nothing twice, and the database passes PRAGMA integrity_check.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { Domain } from '@confab/protocol';
import { sqliteStorage } from '../src/adapters/sqlite/sqlite-storage.js';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { runResendingSender } from './support/resending-sender.js';
import { login, register } from './support/rest.js';
import { assertExactlyOnceInOrder, drainQueue } from './support/verify-delivery.js';

const dataDir = mkdtempSync(join(tmpdir(), 'confab-crash-'));
let node: NodeProcess | undefined;
after(async () => {
  await node?.crash();
  rmSync(dataDir, { recursive: true, force: true });
});

test('kill -9 during a burst loses no acknowledged message and leaves an intact database', async () => {
  node = await spawnNode({ CONFAB_DATA_DIR: dataDir });
  const env = { apiUrl: node.apiUrl, org: 'confab', app: 'demo' };
  const tokens: Record<string, string> = {};
  for (const u of ['s0', 's1', 's2', 'rx']) {
    await register(env, u);
    tokens[u] = await login(env, u);
  }
  const perSender = 500;
  let acks = 0;
  let restarting: Promise<void> | undefined;
  const current = () => (node ? [node.wsUrl] : []);
  const results = await Promise.all(
    ['s0', 's1', 's2'].map((user, i) =>
      runResendingSender({
        target: { appKey: 'confab#demo', wsUrls: current },
        user,
        token: tokens[user]!,
        to: 'rx',
        count: perSender,
        idBase: 20_000_000 * (i + 1),
        deadlineMs: Date.now() + 120_000,
        onAck: () => {
          if (++acks !== 400) return;
          const victim = node!;
          node = undefined;
          restarting = victim.crash().then(async () => {
            node = await spawnNode({ CONFAB_DATA_DIR: dataDir });
          });
        },
      }),
    ),
  );
  await restarting;
  assert.ok(restarting, 'the node was killed mid-burst');
  for (let i = 0; i < 3; i++) {
    assert.equal(results[i]!.length, perSender);
    assertExactlyOnceInOrder(
      await drainQueue(node.wsUrl, 'confab#demo', 'rx', tokens['rx']!, `s${i}`),
      results[i]!,
    );
  }
  await node.stop();
  node = undefined;
  const db = new Database(join(dataDir, 'confab.sqlite'), { readonly: true });
  try {
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  } finally {
    db.close();
  }
});

test('kill -9 during a group burst loses no acknowledged group message, none twice, order kept per sender', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'confab-crash-group-'));
  let gnode: NodeProcess | undefined = await spawnNode({ CONFAB_DATA_DIR: dir });
  try {
    const env = { apiUrl: gnode.apiUrl, org: 'confab', app: 'demo' };
    const tokens: Record<string, string> = {};
    const users = ['g0', 'g1', 'g2', 'gx'];
    for (const u of users) {
      await register(env, u);
      tokens[u] = await login(env, u);
    }
    // The group is made in the node's database while the node is down (the group routes are not this
    // test's subject); its member rows and the log start with it.
    await gnode.stop();
    const groupId = '4000000000001';
    const store = sqliteStorage(join(dir, 'confab.sqlite'));
    const app = await store.apps.findByName('confab', 'demo');
    const now = Date.now();
    await store.mucs.create(
      {
        appId: app!.id,
        kind: 'group',
        id: groupId,
        name: 'crash',
        description: '',
        avatar: '',
        owner: 'gx',
        public: true,
        approval: false,
        allowInvites: false,
        inviteNeedConfirm: false,
        maxUsers: 200,
        custom: '',
        announcement: '',
        allMuted: false,
        disabled: false,
        createdAt: now,
      },
      users.map((username) => ({ username, role: username === 'gx' ? 'owner' : 'member', joinedAt: now })),
    );
    await store.close();
    gnode = await spawnNode({ CONFAB_DATA_DIR: dir });

    const perSender = 400;
    let acks = 0;
    let restarting: Promise<void> | undefined;
    const current = () => (gnode ? [gnode.wsUrl] : []);
    const results = await Promise.all(
      ['g0', 'g1', 'g2'].map((user, i) =>
        runResendingSender({
          target: { appKey: 'confab#demo', wsUrls: current },
          user,
          token: tokens[user]!,
          to: groupId,
          group: true,
          count: perSender,
          idBase: 40_000_000 * (i + 1),
          deadlineMs: Date.now() + 120_000,
          onAck: () => {
            if (++acks !== 300) return;
            const victim = gnode!;
            gnode = undefined;
            restarting = victim.crash().then(async () => {
              gnode = await spawnNode({ CONFAB_DATA_DIR: dir });
            });
          },
        }),
      ),
    );
    await restarting;
    assert.ok(restarting, 'the node was killed mid-burst');
    // One log for the group: a new device of a member drains it once; each sender's messages are there
    // exactly once, in the order sent.
    const log = await drainQueue(gnode.wsUrl, 'confab#demo', 'gx', tokens['gx']!, groupId, Domain.CONFERENCE);
    assert.equal(new Set(log.map((m) => m.serverId)).size, log.length, 'a group entry was delivered twice');
    for (let i = 0; i < 3; i++) {
      assert.equal(results[i]!.length, perSender);
      assertExactlyOnceInOrder(
        log.filter((m) => m.from === `g${i}`),
        results[i]!,
      );
    }
    await gnode.stop();
    gnode = undefined;
    const db = new Database(join(dir, 'confab.sqlite'), { readonly: true });
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      db.close();
    }
  } finally {
    await gnode?.crash();
    rmSync(dir, { recursive: true, force: true });
  }
});
