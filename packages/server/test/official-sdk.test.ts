// Conformance: the unmodified official agora-chat@1.4.0 Web SDK (in jsdom, with its own WebSocket and
// XHR and CORS enforced) against a real Confab server, and talking to our SDK.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk, { type ReceivedTextMessage } from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import {
  closeAllOfficialClients,
  createOfficialClient,
  officialTextMessage,
  plain,
} from './support/official-sdk.js';
import { login, register } from './support/rest.js';

describe('official agora-chat SDK against Confab', () => {
  let env: TestServer;
  const ours: Array<InstanceType<typeof OurSdk.connection>> = [];
  const official = () => createOfficialClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
  const ourClient = () => {
    const c = new OurSdk.connection({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    ours.push(c);
    return c;
  };

  before(async () => {
    env = await startTestServer();
    for (const u of ['bob', 'carol', 'dave', 'erin']) await register(env, u, 'pw');
  });
  after(async () => {
    for (const c of ours) c.close();
    await closeAllOfficialClients();
    await env.close();
  });

  test('registerUser and password login: open() resolves {accessToken, duration}, onConnected fires', async () => {
    await using alice = official();
    const reg: any = await alice.conn.registerUser({ username: 'alice', password: 'pw', nickname: 'Alice' });
    assert.equal(reg.entities[0].username, 'alice');
    const res: any = await alice.conn.open({ user: 'alice', pwd: 'pw' });
    assert.equal(typeof res.accessToken, 'string');
    assert.equal(res.duration, 86400);
    await alice.nextEvent('onConnected');
    assert.equal(alice.conn.isOpened(), true);
  });

  test('token login: open({user, accessToken}) with a token from the REST API', async () => {
    const token = await login(env, 'bob', 'pw');
    await using bob = official();
    const res: any = await bob.conn.open({ user: 'bob', accessToken: token });
    assert.equal(res.accessToken, token);
    await bob.nextEvent('onConnected');
  });

  test('a wrong password rejects with type 1 (and the inner REST error)', async () => {
    await using c = official();
    const err: any = await c.conn.open({ user: 'bob', pwd: 'wrong' }).then(
      () => assert.fail('login should fail'),
      (e: unknown) => plain(e),
    );
    assert.equal(err.type, 1);
    assert.equal(err.message, 'invalid password');
  });

  test('a bad token rejects with type 28', async () => {
    await using c = official();
    const err: any = await c.conn.open({ user: 'bob', accessToken: 'not-a-token' }).then(
      () => assert.fail('login should fail'),
      (e: unknown) => plain(e),
    );
    assert.equal(err.type, 28);
  });

  test('text messages both ways between the official SDK and ours', async () => {
    await using carol = official();
    await carol.conn.open({ user: 'carol', pwd: 'pw' });
    const dave = ourClient();
    const daveTexts: ReceivedTextMessage[] = [];
    dave.addEventHandler('t', { onTextMessage: (m: ReceivedTextMessage) => daveTexts.push(m) });
    await dave.open({ user: 'dave', pwd: 'pw' });

    // official → ours
    const sent: any = await carol.conn.send(
      officialTextMessage(carol.sdk, { to: 'dave', msg: 'hi from official', ext: { k: 'v', n: 2 } }),
    );
    assert.match(sent.serverMsgId, /^\d{17,19}$/);
    assert.equal(sent.message.msg, 'hi from official');
    const deadline = Date.now() + 5000;
    while (daveTexts.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(daveTexts[0]?.msg, 'hi from official');
    assert.equal(daveTexts[0]?.from, 'carol');
    assert.equal(daveTexts[0]?.id, sent.serverMsgId);
    assert.deepEqual(daveTexts[0]?.ext, { k: 'v', n: 2 });

    // ours → official
    const back = await dave.send(
      OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'carol', msg: 'hi from confab' }),
    );
    const got: any = await carol.nextEvent('onTextMessage', {
      predicate: (m: any) => m.msg === 'hi from confab',
    });
    assert.equal(got.from, 'dave');
    assert.equal(got.to, 'carol');
    assert.equal(got.id, back.serverMsgId);
    assert.equal(got.chatType, 'singleChat');
    const batch: any = await carol.nextEvent('onMessage');
    assert.equal(batch[0].id, back.serverMsgId);
  });

  test('offline delivery at login, inside onOfflineMessageSyncStart/Finish, in order', async () => {
    const sender = ourClient();
    await sender.open({ user: 'dave', pwd: 'pw' });
    const texts = ['first', 'second', 'third'];
    for (const t of texts)
      await sender.send(OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'erin', msg: t }));
    await using erin = official();
    await erin.conn.open({ user: 'erin', pwd: 'pw' });
    await erin.nextEvent('onOfflineMessageSyncStart');
    await erin.nextEvent('onOfflineMessageSyncFinish');
    const got = erin.events('onTextMessage').map((m: any) => m.msg);
    assert.deepEqual(got, texts);
  });

  test("official SDK to official SDK, with the sender's other device receiving a copy", async () => {
    await using e1 = official();
    await using e2 = official();
    await using bob = official();
    await e1.conn.open({ user: 'erin', pwd: 'pw' });
    await e2.conn.open({ user: 'erin', pwd: 'pw' });
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    await e1.nextEvent('onConnected');
    await e2.nextEvent('onConnected');
    const sent: any = await e1.conn.send(officialTextMessage(e1.sdk, { to: 'bob', msg: 'to bob' }));
    const atBob: any = await bob.nextEvent('onTextMessage', { predicate: (m: any) => m.msg === 'to bob' });
    assert.equal(atBob.id, sent.serverMsgId);
    const atE2: any = await e2.nextEvent('onTextMessage', { predicate: (m: any) => m.msg === 'to bob' });
    assert.equal(atE2.id, sent.serverMsgId);
    assert.equal(atE2.to, 'bob');
  });
});
