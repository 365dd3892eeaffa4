// Edit (modifyMessage) through our SDK and the unmodified official SDK: the sender's promise resolves with
// modifiedInfo, the peer and the sender's other devices get onModifiedMessage, history shows the new body,
// and the refusals carry the official codes (603, 1302, 1303, 1304, 50, 505).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { createApp } from '../src/domain/apps/app-admin.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient, type RecordingClient } from './support/our-client.js';
import { register } from './support/rest.js';

describe('edit with both SDKs', () => {
  let env: TestServer;
  const ours: RecordingClient[] = [];
  const our = async (user: string, appKey = env.appKey) => {
    const c = recordingClient({ appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    ours.push(c);
    await c.conn.open({ user, pwd: 'pw' });
    return c;
  };
  const text = (to: string, msg: string) =>
    OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to, msg });

  before(async () => {
    env = await startTestServer();
    for (const u of ['alice', 'bob', 'carol']) await register(env, u, 'pw');
  });
  after(async () => {
    for (const c of ours) c.conn.close();
    await closeAllOfficialClients();
    await env.close();
  });

  test('ours edits: resolves with modifiedInfo; official peer and own other device get onModifiedMessage', async () => {
    // A device of bob that was online once and is offline during the edits.
    const laterDevice = { appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl, deviceId: 'bob-later' };
    const once = createOfficialClient(laterDevice);
    await once.conn.open({ user: 'bob', pwd: 'pw' });
    await once.nextEvent('onConnected');
    await once.close();
    const alice = await our('alice');
    const alice2 = await our('alice');
    await using bob = createOfficialClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    await bob.nextEvent('onConnected');
    const sent = await alice.conn.send(text('bob', 'helo'));
    await bob.nextEvent('onTextMessage', { predicate: (m: any) => m.id === sent.serverMsgId });
    const res = await alice.conn.modifyMessage({
      messageId: sent.serverMsgId,
      modifiedMessage: text('bob', 'hello'),
    });
    assert.equal(res.modifiedInfo?.operationCount, 1);
    assert.equal(res.modifiedInfo?.operatorId, 'alice');
    const got: any = plain(await bob.nextEvent('onModifiedMessage'));
    assert.deepEqual(
      [
        got.id,
        got.msg,
        got.from,
        got.to,
        got.chatType,
        got.modifiedInfo.operationCount,
        got.modifiedInfo.operatorId,
      ],
      [sent.serverMsgId, 'hello', 'alice', 'bob', 'singleChat', 1, 'alice'],
    );
    const mine = await alice2.next('onModifiedMessage');
    assert.deepEqual([mine.id, mine.msg, mine.modifiedInfo.operationCount], [sent.serverMsgId, 'hello', 1]);
    const second = await alice.conn.modifyMessage({
      messageId: sent.serverMsgId,
      modifiedMessage: text('bob', 'hello!'),
    });
    assert.equal(second.modifiedInfo?.operationCount, 2);
    // History has the current body.
    const history: any = await bob.conn.getHistoryMessages({ targetId: 'alice', chatType: 'singleChat' });
    const inHistory = history.messages.find((m: any) => m.id === sent.serverMsgId);
    assert.equal(inHistory.msg, 'hello!');
    assert.equal(inHistory.modifiedInfo.operationCount, 2);
    // A device that logs in later learns of the edits in order.
    await using later = createOfficialClient(laterDevice);
    await later.conn.open({ user: 'bob', pwd: 'pw' });
    const lateEdit: any = await later.nextEvent('onModifiedMessage', {
      predicate: (m: any) => m.msg === 'hello!',
    });
    assert.equal(lateEdit.id, sent.serverMsgId);
  });

  test('official edits: resolves with modifiedInfo; ours gets onModifiedMessage; refusals', async () => {
    const alice = await our('alice');
    await using bob = createOfficialClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    await bob.nextEvent('onConnected');
    const sent: any = await bob.conn.send(
      bob.sdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'alice', msg: 'tpyo' }),
    );
    const res: any = plain(
      await bob.conn.modifyMessage({
        messageId: sent.serverMsgId,
        // The typings want a narrower body type than message.create returns; the runtime value is that body.
        modifiedMessage: bob.sdk.message.create({
          type: 'txt',
          chatType: 'singleChat',
          to: 'alice',
          msg: 'typo',
        }) as any,
      }),
    );
    assert.equal(res.modifiedInfo.operationCount, 1);
    assert.equal(res.modifiedInfo.operatorId, 'bob');
    assert.equal(res.message.msg, 'typo');
    assert.equal(res.message.id, sent.serverMsgId);
    const got = await alice.next('onModifiedMessage', (m: any) => m.id === sent.serverMsgId);
    assert.deepEqual([got.msg, got.from], ['typo', 'bob']);

    const fail = (p: Promise<unknown>) =>
      p.then(
        () => assert.fail('edit must fail'),
        (e: unknown) => plain<any>(e).type,
      );
    // Not the sender → 603; unknown message → 1302; a custom message → 1303.
    const own = await alice.conn.send(text('bob', 'mine'));
    assert.equal(
      await fail(
        bob.conn.modifyMessage({
          messageId: own.serverMsgId,
          modifiedMessage: bob.sdk.message.create({
            type: 'txt',
            chatType: 'singleChat',
            to: 'alice',
            msg: 'x',
          }) as any,
        }),
      ),
      603,
    );
    await assert.rejects(
      alice.conn.modifyMessage({ messageId: '12345', modifiedMessage: text('bob', 'x') }),
      (e: any) => e.type === 1302,
    );
    const custom = await alice.conn.send(
      OurSdk.message.create({ type: 'custom', chatType: 'singleChat', to: 'bob', customEvent: 'e' }),
    );
    await assert.rejects(
      alice.conn.modifyMessage({ messageId: custom.serverMsgId, modifiedMessage: text('bob', 'x') }),
      (e: any) => e.type === 1303,
    );
  });

  test('limits: 10 edits by default (50), window (1304), edit switched off (505)', async () => {
    const { storage, clock } = env.server.ctx;
    await createApp(storage, clock, 'confab', 'noedit', { maxEditCount: 0 });
    await createApp(storage, clock, 'confab', 'quickedit', { editWindowSeconds: 0 });
    for (const app of ['noedit', 'quickedit'])
      for (const u of ['ann', 'ben']) await register({ ...env, app }, u, 'pw');
    const alice = await our('alice');
    const sent = await alice.conn.send(text('carol', 'v0'));
    for (let i = 1; i <= 10; i++)
      await alice.conn.modifyMessage({
        messageId: sent.serverMsgId,
        modifiedMessage: text('carol', `v${i}`),
      });
    await assert.rejects(
      alice.conn.modifyMessage({ messageId: sent.serverMsgId, modifiedMessage: text('carol', 'v11') }),
      (e: any) => e.type === 50,
    );
    const ann = await our('ann', 'confab#noedit');
    const s1 = await ann.conn.send(text('ben', 'x'));
    await assert.rejects(
      ann.conn.modifyMessage({ messageId: s1.serverMsgId, modifiedMessage: text('ben', 'y') }),
      (e: any) => e.type === 505,
    );
    await using ben = createOfficialClient({
      appKey: 'confab#quickedit',
      url: env.wsUrl,
      apiUrl: env.apiUrl,
    });
    await ben.conn.open({ user: 'ben', pwd: 'pw' });
    const s2: any = await ben.conn.send(
      ben.sdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'ann', msg: 'a' }),
    );
    await new Promise((r) => setTimeout(r, 5));
    const err: any = await ben.conn
      .modifyMessage({
        messageId: s2.serverMsgId,
        modifiedMessage: ben.sdk.message.create({
          type: 'txt',
          chatType: 'singleChat',
          to: 'ann',
          msg: 'b',
        }) as never,
      })
      .then(
        () => assert.fail('edit must fail'),
        (e: unknown) => plain(e),
      );
    assert.equal(err.type, 1304);
  });
});
