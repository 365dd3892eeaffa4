// The uniform REST edge (issue 12): every id parameter is a decimal u64 below what the stores hold, and
// anything else is a 400 the SDK reports as -3, never a 500; every route takes an empty body sent as
// `Content-Type: application/json` (Agora's curl examples); an unknown route is a 404 that says "not
// supported", apart from the 400 of bad parameters; /healthz counts live sessions through the context.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { codeFromHttp } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, createUsers, type AppTarget } from './support/accounts.js';
import { testClients } from './support/test-clients.js';
import { login } from './support/rest.js';

const BAD_IDS = ['9223372036854775808', '18446744073709551616', '-1', 'abc'] as const;

describe('REST edge', () => {
  let env: TestServer;
  let demo: AppTarget;
  let admin: string;
  let alice: string;
  const clients = testClients(() => env);

  before(async () => {
    env = await startTestServer();
    demo = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: env.org, app: env.app };
    admin = await adminToken(demo, env.clientId, env.clientSecret);
    await createUsers(demo, admin, ['alice', 'bob', 'carol', 'dave']);
    alice = await login(demo, 'alice', 'pw');
  });
  after(async () => {
    clients.closeOurs();
    await env.close();
  });

  /** A 400 the official SDK maps to -3 (REQUEST_PARAMETER_ERROR). */
  const assertBadParameter = (r: { status: number; body: unknown }, what: string) => {
    assert.equal(r.status, 400, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
    const mapped = codeFromHttp(r.status, JSON.stringify(r.body), `${env.apiUrl}/x`);
    assert.equal(mapped.type, -3, `${what}: ${JSON.stringify(r.body)}`);
  };

  test('ids 2^63, 2^64, -1 and "abc" are 400 (-3) on every route that takes a message id', async () => {
    for (const id of BAD_IDS) {
      const report = await appCall(
        demo,
        'POST',
        `/user/alice/moderation/report/message/${encodeURIComponent(id)}`,
        alice,
        { username: 'alice', reportType: 'adult', reportReason: 'spam' },
      );
      assertBadParameter(report, `report ${id}`);
      for (const method of ['POST', 'DELETE']) {
        const pin = await appCall(demo, method, '/sdk/user/alice/user_channel/pin', alice, {
          to: 'bob',
          type: 'chat',
          pin_msg_id: id,
        });
        assertBadParameter(pin, `${method} pin ${id}`);
      }
      const deleted = await appCall(
        demo,
        'DELETE',
        `/sdk/message/roaming/chat/user/alice?userId=bob&msgIdList=${encodeURIComponent(id)}`,
        alice,
      );
      assertBadParameter(deleted, `one-way delete ${id}`);
      // -1 is the SDK's "from the newest" for a history cursor; the others are refused.
      const roaming = await appCall(demo, 'POST', '/users/alice/messageroaming', alice, {
        queue: 'bob@easemob.com',
        start: id,
        pull_number: 10,
      });
      if (id === '-1') assert.equal(roaming.status, 200, JSON.stringify(roaming.body));
      else assertBadParameter(roaming, `roaming start ${id}`);
    }
  });

  test('an id that is well formed but names no message is still "not found" (51), not a bad parameter', async () => {
    const r = await appCall(demo, 'POST', '/user/alice/moderation/report/message/1234567', alice, {
      reportType: 'adult',
      reportReason: 'spam',
    });
    assert.equal(codeFromHttp(r.status, JSON.stringify(r.body), `${env.apiUrl}/x`).type, 51);
  });

  test('admin POST and DELETE routes take an empty body sent as application/json', async () => {
    const raw = async (method: string, path: string) => {
      const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    for (const [method, path] of [
      ['POST', '/users/carol/deactivate'],
      ['POST', '/users/carol/activate'],
      ['POST', '/users/carol/disconnect'],
      ['DELETE', '/users/carol/disconnect/some-device'],
      ['DELETE', '/users?limit=1'],
      ['DELETE', '/users/dave'],
    ] as const) {
      const r = await raw(method, path);
      assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.body)}`);
    }
    // A body that is there but not JSON is still refused, as the SDK expects (-3).
    const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/users/carol/deactivate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: '{not json',
    });
    assertBadParameter({ status: res.status, body: await res.json() }, 'malformed JSON');
  });

  test('an unknown route is a 404 "not supported", told apart from bad parameters', async () => {
    const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatgroups/123/announcement?x=1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${alice}` },
    });
    const text = await res.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    assert.equal(res.status, 404);
    assert.equal(body['error'], 'service_resource_not_found');
    assert.equal(
      body['error_description'],
      `route not supported by this server: PUT /${env.org}/${env.app}/chatgroups/123/announcement`,
    );
    // The official SDK reports 17 with the whole body, so the app sees "not supported" in the message.
    const mapped = codeFromHttp(res.status, text, res.url);
    assert.equal(mapped.type, 17);
    assert.match(mapped.message, /route not supported by this server/);
  });

  test('an upload to an unknown route is a 400 "not supported": the only status the SDK upload fails on', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'a.bin');
    const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/no-such-feature/123/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice}` },
      body: form,
    });
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(res.status, 400);
    assert.equal(body['error'], 'service_resource_not_found');
    assert.equal(
      body['error_description'],
      `route not supported by this server: POST /${env.org}/${env.app}/no-such-feature/123/files`,
    );
  });

  test('/healthz counts the live sessions of this node', async () => {
    const count = async () =>
      ((await (await fetch(`${env.apiUrl}/healthz`)).json()) as { sessions: number }).sessions;
    const before = await count();
    await clients.our('bob');
    assert.equal(await count(), before + 1);
  });
});
