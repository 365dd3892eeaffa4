// The three push adapters against local servers speaking each service's protocol (support/push-services.ts):
// Web Push's encrypted payload is decrypted with the subscription's private key; FCM's OAuth2 JWT grant and
// messages:send request, and APNs' HTTP/2 request, are checked field by field.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, test } from 'node:test';
import webpush from 'web-push';
import { apnsProvider } from '../src/adapters/push/apns-provider.js';
import { FCM_SCOPE, fcmProvider } from '../src/adapters/push/fcm-provider.js';
import { webPushProvider } from '../src/adapters/push/web-push-provider.js';
import type { PushSendError } from '../src/domain/ports/push-provider.js';
import {
  localApns,
  localFcm,
  localWebPushService,
  selfSignedCert,
  verifyJwt,
} from './support/push-services.js';

const NOTE = {
  title: 'alice',
  body: 'hello',
  data: { conversationId: 'alice', chatType: 'singleChat', msgId: '42' },
};
let now = 1_800_000_000_000;
const clock = () => now;

test('Web Push: VAPID-signed, aes128gcm-encrypted, decrypted by the push service', async (t) => {
  const tls = selfSignedCert();
  const service = await localWebPushService(tls);
  after(() => service.close());
  const keys = webpush.generateVAPIDKeys();
  const provider = webPushProvider({ timeoutMs: 5000, ttlSeconds: 3600, ca: tls.cert });
  const config = provider.check({
    vapidPublicKey: keys.publicKey,
    vapidPrivateKey: keys.privateKey,
    subject: 'mailto:ops@example.com',
  });
  assert.deepEqual(provider.publicPart(config), { vapidPublicKey: keys.publicKey });
  assert.throws(() => provider.check({ ...config, vapidPrivateKey: 'short' }));
  assert.throws(() => provider.check({ ...config, subject: 'ops' }), /subject/);
  const sub = service.subscribe();
  await provider.send(config, sub, NOTE);
  assert.equal(service.received.length, 1);
  const got = service.received[0]!;
  assert.deepEqual(JSON.parse(got.payload), NOTE);
  assert.equal(got.ttl, '3600');
  assert.equal(got.vapidKey, keys.publicKey);
  assert.equal(got.vapid['aud'], service.url);
  assert.equal(got.vapid['sub'], 'mailto:ops@example.com');

  await t.test(
    'a failing push service is a temporary error; a gone subscription a permanent one',
    async () => {
      service.failNext(1, 503);
      await assert.rejects(provider.send(config, sub, NOTE), (e: PushSendError) => !e.permanent);
      service.failNext(1, 410);
      await assert.rejects(provider.send(config, sub, NOTE), (e: PushSendError) => e.permanent);
      await assert.rejects(provider.send(config, 'not json', NOTE), (e: PushSendError) => e.permanent);
    },
  );
});

test('FCM HTTP v1: service-account JWT grant, then messages:send with the bearer token', async (t) => {
  const fcm = await localFcm();
  after(() => fcm.close());
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const provider = fcmProvider({ timeoutMs: 5000, now: clock });
  const config = provider.check({
    projectId: 'confab-test',
    clientEmail: 'push@confab-test.iam.gserviceaccount.com',
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    tokenUri: `${fcm.url}/token`,
    endpoint: fcm.url,
  });
  assert.throws(() => provider.check({ ...config, privateKey: 'nope' }), /privateKey/);
  assert.throws(() => provider.check({ ...config, projectId: '' }), /projectId/);
  await provider.send(config, 'reg-token-1', NOTE);
  await provider.send(config, 'reg-token-2', NOTE);

  assert.equal(fcm.tokenRequests.length, 1, 'the access token is reused');
  const tr = fcm.tokenRequests[0]!;
  assert.equal(tr.headers['content-type'], 'application/x-www-form-urlencoded');
  const form = new URLSearchParams(tr.body);
  assert.equal(form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:jwt-bearer');
  const { header, claims } = verifyJwt(form.get('assertion')!, publicKey);
  assert.deepEqual(header, { alg: 'RS256', typ: 'JWT' });
  assert.deepEqual(claims, {
    iss: 'push@confab-test.iam.gserviceaccount.com',
    scope: FCM_SCOPE,
    aud: `${fcm.url}/token`,
    iat: now / 1000,
    exp: now / 1000 + 3600,
  });

  assert.equal(fcm.sends.length, 2);
  const s = fcm.sends[0]!;
  assert.equal(s.path, '/v1/projects/confab-test/messages:send');
  assert.equal(s.headers.authorization, 'Bearer at-1');
  assert.match(String(s.headers['content-type']), /^application\/json/);
  assert.deepEqual(JSON.parse(s.body), {
    message: { token: 'reg-token-1', notification: { title: 'alice', body: 'hello' }, data: NOTE.data },
  });

  await t.test(
    'errors: 5xx temporary, UNREGISTERED permanent; an expired access token is renewed',
    async () => {
      fcm.failNext(1, 503);
      await assert.rejects(provider.send(config, 'reg-token-1', NOTE), (e: PushSendError) => !e.permanent);
      fcm.failNext(1, 404, '{"error":{"status":"NOT_FOUND","details":[{"errorCode":"UNREGISTERED"}]}}');
      await assert.rejects(provider.send(config, 'reg-token-1', NOTE), (e: PushSendError) => e.permanent);
      now += 3600_000;
      await provider.send(config, 'reg-token-1', NOTE);
      assert.equal(fcm.tokenRequests.length, 2);
      assert.equal(fcm.sends.at(-1)!.headers.authorization, 'Bearer at-2');
    },
  );
});

test('APNs: HTTP/2 POST /3/device/{token} with an ES256 provider token and the apns headers', async (t) => {
  const apns = await localApns();
  after(() => apns.close());
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const provider = apnsProvider({ timeoutMs: 5000, now: clock });
  const config = provider.check({
    teamId: 'TEAM123456',
    keyId: 'KEY1234567',
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    bundleId: 'com.example.chat',
    endpoint: apns.url,
  });
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });
  assert.throws(() => provider.check({ ...config, privateKey: rsa.toString() }), /EC P-256/);
  const token = 'a'.repeat(64);
  await provider.send(config, token, NOTE);
  assert.equal(apns.requests.length, 1);
  const r = apns.requests[0]!;
  assert.equal(r.headers[':method'], 'POST');
  assert.equal(r.path, `/3/device/${token}`);
  assert.equal(r.headers['apns-topic'], 'com.example.chat');
  assert.equal(r.headers['apns-push-type'], 'alert');
  assert.equal(r.headers['apns-priority'], '10');
  assert.equal(r.headers['content-type'], 'application/json');
  const auth = String(r.headers.authorization);
  assert.match(auth, /^bearer /);
  const { header, claims } = verifyJwt(auth.slice(7), publicKey);
  assert.deepEqual(header, { alg: 'ES256', kid: 'KEY1234567' });
  assert.deepEqual(claims, { iss: 'TEAM123456', iat: Math.floor(now / 1000) });
  assert.deepEqual(JSON.parse(r.body), {
    aps: { alert: { title: 'alice', body: 'hello' }, sound: 'default' },
    ...NOTE.data,
  });

  await t.test('410 / BadDeviceToken permanent, 503 temporary, non-hex token refused', async () => {
    apns.failNext(1, 410, 'Unregistered');
    await assert.rejects(provider.send(config, token, NOTE), (e: PushSendError) => e.permanent);
    apns.failNext(1, 400, 'BadDeviceToken');
    await assert.rejects(provider.send(config, token, NOTE), (e: PushSendError) => e.permanent);
    apns.failNext(1, 503, 'ServiceUnavailable');
    await assert.rejects(provider.send(config, token, NOTE), (e: PushSendError) => !e.permanent);
    await assert.rejects(provider.send(config, 'zz', NOTE), (e: PushSendError) => e.permanent);
  });
});
