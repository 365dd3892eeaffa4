// Contacts across two server processes sharing one PostgreSQL and one Redis: a request made on one node
// reaches the invitee on the other (online, and offline at the next login there), an acceptance reaches
// the requester's devices on both nodes, and a block made on one node refuses the blocked user's messages
// sent through the other; declines and deletions reach the other side's devices on both nodes. Our SDK on one side, the official SDK on the other.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient, type RecordingClient } from './support/our-client.js';
import { PG_URL, REDIS_URL, CLUSTER_SKIP } from './support/postgres.js';
import { register } from './support/rest.js';

const skip = CLUSTER_SKIP;
const APP = { org: 'confab', app: 'demo', appKey: 'confab#demo' };
const PW = 'secret-pw';

describe('contacts across two nodes on PostgreSQL + Redis', { skip }, () => {
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
    const rest = { apiUrl: nodes[0]!.apiUrl, org: APP.org, app: APP.app };
    for (const u of ['ann', 'bob', 'cat']) await register(rest, u, PW);
  });
  after(async () => {
    for (const c of ours) c.conn.close();
    await closeAllOfficialClients();
    await Promise.all(nodes.map((n) => n.crash()));
    await db?.drop();
  });

  const address = (n: number) => ({ appKey: APP.appKey, url: nodes[n]!.wsUrl, apiUrl: nodes[n]!.apiUrl });
  const our = async (user: string, n: number) => {
    const c = recordingClient(address(n));
    ours.push(c);
    await c.conn.open({ user, pwd: PW });
    return c;
  };
  const official = async (user: string, n: number) => {
    const c = createOfficialClient(address(n));
    await c.conn.open({ user, pwd: PW });
    await c.nextEvent('onConnected');
    return c;
  };

  test('requests, acceptance and blocks work across nodes', async () => {
    const ann1 = await our('ann', 0);
    const ann2 = await our('ann', 1);
    const bob = await official('bob', 1);

    await ann1.conn.addContact('bob', 'from node 1');
    assert.deepEqual(plain(await bob.nextEvent('onContactInvited')), {
      type: 'subscribe',
      from: 'ann',
      to: 'bob',
      status: 'from node 1',
    });
    await bob.conn.acceptContactInvite('ann');
    for (const d of [ann1, ann2])
      assert.deepEqual(plain(await d.next('onContactAgreed')), {
        type: 'subscribed',
        from: 'bob',
        to: 'ann',
        status: '',
      });
    assert.equal(plain<any>(await bob.nextEvent('onContactAdded')).from, 'ann');
    assert.deepEqual(plain<any>(await ann2.conn.getContacts()).data, ['bob']);

    // The offline invitee logs in on the other node.
    await ann1.conn.addContact('cat', 'later');
    const cat = await official('cat', 1);
    assert.equal(plain<any>(await cat.nextEvent('onContactInvited')).status, 'later');

    // bob blocks ann on node 2; ann's message through node 1 is refused, bob's still reaches her.
    await bob.conn.addUsersToBlocklist({ name: ['ann'] });
    const text = (to: string, msg: string) =>
      OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to, msg });
    await assert.rejects(ann1.conn.send(text('bob', 'blocked?')), (e: any) => e.type === 603);
    await bob.conn.send(
      bob.sdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'ann', msg: 'hi' }),
    );
    assert.equal((await ann1.next('onTextMessage')).msg, 'hi');
    await bob.conn.removeUserFromBlocklist({ name: ['ann'] });
    await ann1.conn.send(text('bob', 'unblocked'));
    assert.equal(plain<any>(await bob.nextEvent('onTextMessage')).msg, 'unblocked');
    assert.deepEqual(
      bob.events('onTextMessage').map((m: any) => m.msg),
      ['unblocked'],
      'the refused message was never delivered',
    );

    // Declined on node 2, deleted on node 2: ann's devices on both nodes hear of it.
    await cat.conn.declineContactInvite('ann');
    for (const d of [ann1, ann2]) assert.equal((await d.next('onContactRefuse')).from, 'cat');
    await bob.conn.deleteContact('ann');
    for (const d of [ann1, ann2]) assert.equal((await d.next('onContactDeleted')).from, 'bob');
    assert.deepEqual(plain<any>(await ann1.conn.getContacts()).data, []);
  });
});
