// SQLite single node: kill -9 during a burst; after restart every acknowledged message is there,
// nothing twice, and the database passes PRAGMA integrity_check.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
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
