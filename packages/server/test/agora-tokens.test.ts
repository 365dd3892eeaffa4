// Agora's own tokens (AccessToken2): an app given an Agora App ID and certificate through the operator API
// accepts user and app tokens minted by Agora's token builder (the `agora-token` package's ChatTokenBuilder),
// for login with both SDKs and for REST, until they expire.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import agoraToken from 'agora-token';
import {
  SDK_KINDS,
  adminToken,
  appCall,
  call,
  createUsers,
  openDevice,
  sleep,
  type AppTarget,
} from './support/accounts.js';
import { closeAllOfficialClients } from './support/official-sdk.js';

const { ChatTokenBuilder } = agoraToken;
const APP_ID = '0123456789abcdef0123456789abcdef';
const CERT = 'fedcba9876543210fedcba9876543210';
const OTHER_CERT = '00000000000000000000000000000001';

describe('Agora AccessToken2 tokens', () => {
  let env: TestServer;
  let target: AppTarget;
  let admin: string;
  let carolUuid: string;

  before(async () => {
    env = await startTestServer();
    target = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: env.org, app: env.app };
    admin = await adminToken(target, env.clientId, env.clientSecret);
    await createUsers(target, admin, ['alice', 'bob', 'carol']);
    const carol = await appCall(target, 'GET', '/users/carol', admin);
    carolUuid = carol.body.entities[0].uuid as string;
  });
  after(async () => {
    await closeAllOfficialClients();
    await env.close();
  });

  test('before the app has an Agora App ID, an Agora token is refused (401)', async () => {
    const appToken = ChatTokenBuilder.buildAppToken(APP_ID, CERT, 600);
    const r = await appCall(target, 'GET', '/users', appToken);
    assert.equal(r.status, 401);
  });

  test('the operator API sets the App ID and certificate; the certificate is never shown', async () => {
    const bad = await call('PUT', `${env.apiUrl}/management/apps/${env.org}/${env.app}`, env.adminToken, {
      settings: { agoraAppId: 'not-hex' },
    });
    assert.equal(bad.status, 400);
    const unauth = await call('PUT', `${env.apiUrl}/management/apps/${env.org}/${env.app}`, admin, {
      settings: { agoraAppId: APP_ID },
    });
    assert.equal(unauth.status, 401);
    const missing = await call('PUT', `${env.apiUrl}/management/apps/${env.org}/nope`, env.adminToken, {
      settings: { agoraAppId: APP_ID },
    });
    // As for any unknown app (the appNotFound shape of app-resolver.ts).
    assert.equal(missing.status, 400);
    assert.match(missing.body.error_description, /not found/);
    const r = await call('PUT', `${env.apiUrl}/management/apps/${env.org}/${env.app}`, env.adminToken, {
      settings: { agoraAppId: APP_ID, agoraAppCertificate: CERT },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.settings.agoraAppId, APP_ID);
    assert.equal(r.body.settings.agoraAppCertificate, '(set)');
    // Other settings are kept.
    assert.equal(r.body.settings.openRegistration, true);
    const list = await call('GET', `${env.apiUrl}/management/apps`, env.adminToken);
    const mine = list.body.apps.find((a: any) => a.name === env.app);
    assert.equal(mine.settings.agoraAppCertificate, '(set)');
    assert.ok(!JSON.stringify(list.body).includes(CERT));
  });

  test('an app token is the admin on REST; a user token is the user (403 on admin calls)', async () => {
    const appToken = ChatTokenBuilder.buildAppToken(APP_ID, CERT, 600);
    const users = await appCall(target, 'GET', '/users?limit=10', appToken);
    assert.equal(users.status, 200, JSON.stringify(users.body));
    assert.ok(users.body.entities.some((u: any) => u.username === 'alice'));
    const created = await appCall(target, 'POST', '/users', appToken, { username: 'dave', password: 'pw' });
    assert.equal(created.status, 200);

    const aliceToken = ChatTokenBuilder.buildUserToken(APP_ID, CERT, 'alice', 600);
    assert.equal((await appCall(target, 'GET', '/users?limit=10', aliceToken)).status, 403);
    const own = await appCall(target, 'GET', '/users/alice/contacts/users', aliceToken);
    assert.equal(own.status, 200, JSON.stringify(own.body));
    assert.equal((await appCall(target, 'GET', '/users/bob/contacts/users', aliceToken)).status, 403);
    // The token's expiry is what /token/expires reports (seconds after issue, in ms).
    const expires = await appCall(target, 'GET', '/sdk/users/alice/token/expires', aliceToken);
    assert.equal(expires.status, 200);
    const left = (expires.body.expire_timestamp as number) - Date.now();
    assert.ok(left > 590_000 && left <= 601_000, `expires in ${left} ms`);
  });

  test('wrong certificate, other App ID, tampered or user-less tokens are refused (401)', async () => {
    const forged = ChatTokenBuilder.buildAppToken(APP_ID, OTHER_CERT, 600);
    assert.equal((await appCall(target, 'GET', '/users', forged)).status, 401);
    const otherApp = ChatTokenBuilder.buildAppToken(OTHER_CERT, CERT, 600);
    assert.equal((await appCall(target, 'GET', '/users', otherApp)).status, 401);
    const good = ChatTokenBuilder.buildAppToken(APP_ID, CERT, 600);
    const tampered = good.slice(0, -6) + (good.endsWith('AAAA==') ? 'BBBB==' : 'AAAA==');
    assert.equal((await appCall(target, 'GET', '/users', tampered)).status, 401);
    const ghost = ChatTokenBuilder.buildUserToken(APP_ID, CERT, 'nobody-here', 600);
    assert.equal((await appCall(target, 'GET', '/users/nobody-here/contacts/users', ghost)).status, 401);
  });

  for (const kind of SDK_KINDS) {
    test(`${kind} SDK: open({user, accessToken}) with a user token (by user id and by UUID)`, async () => {
      const byName = ChatTokenBuilder.buildUserToken(APP_ID, CERT, 'bob', 600);
      const bob = await openDevice(kind, target, 'bob', { accessToken: byName });
      assert.equal(bob.isOpened(), true);
      await bob.close();
      const byUuid = ChatTokenBuilder.buildUserToken(APP_ID, CERT, carolUuid, 600);
      const carol = await openDevice(kind, target, 'carol', { accessToken: byUuid });
      assert.equal(carol.isOpened(), true);
      await carol.close();
    });

    test(`${kind} SDK: another user's token, an app token and a forged one are refused`, async () => {
      const bobs = ChatTokenBuilder.buildUserToken(APP_ID, CERT, 'bob', 600);
      const refused = await openDevice(kind, target, 'alice', { accessToken: bobs }).then(
        () => assert.fail('login should fail'),
        (e: { type: number }) => e,
      );
      assert.ok(refused.type > 0);
      const forged = ChatTokenBuilder.buildUserToken(APP_ID, OTHER_CERT, 'alice', 600);
      const err = await openDevice(kind, target, 'alice', { accessToken: forged }).then(
        () => assert.fail('login should fail'),
        (e: { type: number }) => e,
      );
      assert.equal(err.type, 28); // WEBIM_CONNCTION_TOKEN_NOT_ASSIGN_ERROR, as for an unknown token
    });
  }

  test('an expired Agora token: REST 401, login refused as expired by both SDKs', async () => {
    const userToken = ChatTokenBuilder.buildUserToken(APP_ID, CERT, 'alice', 1);
    const appToken = ChatTokenBuilder.buildAppToken(APP_ID, CERT, 1);
    await sleep(2100);
    const r = await appCall(target, 'GET', '/users', appToken);
    assert.equal(r.status, 401);
    assert.equal(r.body.error_description, 'Unable to authenticate (OAuth)');
    assert.equal((await appCall(target, 'GET', '/users/alice/contacts/users', userToken)).status, 401);
    for (const kind of SDK_KINDS) {
      const err = await openDevice(kind, target, 'alice', { accessToken: userToken }).then(
        () => assert.fail('login should fail'),
        (e: { type: number }) => e,
      );
      assert.equal(err.type, 56, `${kind}: ${JSON.stringify(err)}`); // WEBIM_TOKEN_EXPIRED
    }
  });

  test('removing the App ID switches Agora tokens off again', async () => {
    const r = await call('PUT', `${env.apiUrl}/management/apps/${env.org}/${env.app}`, env.adminToken, {
      settings: { agoraAppId: '' },
    });
    assert.equal(r.status, 200);
    const appToken = ChatTokenBuilder.buildAppToken(APP_ID, CERT, 600);
    assert.equal((await appCall(target, 'GET', '/users', appToken)).status, 401);
    // The app's own tokens still work.
    assert.equal((await appCall(target, 'GET', '/users', admin)).status, 200);
  });
});
