// The app server's push endpoints (REST spec §3 "Push"; issue 20) on a real server: provider credentials
// (checked, secrets never shown back), FCM and APNs through the whole path (a device bound with a notifier
// name the provider lists; a message to the offline user reaches the local FCM / APNs server), push
// templates, labels and their members, POST /push/single and /push/list/label.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import OurSdk from '@confab/sdk';
import { adminToken, appCall, createUsers, eventually } from './support/accounts.js';
import { localApns, localFcm, type ApnsService, type FcmService } from './support/push-services.js';
import { login } from './support/rest.js';
import { appIdOf } from './support/groups.js';

const until = (check: () => boolean) => eventually(() => Promise.resolve(check()));

describe('push endpoints of the app server', () => {
  let env: TestServer;
  let admin: string;
  let fcm: FcmService;
  let apns: ApnsService;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const APNS_TOKEN = 'ab'.repeat(32);
  let appIdOfEnv = 0;

  before(async () => {
    fcm = await localFcm();
    apns = await localApns();
    env = await startTestServer({ limits: { pushPollIntervalMs: 50 } });
    admin = await adminToken(env, env.clientId, env.clientSecret);
    await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan']);
    appIdOfEnv = await appIdOf(env);
  });
  after(async () => {
    await env.close();
    await fcm.close();
    await apns.close();
  });

  test('provider credentials: checked, stored per app, shown without secrets, removable', async () => {
    const bad = await appCall(env, 'PUT', '/push/providers/fcm', admin, {
      projectId: 'p',
      clientEmail: 'e',
      privateKey: 'nope',
    });
    assert.equal(bad.status, 400, 'a key that is no PEM key is refused');
    assert.equal((await appCall(env, 'PUT', '/push/providers/gcm', admin, {})).status, 400);
    const put = await appCall(env, 'PUT', '/push/providers/fcm', admin, {
      projectId: 'confab-test',
      clientEmail: 'push@confab-test.iam.gserviceaccount.com',
      privateKey: rsa,
      tokenUri: `${fcm.url}/token`,
      endpoint: fcm.url,
      notifierNames: ['android-cert'],
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const apnsPut = await appCall(env, 'PUT', '/push/providers/apns', admin, {
      teamId: 'TEAM123456',
      keyId: 'KEY1234567',
      privateKey: ec,
      bundleId: 'com.example.chat',
      endpoint: apns.url,
    });
    assert.equal(apnsPut.status, 200, JSON.stringify(apnsPut.body));
    const list = await appCall(env, 'GET', '/push/providers', admin);
    assert.deepEqual(list.body.data, [
      { provider: 'fcm', notifierNames: ['android-cert'] },
      { provider: 'apns', notifierNames: [] },
    ]);
    assert.doesNotMatch(JSON.stringify(list.body), /PRIVATE KEY/);
    const user = await login(env, 'ann', 'pw');
    assert.equal((await appCall(env, 'GET', '/push/providers', user)).status, 403, 'a user token is refused');
    assert.equal(
      (await appCall(env, 'GET', '/push/vapid_public_key', user)).status,
      404,
      'no Web Push configured',
    );
  });

  test('a message to an offline user with an FCM token and one with an APNs token', async () => {
    const bob = await login(env, 'bob', 'pw');
    await appCall(env, 'PUT', '/users/bob', bob, {
      device_id: 'phone',
      device_token: 'fcm-reg-1',
      notifier_name: 'android-cert',
    });
    await appCall(env, 'PUT', '/users/bob', bob, { notification_display_style: 1 });
    const cat = await login(env, 'cat', 'pw');
    await appCall(env, 'PUT', '/users/cat', cat, {
      device_id: 'iphone',
      device_token: APNS_TOKEN,
      notifier_name: 'apns',
    });
    const ann = new OurSdk.connection({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    await ann.open({ user: 'ann', pwd: 'pw' });
    try {
      await ann.send(
        OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'hi bob' }),
      );
      await ann.send(
        OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'cat', msg: 'hi cat' }),
      );
    } finally {
      ann.close();
    }
    await until(() => fcm.sends.length === 1 && apns.requests.length === 1);
    const msg = JSON.parse(fcm.sends[0]!.body).message;
    assert.equal(msg.token, 'fcm-reg-1');
    assert.deepEqual(msg.notification, { title: 'ann', body: 'hi bob' });
    assert.equal(msg.data.conversationId, 'ann');
    assert.equal(apns.requests[0]!.path, `/3/device/${APNS_TOKEN}`);
    assert.deepEqual(JSON.parse(apns.requests[0]!.body).aps.alert, {
      title: 'New message',
      body: 'You have a new message',
    });
  });

  test('templates: create, read, replace, delete; unknown ones 404', async () => {
    const made = await appCall(env, 'POST', '/notification/template', admin, {
      name: 'welcome',
      title_pattern: 'Welcome {0}',
      content_pattern: 'Hello {0}',
    });
    assert.equal(made.status, 200);
    assert.equal(made.body.data.name, 'welcome');
    await appCall(env, 'POST', '/notification/template', admin, {
      name: 'welcome',
      title_pattern: 'W',
      content_pattern: 'H',
    });
    const got = await appCall(env, 'GET', '/notification/template/welcome', admin);
    assert.equal(got.body.data.title_pattern, 'W');
    assert.equal(got.body.data.createdAt, made.body.data.createdAt);
    assert.equal(
      (await appCall(env, 'POST', '/notification/template', admin, { name: 'x y', content_pattern: 'c' }))
        .status,
      400,
    );
    assert.equal((await appCall(env, 'DELETE', '/notification/template/welcome', admin)).status, 200);
    assert.equal((await appCall(env, 'DELETE', '/notification/template/welcome', admin)).status, 404);
  });

  test('labels and members; push to a label and to single users', async () => {
    const made = await appCall(env, 'POST', '/push/label', admin, { name: 'beta', description: 'testers' });
    assert.equal(made.status, 200);
    assert.deepEqual(
      { ...made.body.data, createdAt: 0 },
      { name: 'beta', description: 'testers', count: 0, createdAt: 0 },
    );
    assert.equal((await appCall(env, 'POST', '/push/label', admin, { name: 'beta' })).status, 400);
    const added = await appCall(env, 'POST', '/push/label/beta/user', admin, {
      usernames: ['bob', 'cat', 'ghost'],
    });
    assert.deepEqual(added.body.data, { success: ['bob', 'cat'], fail: { ghost: 'user not found' } });
    assert.equal((await appCall(env, 'GET', '/push/label/beta', admin)).body.data.count, 2);
    const page = await appCall(env, 'GET', '/push/label/beta/user?limit=1', admin);
    assert.deepEqual(page.body.data, { list: [{ username: 'bob' }], cursor: 'bob' });
    const next = await appCall(env, 'GET', '/push/label/beta/user?limit=1&cursor=bob', admin);
    assert.deepEqual(next.body.data, { list: [{ username: 'cat' }], cursor: '' });
    assert.equal((await appCall(env, 'GET', '/push/label/beta/user/cat', admin)).status, 200);
    assert.equal((await appCall(env, 'GET', '/push/label/beta/user/dan', admin)).status, 404);
    assert.deepEqual(
      (await appCall(env, 'GET', '/push/label', admin)).body.data.list.map((l: any) => l.name),
      ['beta'],
    );

    const fcmBefore = fcm.sends.length;
    const apnsBefore = apns.requests.length;
    const task = await appCall(env, 'POST', '/push/list/label', admin, {
      targets: ['beta'],
      pushMessage: { title: 'Release', content: 'Version 2 is out' },
    });
    assert.equal(task.status, 200);
    assert.match(task.body.data.taskId, /^\d+$/);
    await until(() => fcm.sends.length === fcmBefore + 1 && apns.requests.length === apnsBefore + 1);
    assert.deepEqual(JSON.parse(fcm.sends.at(-1)!.body).message.notification, {
      title: 'Release',
      body: 'Version 2 is out',
    });

    const single = await appCall(env, 'POST', '/push/single', admin, {
      targets: ['bob', 'dan'],
      pushMessage: { title: 'Hi', content: 'Just you' },
    });
    assert.deepEqual(
      single.body.data.map((r: any) => [r.username, r.pushStatus]),
      [
        ['bob', 'SUCCESS'],
        ['dan', 'FAIL'],
      ],
    );
    await until(() => fcm.sends.length === fcmBefore + 2);
    assert.equal(
      (await appCall(env, 'POST', '/push/single', admin, { targets: [], pushMessage: { content: 'x' } }))
        .status,
      400,
    );
    assert.equal(
      (
        await appCall(env, 'POST', '/push/list/label', admin, {
          targets: ['nope'],
          pushMessage: { content: 'x' },
        })
      ).status,
      404,
    );

    await appCall(env, 'DELETE', '/push/label/beta/user', admin, { usernames: ['bob'] });
    assert.equal((await appCall(env, 'GET', '/push/label/beta', admin)).body.data.count, 1);
    assert.equal((await appCall(env, 'DELETE', '/push/label/beta', admin)).status, 200);
    assert.equal((await appCall(env, 'GET', '/push/label/beta', admin)).status, 404);

    assert.equal((await appCall(env, 'DELETE', '/push/providers/apns', admin)).status, 200);
    assert.equal((await appCall(env, 'DELETE', '/push/providers/apns', admin)).status, 404);
    assert.deepEqual(
      (await appCall(env, 'GET', '/push/providers', admin)).body.data.map((p: any) => p.provider),
      ['fcm'],
    );
    // The removal applies at once on this node: cat's APNs device gets nothing any more.
    const before = apns.requests.length;
    const ann = new OurSdk.connection({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    await ann.open({ user: 'ann', pwd: 'pw' });
    try {
      await ann.send(
        OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'cat', msg: 'no apns' }),
      );
    } finally {
      ann.close();
    }
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(apns.requests.length, before);
    assert.deepEqual(await env.server.ctx.storage.push.pending(appIdOfEnv, 'cat'), []);
  });
});
