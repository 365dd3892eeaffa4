// Token expiry and renewal with both SDKs (issue 5): onTokenWillExpire at 80 % of the lifetime,
// onTokenExpired at 100 %; renewToken re-arms them and later reconnects use the new token.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import {
  adminToken,
  appCall,
  createUsers,
  openDevice,
  SDK_KINDS,
  sleep,
  type AppTarget,
} from './support/accounts.js';
import { closeAllOfficialClients } from './support/official-sdk.js';

describe('token expiry and renewal', () => {
  let env: TestServer;
  let target: AppTarget;
  let admin: string;
  const userToken = async (username: string, ttl: number) => {
    const r = await appCall(target, 'POST', '/token', admin, { grant_type: 'inherit', username, ttl });
    assert.equal(r.status, 200);
    return r.body.access_token as string;
  };
  before(async () => {
    env = await startTestServer();
    target = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: env.org, app: env.app };
    admin = await adminToken(target, env.clientId, env.clientSecret);
    await createUsers(target, admin, ['t-ours', 't-official', 'r-ours', 'r-official']);
  });
  after(async () => {
    await closeAllOfficialClients();
    await env.close();
  });

  for (const kind of SDK_KINDS) {
    test(`${kind} SDK: a 3 s token → onTokenWillExpire at ~2.4 s, onTokenExpired at ~3 s, then closed`, async () => {
      const token = await userToken(`t-${kind}`, 3);
      const issuedAt = Date.now();
      const d = await openDevice(kind, target, `t-${kind}`, { accessToken: token });
      const will = (await d.waitFor('onTokenWillExpire')) - issuedAt;
      const expired = (await d.waitFor('onTokenExpired')) - issuedAt;
      assert.ok(will >= 2000 && will < 2900, `onTokenWillExpire after ${will} ms`);
      assert.ok(expired >= 2900 && expired < 3600, `onTokenExpired after ${expired} ms`);
      await sleep(300);
      assert.equal(d.isOpened(), false);
      assert.equal(d.count('onReconnecting'), 0);
      await d.close();
    });

    test(`${kind} SDK: renewToken at onTokenWillExpire keeps the session; reconnects use the new token`, async () => {
      const user = `r-${kind}`;
      const d = await openDevice(kind, target, user, { accessToken: await userToken(user, 3) });
      await d.waitFor('onTokenWillExpire');
      const fresh = await userToken(user, 60);
      const renewed = await d.renewToken(fresh);
      assert.equal(renewed.status, true);
      assert.equal(renewed.token, fresh);
      assert.ok(renewed.expire > Date.now() + 50_000);
      await sleep(1500); // past the old token's expiry
      assert.equal(d.count('onTokenExpired'), 0);
      assert.equal(d.isOpened(), true);
      // The server drops the socket: the SDK reconnects with the renewed token (the old one expired).
      assert.equal(await env.dropConnections(user), 1);
      const deadline = Date.now() + 10_000;
      while (d.count('onConnected') < 2 && Date.now() < deadline) await sleep(50);
      assert.equal(d.count('onConnected'), 2, 'reconnected with the renewed token');
      assert.equal(d.isOpened(), true);
      // A token that is not the user's is refused by renewToken.
      await assert.rejects(d.renewToken('not-a-token'));
      await d.close();
    });
  }
});
