// Kicks (206/207/216/217), the multi-device policy and deactivation, with our SDK and the official
// agora-chat SDK against one server (issue 5). Multi-node: cluster-kicks.test.ts.
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import assert from 'node:assert/strict';
import { adminToken, appCall, failedLogin, SDK_KINDS, type AppTarget } from './support/accounts.js';
import { kickScenarios, operatorApp, type KickEnv } from './support/kick-scenarios.js';
import { closeAllOfficialClients, createOfficialClient } from './support/official-sdk.js';
import OurSdk from '@confab/sdk';

describe('kicks on one node', () => {
  let env: TestServer;
  let kickEnv: KickEnv;
  before(async () => {
    env = await startTestServer();
    const target: AppTarget = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: env.org, app: env.app };
    const admin = await adminToken(target, env.clientId, env.clientSecret);
    kickEnv = {
      device: target,
      rest: target,
      admin,
      app: (settings) => operatorApp(target, target, env.adminToken, settings),
    };
  });
  after(async () => {
    await closeAllOfficialClients();
    await env.close();
  });
  for (const kind of SDK_KINDS) for (const [name, run] of kickScenarios(kind, () => kickEnv)) test(name, run);

  for (const kind of SDK_KINDS) {
    test(`${kind} SDK: an unknown app key → 2 at login; a malformed one is refused by the constructor`, async () => {
      const token = (
        await appCall(kickEnv.rest, 'POST', '/token', kickEnv.admin, {
          grant_type: 'inherit',
          username: 'appkey-user',
          autoCreateUser: true,
        })
      ).body.access_token as string;
      const unknown = { ...kickEnv.device, org: 'nope', app: 'nope' };
      assert.equal((await failedLogin(kind, unknown, 'appkey-user', { accessToken: token })).type, 2);
      const opts = { appKey: 'a#b#c', url: kickEnv.device.wsUrl, apiUrl: kickEnv.device.apiUrl };
      if (kind === 'ours') assert.throws(() => new OurSdk.connection(opts), /Invalid appKey/);
      else assert.throws(() => createOfficialClient(opts), /Invalid appKey/);
    });
  }
});
