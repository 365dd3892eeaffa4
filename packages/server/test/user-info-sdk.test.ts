// User attributes and the push nickname with the official SDK and with ours (REST spec §1.2 #28–29, §1.1
// #15, limits §4): updateOwnUserInfo / updateUserInfo (object and key/value forms; the official SDK sends a
// form body, ours JSON) merge into what the user has; fetchUserInfoById for many users and selected
// properties (every target answered, empty when it has none); Agora's per-field limits and the 2 KB per
// user answer MAX_LIMIT (50); updateCurrentUserNick changes the user entity's nickname.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, createUsers, SDK_KINDS } from './support/accounts.js';
import { closeAllOfficialClients, plain } from './support/official-sdk.js';
import { presenceDevice, sdkError, type PresenceDevice } from './support/presence-devices.js';

for (const kind of SDK_KINDS)
  describe(`user attributes with the ${kind} SDK`, () => {
    let env: TestServer;
    let admin: string;
    const opened: PresenceDevice[] = [];
    const device = async (user: string) => {
      const d = await presenceDevice(kind, env, user);
      opened.push(d);
      return d;
    };

    before(async () => {
      env = await startTestServer();
      admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat']);
    });
    after(async () => {
      for (const d of opened) await d.close();
      await closeAllOfficialClients();
      await env.close();
    });

    test('update (object and key/value), merge, fetch many users and chosen properties', async () => {
      const ann = await device('ann');
      const bob = await device('bob');
      const set = plain<any>(
        await ann.conn.updateOwnUserInfo({
          nickname: 'Ann Å',
          avatarurl: 'https://x.test/a.png?a=1&b=2',
          gender: 2,
        }),
      );
      assert.equal(set.type, 0);
      assert.deepEqual(set.data, {
        nickname: 'Ann Å',
        avatarurl: 'https://x.test/a.png?a=1&b=2',
        gender: '2',
      });
      await ann.conn.updateUserInfo('sign', 'hello world');
      await bob.conn.updateUserInfo({ nickname: 'Bob', ext: '{"vip":true}' });

      const all = plain<any>(await bob.conn.fetchUserInfoById(['ann', 'bob', 'cat']));
      assert.equal(all.type, 0);
      assert.deepEqual(all.data, {
        ann: {
          nickname: 'Ann Å',
          avatarurl: 'https://x.test/a.png?a=1&b=2',
          gender: '2',
          sign: 'hello world',
        },
        bob: { nickname: 'Bob', ext: '{"vip":true}' },
        cat: {},
      });
      const some = plain<any>(await bob.conn.fetchUserInfoById(['ann', 'bob'], ['nickname', 'sign']));
      assert.deepEqual(some.data, {
        ann: { nickname: 'Ann Å', sign: 'hello world' },
        bob: { nickname: 'Bob' },
      });
      const one = plain<any>(await ann.conn.fetchUserInfoById('bob', 'ext'));
      assert.deepEqual(one.data, { bob: { ext: '{"vip":true}' } });
    });

    test('Agora limits: per-field lengths and 2 KB per user are MAX_LIMIT (50)', async () => {
      const cat = await device('cat');
      assert.equal((await sdkError(cat.conn.updateOwnUserInfo({ nickname: 'n'.repeat(65) }))).type, 50);
      assert.equal((await sdkError(cat.conn.updateOwnUserInfo({ phone: '1'.repeat(33) }))).type, 50);
      await cat.conn.updateOwnUserInfo({ nickname: 'n'.repeat(64), sign: 's'.repeat(256) });
      await cat.conn.updateOwnUserInfo({ ext: 'e'.repeat(1600) });
      assert.equal(
        (await sdkError(cat.conn.updateOwnUserInfo({ birth: 'b'.repeat(64), mail: 'm'.repeat(64) }))).type,
        50,
      );
      const kept = plain<any>(await cat.conn.fetchUserInfoById('cat', ['birth', 'nickname']));
      assert.deepEqual(kept.data, { cat: { nickname: 'n'.repeat(64) } }, 'a refused update changes nothing');
    });

    test('updateCurrentUserNick sets the push nickname of the user entity', async () => {
      const bob = await device('bob');
      const res = plain<any>(await bob.conn.updateCurrentUserNick(`push-${kind}`));
      assert.equal(res.entities[0].username, 'bob');
      assert.equal(res.entities[0].nickname, `push-${kind}`);
      const entity = await appCall(env, 'GET', '/users/bob', admin);
      assert.equal(entity.body.entities[0].nickname, `push-${kind}`);
    });
  });
