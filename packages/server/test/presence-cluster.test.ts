// Presence across two server processes sharing PostgreSQL and Redis: a subscriber on node A hears (NOTIFY
// "presence" over the Redis bus) when the target's devices log in and out on node B and on A, and when it
// publishes through B; getPresenceStatus on either node lists the devices of both; user attributes written
// through one node are read through the other. The official SDK and ours, each on its own node.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { closeAllOfficialClients, plain } from './support/official-sdk.js';
import { PG_URL, REDIS_URL, CLUSTER_SKIP } from './support/postgres.js';
import { presenceDevice, type PresenceDevice } from './support/presence-devices.js';
import { register } from './support/rest.js';

const skip = CLUSTER_SKIP;
const APP = { org: 'confab', app: 'demo', appKey: 'confab#demo' };

describe('presence on two nodes (PostgreSQL + Redis)', { skip }, () => {
  let db: TempDatabase;
  const nodes: NodeProcess[] = [];
  const opened: PresenceDevice[] = [];
  const at = (node: NodeProcess) => ({ appKey: APP.appKey, wsUrl: node.wsUrl, apiUrl: node.apiUrl });

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
    for (const u of ['ann', 'bob'])
      await register({ apiUrl: nodes[0]!.apiUrl, org: APP.org, app: APP.app }, u, 'pw');
  });
  after(async () => {
    for (const d of opened) await d.close();
    await closeAllOfficialClients();
    await Promise.all(nodes.map((n) => n.crash()));
    await db?.drop();
  });

  test('logins, publishes and logouts on either node reach a subscriber on the other', async () => {
    const [a, b] = nodes as [NodeProcess, NodeProcess];
    const ann = await presenceDevice('official', at(a), 'ann');
    opened.push(ann);
    await ann.conn.subscribePresence({ usernames: ['bob'], expiry: 600 });

    const bobOnB = await presenceDevice('ours', at(b), 'bob');
    opened.push(bobOnB);
    const online = await ann.nextPresence('bob', (p) => p.statusDetails.length === 1, 10_000);
    assert.deepEqual(online.statusDetails, [{ device: bobOnB.resource, status: 1 }]);

    await bobOnB.conn.publishPresence({ description: 'across' });
    await ann.nextPresence('bob', (p) => p.ext === 'across', 10_000);

    const bobOnA = await presenceDevice('official', at(a), 'bob');
    opened.push(bobOnA);
    await ann.nextPresence('bob', (p) => p.statusDetails.length === 2, 10_000);
    const status = plain<any>(await bobOnB.conn.getPresenceStatus({ usernames: ['bob'] }));
    assert.deepEqual(Object.keys(status.result[0].status).sort(), [bobOnA.resource, bobOnB.resource].sort());

    await bobOnB.close();
    const left = await ann.nextPresence(
      'bob',
      (p) => p.statusDetails.some((d: any) => d.device === bobOnB.resource && d.status === 0),
      10_000,
    );
    assert.ok(left.statusDetails.some((d: any) => d.device === bobOnA.resource && d.status === 1));
  });

  test('user attributes written through one node are read through the other', async () => {
    const [a, b] = nodes as [NodeProcess, NodeProcess];
    const ann = await presenceDevice('ours', at(b), 'ann');
    opened.push(ann);
    await ann.conn.updateOwnUserInfo({ nickname: 'Ann on B' });
    const bob = await presenceDevice('official', at(a), 'bob');
    opened.push(bob);
    const got = plain<any>(await bob.conn.fetchUserInfoById('ann'));
    assert.equal(got.data.ann.nickname, 'Ann on B');
  });
});
