// Reactions across two server processes sharing one PostgreSQL and one Redis: a reaction added through one
// node reaches the other side of a one-to-one message and every member of a group on the other node
// (onReactionChange), and concurrent adds through both nodes all count. Our SDK on one side, the official
// SDK on the other.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { spawnNode, type NodeProcess } from '../src/testkit/node-process.js';
import { createTempDatabase, type TempDatabase } from '../src/testkit/pg-database.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient, type RecordingClient } from './support/our-client.js';
import { PG_URL, REDIS_URL, CLUSTER_SKIP } from './support/postgres.js';
import { login, register } from './support/rest.js';
import { call } from './support/accounts.js';

const skip = CLUSTER_SKIP;
const APP = { org: 'confab', app: 'demo', appKey: 'confab#demo' };
const PW = 'secret-pw';
const USERS = Array.from({ length: 20 }, (_, i) => `m${i}`);

describe('reactions across two nodes on PostgreSQL + Redis', { skip }, () => {
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
    for (const u of ['ann', 'bob', ...USERS]) await register(rest, u, PW);
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
  const base = (n: number) => `${nodes[n]!.apiUrl}/${APP.org}/${APP.app}`;

  test('a change made through one node reaches devices on the other; adds through both nodes all count', async () => {
    const ann = await our('ann', 0);
    const bob = await official('bob', 1);
    const sent: any = await ann.conn.send(
      OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'hi' }),
    );
    const id = sent.serverMsgId as string;
    await bob.conn.addReaction({ messageId: id, reaction: 'wave' });
    const told = await ann.next('onReactionChange', (e: any) => e.messageId === id);
    assert.deepEqual([told.from, told.to, told.reactions[0].count], ['bob', 'ann', 1]);
    await ann.conn.addReaction({ messageId: id, reaction: 'wave' });
    const back: any = plain(
      await bob.nextEvent('onReactionChange', { predicate: (e: any) => e.from === 'ann' }),
    );
    assert.deepEqual(back['reactions'], [
      {
        reaction: 'wave',
        count: 2,
        userList: ['bob', 'ann'],
        op: [{ operator: 'ann', reactionType: 'create' }],
      },
    ]);

    // A group of ann and 20 members; each adds the same new reaction through alternating nodes at once.
    const annToken = await login({ apiUrl: nodes[0]!.apiUrl, org: APP.org, app: APP.app }, 'ann', PW);
    const group = (
      await call('POST', `${base(0)}/chatgroups`, annToken, {
        groupname: 'g',
        public: true,
        invite_need_confirm: false,
        members: USERS,
      })
    ).body;
    const groupId = (group.data?.groupid ?? group.data?.id) as string;
    assert.ok(groupId, JSON.stringify(group));
    const gsent: any = await ann.conn.send(
      OurSdk.message.create({ type: 'txt', chatType: 'groupChat', to: groupId, msg: 'all' }),
    );
    const gid = gsent.serverMsgId as string;
    const tokens = await Promise.all(
      USERS.map((u, i) => login({ apiUrl: nodes[i % 2]!.apiUrl, org: APP.org, app: APP.app }, u, PW)),
    );
    const answers = await Promise.all(
      USERS.map((u, i) =>
        call('POST', `${base(i % 2)}/reaction/user/${u}`, tokens[i], { msgId: gid, message: 'party' }),
      ),
    );
    assert.deepEqual(
      answers.map((r) => r.status),
      USERS.map(() => 200),
      JSON.stringify(answers[0]!.body),
    );
    const list = await call(
      'GET',
      `${base(1)}/reaction/user/ann?msgIdList=${gid}&msgType=groupchat&groupId=${groupId}`,
      annToken,
    );
    assert.equal(list.body.data[0].reactionList[0].count, USERS.length);
    const last = await ann.next(
      'onReactionChange',
      (e: any) => e.messageId === gid && e.reactions[0].count === USERS.length,
      10_000,
    );
    assert.equal(last.reactions[0].reaction, 'party');
  });
});
