// The app-server REST API for threads (agora-rest-api.md §3 "Threads") with the admin token: create with
// an owner, rename, delete (`data.status "ok"`), every thread of the app, a user's threads (all, or of one
// group) and a group's, paged by cursor; members listed, added and removed in bulk (≤ 10); the codes the
// official SDK maps (1300, 1301, 602 whatever the path, -3); an app without the threads service: 505.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { codeFromHttp, u64ToString } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { createApp } from '../src/domain/apps/app-admin.js';
import { adminToken, appCall, createUsers, type Reply } from './support/accounts.js';
import { makeGroup } from './support/messaging-groups.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';
import { RawClient } from './support/raw-client.js';
import { login } from './support/rest.js';

/** The SDK code an answer maps to (the official mapper, on a thread URL). */
const sdkCode = (r: Reply, path = '/thread/1') =>
  codeFromHttp(r.status, JSON.stringify(r.body), `http://h/o/a${path}`).type;

const STORES: {
  name: string;
  skip?: string;
  start: () => Promise<{ env: TestServer; drop: () => Promise<void> }>;
}[] = [
  { name: 'sqlite', start: async () => ({ env: await startTestServer(), drop: () => Promise.resolve() }) },
  {
    name: 'postgres',
    ...(PG_SKIP ? { skip: PG_SKIP } : {}),
    start: async () => {
      const schema = freshSchemaName();
      const storage = await postgresStorage({ url: PG_URL!, schema });
      return { env: await startTestServer({ storage }), drop: () => dropSchema(PG_URL!, schema) };
    },
  },
];

for (const store of STORES)
  describe(`app-server thread API (${store.name})`, { ...(store.skip ? { skip: store.skip } : {}) }, () => {
    let env: TestServer;
    let drop: () => Promise<void>;
    let admin: string;
    let groupId: string;
    const call = (method: string, path: string, body?: unknown, token = admin) =>
      appCall(env, method, path, token, body);
    const ok = async (method: string, path: string, body?: unknown) => {
      const r = await call(method, path, body);
      assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    /** A message of ann in the group (a thread's parent). */
    const parent = async () => {
      const raw = await RawClient.login(env.wsUrl, env.appKey, 'ann', await login(env, 'ann', 'pw'), 'r1');
      const ack = await raw.client.sendGroupText(groupId, 'parent');
      await raw.client.close();
      return u64ToString(ack.serverId);
    };
    const create = async (name: string, owner = 'ann', msgId?: string) =>
      (await ok('POST', '/thread', { group_id: groupId, name, msg_id: msgId ?? (await parent()), owner }))
        .data.thread_id as string;

    before(async () => {
      ({ env, drop } = await store.start());
      admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan']);
      groupId = await makeGroup(env, 'ann', ['bob', 'cat']);
    });
    after(async () => {
      await env.close();
      await drop();
    });

    test('create, rename, detail, delete; one thread per message (1301); 1300 afterwards', async () => {
      const msgId = await parent();
      const id = await create('first', 'bob', msgId);
      assert.match(id, /^\d+$/);
      const again = await call('POST', '/thread', {
        group_id: groupId,
        name: 'x',
        msg_id: msgId,
        owner: 'ann',
      });
      assert.equal(sdkCode(again), 1301);
      assert.deepEqual((await ok('PUT', `/thread/${id}`, { name: 'renamed' })).data, { name: 'renamed' });
      const detail = (await ok('GET', `/thread/${id}`)).data;
      assert.deepEqual(
        [detail.name, detail.owner, detail.groupId, detail.msgId, detail.affiliations_count],
        ['renamed', 'bob', groupId, msgId, 1],
      );
      assert.deepEqual((await ok('DELETE', `/thread/${id}`)).data, { status: 'ok' });
      const gone = await call('GET', `/thread/${id}`);
      assert.deepEqual([gone.status, sdkCode(gone)], [404, 1300]);
      assert.equal(sdkCode(await call('PUT', `/thread/${id}`, { name: 'x' })), 1300);
    });

    test('bad input: no owner, a name over 64, a message of no group, an owner outside the group', async () => {
      const msgId = await parent();
      const base = { group_id: groupId, name: 't', msg_id: msgId };
      assert.equal((await call('POST', '/thread', base)).status, 400);
      assert.equal(
        (await call('POST', '/thread', { ...base, owner: 'ann', name: 'x'.repeat(65) })).status,
        400,
      );
      assert.equal((await call('POST', '/thread', { ...base, owner: 'ann', msg_id: '12345' })).status, 400);
      assert.equal((await call('POST', '/thread', { ...base, owner: 'dan' })).status, 400);
      // A user outside the group: 602 for the SDK although the path names no group.
      const dan = await login(env, 'dan', 'pw');
      const r = await call('POST', '/thread', { ...base, owner: 'dan' }, dan);
      assert.deepEqual([r.status, sdkCode(r, '/thread')], [404, 602]);
    });

    test('members: added and removed in bulk (≤ 10), listed in join order by cursor', async () => {
      const id = await create('members');
      await ok('POST', `/thread/${id}/users`, { usernames: ['bob', 'cat'] });
      const page1 = await ok('GET', `/thread/${id}/users?limit=2`);
      assert.deepEqual(page1.data.affiliations, ['ann', 'bob']);
      const page2 = await ok('GET', `/thread/${id}/users?limit=2&cursor=${page1.properties.cursor}`);
      assert.deepEqual(page2.data.affiliations, ['cat']);
      assert.equal(page2.properties.cursor, undefined);
      const removed = await ok('DELETE', `/thread/${id}/users`, { usernames: ['bob', 'dan'] });
      assert.deepEqual(removed.data, [{ result: true, user: 'bob' }]);
      const many = Array.from({ length: 11 }, (_, i) => `u${i}`);
      assert.equal(sdkCode(await call('POST', `/thread/${id}/users`, { usernames: many })), 50);
      // Only group members may join (dan is not one).
      const r = await call('POST', `/thread/${id}/users`, { usernames: ['dan'] });
      assert.equal(sdkCode(r), 602);
    });

    test('lists: every thread, a group, a user (all, and of one group), paged by cursor', async () => {
      const a = await create('list-a');
      const b = await create('list-b', 'cat');
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await ok('GET', `/thread?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        all.push(...page.entities.map((t: { id: string }) => t.id));
        cursor = page.properties.cursor;
      } while (cursor);
      assert.ok(all.includes(a) && all.includes(b));
      assert.equal(new Set(all).size, all.length, 'no thread twice');
      const group = await ok('GET', `/threads/chatgroups/${groupId}?limit=50`);
      assert.ok(
        group.entities.some((t: { id: string; groupId: string }) => t.id === b && t.groupId === groupId),
      );
      const cats = await ok('GET', '/threads/user/cat?limit=50');
      assert.ok(cats.entities.some((t: { id: string }) => t.id === b));
      assert.ok(!cats.entities.some((t: { id: string }) => t.id === a));
      const inGroup = await ok('GET', `/threads/chatgroups/${groupId}/user/cat`);
      assert.ok(inGroup.entities.some((t: { id: string }) => t.id === b));
      assert.deepEqual((await ok('GET', '/threads/chatgroups/999/user/cat')).entities, []);
    });

    test('last messages of threads (≤ 20 ids); an app without threads answers 505', async () => {
      const id = await create('last');
      const empty = await ok('POST', '/thread/message', { threadIds: [id, '1'] });
      assert.deepEqual(empty.entities, [{ thread_id: id, last_message: {} }]);
      const ids = Array.from({ length: 21 }, (_, i) => String(i + 1));
      assert.equal((await call('POST', '/thread/message', { threadIds: ids })).status, 400);

      const { clientSecret } = await createApp(
        env.server.ctx.storage,
        env.server.ctx.clock,
        env.org,
        'nothreads',
        {
          services: ['groups', 'history'],
        },
      );
      const t = { ...env, app: 'nothreads' };
      const token = await adminToken(
        t,
        (await env.server.ctx.findApp(env.org, 'nothreads'))!.clientId,
        clientSecret,
      );
      const r = await appCall(t, 'GET', '/thread', token);
      assert.equal(sdkCode(r), 505);
    });
  });
