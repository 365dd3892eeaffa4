// One server per SQLite data directory: a second start on the same directory fails with a message naming
// the directory and the holder's pid; the lock is released on close and dies with a kill -9'd process.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import pino from 'pino';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { startServer, type RunningServer } from '../src/server.js';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'confab-lock-'));
let child: NodeProcess | undefined;
after(async () => {
  await child?.crash();
  rmSync(dataDir, { recursive: true, force: true });
});

const start = (): Promise<RunningServer> =>
  startServer({
    config: { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, dataDir, adminToken: 'op_lock_test' },
    logger: pino({ level: 'silent' }),
  });

/** The error a start that must fail fails with (a server that starts anyway is closed, then the test fails). */
async function refusedStart(): Promise<Error> {
  const outcome = await start().catch((err: unknown) => err as Error);
  if (outcome instanceof Error) return outcome;
  await outcome.close();
  assert.fail('a second server started on a data directory in use');
}

test('a second server on the same data directory refuses to start; after close a new one starts', async () => {
  const first = await start();
  try {
    const err = await refusedStart();
    assert.match(err.message, /is in use by another Confab server/);
    assert.ok(err.message.includes(dataDir), err.message);
    assert.ok(err.message.includes(`pid ${process.pid}`), err.message);
    // The first server is unharmed by the refused start.
    assert.equal((await fetch(`${first.httpUrl}/healthz`)).status, 200);
  } finally {
    await first.close();
  }
  const again = await start();
  await again.close();
});

test('a kill -9 releases the lock: the next start succeeds', async () => {
  child = await spawnNode({ CONFAB_DATA_DIR: dataDir });
  const err = await refusedStart();
  assert.ok(err.message.includes(`pid ${child.child.pid}`), err.message);
  await child.crash();
  child = undefined;
  const after9 = await start();
  await after9.close();
});
