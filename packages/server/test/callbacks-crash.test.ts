// Callbacks survive a kill -9: a server process sends message callbacks to a real HTTP receiver (port 0) that
// is slow and flaky, so the durable outbox holds a backlog when the process is killed mid-stream. After the
// restart every acknowledged message's callback arrives at least once, and each conversation's callbacks
// arrive in the order its messages were sent (duplicates, allowed by at-least-once, only ever repeat the
// entry being delivered when the process died).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { PG_SKIP, PG_URL } from './support/postgres.js';
import { call } from './support/accounts.js';
import { startCallbackReceiver, type CallbackReceiver } from './support/callback-receiver.js';
import { runResendingSender } from './support/resending-sender.js';
import { login, register } from './support/rest.js';

const dataDir = mkdtempSync(join(tmpdir(), 'confab-callback-crash-'));
const operator = `op_${randomBytes(12).toString('hex')}`;
const baseEnv = {
  CONFAB_ADMIN_TOKEN: operator,
  CONFAB_CALLBACK_POLL_MS: '50',
  CONFAB_CALLBACK_RETRY_BASE_MS: '50',
  CONFAB_CALLBACK_RETRY_MAX_MS: '300',
};
let node: NodeProcess | undefined;
let rx: CallbackReceiver | undefined;
let db: TempDatabase | undefined;
after(async () => {
  await node?.crash();
  await rx?.close();
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

for (const store of [
  { name: 'sqlite', skip: undefined },
  { name: 'postgres', skip: PG_SKIP },
] as const)
  test(
    `kill -9 mid-stream (${store.name}): every callback arrives at least once, in order per conversation`,
    { skip: store.skip },
    async () => {
      await node?.crash();
      node = undefined;
      await rx?.close();
      if (store.name === 'postgres') db = await createTempDatabase(PG_URL!);
      const nodeEnv = {
        ...baseEnv,
        CONFAB_DATA_DIR: join(dataDir, store.name),
        ...(db && store.name === 'postgres' ? { CONFAB_DATABASE_URL: db.url } : {}),
      };
      const receiver = await startCallbackReceiver();
      rx = receiver;
      let n = 0;
      // Slow (a backlog builds up) and flaky (retries happen): 1 in 5 answers 503.
      receiver.answer = () => (++n % 5 === 0 ? { status: 503 } : { status: 200, delayMs: 3 });
      node = await spawnNode(nodeEnv);
      const made = await call('POST', `${node.apiUrl}/management/apps`, operator, {
        org: 'acme',
        name: 'hooks',
        settings: { callbacks: { url: `${receiver.url}/hook`, secret: 'k', events: ['message'] } },
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      const env = { apiUrl: node.apiUrl, org: 'acme', app: 'hooks' };
      const tokens: Record<string, string> = {};
      for (const u of ['s0', 's1', 's2', 'rx']) {
        await register(env, u);
        tokens[u] = await login(env, u);
      }
      const perSender = 200;
      let acks = 0;
      let backlogAtCrash = -1;
      let restarting: Promise<void> | undefined;
      const current = () => (node ? [node.wsUrl] : []);
      const results = await Promise.all(
        ['s0', 's1', 's2'].map((user, i) =>
          runResendingSender({
            target: { appKey: 'acme#hooks', wsUrls: current },
            user,
            token: tokens[user]!,
            to: 'rx',
            count: perSender,
            idBase: 30_000_000 * (i + 1),
            deadlineMs: Date.now() + 120_000,
            onAck: () => {
              if (++acks !== 300) return;
              const victim = node!;
              node = undefined;
              const seen = new Set(receiver.received.map((r) => r.body.msg_id)).size;
              backlogAtCrash = 300 - seen;
              restarting = victim.crash().then(async () => {
                node = await spawnNode(nodeEnv);
              });
            },
          }),
        ),
      );
      await restarting;
      assert.ok(restarting, 'the node was killed mid-stream');
      assert.ok(backlogAtCrash > 0, `callbacks were still waiting when the node died (${backlogAtCrash})`);
      const wanted = new Set(results.flat().map((r) => r.serverId));
      await receiver.until((all) => {
        const got = new Set(all.map((r) => r.body.msg_id));
        return [...wanted].every((id) => got.has(id));
      }, 60_000);
      for (let i = 0; i < 3; i++) {
        const firstSeen: string[] = [
          ...new Set(
            receiver.received.filter((r) => r.body.from === `s${i}`).map((r) => r.body.msg_id as string),
          ),
        ];
        const sent = results[i]!.map((r) => r.serverId);
        assert.equal(sent.length, perSender);
        // First arrivals follow the send order exactly; nothing arrives that was not sent.
        assert.deepEqual(firstSeen, sent, `s${i}: callbacks in send order`);
        // A duplicate is only ever the entry in flight at the crash: it repeats the latest first arrival.
        const seq: string[] = receiver.received
          .filter((r) => r.body.from === `s${i}`)
          .map((r) => r.body.msg_id as string);
        const seenSoFar = new Set<string>();
        let last = '';
        for (const id of seq) {
          if (seenSoFar.has(id)) assert.equal(id, last, `s${i}: a repeat is of the entry just delivered`);
          seenSoFar.add(id);
          last = id;
        }
      }
    },
  );
