// Issue 18: a session outlives its token without the password (POST …/sdk/users/{u}/token gives a fresh
// token for one's own live token), and a client reads the app's rules before acting (GET
// …/sdk/client-settings: recall window, user id rules as registration applies them). Through REST and
// through our SDK's helpers (requestFreshToken + renewToken, getClientSettings).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk, { getClientSettings, getConversationState, requestFreshToken } from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, call, createUsers, sleep, type AppTarget } from './support/accounts.js';
import { login } from './support/rest.js';

describe('client session routes', () => {
  let env: TestServer;
  let target: AppTarget;
  let admin: string;
  before(async () => {
    env = await startTestServer();
    target = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: env.org, app: env.app };
    admin = await adminToken(target, env.clientId, env.clientSecret);
    await createUsers(target, admin, ['ren', 'other', 'gone', 'ada', 'bo'], 'pw');
  });
  after(() => env.close());

  const renew = (user: string, token: string | undefined) =>
    appCall(target, 'POST', `/sdk/users/${user}/token`, token);

  test('a live user token gets a fresh one; the fresh one works, the old one stays valid', async () => {
    const old = await login(env, 'ren', 'pw');
    const before = Date.now();
    const r = await renew('ren', old);
    assert.equal(r.status, 200);
    const fresh = r.body.access_token as string;
    assert.equal(typeof fresh, 'string');
    assert.notEqual(fresh, old);
    assert.equal(r.body.expires_in, 86_400);
    assert.ok(r.body.expire_timestamp >= before + 86_400_000 - 1000);
    const expiry = await appCall(target, 'GET', '/sdk/users/ren/token/expires', fresh);
    assert.equal(expiry.status, 200);
    assert.equal(expiry.body.expire_timestamp, r.body.expire_timestamp);
    assert.equal((await appCall(target, 'GET', '/sdk/users/ren/token/expires', old)).status, 200);
  });

  test('refused (401): no token, a bad one, another user’s, the admin’s, an expired one, a deactivated user', async () => {
    const other = await login(env, 'other', 'pw');
    assert.equal((await renew('ren', undefined)).status, 401);
    assert.equal((await renew('ren', 'not-a-token')).status, 401);
    assert.equal((await renew('ren', other)).status, 401);
    assert.equal((await renew('ren', admin)).status, 401);
    const short = await appCall(target, 'POST', '/token', admin, {
      grant_type: 'inherit',
      username: 'ren',
      ttl: 1,
    });
    assert.equal(short.status, 200);
    await sleep(1200);
    assert.equal((await renew('ren', short.body.access_token as string)).status, 401);
    const gone = await login(env, 'gone', 'pw');
    assert.equal((await appCall(target, 'POST', '/users/gone/deactivate', admin)).status, 200);
    assert.equal((await renew('gone', gone)).status, 401);
  });

  test('our SDK: requestFreshToken + renewToken keep a 3 s session alive past its expiry', async () => {
    const short = await appCall(target, 'POST', '/token', admin, {
      grant_type: 'inherit',
      username: 'ren',
      ttl: 3,
    });
    const conn = new OurSdk.connection({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    let expired = 0;
    let renewed: Promise<unknown> | undefined;
    conn.addEventHandler('t', {
      onTokenWillExpire: () => {
        renewed = requestFreshToken(conn).then((fresh) => conn.renewToken(fresh.accessToken));
      },
      onTokenExpired: () => (expired += 1),
    });
    try {
      await conn.open({ user: 'ren', accessToken: short.body.access_token as string });
      while (!renewed) await sleep(50);
      await renewed;
      await sleep(1500); // past the first token's expiry
      assert.equal(expired, 0);
      assert.equal(conn.isOpened(), true);
    } finally {
      conn.close();
    }
  });

  test('conversation state: what the peer read and what was recalled, for a new device', async () => {
    const open = async (user: string) => {
      const c = new OurSdk.connection({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
      await c.open({ user, pwd: 'pw' });
      return c;
    };
    const ada = await open('ada');
    const bo = await open('bo');
    try {
      const text = (msg: string) =>
        OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bo', msg });
      const one = (await ada.send(text('one'))).serverMsgId;
      const two = (await ada.send(text('two'))).serverMsgId;
      let state = await getConversationState(ada, { conversationId: 'bo', conversationType: 'singleChat' });
      assert.deepEqual(state, { read: [], recalled: [] });
      // bo reads the conversation (a channel ack), then ada writes a third one and recalls the second.
      await bo.send(OurSdk.message.create({ type: 'channel', chatType: 'singleChat', to: 'ada' }));
      let deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        state = await getConversationState(ada, { conversationId: 'bo', conversationType: 'singleChat' });
        if (state.read.length === 2) break;
        await sleep(50);
      }
      assert.deepEqual(new Set(state.read), new Set([one, two]));
      const three = (await ada.send(text('three'))).serverMsgId;
      await ada.recallMessage({ mid: two, to: 'bo', chatType: 'singleChat' });
      deadline = Date.now() + 5000;
      while (Date.now() < deadline) {
        state = await getConversationState(ada, { conversationId: 'bo', conversationType: 'singleChat' });
        if (state.recalled.length === 1) break;
        await sleep(50);
      }
      assert.deepEqual(state.read, [one], 'the recalled one is no longer listed, the third is unread');
      assert.equal(state.read.includes(three), false);
      assert.equal(state.recalled.length, 1);
      assert.equal(state.recalled[0]?.id, two);
      assert.equal(state.recalled[0]?.from, 'ada');
      assert.equal(state.recalled[0]?.to, 'bo');
      assert.equal(typeof state.recalled[0]?.time, 'number');
      // The peer sees the recall too; its own messages: none read.
      const seen = await getConversationState(bo, { conversationId: 'ada', conversationType: 'singleChat' });
      assert.deepEqual(seen, { read: [], recalled: state.recalled });
      // The conversation id is required; a group the caller is not in gives empty lists.
      const r = await appCall(target, 'GET', '/sdk/users/ada/conversation-state', admin);
      assert.equal(r.status, 400);
      const group = await getConversationState(ada, { conversationId: '999', conversationType: 'groupChat' });
      assert.deepEqual(group, { read: [], recalled: [] });
    } finally {
      ada.close();
      bo.close();
    }
  });

  test('client settings: public, the app’s windows, and the user id rules registration applies', async () => {
    const created = await call('POST', `${env.apiUrl}/management/apps`, env.adminToken, {
      org: 'cs',
      name: 'short',
      settings: { recallWindowSeconds: 7, openRegistration: false },
    });
    assert.equal(created.status, 200);
    const anon = await call('GET', `${env.apiUrl}/cs/short/sdk/client-settings`);
    assert.equal(anon.status, 200);
    assert.equal(anon.body.recallWindowSeconds, 7);
    assert.equal(anon.body.openRegistration, false);
    const conn = new OurSdk.connection({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    const settings = await getClientSettings(conn);
    assert.equal(settings.recallWindowSeconds, 120);
    assert.equal(settings.editWindowSeconds, 7 * 86_400);
    assert.equal(settings.openRegistration, true);
    assert.equal(settings.username.maxLength, 64);
    assert.match(settings.username.text, /lowercase letters/);
    // The pattern says what registration accepts.
    const rule = new RegExp(settings.username.pattern);
    for (const name of ['ok_name-1.x', 'Upper', 'has space', 'x'.repeat(65), 'a'.repeat(64)]) {
      const r = await appCall(target, 'POST', '/users', undefined, { username: name, password: 'pw' });
      assert.equal(r.status === 200, rule.test(name), `${name}: ${r.status}`);
    }
    // An unknown app is refused as every app route refuses it (400, Agora's answer).
    assert.equal((await call('GET', `${env.apiUrl}/no/such/sdk/client-settings`)).status, 400);
  });
});
