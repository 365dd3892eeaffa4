// The app server's forms of the group list calls (agora-rest-api.md §3 "Groups": mute, ban, blocklist,
// allowlist, announcement, share_files, metadata), with the app admin token: it may do what the owner may
// (mute admins, never the owner), single-user paths answer one object, batches per-user results, lists
// page, and user tokens keep their own rules on the same paths.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall } from './support/accounts.js';
import { login, register } from './support/rest.js';
import { appIdOf, makeGroup } from './support/groups.js';

describe('group lists through the app-server REST API', () => {
  let env: TestServer;
  let admin: string;
  const t = () => ({ apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: env.org, app: env.app });
  const call = (method: string, path: string, body?: unknown, token = admin) =>
    appCall(t(), method, path, token, body);

  before(async () => {
    env = await startTestServer();
    admin = await adminToken(t(), env.clientId, env.clientSecret);
    for (const u of ['owen', 'adam', 'mia', 'max', 'nora']) await register(env, u, 'pw');
  });
  after(() => env.close());

  test('mute (admins too, never the owner), list, unmute a comma list, ban and unban', async () => {
    const g = await makeGroup(env, { owner: 'owen', admins: ['adam'], members: ['mia', 'max'] });
    const muted = await call('POST', `/chatgroups/${g}/mute`, {
      usernames: ['adam', 'mia'],
      mute_duration: 60_000,
    });
    assert.equal(muted.status, 200);
    assert.deepEqual(
      muted.body.data.map((r: any) => [r.user, r.result, r.expire > Date.now()]),
      [
        ['adam', true, true],
        ['mia', true, true],
      ],
    );
    assert.equal(muted.body.action, 'post');
    assert.equal(muted.body.uri, `${env.apiUrl}/${env.org}/${env.app}/chatgroups/${g}/mute`);
    const owner = await call('POST', `/chatgroups/${g}/mute`, { usernames: ['owen'], mute_duration: 1 });
    assert.deepEqual([owner.status, owner.body.error], [403, 'forbidden_op']);
    assert.equal((await call('GET', `/chatgroups/${g}/mute`)).body.count, 2);
    const un = await call('DELETE', `/chatgroups/${g}/mute/adam,mia`);
    assert.deepEqual(un.body.data, [
      { user: 'adam', result: true },
      { user: 'mia', result: true },
    ]);
    assert.deepEqual((await call('GET', `/chatgroups/${g}/mute`)).body.data, []);
    const many = await call('POST', `/chatgroups/${g}/mute`, {
      usernames: Array.from({ length: 61 }, (_, i) => `u${i}`),
      mute_duration: 1,
    });
    assert.deepEqual([many.status, many.body.error_code], [403, 40005]);
    const bad = await call('POST', `/chatgroups/${g}/mute`, { usernames: 'mia', mute_duration: 1 });
    assert.equal(bad.status, 400);

    assert.deepEqual((await call('POST', `/chatgroups/${g}/ban`)).body.data, { mute: true });
    assert.equal((await env.server.ctx.storage.mucs.get(await appIdOf(env), g))?.allMuted, true);
    assert.deepEqual((await call('DELETE', `/chatgroups/${g}/ban`)).body.data, { mute: false });
    assert.equal((await call('POST', `/chatgroups/999/ban`)).status, 404);
  });

  test('blocklist: single path, batch body, pages with a cursor, comma-list delete', async () => {
    const g = await makeGroup(env, { owner: 'owen', admins: ['adam'], members: ['mia', 'max', 'nora'] });
    const one = await call('POST', `/chatgroups/${g}/blocks/users/adam`);
    assert.deepEqual(one.body.data, { result: true, action: 'add_blocks', user: 'adam', groupid: g });
    const batch = await call('POST', `/chatgroups/${g}/blocks/users`, { usernames: ['mia', 'max', 'owen'] });
    assert.deepEqual(
      batch.body.data.map((r: any) => [r.user, r.result]),
      [
        ['mia', true],
        ['max', true],
        ['owen', false],
      ],
    );
    const whole = await call('GET', `/chatgroups/${g}/blocks/users`);
    assert.deepEqual([whole.body.data.length, whole.body.count, whole.body.cursor], [3, 3, undefined]);
    const page1 = await call('GET', `/chatgroups/${g}/blocks/users?pageSize=2`);
    assert.equal(page1.body.data.length, 2);
    const page2 = await call('GET', `/chatgroups/${g}/blocks/users?pageSize=2&cursor=${page1.body.cursor}`);
    assert.equal(page2.body.data.length, 1);
    assert.deepEqual([...page1.body.data, ...page2.body.data].sort(), ['adam', 'max', 'mia']);
    const del = await call('DELETE', `/chatgroups/${g}/blocks/users/adam,mia`);
    assert.deepEqual(
      del.body.data.map((r: any) => [r.action, r.user, r.result]),
      [
        ['remove_blocks', 'adam', true],
        ['remove_blocks', 'mia', true],
      ],
    );
    assert.deepEqual((await call('GET', `/chatgroups/${g}/blocks/users`)).body.data, ['max']);
    assert.deepEqual((await env.server.ctx.storage.mucs.memberNames(await appIdOf(env), g)).sort(), [
      'nora',
      'owen',
    ]);
  });

  test('allowlist: single path, batch, list with count, check anyone, comma-list delete', async () => {
    const g = await makeGroup(env, { owner: 'owen', members: ['mia', 'max'] });
    assert.deepEqual((await call('POST', `/chatgroups/${g}/white/users/mia`)).body.data, {
      result: true,
      action: 'add_user_whitelist',
      user: 'mia',
      groupid: g,
    });
    assert.equal((await call('POST', `/chatgroups/${g}/white/users/nora`)).status, 403, 'not a member');
    await call('POST', `/chatgroups/${g}/white/users`, { usernames: ['max'] });
    const list = await call('GET', `/chatgroups/${g}/white/users`);
    assert.deepEqual([list.body.data.slice().sort(), list.body.count], [['max', 'mia'], 2]);
    assert.deepEqual((await call('GET', `/chatgroups/${g}/white/users/max`)).body.data, {
      member: 'max',
      white: true,
    });
    const del = await call('DELETE', `/chatgroups/${g}/white/users/mia,max`);
    assert.equal(del.body.data.length, 2);
    assert.deepEqual((await call('GET', `/chatgroups/${g}/white/users`)).body.data, []);
    // A member's own token on the same paths keeps the member's rules.
    const mia = await login(env, 'mia', 'pw');
    assert.equal((await call('POST', `/chatgroups/${g}/white/users/mia`, undefined, mia)).status, 403);
    assert.equal((await call('GET', `/chatgroups/${g}/white/users`, undefined, '')).status, 401);
  });

  test('announcement, share_files and metadata', async () => {
    const g = await makeGroup(env, { owner: 'owen', members: ['mia'] });
    assert.deepEqual(
      (await call('POST', `/chatgroups/${g}/announcement`, { announcement: 'hello' })).body.data,
      {
        id: g,
        result: true,
      },
    );
    assert.deepEqual((await call('GET', `/chatgroups/${g}/announcement`)).body.data, {
      announcement: 'hello',
    });
    assert.equal((await call('POST', `/chatgroups/${g}/announcement`, { announcement: 3 })).status, 400);

    const bytes = randomBytes(1234);
    const form = new FormData();
    form.append('file', new Blob([bytes]), 'report.pdf');
    const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatgroups/${g}/share_files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'restrict-access': 'true' },
      body: form,
    });
    const up = (await res.json());
    assert.equal(res.status, 200);
    assert.equal(up.data.file_size, 1234);
    const files = await call('GET', `/chatgroups/${g}/share_files`);
    assert.deepEqual(
      files.body.data.map((f: any) => [f.file_id, f.file_owner]),
      [[up.data.file_id, 'owen']],
      'the app server uploads in the owner’s name',
    );
    const dl = await fetch(up.data.file_url, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(dl.status, 200);
    assert.equal(dl.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await dl.arrayBuffer()), bytes);
    assert.equal(
      (await call('DELETE', `/chatgroups/${g}/share_files/${up.data.file_id}`)).body.data.result,
      true,
    );
    assert.equal(
      (await fetch(up.data.file_url, { headers: { authorization: `Bearer ${admin}` } })).status,
      404,
    );

    const put = await call('PUT', `/metadata/chatgroup/${g}/user/mia`, { metaData: { nick: 'Mimi' } });
    assert.deepEqual(put.body.data, { nick: 'Mimi' });
    assert.deepEqual((await call('GET', `/metadata/chatgroup/${g}/user/mia`)).body.data, { nick: 'Mimi' });
    const got = await call('POST', `/metadata/chatgroup/${g}/get`, {
      targets: ['mia', 'owen'],
      properties: [],
    });
    assert.deepEqual(got.body.data, { mia: { nick: 'Mimi' } });
    const notMember = await call('GET', `/metadata/chatgroup/${g}/user/nora`);
    assert.deepEqual([notMember.status, notMember.body.error], [403, 'forbidden_op']);
  });
});
