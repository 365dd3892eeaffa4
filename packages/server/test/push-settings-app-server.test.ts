// The app server's side of push settings (agora-rest-api.md §3 "Push, silent mode"): with the app token it
// sets a user's display style and device token (PUT /users/{u}), silent mode app-wide and per conversation,
// the push language, and reads them back; an unknown user is 404; and what it stored is what the
// delivery-side lookup (isUserSilencedNow) answers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { isUserSilencedNow } from '../src/domain/push/silence-lookup.js';
import { adminToken, appCall, createUsers } from './support/accounts.js';

let env: TestServer;
let admin: string;

before(async () => {
  env = await startTestServer();
  admin = await adminToken(env, env.clientId, env.clientSecret);
  await createUsers(env, admin, ['ann', 'bob']);
});
after(() => env.close());

test('display style and device token through PUT /users/{u}', async () => {
  const style = await appCall(env, 'PUT', '/users/ann', admin, { notification_display_style: 1 });
  assert.equal(style.status, 200);
  assert.equal(style.body.entities[0].username, 'ann');
  const bind = await appCall(env, 'PUT', '/users/ann', admin, {
    device_id: 'phone',
    device_token: 'abc',
    notifier_name: 'apns-prod',
  });
  assert.deepEqual(bind.body.entities[0].pushInfo, [
    { device_Id: 'phone', device_token: 'abc', notifier_name: 'apns-prod' },
  ]);
  const app = (await env.server.ctx.findApp(env.org, env.app))!;
  assert.deepEqual(await env.server.ctx.storage.pushSettings.profile(app.id, 'ann'), {
    language: '',
    displayStyle: 1,
  });
  const badStyle = await appCall(env, 'PUT', '/users/ann', admin, { notification_display_style: 2 });
  assert.equal(badStyle.status, 400);
  const noNotifier = await appCall(env, 'PUT', '/users/ann', admin, { device_id: 'x', device_token: 't' });
  assert.equal(noNotifier.status, 400);
  const nobody = await appCall(env, 'PUT', '/users/nobody', admin, {
    device_id: 'x',
    device_token: 't',
    notifier_name: 'n',
  });
  assert.equal(nobody.status, 404);
  // The nickname body still sets the push nickname (updateCurrentUserNick).
  const nick = await appCall(env, 'PUT', '/users/ann', admin, { nickname: 'Ann' });
  assert.equal(nick.body.entities[0].nickname, 'Ann');
});

test('silent mode and language for a user, read back, and what delivery will ask', async () => {
  const app = (await env.server.ctx.findApp(env.org, env.app))!;
  const ctx = env.server.ctx;
  const silenced = (conv: { scope: 'user' | 'group'; target: string }, mentioned: boolean) =>
    isUserSilencedNow(ctx, app, 'bob', conv, mentioned);
  assert.equal(await silenced({ scope: 'group', target: 'g1' }, false), false);

  let r = await appCall(env, 'PUT', '/users/bob/notification/chatgroup/g1', admin, { type: 'AT' });
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.data, { type: 'AT', ignoreDuration: 0 });
  assert.equal(await silenced({ scope: 'group', target: 'g1' }, false), true);
  assert.equal(await silenced({ scope: 'group', target: 'g1' }, true), false, 'a mention gets through');
  assert.equal(await silenced({ scope: 'user', target: 'ann' }, false), false);

  r = await appCall(env, 'PUT', '/users/bob/notification/user/bob', admin, { ignoreDuration: 60_000 });
  assert.equal(r.status, 200);
  assert.equal(await silenced({ scope: 'user', target: 'ann' }, true), true, 'DND silences everything');
  r = await appCall(env, 'PUT', '/users/bob/notification/user/bob', admin, { ignoreDuration: 0 });
  assert.equal(r.body.data.ignoreDuration, 0);
  assert.equal(await silenced({ scope: 'user', target: 'ann' }, false), false);

  r = await appCall(env, 'GET', '/users/bob/notification?user=ann&group=g1', admin);
  assert.deepEqual(r.body.data, { user: {}, group: { g1: { type: 'AT', ignoreDuration: 0 } } });
  r = await appCall(env, 'GET', '/users/bob/notification/mute/type?limit=5', admin);
  assert.deepEqual(r.body.data, [{ group: 'g1', value: 'AT' }]);
  assert.equal(r.body.cursor, '');

  r = await appCall(env, 'PUT', '/users/bob/notification/language', admin, { translationLanguage: 'fr' });
  assert.deepEqual(r.body.data, { language: 'fr' });
  r = await appCall(env, 'GET', '/users/bob/notification/language', admin);
  assert.deepEqual(r.body.data, { language: 'fr' });

  // The multi-device notices live in bob's own log: no conversation shows for them.
  r = await appCall(env, 'GET', '/sdk/user/bob/user_channels/list?limit=50', admin);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.data.channel_infos, []);

  r = await appCall(env, 'PUT', '/users/bob/notification/other/x', admin, { type: 'AT' });
  assert.equal(r.status, 400);
  r = await appCall(env, 'GET', '/users/nobody/notification/user/nobody', admin);
  assert.equal(r.status, 404);
});
