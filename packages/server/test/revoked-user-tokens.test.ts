// A deactivated or deleted user's tokens stop working on REST at once (history, conversations, uploads,
// renewToken), not only on the socket: deactivated → 403 forbidden_op (SDK 603, "check whether the user
// is banned"); deleted → 401 "Unable to authenticate (OAuth)" (SDK 52). Reactivation restores the token.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { codeFromHttp } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { hashToken } from '../src/domain/auth/tokens.js';
import { adminToken, appCall, createUsers, type AppTarget } from './support/accounts.js';
import { login } from './support/rest.js';

describe('REST refuses the tokens of deactivated and deleted users', () => {
  let env: TestServer;
  let t: AppTarget;
  let admin: string;

  before(async () => {
    env = await startTestServer();
    t = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: env.org, app: env.app };
    admin = await adminToken(t, env.clientId, env.clientSecret);
  });
  after(() => env.close());

  /** The calls a client makes with its own token: history, conversations, an upload, renewToken. */
  async function ownCalls(
    user: string,
    token: string,
  ): Promise<{ what: string; status: number; body: any }[]> {
    const history = await appCall(t, 'POST', `/users/${user}/messageroaming`, token, {
      queue: `peer@easemob.com`,
      start: -1,
      pull_number: 10,
      is_positive: false,
    });
    const conversations = await appCall(t, 'GET', `/sdk/user/${user}/user_channels/list`, token);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1, 2, 3])], { type: 'application/octet-stream' }), 'x.bin');
    const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const upload = { status: res.status, body: (await res.json()) as unknown };
    const renew = await appCall(t, 'GET', `/sdk/users/${user}/token/expires`, token);
    return [
      { what: 'history', ...history },
      { what: 'conversations', ...conversations },
      { what: 'upload', ...upload },
      { what: 'renewToken', ...renew },
    ];
  }

  test('deactivate: every call with the old token is refused (603); activate: they work again', async () => {
    await createUsers(t, admin, ['dora']);
    const token = await login(t, 'dora', 'pw');
    for (const r of await ownCalls('dora', token)) assert.equal(r.status, 200, `${r.what} before`);

    assert.equal((await appCall(t, 'POST', '/users/dora/deactivate', admin)).status, 200);
    for (const r of await ownCalls('dora', token)) {
      // renewToken answers only the user's own valid token: anything else is its 401.
      const expected = r.what === 'renewToken' ? 401 : 403;
      assert.equal(r.status, expected, `${r.what} after deactivation: ${JSON.stringify(r.body)}`);
      const code = codeFromHttp(r.status, JSON.stringify(r.body), `${env.apiUrl}/x`).type;
      assert.equal(code, expected === 403 ? 603 : 52, r.what);
    }

    assert.equal((await appCall(t, 'POST', '/users/dora/activate', admin)).status, 200);
    for (const r of await ownCalls('dora', token)) assert.equal(r.status, 200, `${r.what} after activation`);
  });

  test('delete: a token that outlived its user (issued while it was deleted) is refused (401, SDK 52)', async () => {
    await createUsers(t, admin, ['otto']);
    const token = await login(t, 'otto', 'pw');
    assert.equal((await appCall(t, 'DELETE', '/users/otto', admin)).status, 200);
    // Deletion revokes the tokens it finds; one saved by a token request racing the deletion survives it.
    const app = (await env.server.ctx.findApp(env.org, env.app))!;
    const now = Date.now();
    await env.server.ctx.storage.tokens.save({
      tokenHash: hashToken(token),
      appId: app.id,
      username: 'otto',
      createdAt: now,
      expiresAt: now + 3600_000,
    });
    for (const r of await ownCalls('otto', token)) {
      assert.equal(r.status, 401, `${r.what} after deletion: ${JSON.stringify(r.body)}`);
      assert.equal(codeFromHttp(r.status, JSON.stringify(r.body), `${env.apiUrl}/x`).type, 52, r.what);
    }
  });
});
