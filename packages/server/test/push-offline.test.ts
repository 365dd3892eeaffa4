// Offline push end to end (issue 20): a real server on port 0, users on real WebSockets (our SDK and the
// official one), a Web Push subscription bound like the web client binds it (PUT /users/{me}), and a local
// RFC 8030 push service over TLS that decrypts every payload with the subscription's private key. Checked:
// a message to a user with no online device is pushed (display style 0 and 1, templates), one to an
// online user is not; silent mode (NONE, AT with and without a mention, do-not-disturb duration) and
// em_ignore_notification / em_force_notification; the send's ACK does not wait for a slow push service; a
// failing push service is retried with backoff until it accepts; a dead subscription is unbound.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import webpush from 'web-push';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, createUsers, eventually, sleep } from './support/accounts.js';
import { makeGroup, appIdOf } from './support/groups.js';
import { closeAllOfficialClients, createOfficialClient } from './support/official-sdk.js';
import { recordingClient } from './support/our-client.js';
import { localWebPushService, selfSignedCert, type WebPushService } from './support/push-services.js';
import { login } from './support/rest.js';

describe('offline push through Web Push', () => {
  let env: TestServer;
  let admin: string;
  let service: WebPushService;
  const closers: (() => unknown)[] = [];
  const keys = webpush.generateVAPIDKeys();

  before(async () => {
    const tls = selfSignedCert();
    const caFile = join(mkdtempSync(join(tmpdir(), 'confab-ca-')), 'ca.pem');
    writeFileSync(caFile, tls.cert);
    service = await localWebPushService(tls);
    env = await startTestServer({
      pushCaFile: caFile,
      limits: { pushRetryBaseMs: 100, pushPollIntervalMs: 50, pushMaxAttempts: 4 },
    });
    admin = await adminToken(env, env.clientId, env.clientSecret);
    await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan']);
    const put = await appCall(env, 'PUT', '/push/providers/webpush', admin, {
      vapidPublicKey: keys.publicKey,
      vapidPrivateKey: keys.privateKey,
      subject: 'mailto:ops@example.com',
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.data, { provider: 'webpush', vapidPublicKey: keys.publicKey });
  });
  after(async () => {
    for (const c of closers) await c();
    await closeAllOfficialClients();
    await env.close();
    await service.close();
  });

  /** Binds a fresh subscription for `user`, as the web client does; returns it. */
  async function subscribe(user: string, deviceId = 'web'): Promise<string> {
    const token = await login(env, user, 'pw');
    const vapid = await appCall(env, 'GET', '/push/vapid_public_key', token);
    assert.equal(vapid.body.data.vapidPublicKey, keys.publicKey, 'a user reads the VAPID key');
    const sub = service.subscribe();
    const r = await appCall(env, 'PUT', `/users/${user}`, token, {
      device_id: deviceId,
      device_token: sub,
      notifier_name: 'webpush',
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return sub;
  }

  async function ours(user: string) {
    const c = recordingClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    await c.conn.open({ user, pwd: 'pw' });
    closers.push(() => c.conn.close());
    return c;
  }

  const sendText = async (c: { conn: any }, to: string, msg: string, extra: Record<string, unknown> = {}) =>
    c.conn.send(
      (await import('@confab/sdk')).default.message.create({
        type: 'txt',
        chatType: 'singleChat',
        to,
        msg,
        ...extra,
      }),
    );

  /** Waits for a condition on what the push service received. */
  const until = (check: () => boolean, ms = 5000, what?: string) =>
    eventually(() => Promise.resolve(check()), ms, what);

  const pushedTo = (sub: string) => {
    const id = (JSON.parse(sub) as { endpoint: string }).endpoint.split('/').pop();
    return service.received.filter((m) => m.subscription === id).map((m) => JSON.parse(m.payload));
  };

  /** Nothing queued or pending for the user after a pause (a push that should not happen). */
  async function nothingFor(user: string, sub: string, before: number) {
    await sleep(300);
    assert.equal(pushedTo(sub).length, before);
    assert.deepEqual(await env.server.ctx.storage.push.pending(await appIdOf(env), user), []);
  }

  test('a message to a user with no online device is pushed, decrypted by the push service', async () => {
    const sub = await subscribe('bob');
    const ann = await ours('ann');
    const sent: any = await sendText(ann, 'bob', 'hello bob');
    await until(() => pushedTo(sub).length === 1);
    const [n] = pushedTo(sub);
    assert.deepEqual(n, {
      title: 'New message',
      body: 'You have a new message',
      data: { conversationId: 'ann', chatType: 'singleChat', from: 'ann', msgId: sent.serverMsgId },
    });
    // Display style 1: the sender and the text.
    const bob = await login(env, 'bob', 'pw');
    await appCall(env, 'PUT', '/users/bob', bob, { notification_display_style: 1 });
    await sendText(ann, 'bob', 'second');
    await until(() => pushedTo(sub).length === 2);
    assert.deepEqual(pushedTo(sub)[1].title, 'ann');
    assert.deepEqual(pushedTo(sub)[1].body, 'second');
  });

  test('the official SDK sending to an offline user: pushed; to an online one: not', async () => {
    const sub = await subscribe('cat');
    const c = createOfficialClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    await c.conn.open({ user: 'dan', pwd: 'pw' });
    await c.conn.send(
      c.sdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'cat', msg: 'from dan' }),
    );
    await until(() => pushedTo(sub).length === 1);
    const cat = await ours('cat');
    await c.conn.send(
      c.sdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'cat', msg: 'online now' }),
    );
    await cat.next('onTextMessage');
    await nothingFor('cat', sub, 1);
    cat.conn.close();
    await c.close();
    const appId = await appIdOf(env);
    const online = async (u: string) => (await env.server.ctx.sessions.list(appId, u)).length;
    await eventually(async () => (await online('cat')) === 0 && (await online('dan')) === 0);
  });

  test('silent mode: NONE, AT without and with a mention, a DND duration; ignore and force flags', async () => {
    const sub = await subscribe('bob', 'web2');
    const ann = await ours('ann');
    const bob = await login(env, 'bob', 'pw');
    const group = await makeGroup(env, { owner: 'ann', members: ['bob'] });
    const sendGroup = async (msg: string, ext: Record<string, unknown> = {}) =>
      ann.conn.send(
        (await import('@confab/sdk')).default.message.create({
          type: 'txt',
          chatType: 'groupChat',
          to: group,
          msg,
          ext,
        }),
      );
    let seen = pushedTo(sub).length;

    await appCall(env, 'PUT', '/users/bob/notification/user/ann', bob, { type: 'NONE' });
    await sendText(ann, 'bob', 'muted');
    await nothingFor('bob', sub, seen);
    await appCall(env, 'PUT', '/users/bob/notification/user/ann', bob, { type: 'ALL' });

    await appCall(env, 'PUT', `/users/bob/notification/chatgroup/${group}`, bob, { type: 'AT' });
    await sendGroup('no mention');
    await nothingFor('bob', sub, seen);
    await sendGroup('hey @bob', { em_at_list: ['bob'] });
    await until(() => pushedTo(sub).length === seen + 1);
    assert.equal(pushedTo(sub)[seen].data.conversationId, group);
    assert.equal(pushedTo(sub)[seen].data.chatType, 'groupChat');
    seen++;
    await sendGroup('everyone', { em_at_list: 'ALL' });
    await until(() => pushedTo(sub).length === seen + 1);
    seen++;

    await sendText(ann, 'bob', 'quiet please', { ext: { em_ignore_notification: true } });
    await nothingFor('bob', sub, seen);

    await appCall(env, 'PUT', '/users/bob/notification/user/bob', bob, { ignoreDuration: 60_000 });
    await sendText(ann, 'bob', 'during DND');
    await nothingFor('bob', sub, seen);
    await sendText(ann, 'bob', 'urgent', { ext: { em_force_notification: true } });
    await until(() => pushedTo(sub).length === seen + 1);
    seen++;
    await appCall(env, 'PUT', '/users/bob/notification/user/bob', bob, { ignoreDuration: 0 });
  });

  test('templates: em_push_template fills the named template; "default" applies to every message', async () => {
    const tpl = await appCall(env, 'POST', '/notification/template', admin, {
      name: 'greet',
      title_pattern: 'Hi {0}',
      content_pattern: '{$fromNickname} says {1}: {$msg}',
    });
    assert.equal(tpl.status, 200, JSON.stringify(tpl.body));
    assert.equal(tpl.body.data.title_pattern, 'Hi {0}');
    const got = await appCall(env, 'GET', '/notification/template/greet', admin);
    assert.equal(got.body.data.content_pattern, '{$fromNickname} says {1}: {$msg}');
    const sub = await subscribe('dan', 'web-tpl');
    const ann = await ours('ann');
    await sendText(ann, 'dan', 'the text', {
      ext: { em_push_template: { name: 'greet', title_args: ['Dan'], content_args: ['x', 'hello'] } },
    });
    await until(() => pushedTo(sub).length === 1);
    assert.equal(pushedTo(sub)[0].title, 'Hi Dan');
    assert.equal(pushedTo(sub)[0].body, 'ann says hello: the text');
    assert.equal((await appCall(env, 'DELETE', '/notification/template/greet', admin)).status, 200);
    assert.equal((await appCall(env, 'GET', '/notification/template/greet', admin)).status, 404);
  });

  test('the ACK does not wait for a slow push service', async () => {
    const sub = await subscribe('dan', 'web-slow');
    const before = pushedTo(sub).length;
    const ann = await ours('ann');
    service.delay(2000);
    try {
      const t0 = Date.now();
      await sendText(ann, 'dan', 'fast ack');
      assert.ok(Date.now() - t0 < 1000, `ack took ${Date.now() - t0} ms`);
      assert.equal(pushedTo(sub).length, before, 'not pushed yet when the ACK came');
    } finally {
      service.delay(0);
    }
    await until(() => pushedTo(sub).length === before + 1, 10_000);
  });

  test('a failing push service: retried with backoff until it accepts; a gone subscription is unbound', async () => {
    const appId = await appIdOf(env);
    const catToken = await login(env, 'cat', 'pw');
    await appCall(env, 'PUT', '/users/cat', catToken, { device_id: 'web', device_token: '' }); // one device left
    const sub = await subscribe('cat', 'web-retry');
    const before = pushedTo(sub).length;
    const ann = await ours('ann');
    service.failNext(2, 503);
    await sendText(ann, 'cat', 'retry me');
    await eventually(
      async () => (await env.server.ctx.storage.push.pending(appId, 'cat'))[0]?.attempts === 1,
      5000,
      'a first failed attempt',
    );
    const [pending] = await env.server.ctx.storage.push.pending(appId, 'cat');
    assert.match(pending!.lastError, /503/);
    await until(() => pushedTo(sub).length === before + 1, 10_000, 'the retried push');
    // The service has the push before the worker has read its answer and removed the job.
    await eventually(
      async () => (await env.server.ctx.storage.push.pending(appId, 'cat')).length === 0,
      5000,
      'the delivered job removed from the queue',
    );

    service.failNext(1, 410);
    await sendText(ann, 'cat', 'gone');
    await eventually(async () =>
      (await env.server.ctx.storage.pushSettings.devices(appId, 'cat')).every(
        (d) => d.deviceId !== 'web-retry',
      ),
    );
    assert.deepEqual(await env.server.ctx.storage.push.pending(appId, 'cat'), []);
  });
});
