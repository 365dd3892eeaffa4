// The app-server REST API for chat rooms (agora-rest-api.md §3 "Chat rooms") with the admin token, on
// SQLite and PostgreSQL: super admins (who may create rooms with their own token), create, list (both
// paging forms), details, modify, members (added, paged, kicked), admins, mute / ban / block / allow lists,
// announcement, joined rooms (the SDK's detail shape), destroy. Codes are the room ones on `chatrooms`
// URLs (705, 702, 704, 607, 603); membership changes reach the bus with queue `r:<id>` (rooms-live's
// presence index follows them); events are told with kind 'room'. CONFAB_ROOM_* rows bound them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MucOperation, codeFromHttp } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { createApp } from '../src/domain/apps/app-admin.js';
import type { BusEvent, MembershipChanged } from '../src/domain/ports/bus.js';
import type { MucAudience, MucEvent } from '../src/domain/ports/muc-events.js';
import { adminToken, appCall, createUsers, type Reply } from './support/accounts.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';
import { login } from './support/rest.js';

/** The SDK code an answer maps to (the official mapper, on a chatrooms URL). */
const sdkCode = (r: Reply, path = '/chatrooms/1') =>
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
  describe(
    `app-server chat room API (${store.name})`,
    { ...(store.skip ? { skip: store.skip } : {}) },
    () => {
      let env: TestServer;
      let drop: () => Promise<void>;
      let admin: string;
      const told: { event: MucEvent; audience: MucAudience }[] = [];
      const bus: MembershipChanged[] = [];
      const call = (method: string, path: string, body?: unknown, token = admin) =>
        appCall(env, method, path, token, body);
      const ok = async (method: string, path: string, body?: unknown, token = admin) => {
        const r = await call(method, path, body, token);
        assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.body)}`);
        return r.body;
      };
      const create = async (body: Record<string, unknown> = {}) =>
        (await ok('POST', '/chatrooms', { name: 'r', owner: 'ann', ...body })).data.id as string;
      const token: Record<string, string> = {};

      before(async () => {
        ({ env, drop } = await store.start());
        admin = await adminToken(env, env.clientId, env.clientSecret);
        await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan', 'eve']);
        for (const u of ['ann', 'bob', 'cat', 'dan']) token[u] = await login(env, u, 'pw');
        const events = env.server.ctx.mucEvents;
        const notify = events.notify.bind(events);
        events.notify = (event, audience) => {
          told.push({ event, audience });
          return notify(event, audience);
        };
        env.server.ctx.bus.subscribe((e: BusEvent) => {
          if (e.kind === 'membership') bus.push(e);
        });
      });
      after(async () => {
        await env.close();
        await drop();
      });

      test('super admins: only they (and the app server) create rooms with a user token', async () => {
        const refused = await call('POST', '/chatrooms', { name: 'x', owner: 'bob' }, token.bob);
        assert.deepEqual([refused.status, sdkCode(refused, '/chatrooms')], [403, 603]);
        assert.deepEqual((await ok('POST', '/chatrooms/super_admin', { superadmin: 'bob' })).data, {
          result: 'success',
          resource: '',
          superadmin: 'bob',
        });
        assert.deepEqual((await ok('GET', '/chatrooms/super_admin?pagenum=1&pagesize=10')).data, ['bob']);
        // The user's own token: the caller owns the room whatever `owner` says.
        const id = (
          await ok('POST', '/chatrooms', { name: 'mine', owner: 'ann', members: ['cat'] }, token.bob)
        ).data.id as string;
        const d = (await ok('GET', `/chatrooms/${id}`)).data[0];
        assert.deepEqual([d.owner, d.affiliations_count, d.name], ['bob', 2, 'mine']);
        // Only the app server manages super admins.
        const notAdmin = await call('POST', '/chatrooms/super_admin', { superadmin: 'cat' }, token.bob);
        assert.equal(notAdmin.status, 403);
        const ghost = await call('POST', '/chatrooms/super_admin', { superadmin: 'ghost' });
        assert.deepEqual([ghost.status, sdkCode(ghost)], [404, 204]);
        assert.deepEqual((await ok('DELETE', '/chatrooms/super_admin/bob')).data, {
          newSuperAdmin: 'bob',
          resource: '',
        });
        assert.deepEqual((await ok('GET', '/chatrooms/super_admin')).data, []);
        const again = await call('POST', '/chatrooms', { name: 'x' }, token.bob);
        assert.equal(again.status, 403);
      });

      test('create, details, modify: Agora fields, the owner first, members joined at once', async () => {
        const id = await create({ description: 'desc', maxusers: 10, members: ['bob', 'cat'], custom: 'c' });
        assert.match(id, /^\d{15}$/);
        const d = (await ok('GET', `/chatrooms/${id}`)).data[0];
        assert.deepEqual(
          [d.id, d.name, d.description, d.maxusers, d.owner, d.custom, d.affiliations_count, d.mute],
          [id, 'r', 'desc', 10, 'ann', 'c', 3, false],
        );
        assert.deepEqual(d.affiliations, [{ owner: 'ann' }, { member: 'bob' }, { member: 'cat' }]);
        const made = told.filter((t) => t.event.mucId === id);
        assert.ok(made.every((t) => t.event.kind === 'room'));
        assert.deepEqual(made[0]!.event.operation, MucOperation.CREATE);

        const modified = await ok('PUT', `/chatrooms/${id}`, {
          groupname: 'n2',
          description: 'd2',
          maxusers: 20,
        });
        assert.deepEqual(modified.data, { groupname: true, description: true, maxusers: true });
        const after = (await ok('GET', `/chatrooms/${id}`)).data[0];
        assert.deepEqual([after.name, after.description, after.maxusers], ['n2', 'd2', 20]);
        const update = told.filter((t) => t.event.mucId === id && t.event.operation === MucOperation.UPDATE);
        assert.equal(update.length, 1);
        assert.deepEqual(update[0]!.audience, { members: true });

        // A member who is no admin may not modify (603); an outsider is no member (702).
        const byBob = await call('PUT', `/chatrooms/${id}`, { groupname: 'x' }, token.bob);
        assert.deepEqual([byBob.status, sdkCode(byBob)], [403, 603]);
        const byDan = await call('PUT', `/chatrooms/${id}`, { groupname: 'x' }, token.dan);
        assert.deepEqual([byDan.status, sdkCode(byDan)], [400, 702]);
        // More members than maxusers (607); a room id that names no room (705), a group on a room URL (705).
        const tooMany = await call('POST', '/chatrooms', { name: 'x', owner: 'ann', maxusers: 10_001 });
        assert.deepEqual([tooMany.status, sdkCode(tooMany)], [403, 607]);
        const none = await call('GET', '/chatrooms/123456789012345');
        assert.deepEqual([none.status, sdkCode(none)], [404, 705]);
        const group = (await ok('POST', '/chatgroups', { groupname: 'g', owner: 'ann' })).data.groupid;
        const asRoom = await call('GET', `/chatrooms/${group}/users`);
        assert.deepEqual([asRoom.status, sdkCode(asRoom)], [404, 705]);
        const asGroup = await call('GET', `/chatgroups/${id}/users`);
        assert.equal(
          codeFromHttp(asGroup.status, JSON.stringify(asGroup.body), `http://h/chatgroups/${id}`).type,
          605,
        );
      });

      test('list: the SDK pages (pagenum/pagesize) and the app server cursors (limit/cursor)', async () => {
        const mine = [await create({ owner: 'dan' }), await create({ owner: 'dan' })];
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await ok('GET', `/chatrooms?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
          assert.ok(page.data.length <= 2);
          for (const r of page.data) {
            assert.deepEqual(
              ['affiliations_count', 'id', 'name', 'owner'].every((k) => k in r),
              true,
            );
            seen.push(r.id);
          }
          cursor = page.cursor;
        } while (cursor);
        for (const id of mine) assert.ok(seen.includes(id));
        const all = (await ok('GET', '/chatrooms?pagenum=1&pagesize=100', undefined, token.ann)).data;
        assert.equal(all.length, seen.length);
        // The page form reaches the first 10,000 rooms (the cursor goes beyond).
        assert.deepEqual((await ok('GET', '/chatrooms?pagenum=101&pagesize=100')).data, []);
        const second = (await ok('GET', '/chatrooms?pagenum=2&pagesize=1', undefined, token.ann)).data;
        assert.deepEqual(
          second.map((r: { id: string }) => r.id),
          [seen[1]],
        );
      });

      test('members: add (one, many), both paging forms, kick: bus events on r:<id>, codes', async () => {
        const id = await create({ maxusers: 4 });
        assert.deepEqual((await ok('POST', `/chatrooms/${id}/users/bob`)).data, {
          result: true,
          action: 'add_member',
          id,
          user: 'bob',
        });
        const added = await ok('POST', `/chatrooms/${id}/users`, { usernames: ['bob', 'cat'] });
        assert.deepEqual(added.data, { newmembers: ['cat'], action: 'add_member', id });
        assert.ok(bus.some((e) => e.queue === `r:${id}` && e.added?.includes('cat')));
        const full = await call('POST', `/chatrooms/${id}/users`, { usernames: ['dan', 'eve'] });
        assert.deepEqual([full.status, sdkCode(full)], [403, 704]);

        const paged = await ok('GET', `/chatrooms/${id}/users?pagenum=1&pagesize=2`);
        assert.deepEqual(paged.data, [{ owner: 'ann' }, { member: 'bob' }]);
        const first = await ok('GET', `/chatrooms/${id}/users?cursor=undefined&limit=2&joined_time=true`);
        assert.equal(first.data.length, 2);
        assert.equal(typeof first.data[0].joined_time, 'number');
        const next = await ok(
          'GET',
          `/chatrooms/${id}/users?cursor=${first.cursor}&limit=2&joined_time=true`,
        );
        assert.deepEqual(
          next.data.map((m: Record<string, unknown>) => m['member']),
          ['cat'],
        );
        assert.equal(next.cursor, undefined);
        // An outsider reads no member list (702).
        const outsider = await call('GET', `/chatrooms/${id}/users`, undefined, token.dan);
        assert.deepEqual([outsider.status, sdkCode(outsider)], [400, 702]);

        const kicked = await ok('DELETE', `/chatrooms/${id}/users/bob`);
        assert.deepEqual(kicked.data, { result: true, action: 'remove_member', user: 'bob', id });
        assert.ok(bus.some((e) => e.queue === `r:${id}` && e.removed?.includes('bob')));
        const kick = told.find((t) => t.event.mucId === id && t.event.operation === MucOperation.KICK);
        assert.deepEqual(kick?.audience, { users: ['bob'] });
        const notThere = await call('DELETE', `/chatrooms/${id}/users/bob`);
        assert.deepEqual([notThere.status, sdkCode(notThere)], [400, 702]);
        const owner = await call('DELETE', `/chatrooms/${id}/users/ann`);
        assert.deepEqual([owner.status, sdkCode(owner)], [403, 603]);
      });

      test('admins, mute (with expiry) and mute all, block, allow, announcement', async () => {
        const id = await create({ members: ['bob', 'cat', 'dan'] });
        assert.deepEqual((await ok('POST', `/chatrooms/${id}/admin`, { newadmin: 'bob' })).data, {
          result: 'success',
          newadmin: 'bob',
        });
        assert.deepEqual((await ok('GET', `/chatrooms/${id}/admin`, undefined, token.cat)).data, ['bob']);

        // bob (an admin) mutes cat for a minute; the mute list shows its expiry.
        const muted = await ok(
          'POST',
          `/chatrooms/${id}/mute`,
          { usernames: ['cat'], mute_duration: 60_000 },
          token.bob,
        );
        assert.equal(muted.data[0].user, 'cat');
        assert.ok(muted.data[0].expire > Date.now());
        assert.deepEqual(
          (await ok('GET', `/chatrooms/${id}/mute`)).data.map((m: { user: string }) => m.user),
          ['cat'],
        );
        assert.equal((await ok('GET', `/sdk/chatrooms/${id}/mute/cat`, undefined, token.cat)).data, true);
        const muteEvent = told.find(
          (t) => t.event.mucId === id && t.event.operation === MucOperation.ADD_MUTE,
        );
        assert.equal(muteEvent?.event.kind, 'room');
        await ok('DELETE', `/chatrooms/${id}/mute/cat`);
        assert.equal((await ok('GET', `/sdk/chatrooms/${id}/mute/cat`, undefined, token.cat)).data, false);

        assert.deepEqual((await ok('POST', `/chatrooms/${id}/ban`)).data, { mute: true });
        assert.equal((await ok('GET', `/chatrooms/${id}`)).data[0].mute, true);
        assert.deepEqual((await ok('DELETE', `/chatrooms/${id}/ban`)).data, { mute: false });

        // Allow list: a member may ask about themselves.
        await ok('POST', `/chatrooms/${id}/white/users`, { usernames: ['cat'] });
        assert.deepEqual((await ok('GET', `/chatrooms/${id}/white/users`)).data, ['cat']);
        assert.deepEqual((await ok('GET', `/chatrooms/${id}/white/users/cat`, undefined, token.cat)).data, {
          member: 'cat',
          white: true,
        });
        await ok('DELETE', `/chatrooms/${id}/white/users/cat`);

        // Block: dan leaves the room and cannot be added back (603) until unblocked.
        const blocked = await ok('POST', `/chatrooms/${id}/blocks/users/dan`);
        assert.deepEqual(blocked.data, { result: true, action: 'add_blocks', user: 'dan', id });
        assert.ok(bus.some((e) => e.queue === `r:${id}` && e.removed?.includes('dan')));
        assert.deepEqual((await ok('GET', `/chatrooms/${id}/blocks/users`)).data, ['dan']);
        const back = await call('POST', `/chatrooms/${id}/users/dan`);
        assert.deepEqual([back.status, sdkCode(back)], [403, 603]);
        await ok('DELETE', `/chatrooms/${id}/blocks/users/dan`);
        await ok('POST', `/chatrooms/${id}/users/dan`);

        assert.deepEqual(
          (await ok('POST', `/chatrooms/${id}/announcement`, { announcement: 'hello' }, token.ann)).data,
          { id, result: true },
        );
        assert.deepEqual((await ok('GET', `/chatrooms/${id}/announcement`, undefined, token.cat)).data, {
          announcement: 'hello',
        });
      });

      test('joined rooms: {id, name}, and the SDK detail shape; destroy: 705 after, bus told', async () => {
        const id = await create({ name: 'joined', description: 'jd', maxusers: 50, members: ['eve'] });
        const plain = await ok('GET', '/users/eve/joined_chatrooms?pagenum=1&pagesize=10');
        assert.ok(plain.data.some((r: { id: string; name: string }) => r.id === id && r.name === 'joined'));
        const eve = await login(env, 'eve', 'pw');
        const detail = await ok(
          'GET',
          '/users/eve/joined_chatrooms?pagenum=1&pagesize=10&detail=true',
          undefined,
          eve,
        );
        const row = detail.data.find((r: { id: string }) => r.id === id);
        assert.deepEqual(
          { ...row, created: typeof row.created },
          {
            id,
            title: 'joined',
            owner: `${env.org}#${env.app}_ann`,
            created: 'number',
            description: 'jd',
            max_users: 50,
          },
        );
        // Someone else's joined rooms: the app server only.
        assert.equal((await call('GET', '/users/eve/joined_chatrooms', undefined, token.bob)).status, 403);

        const notOwner = await call('DELETE', `/chatrooms/${id}`, undefined, eve);
        assert.deepEqual([notOwner.status, sdkCode(notOwner)], [403, 603]);
        assert.deepEqual((await ok('DELETE', `/chatrooms/${id}`, undefined, token.ann)).data, {
          success: true,
          id,
        });
        assert.ok(bus.some((e) => e.queue === `r:${id}` && e.destroyed === true));
        const destroy = told.find((t) => t.event.mucId === id && t.event.operation === MucOperation.DESTROY);
        assert.deepEqual(destroy?.audience, { users: ['ann', 'eve'] });
        const gone = await call('GET', `/chatrooms/${id}`);
        assert.deepEqual([gone.status, sdkCode(gone)], [404, 705]);
      });

      test('every room operation is told through the MUC events port with kind room', async () => {
        const id = await create({ members: ['bob', 'cat', 'dan'] });
        const from = told.length;
        await ok('POST', `/chatrooms/${id}/admin`, { newadmin: 'bob' });
        await ok('DELETE', `/chatrooms/${id}/admin/bob`);
        await ok('POST', `/chatrooms/${id}/mute`, { usernames: ['cat'], mute_duration: 1000 });
        await ok('DELETE', `/chatrooms/${id}/mute/cat`);
        await ok('POST', `/chatrooms/${id}/ban`);
        await ok('DELETE', `/chatrooms/${id}/ban`);
        await ok('POST', `/chatrooms/${id}/white/users`, { usernames: ['cat'] });
        await ok('DELETE', `/chatrooms/${id}/white/users/cat`);
        await ok('POST', `/chatrooms/${id}/announcement`, { announcement: 'a' });
        await ok('PUT', `/chatrooms/${id}`, { description: 'x' });
        await ok('POST', `/chatrooms/${id}/blocks/users/dan`);
        await ok('DELETE', `/chatrooms/${id}/blocks/users/dan`);
        await ok('POST', `/chatrooms/${id}/users/dan`);
        await ok('DELETE', `/chatrooms/${id}/users/dan`);
        const mine = told.slice(from).filter((t) => t.event.mucId === id);
        assert.ok(mine.every((t) => t.event.kind === 'room'));
        const ops = new Set(mine.map((t) => t.event.operation));
        for (const op of [
          MucOperation.ADD_ADMIN,
          MucOperation.REMOVE_ADMIN,
          MucOperation.ADD_MUTE,
          MucOperation.REMOVE_MUTE,
          MucOperation.BAN_GROUP,
          MucOperation.REMOVE_BAN_GROUP,
          MucOperation.ADD_USER_WHITE_LIST,
          MucOperation.REMOVE_USER_WHITE_LIST,
          MucOperation.UPDATE_ANNOUNCEMENT,
          MucOperation.UPDATE,
          MucOperation.KICK,
          MucOperation.ABSENCE,
          MucOperation.PRESENCE,
          MucOperation.DIRECT_JOINED,
        ])
          assert.ok(ops.has(op), `operation ${op} told`);
      });

      test('an app without the chatrooms service answers 505', async () => {
        const { clientSecret } = await createApp(
          env.server.ctx.storage,
          env.server.ctx.clock,
          env.org,
          'norooms',
          {
            services: ['groups', 'files', 'history'],
          },
        );
        const t = { ...env, app: 'norooms' };
        const app = await adminToken(
          t,
          (await env.server.ctx.findApp(env.org, 'norooms'))!.clientId,
          clientSecret,
        );
        const r = await appCall(t, 'POST', '/chatrooms', app, { name: 'x', owner: 'ann' });
        assert.deepEqual([r.status, sdkCode(r)], [403, 505]);
        const mute = await appCall(t, 'GET', '/chatrooms/1/mute', app);
        assert.deepEqual([mute.status, sdkCode(mute)], [403, 505]);
      });
    },
  );

describe('chat room limits (CONFAB_ROOM_* rows, configured small)', () => {
  let env: TestServer;
  let admin: string;
  const call = (method: string, path: string, body?: unknown) => appCall(env, method, path, admin, body);

  before(async () => {
    env = await startTestServer({
      limits: {
        roomNameMaxChars: 5,
        roomDescriptionMaxChars: 5,
        roomDefaultMaxUsers: 3,
        roomMaxUsers: 4,
        roomsPerApp: 3,
        roomsPerUser: 2,
        roomBulkMax: 2,
        roomAdminsMax: 1,
        roomAnnouncementMaxChars: 3,
        roomSuperAdminsMax: 1,
      },
    });
    admin = await adminToken(env, env.clientId, env.clientSecret);
    await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan']);
  });
  after(() => env.close());

  test('each limit gives its code', async () => {
    const code = (r: Reply) => sdkCode(r);
    assert.equal(code(await call('POST', '/chatrooms', { name: 'toolong', owner: 'ann' })), -3);
    assert.equal(
      code(await call('POST', '/chatrooms', { name: 'r', description: 'toolong', owner: 'ann' })),
      -3,
    );
    assert.equal(code(await call('POST', '/chatrooms', { name: 'r', owner: 'ann', maxusers: 5 })), 607);
    const made = await call('POST', '/chatrooms', { name: 'r', owner: 'ann', members: ['bob'] });
    const id = made.body.data.id as string;
    // maxusers defaulted to roomDefaultMaxUsers.
    assert.equal((await call('GET', `/chatrooms/${id}`)).body.data[0].maxusers, 3);
    assert.equal(
      code(await call('POST', `/chatrooms/${id}/users`, { usernames: ['cat', 'dan', 'ann'] })),
      50,
    );
    assert.equal(code(await call('POST', `/chatrooms/${id}/users`, { usernames: ['cat', 'dan'] })), 704);
    await call('POST', `/chatrooms/${id}/users/cat`);
    await call('POST', `/chatrooms/${id}/admin`, { newadmin: 'bob' });
    assert.equal(code(await call('POST', `/chatrooms/${id}/admin`, { newadmin: 'cat' })), 50);
    assert.equal(code(await call('POST', `/chatrooms/${id}/announcement`, { announcement: 'long' })), 50);
    // bob is in one room; a second is fine, a third is past roomsPerUser.
    await call('POST', '/chatrooms', { name: 'r2', owner: 'bob' });
    assert.equal(code(await call('POST', '/chatrooms', { name: 'r3', owner: 'bob' })), 50);
    await call('POST', '/chatrooms', { name: 'r3', owner: 'dan' });
    assert.equal(code(await call('POST', '/chatrooms', { name: 'r4', owner: 'cat' })), 50);
    await call('POST', '/chatrooms/super_admin', { superadmin: 'ann' });
    assert.equal(code(await call('POST', '/chatrooms/super_admin', { superadmin: 'bob' })), 50);
  });
});
