// Multi-device conversation notifications across two server processes sharing one PostgreSQL and one
// Redis: a conversation pin, mark and delete made through one node reach the user's device on the other
// node (onMultiDeviceEvent), and a message pin reaches the peer there too (onMessagePinEvent). Our SDK acts
// on one node; the official SDK (the user's other device) and ours (the peer) listen on the other.
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

describe('multi-device conversation notifications across two nodes on PostgreSQL + Redis', { skip }, () => {
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
    for (const u of ['ann', 'bob'])
      await register({ apiUrl: nodes[0]!.apiUrl, org: APP.org, app: APP.app }, u, PW);
  });
  after(async () => {
    for (const c of ours) c.conn.close();
    await closeAllOfficialClients();
    await Promise.all(nodes.map((n) => n.crash()));
    await db?.drop();
  });

  const address = (n: number) => ({ appKey: APP.appKey, url: nodes[n]!.wsUrl, apiUrl: nodes[n]!.apiUrl });
  const ourDevice = async (n: number, user: string) => {
    const c = recordingClient(address(n));
    ours.push(c);
    await c.conn.open({ user, pwd: PW });
    return c;
  };

  test('changes through one node reach the other device and the peer on the other node', async () => {
    const acting = await ourDevice(0, 'ann');
    const bob = await ourDevice(1, 'bob');
    const other = createOfficialClient(address(1));
    await other.conn.open({ user: 'ann', pwd: PW });
    await other.nextEvent('onConnected');
    const sent: any = await bob.conn.send(
      OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'ann', msg: 'hi' }),
    );
    const id = sent.serverMsgId as string;
    const multi = async (operation: string) => {
      const e: any = plain(
        await other.nextEvent('onMultiDeviceEvent', { predicate: (x: any) => x.operation === operation }),
      );
      assert.equal(typeof e.timestamp, 'number');
      delete e.timestamp;
      return e;
    };

    await acting.conn.pinConversation({
      conversationId: 'bob',
      conversationType: 'singleChat',
      isPinned: true,
    });
    assert.deepEqual(await multi('pinnedConversation'), {
      operation: 'pinnedConversation',
      conversationId: 'bob',
      conversationType: 'singleChat',
    });
    await acting.conn.addConversationMark({
      conversations: [{ conversationId: 'bob', conversationType: 'singleChat' }],
      mark: 7,
    });
    assert.deepEqual(await multi('markConversation'), {
      operation: 'markConversation',
      conversationId: 'bob',
      conversationType: 'singleChat',
      conversationMark: 7,
    });
    await acting.conn.deleteConversation({ channel: 'bob', chatType: 'singleChat', deleteRoam: false });
    assert.deepEqual(await multi('deleteConversation'), {
      operation: 'deleteConversation',
      conversationId: 'bob',
      conversationType: 'singleChat',
    });

    await acting.conn.pinMessage({ conversationId: 'bob', conversationType: 'singleChat', messageId: id });
    const toPeer: any = await bob.next('onMessagePinEvent', (e: any) => e.messageId === id);
    assert.equal(typeof toPeer.time, 'number');
    assert.deepEqual(
      { ...toPeer, time: 0 },
      {
        messageId: id,
        conversationId: 'ann',
        conversationType: 'singleChat',
        operation: 'pin',
        operatorId: 'ann',
        time: 0,
      },
    );
    const toOther: any = plain(
      await other.nextEvent('onMessagePinEvent', { predicate: (e: any) => e.messageId === id }),
    );
    assert.equal(toOther.operatorId, 'ann');
    assert.equal(toOther.time, toPeer.time);
    assert.equal(
      acting.all('onMultiDeviceEvent').length + acting.all('onMessagePinEvent').length,
      0,
      'the acting device is not told',
    );
  });
});
