// Silent mode across two server processes sharing one PostgreSQL and one Redis: a change made through one
// node reaches the user's device on the other node (onMultiDeviceEvent), and that node reads the stored
// setting back. Our SDK acts on one node, the official SDK listens on the other.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient, type RecordingClient } from './support/our-client.js';
import { PG_URL, REDIS_URL, CLUSTER_SKIP } from './support/postgres.js';
import { register } from './support/rest.js';

const skip = CLUSTER_SKIP;
const APP = { org: 'confab', app: 'demo', appKey: 'confab#demo' };
const PW = 'secret-pw';

describe('silent mode across two nodes on PostgreSQL + Redis', { skip }, () => {
  let db: TempDatabase;
  const nodes: NodeProcess[] = [];
  const ours: RecordingClient[] = [];

  before(async () => {
    db = await createTempDatabase(PG_URL!);
    const prefix = `confab_t_${randomBytes(4).toString('hex')}`;
    for (let i = 1; i <= 2; i++)
      nodes.push(
        await spawnNode({
          CONFAB_DATABASE_URL: db.url,
          CONFAB_REDIS_URL: REDIS_URL!,
          CONFAB_REDIS_PREFIX: prefix,
          CONFAB_NODE_ID: String(i),
          CONFAB_DATA_DIR: `/tmp/${prefix}-${i}`,
        }),
      );
    await register({ apiUrl: nodes[0]!.apiUrl, org: APP.org, app: APP.app }, 'ann', PW);
  });
  after(async () => {
    for (const c of ours) c.conn.close();
    await closeAllOfficialClients();
    await Promise.all(nodes.map((n) => n.crash()));
    await db?.drop();
  });

  const address = (n: number) => ({ appKey: APP.appKey, url: nodes[n]!.wsUrl, apiUrl: nodes[n]!.apiUrl });

  test('a change through one node reaches the other device on the other node', async () => {
    const acting = recordingClient(address(0));
    ours.push(acting);
    await acting.conn.open({ user: 'ann', pwd: PW });
    const other = createOfficialClient(address(1));
    await other.conn.open({ user: 'ann', pwd: PW });
    await other.nextEvent('onConnected');

    await acting.conn.setSilentModeForConversation({
      conversationId: 'g7',
      type: 'groupChat',
      options: { paramType: 0, remindType: 'NONE' },
    });
    const told: any = plain(
      await other.nextEvent('onMultiDeviceEvent', { predicate: (e: any) => e.conversationId === 'g7' }),
    );
    assert.deepEqual(told, {
      operation: 'setSilentModeForConversation',
      resource: acting.conn.clientResource,
      conversationId: 'g7',
      type: 'groupChat',
      data: { type: 'NONE', ignoreDuration: 0 },
    });
    const back: any = plain(await other.conn.getSilentModeForAll());
    assert.deepEqual(back.data, { type: 'ALL', ignoreDuration: 0, ignoreInterval: '' });
  });
});
