// The app-server REST API for groups (agora-rest-api.md §3 "Groups") with the admin token: create with
// an owner and members added directly, list all by cursor, joined by user, details of several, modify,
// owner, disable / enable (608 for users, events told), is_joined, members (paged, added one or many,
// removed one or many), admins, delete. Agora's limits as configured (LIMITS rows) give their codes;
// an app without the groups service answers 505; only the admin token reaches app-server-only routes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MucOperation, codeFromHttp } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { createApp } from '../src/domain/apps/app-admin.js';
import type { MucAudience, MucEvent } from '../src/domain/ports/muc-events.js';
import { adminToken, appCall, createUsers, type Reply } from './support/accounts.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';
import { login } from './support/rest.js';

/** The SDK code an answer maps to (the official mapper, on a chatgroups URL). */
const sdkCode = (r: Reply, path = '/chatgroups/1') =>
  codeFromHttp(r.status, JSON.stringify(r.body), `http://h/o/a${path}`).type;

/** SQLite always; PostgreSQL (a schema of its own) when CONFAB_TEST_PG_URL is set. */
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
  describe(`app-server group API (${store.name})`, { ...(store.skip ? { skip: store.skip } : {}) }, () => {
    let env: TestServer;
    let drop: () => Promise<void>;
    let admin: string;
    const told: { event: MucEvent; audience: MucAudience }[] = [];
    const call = (method: string, path: string, body?: unknown, token = admin) =>
      appCall(env, method, path, token, body);
    const ok = async (method: string, path: string, body?: unknown) => {
      const r = await call(method, path, body);
      assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.body)}`);
      return r.body;
    };
    const create = async (body: Record<string, unknown>) =>
      (await ok('POST', '/chatgroups', { groupname: 'g', owner: 'ann', ...body })).data.groupid as string;

    before(async () => {
      ({ env, drop } = await store.start());
      admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan', 'eve']);
      // What the use cases announce, seen at the port they announce through.
      const events = env.server.ctx.mucEvents;
      const notify = events.notify.bind(events);
      events.notify = (event, audience) => {
        told.push({ event, audience });
        return notify(event, audience);
      };
    });
    after(async () => {
      await env.close();
      await drop();
    });

    test('create: the owner and members directly; owner and members must exist', async () => {
      const id = await create({
        description: 'desc',
        public: true,
        maxusers: 10,
        allowinvites: true,
        membersonly: true,
        invite_need_confirm: true,
        members: ['bob', 'cat'],
        custom: 'c',
        avatar: 'https://a/x.png',
      });
      const d = (await ok('GET', `/chatgroups/${id}`)).data[0];
      assert.deepEqual(
        [d.name, d.description, d.public, d.maxusers, d.allowinvites, d.membersonly, d.invite_need_confirm],
        ['g', 'desc', true, 10, true, true, true],
      );
      assert.deepEqual(
        [d.owner, d.custom, d.avatar, d.affiliations_count],
        ['ann', 'c', 'https://a/x.png', 3],
      );
      const made = told.filter((t) => t.event.mucId === id);
      assert.deepEqual(
        made.map((t) => [t.event.operation, t.event.actor, t.audience]),
        [
          [MucOperation.CREATE, 'ann', { users: ['ann'] }],
          [MucOperation.DIRECT_JOINED, 'ann', { users: ['bob'] }],
          [MucOperation.DIRECT_JOINED, 'ann', { users: ['cat'] }],
        ],
      );
      const noOwner = await call('POST', '/chatgroups', { groupname: 'x' });
      assert.deepEqual([noOwner.status, sdkCode(noOwner)], [400, -3]);
      const ghost = await call('POST', '/chatgroups', { groupname: 'x', owner: 'ann', members: ['ghost'] });
      assert.deepEqual([ghost.status, sdkCode(ghost)], [404, 204]);
      const badFlag = await call('POST', '/chatgroups', { groupname: 'x', owner: 'ann', public: 'yes' });
      assert.equal(badFlag.status, 400);
    });

    test('list all by cursor; joined by user; details of several; is_joined', async () => {
      const a = await create({ owner: 'dan' });
      const b = await create({ owner: 'dan', public: true });
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await ok('GET', `/chatgroups?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        assert.ok(page.data.length <= 2);
        for (const g of page.data) {
          assert.deepEqual(Object.keys(g).sort(), [
            'affiliations',
            'groupid',
            'groupname',
            'last_modified',
            'owner',
            'type',
          ]);
          seen.push(g.groupid);
        }
        cursor = page.cursor;
      } while (cursor);
      assert.ok(seen.includes(a) && seen.includes(b));
      assert.equal(new Set(seen).size, seen.length, 'no group twice');

      const joined = await ok('GET', '/users/dan/joined_chatgroups?pagenum=1&pagesize=1');
      assert.equal(joined.data.length, 1);
      assert.equal(joined.total, 2);
      const both = await ok('GET', `/chatgroups/${a},${b}`);
      assert.deepEqual(
        both.data.map((g: any) => g.id),
        [a, b],
      );
      assert.equal((await ok('GET', `/chatgroups/${a}/user/dan/is_joined`)).data, true);
      assert.equal((await ok('GET', `/chatgroups/${a}/user/eve/is_joined`)).data, false);
      const missing = await call('GET', '/chatgroups/100000000000000/user/dan/is_joined');
      assert.deepEqual([missing.status, sdkCode(missing)], [404, 605]);
      const notDigits = await call('GET', '/chatgroups/abc');
      assert.equal(sdkCode(notDigits), 605);
    });

    test('modify settings, owner transfer, disable / enable, delete', async () => {
      const id = await create({ members: ['bob', 'cat'], maxusers: 5 });
      const mod = await ok('PUT', `/chatgroups/${id}`, {
        groupname: 'renamed',
        description: 'd2',
        maxusers: 4,
        membersonly: true,
        allowinvites: true,
        invite_need_confirm: false,
        public: true,
        custom: 'c2',
      });
      assert.deepEqual(mod.data, {
        groupname: true,
        description: true,
        custom: true,
        public: true,
        membersonly: true,
        allowinvites: true,
        invite_need_confirm: true,
        maxusers: true,
      });
      const d = (await ok('GET', `/chatgroups/${id}`)).data[0];
      assert.deepEqual(
        [
          d.name,
          d.description,
          d.maxusers,
          d.membersonly,
          d.allowinvites,
          d.invite_need_confirm,
          d.public,
          d.custom,
        ],
        ['renamed', 'd2', 4, true, true, false, true, 'c2'],
      );
      const update = told
        .filter((t) => t.event.mucId === id && t.event.operation === MucOperation.UPDATE)
        .at(-1);
      assert.deepEqual(update?.audience, { members: true });
      assert.deepEqual(
        { ...JSON.parse(update.event.ext!), last_modified: 0 },
        {
          name: 'renamed',
          description: 'd2',
          custom: 'c2',
          public: true,
          members_only: true,
          allow_user_invites: true,
          invite_need_confirm: false,
          max_users: 4,
          last_modified: 0,
        },
      );
      // Fewer than the 3 members: 607; below 2 makes no group at all: -3.
      const tooFew = await call('PUT', `/chatgroups/${id}`, { maxusers: 2 });
      assert.deepEqual([tooFew.status, sdkCode(tooFew)], [403, 607]);
      const below = await call('PUT', `/chatgroups/${id}`, { maxusers: 1 });
      assert.deepEqual([below.status, sdkCode(below)], [400, -3]);

      assert.deepEqual((await ok('PUT', `/chatgroups/${id}`, { newowner: 'bob' })).data, { newowner: true });
      assert.equal((await ok('GET', `/chatgroups/${id}`)).data[0].owner, 'bob');
      const notMember = await call('PUT', `/chatgroups/${id}`, { newowner: 'eve' });
      assert.equal(sdkCode(notMember), 602);

      const bob = await login(env, 'bob', 'pw');
      assert.deepEqual((await ok('POST', `/chatgroups/${id}/disable`)).data, { disabled: true });
      const blocked = await call('PUT', `/chatgroups/${id}`, { groupname: 'x' }, bob);
      assert.deepEqual([blocked.status, sdkCode(blocked)], [403, 608]);
      assert.equal((await ok('GET', `/chatgroups/${id}`)).data[0].disabled, true);
      assert.equal(
        (await ok('GET', `/chatgroups/${id}/users`)).data.length,
        3,
        'the app server still reads it',
      );
      assert.deepEqual((await ok('POST', `/chatgroups/${id}/enable`)).data, { disabled: false });
      assert.equal((await call('PUT', `/chatgroups/${id}`, { groupname: 'x' }, bob)).status, 200);
      assert.deepEqual(
        told
          .filter((t) => t.event.mucId === id)
          .map((t) => t.event.operation)
          .filter((o) => o === MucOperation.DISABLE_GROUP || o === MucOperation.ABLE_GROUP),
        [MucOperation.DISABLE_GROUP, MucOperation.ABLE_GROUP],
      );

      assert.deepEqual((await ok('DELETE', `/chatgroups/${id}`)).data, { success: true, id });
      const gone = await call('GET', `/chatgroups/${id}`);
      assert.deepEqual([gone.status, sdkCode(gone)], [404, 605]);
      const destroyed = told.filter(
        (t) => t.event.mucId === id && t.event.operation === MucOperation.DESTROY,
      );
      assert.deepEqual(
        destroyed.map((t) => [...(t.audience as { users: string[] }).users].sort()),
        [['ann', 'bob', 'cat']],
      );
    });

    test('members: paged, added one or many (601 once in, 606 when full), removed one or many; admins', async () => {
      const id = await create({ maxusers: 4 });
      assert.deepEqual((await ok('POST', `/chatgroups/${id}/users/bob`)).data, {
        result: true,
        groupid: id,
        action: 'add_member',
        user: 'bob',
      });
      const again = await call('POST', `/chatgroups/${id}/users/bob`);
      assert.deepEqual([again.status, sdkCode(again)], [403, 601]);
      const batch = await ok('POST', `/chatgroups/${id}/users`, { usernames: ['bob', 'cat', 'dan'] });
      assert.deepEqual(batch.data, { newmembers: ['cat', 'dan'], groupid: id, action: 'add_member' });
      const full = await call('POST', `/chatgroups/${id}/users/eve`);
      assert.deepEqual([full.status, sdkCode(full)], [403, 606]);
      const presence = told.filter(
        (t) => t.event.mucId === id && t.event.operation === MucOperation.PRESENCE,
      );
      assert.deepEqual(
        presence.map((t) => [t.event.actor, t.event.members, t.event.memberCount]),
        [
          ['bob', undefined, 2],
          ['ann', ['cat', 'dan'], 4],
        ],
      );

      const page = await ok('GET', `/chatgroups/${id}/users?pagenum=2&pagesize=2`);
      assert.deepEqual(page.data, [{ member: 'cat' }, { member: 'dan' }]);

      assert.deepEqual((await ok('POST', `/chatgroups/${id}/admin`, { newadmin: 'bob' })).data, {
        result: 'success',
        newadmin: 'bob',
      });
      assert.deepEqual((await ok('GET', `/chatgroups/${id}/admin`)).data, ['bob']);
      assert.deepEqual((await ok('DELETE', `/chatgroups/${id}/admin/bob`)).data, {
        result: 'success',
        oldadmin: 'bob',
      });
      assert.deepEqual((await ok('GET', `/chatgroups/${id}/admin`)).data, []);

      assert.equal((await ok('DELETE', `/chatgroups/${id}/users/dan`)).data.result, true);
      const many = await ok('DELETE', `/chatgroups/${id}/users/bob,cat,eve`);
      assert.deepEqual(
        many.data.map((r: any) => [r.user, r.result]),
        [
          ['bob', true],
          ['cat', true],
          ['eve', false],
        ],
      );
      const owner = await call('DELETE', `/chatgroups/${id}/users/ann`);
      assert.equal(sdkCode(owner), 603);
      assert.equal((await ok('GET', `/chatgroups/${id}`)).data[0].affiliations_count, 1);
      const kicks = told.filter((t) => t.event.mucId === id && t.event.operation === MucOperation.KICK);
      assert.deepEqual(
        kicks.map((t) => t.audience),
        [{ users: ['dan'] }, { users: ['bob', 'cat'] }],
      );
    });

    test('concurrent joins of an open group stop exactly at maxusers (the owner counts)', async () => {
      const names = Array.from({ length: 8 }, (_, i) => `joiner${i}`);
      await createUsers(env, admin, names);
      const tokens = await Promise.all(names.map((n) => login(env, n, 'pw')));
      const id = await create({ public: true, maxusers: 5 });
      const answers = await Promise.all(
        tokens.map((t) => appCall(env, 'POST', `/chatgroups/${id}/apply`, t, { message: '' })),
      );
      assert.equal(answers.filter((r) => r.status === 200).length, 4);
      assert.ok(answers.filter((r) => r.status !== 200).every((r) => sdkCode(r) === 606));
      const d = (await ok('GET', `/chatgroups/${id}`)).data[0];
      assert.deepEqual([d.affiliations_count, d.affiliations.length], [5, 5]);
    });

    test('authorization: app-server-only routes want the admin token; no token is 401', async () => {
      const id = await create({ members: ['bob'] });
      const bob = await login(env, 'bob', 'pw');
      for (const [method, path] of [
        ['GET', '/chatgroups'],
        ['POST', `/chatgroups/${id}/disable`],
        ['POST', `/chatgroups/${id}/users/cat`],
        ['GET', `/chatgroups/${id}/user/bob/is_joined`],
        ['GET', '/users/ann/joined_chatgroups'],
      ] as const) {
        const r = await call(method, path, undefined, bob);
        assert.ok(r.status === 401 || r.status === 403, `${method} ${path} with a user token: ${r.status}`);
        const none = await appCall(env, method, path);
        assert.equal(none.status, 401, `${method} ${path} without a token`);
      }
      assert.equal((await call('GET', '/users/bob/joined_chatgroups', undefined, bob)).status, 200);
    });

    test('an app without the groups service answers 505', async () => {
      const { clientSecret } = await createApp(
        env.server.ctx.storage,
        env.server.ctx.clock,
        env.org,
        'nogroups',
        {
          services: ['files', 'history'],
        },
      );
      const t = { ...env, app: 'nogroups' };
      const app = await adminToken(
        t,
        (await env.server.ctx.findApp(env.org, 'nogroups'))!.clientId,
        clientSecret,
      );
      const r = await appCall(t, 'POST', '/chatgroups', app, { groupname: 'x', owner: 'ann' });
      assert.deepEqual([r.status, sdkCode(r)], [403, 505]);
    });
  });

describe('group limits (LIMITS rows, configured small)', () => {
  let env: TestServer;
  let admin: string;
  const call = (method: string, path: string, body?: unknown) => appCall(env, method, path, admin, body);

  before(async () => {
    env = await startTestServer({
      limits: {
        groupNameMaxChars: 5,
        groupDescriptionMaxChars: 5,
        groupCustomMaxChars: 5,
        groupAvatarMaxChars: 5,
        groupReasonMaxChars: 5,
        groupDefaultMaxUsers: 3,
        groupMaxUsers: 10,
        groupsPerUser: 3,
        groupsPerApp: 5,
        groupBulkMax: 2,
        groupDetailsMax: 2,
        groupAdminsMax: 1,
      },
    });
    admin = await adminToken(env, env.clientId, env.clientSecret);
    await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan']);
  });
  after(() => env.close());

  test('each limit gives its code', async () => {
    const make = async (body: Record<string, unknown> = {}) => {
      const r = await call('POST', '/chatgroups', { groupname: 'g', owner: 'ann', ...body });
      return r;
    };
    for (const field of ['groupname', 'description', 'custom', 'avatar']) {
      const r = await make({ [field]: '123456' });
      assert.deepEqual([r.status, sdkCode(r)], [400, -3], field);
    }
    assert.equal(sdkCode(await make({ maxusers: 11 })), 607);
    const first = (await make({ members: ['bob'] })).body.data.groupid as string;
    assert.equal(
      (await call('GET', `/chatgroups/${first}`)).body.data[0].maxusers,
      3,
      'the default maxusers',
    );

    const bulk = await call('POST', `/chatgroups/${first}/users`, { usernames: ['cat', 'dan', 'bob'] });
    assert.deepEqual([bulk.status, sdkCode(bulk)], [403, 50]);
    const details = await call('GET', `/chatgroups/${first},${first}1,${first}2`);
    assert.equal(sdkCode(details), 50);
    await call('POST', `/chatgroups/${first}/users/cat`);
    assert.equal((await call('POST', `/chatgroups/${first}/admin`, { newadmin: 'bob' })).status, 200);
    assert.equal(sdkCode(await call('POST', `/chatgroups/${first}/admin`, { newadmin: 'cat' })), 50);

    const ann = await login(env, 'ann', 'pw');
    const joinReason = await appCall(
      env,
      'POST',
      `/chatgroups/${first}/apply`,
      await login(env, 'dan', 'pw'),
      {
        message: '123456',
      },
    );
    assert.equal(sdkCode(joinReason), -3);

    // ann is in one group; two more reach groupsPerUser (3); a fourth is refused (50).
    await make();
    await make();
    const fourth = await appCall(env, 'POST', '/chatgroups', ann, { groupname: 'g' });
    assert.deepEqual([fourth.status, sdkCode(fourth)], [403, 50]);
    // The app has 3 groups; bob's two more reach groupsPerApp (5); a sixth is refused (50).
    await make({ owner: 'bob' });
    await make({ owner: 'bob' });
    assert.equal(sdkCode(await make({ owner: 'cat' })), 50);
  });
});
