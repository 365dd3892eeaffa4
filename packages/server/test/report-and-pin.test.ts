// Message reports and message pins through our SDK and the unmodified official SDK: a report of a real
// message is stored (reason ≤ 512 bytes, else -3), an unknown message → 51, a non-member → 603; pins are
// shared by both sides of the conversation, listed newest first with the shape the SDK reads, paged by
// cursor; unpinning what is not pinned → 51; an illegal pin_msg_id → -3; a non-member can't pin (603).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import type { MessageReport } from '../src/domain/ports/conversations.js';
import { closeAllOfficialClients, plain } from './support/official-sdk.js';
import { testClients } from './support/test-clients.js';
import { register } from './support/rest.js';

describe('message reports and pins with both SDKs', () => {
  let env: TestServer;
  const clients = testClients(() => env);
  const reports: MessageReport[] = [];
  const { our, official } = clients;
  const text = (to: string, msg: string) =>
    OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to, msg });
  const code = (type: number) => (e: any) => {
    assert.equal(e?.type, type, `expected code ${type}, got ${JSON.stringify(e)}`);
    return true;
  };

  before(async () => {
    env = await startTestServer();
    for (const u of ['alice', 'bob', 'carol']) await register(env, u, 'pw');
    // What the routes store, seen through the store they write to.
    const store = env.server.ctx.storage.conversations;
    const save = store.saveReport.bind(store);
    store.saveReport = async (r) => {
      reports.push(r);
      await save(r);
    };
  });
  after(async () => {
    clients.closeOurs();
    await closeAllOfficialClients();
    await env.close();
  });

  test('official: report (stored, reason limit, unknown → 51, non-member → 603)', async () => {
    const alice = await our('alice');
    await using bob = await official('bob');
    await using carol = await official('carol');
    const sent = await alice.conn.send(text('bob', 'buy cheap stuff'));
    const id = sent.serverMsgId;

    await bob.conn.reportMessage({ reportType: 'adult', reportReason: 'spam ✉', messageId: id });
    const last = reports.at(-1)!;
    assert.deepEqual(
      [last.reporter, last.messageId.toString(), last.reportType, last.reason],
      ['bob', id, 'adult', 'spam ✉'],
    );
    assert.ok(last.createdAt > 0);

    // 512 bytes pass (170 three-byte characters + 2), 513 do not.
    const exact = '€'.repeat(170) + 'ab';
    await bob.conn.reportMessage({ reportType: 'other', reportReason: exact, messageId: id });
    assert.equal(reports.at(-1)!.reason, exact);
    const count = reports.length;
    await assert.rejects(
      bob.conn.reportMessage({ reportType: 'other', reportReason: `${exact}c`, messageId: id }),
      code(-3),
    );
    await assert.rejects(
      bob.conn.reportMessage({ reportType: 'other', reportReason: 'x', messageId: '1234567' }),
      code(51),
    );
    await assert.rejects(
      carol.conn.reportMessage({ reportType: 'other', reportReason: 'x', messageId: id }),
      code(603),
    );
    assert.equal(reports.length, count, 'refused reports are not stored');
  });

  test('official: pin, list (shape the SDK reads), unpin, unknown → 51, illegal id → -3, non-member → 603', async () => {
    const alice = await our('alice');
    await using bob = await official('bob');
    await using carol = await official('carol');
    const first = await alice.conn.send(text('bob', 'first'));
    const second = await alice.conn.send(text('bob', 'second'));
    const conv = { conversationId: 'alice', conversationType: 'singleChat' as const };

    await bob.conn.pinMessage({ ...conv, messageId: first.serverMsgId });
    await bob.conn.pinMessage({ ...conv, messageId: second.serverMsgId });
    const listed: any = plain(await bob.conn.getServerPinnedMessages(conv));
    assert.equal(listed.type, 0);
    assert.equal(listed.data.cursor, '');
    assert.deepEqual(
      listed.data.list.map((p: any) => [p.message.id, p.message.msg, p.message.from, p.operatorId]),
      [
        [second.serverMsgId, 'second', 'alice', 'bob'],
        [first.serverMsgId, 'first', 'alice', 'bob'],
      ],
    );
    const top = listed.data.list[0];
    assert.deepEqual([top.message.type, top.message.chatType, top.message.to], ['txt', 'singleChat', 'bob']);
    assert.ok(top.pinTime > 0);

    // Paging: one per page, the cursor carries on, '' on the last page.
    const p1: any = await bob.conn.getServerPinnedMessages({ ...conv, pageSize: 1 });
    assert.equal(p1.data.list.length, 1);
    assert.notEqual(p1.data.cursor, '');
    const p2: any = await bob.conn.getServerPinnedMessages({ ...conv, pageSize: 1, cursor: p1.data.cursor });
    assert.deepEqual([p2.data.list[0].message.id, p2.data.cursor], [first.serverMsgId, '']);

    // The other side of the conversation sees the same pins.
    const mine = await alice.conn.getServerPinnedMessages({
      conversationId: 'bob',
      conversationType: 'singleChat',
    });
    assert.deepEqual(
      mine.data.list.map((p) => p.message?.['id']),
      [second.serverMsgId, first.serverMsgId],
    );

    await bob.conn.unpinMessage({ ...conv, messageId: second.serverMsgId });
    const after: any = plain(await bob.conn.getServerPinnedMessages(conv));
    assert.deepEqual(
      after.data.list.map((p: any) => p.message.id),
      [first.serverMsgId],
    );
    await assert.rejects(bob.conn.unpinMessage({ ...conv, messageId: second.serverMsgId }), code(51));
    await assert.rejects(bob.conn.unpinMessage({ ...conv, messageId: '987654321' }), code(51));
    await assert.rejects(bob.conn.pinMessage({ ...conv, messageId: '987654321' }), code(51));
    await assert.rejects(bob.conn.pinMessage({ ...conv, messageId: 'not-an-id' }), code(-3));
    // A message of another conversation of bob's is not in this one.
    const fromCarol = await carol.conn.send(
      carol.sdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'hi' } as never),
    );
    await assert.rejects(
      bob.conn.pinMessage({ ...conv, messageId: (fromCarol as any).serverMsgId }),
      code(51),
    );
    // carol is no member of alice ↔ bob, whichever side she names.
    for (const conversationId of ['alice', 'bob'])
      await assert.rejects(
        carol.conn.pinMessage({
          conversationId,
          conversationType: 'singleChat',
          messageId: first.serverMsgId,
        }),
        code(603),
      );
    await assert.rejects(
      carol.conn.unpinMessage({
        conversationId: 'bob',
        conversationType: 'singleChat',
        messageId: first.serverMsgId,
      }),
      code(603),
    );
    await bob.conn.unpinMessage({ ...conv, messageId: first.serverMsgId });
  });

  test('ours: report, pin, list, unpin and the refusals with the official codes', async () => {
    const alice = await our('alice');
    const carol = await our('carol');
    const sent = await alice.conn.send(text('bob', 'pin me'));
    const id = sent.serverMsgId;

    await alice.conn.reportMessage({ reportType: 'illegal', reportReason: 'because', messageId: id });
    assert.deepEqual([reports.at(-1)!.reporter, reports.at(-1)!.messageId.toString()], ['alice', id]);
    await assert.rejects(
      alice.conn.reportMessage({ reportType: 'illegal', reportReason: 'x'.repeat(513), messageId: id }),
      code(-3),
    );
    await assert.rejects(
      alice.conn.reportMessage({ reportType: 'illegal', reportReason: 'x', messageId: '42' }),
      code(51),
    );
    await assert.rejects(
      carol.conn.reportMessage({ reportType: 'illegal', reportReason: 'x', messageId: id }),
      code(603),
    );

    const conv = { conversationId: 'bob', conversationType: 'singleChat' as const };
    await alice.conn.pinMessage({ ...conv, messageId: id });
    const listed = await alice.conn.getServerPinnedMessages(conv);
    assert.equal(listed.data.cursor, '');
    assert.equal(listed.data.list.length, 1);
    const [pin] = listed.data.list;
    assert.deepEqual(
      [pin!.message?.['id'], pin!.message?.['msg'], pin!.message?.['chatType'], pin!.operatorId],
      [id, 'pin me', 'singleChat', 'alice'],
    );
    assert.ok(pin!.pinTime > 0);
    await assert.rejects(
      carol.conn.pinMessage({ conversationId: 'alice', conversationType: 'singleChat', messageId: id }),
      code(603),
    );
    await alice.conn.unpinMessage({ ...conv, messageId: id });
    assert.equal((await alice.conn.getServerPinnedMessages(conv)).data.list.length, 0);
    await assert.rejects(alice.conn.unpinMessage({ ...conv, messageId: id }), code(51));
    await assert.rejects(alice.conn.pinMessage({ ...conv, messageId: 'not-an-id' }), code(-3));
  });
});
