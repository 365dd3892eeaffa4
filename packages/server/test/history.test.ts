// History (messageroaming) and one-way history deletion through our SDK and the unmodified official SDK:
// paging both ways, recalled messages left out, filters, only the user's own conversations, deletes for
// the caller only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { closeAllOfficialClients, plain } from './support/official-sdk.js';
import { testClients } from './support/test-clients.js';
import { login, postJson, register } from './support/rest.js';

describe('history with both SDKs', () => {
  let env: TestServer;
  const clients = testClients(() => env);
  const { our, official } = clients;
  const text = (to: string, msg: string) =>
    OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to, msg });

  before(async () => {
    env = await startTestServer();
    for (const u of ['alice', 'bob', 'carol']) await register(env, u, 'pw');
  });
  after(async () => {
    clients.closeOurs();
    await closeAllOfficialClients();
    await env.close();
  });

  test('pages up and down with both SDKs; recalled left out; msgTypes and time filters', async () => {
    const alice = await our('alice');
    const bob = await official('bob');
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) {
      sent.push((await alice.conn.send(text('bob', `a${i}`))).serverMsgId);
      const r: any = await bob.conn.send(
        bob.sdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'alice', msg: `b${i}` }),
      );
      sent.push(r.serverMsgId);
    }
    const custom = await alice.conn.send(
      OurSdk.message.create({
        type: 'custom',
        chatType: 'singleChat',
        to: 'bob',
        customEvent: 'poll',
        customExts: { q: 1 },
      }),
    );
    sent.push(custom.serverMsgId);
    await alice.conn.recallMessage({ mid: sent[2]!, to: 'bob', chatType: 'singleChat' });
    const visible = sent.filter((_, i) => i !== 2);

    // Official: newest first, 4 per page, the cursor carried over until isLast.
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res: any = await bob.conn.getHistoryMessages({
        targetId: 'alice',
        chatType: 'singleChat',
        pageSize: 4,
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...res.messages.map((m: any) => m.id));
      cursor = res.cursor;
      if (res.isLast) break;
    }
    assert.deepEqual(seen, [...visible].reverse());
    const first: any = plain(
      (await bob.conn.getHistoryMessages({ targetId: 'alice', chatType: 'singleChat', pageSize: 50 }))
        .messages,
    );
    const a0 = first.find((m: any) => m.id === sent[0]);
    assert.deepEqual(
      [a0.type, a0.msg, a0.from, a0.to, a0.chatType],
      ['txt', 'a0', 'alice', 'bob', 'singleChat'],
    );
    assert.equal(first[0].type, 'custom');
    assert.deepEqual(first[0].customExts, { q: 1 });

    // Ours: oldest first ("down"), same ids.
    const down = await alice.conn.getHistoryMessages({
      targetId: 'bob',
      chatType: 'singleChat',
      pageSize: 3,
      searchDirection: 'down',
    });
    assert.deepEqual(
      down.messages.map((m) => m.id),
      visible.slice(0, 3),
    );
    assert.equal(down.isLast, false);
    const rest = await alice.conn.getHistoryMessages({
      targetId: 'bob',
      chatType: 'singleChat',
      pageSize: 50,
      searchDirection: 'down',
      cursor: down.cursor,
    });
    assert.deepEqual(
      rest.messages.map((m) => m.id),
      visible.slice(3),
    );
    assert.equal(rest.isLast, true);
    const b1 = down.messages.find((m) => m.id === sent[3]) as any;
    assert.deepEqual([b1.msg, b1.from, b1.to], ['b1', 'bob', 'alice']);

    const customs = await alice.conn.getHistoryMessages({
      targetId: 'bob',
      chatType: 'singleChat',
      searchOptions: { msgTypes: ['custom'] },
    });
    assert.deepEqual(
      customs.messages.map((m) => m.id),
      [custom.serverMsgId],
    );
    const all: any = await bob.conn.getHistoryMessages({
      targetId: 'alice',
      chatType: 'singleChat',
      pageSize: 50,
    });
    const t3 = all.messages.find((m: any) => m.id === sent[3]).time;
    const t6 = all.messages.find((m: any) => m.id === sent[6]).time;
    const window: any = await bob.conn.getHistoryMessages({
      targetId: 'alice',
      chatType: 'singleChat',
      pageSize: 50,
      searchOptions: { startTime: t3, endTime: t6 },
    });
    for (const m of window.messages) assert.ok(m.time >= t3 && m.time <= t6);
    assert.ok(window.messages.some((m: any) => m.id === sent[3]));
    await bob.close();
  });

  test('only the user’s own history: another user’s token is refused (603)', async () => {
    const carolToken = await login(env, 'carol', 'pw');
    const res = await postJson(
      `${env.apiUrl}/${env.org}/${env.app}/users/alice/messageroaming`,
      { queue: 'bob@easemob.com', start: -1, pull_number: 10 },
      carolToken,
    );
    assert.equal(res.status, 403);
    // Carol asking about her own (empty) conversation with alice gets nothing of alice and bob's.
    const carol = await our('carol');
    const mine = await carol.conn.getHistoryMessages({ targetId: 'alice', chatType: 'singleChat' });
    assert.deepEqual(mine.messages, []);
    assert.equal(mine.isLast, true);
    const unauth = await postJson(`${env.apiUrl}/${env.org}/${env.app}/users/alice/messageroaming`, {
      queue: 'bob@easemob.com',
    });
    assert.equal(unauth.status, 401);
  });

  test('removeHistoryMessages by ids (official) and by time (ours) delete for the caller only', async () => {
    const alice = await our('alice');
    const bob = await official('bob');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await alice.conn.send(text('bob', `del${i}`))).serverMsgId);
    await bob.conn.removeHistoryMessages({
      targetId: 'alice',
      chatType: 'singleChat',
      messageIds: [ids[1]!],
    });
    const bobView: any = await bob.conn.getHistoryMessages({
      targetId: 'alice',
      chatType: 'singleChat',
      pageSize: 3,
    });
    assert.deepEqual(plain(bobView.messages.map((m: any) => m.id)), [ids[3], ids[2], ids[0]]);
    const aliceView = await alice.conn.getHistoryMessages({
      targetId: 'bob',
      chatType: 'singleChat',
      pageSize: 4,
    });
    assert.deepEqual(
      aliceView.messages.map((m) => m.id),
      [...ids].reverse(),
    );
    const t2 = (aliceView.messages.find((m) => m.id === ids[2]) as any).time as number;
    await alice.conn.removeHistoryMessages({ targetId: 'bob', chatType: 'singleChat', beforeTimeStamp: t2 });
    const after = await alice.conn.getHistoryMessages({
      targetId: 'bob',
      chatType: 'singleChat',
      pageSize: 50,
    });
    assert.deepEqual(
      after.messages.map((m) => m.id),
      [ids[3], ids[2]],
    );
    const bobAfter: any = await bob.conn.getHistoryMessages({
      targetId: 'alice',
      chatType: 'singleChat',
      pageSize: 3,
    });
    assert.deepEqual(bobAfter.messages.length, 3);
    await assert.rejects(
      alice.conn.removeHistoryMessages({ targetId: 'bob', chatType: 'singleChat', messageIds: [] }),
      (e: any) => e.type === -3,
    );
    await bob.close();
  });
});
