// The reaction REST API (agora-rest-api.md §1.4 #48–51, §3 "Reactions") with the app admin token, on
// SQLite and PostgreSQL: answers carry `requestStatusCode: "ok"` and `data`; refusals carry Agora's exact
// texts, which the official SDK's mapper turns into 1101, 1103, 50 and 505; 50 users adding the same new
// reaction at once all count; list calls name at most 20 messages; detail pages hold at most 50 users and
// take the SDK's `currentPage`/`pageSize` as well as the docs' `cursor`/`limit`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { codeFromHttp } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { createApp } from '../src/domain/apps/app-admin.js';
import { adminToken, appCall, createUsers, type Reply } from './support/accounts.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';

/** The SDK code an answer maps to (the official mapper, on the reaction URL). */
const sdkCode = (r: Reply) =>
  codeFromHttp(r.status, JSON.stringify(r.body), 'http://h/o/a/reaction/user/x').type;

const USERS = Array.from({ length: 50 }, (_, i) => `u${i}`);

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
  describe(`app-server reaction API (${store.name})`, { ...(store.skip ? { skip: store.skip } : {}) }, () => {
    let env: TestServer;
    let drop: () => Promise<void>;
    let admin: string;
    let sender: InstanceType<typeof OurSdk.connection>;
    let group: string;
    const call = (method: string, path: string, body?: unknown) => appCall(env, method, path, admin, body);
    const send = async (to: string, msg: string, chatType: 'singleChat' | 'groupChat' = 'singleChat') =>
      ((await sender.send(OurSdk.message.create({ type: 'txt', chatType, to, msg }))) as any)
        .serverMsgId as string;
    const add = (user: string, msgId: string, message: string) =>
      call('POST', `/reaction/user/${user}`, { msgId, message });

    before(async () => {
      ({ env, drop } = await store.start());
      admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat', ...USERS]);
      group = (await call('POST', '/chatgroups', { groupname: 'g', owner: 'ann' })).body.data
        .groupid as string;
      for (let i = 0; i < USERS.length; i += 25) {
        const r = await call('POST', `/chatgroups/${group}/users`, { usernames: USERS.slice(i, i + 25) });
        assert.equal(r.status, 200, JSON.stringify(r.body));
      }
      sender = new OurSdk.connection({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
      await sender.open({ user: 'ann', pwd: 'pw' });
    });
    after(async () => {
      sender.close();
      await env.close();
      await drop();
    });

    test('add, list, detail, delete: the answers and Agora’s refusal texts', async () => {
      const id = await send('bob', 'hi');
      const added = await add('bob', id, 'like');
      assert.equal(added.status, 200);
      assert.equal(added.body.requestStatusCode, 'ok');
      assert.equal(added.body.path, '/reaction/user/bob');

      const twice = await add('bob', id, 'like');
      assert.deepEqual(
        [twice.status, twice.body.error_description, sdkCode(twice)],
        [400, 'the user is already operation this message', 1101],
      );
      const notMine = await call('DELETE', `/reaction/user/ann?msgId=${id}&message=like`);
      assert.deepEqual(
        [notMine.status, notMine.body.error_description, sdkCode(notMine)],
        [400, 'the user operation is illegal!', 1103],
      );
      const outsider = await add('cat', id, 'like');
      assert.deepEqual([outsider.status, sdkCode(outsider)], [400, 1103]);
      const missing = await add('bob', '12345', 'like');
      assert.equal(sdkCode(missing), 51);
      const tooLong = await add('bob', id, 'x'.repeat(129));
      assert.deepEqual([tooLong.status, sdkCode(tooLong)], [400, -3]);

      const list = await call('GET', `/reaction/user/ann?msgIdList=${id},${id}&msgType=chat&groupId=null`);
      assert.equal(list.body.requestStatusCode, 'ok');
      assert.deepEqual(list.body.data, [
        {
          msgId: id,
          reactionList: [
            {
              reaction: 'like',
              count: 1,
              userList: ['bob'],
              state: false,
              reactionId: list.body.data[0].reactionList[0].reactionId,
            },
          ],
        },
      ]);
      const ids = Array.from({ length: 21 }, () => id).join(',');
      const many = await call('GET', `/reaction/user/ann?msgIdList=${ids}&msgType=chat`);
      assert.deepEqual([many.status, sdkCode(many)], [400, -3]);

      const detail = await call('GET', `/reaction/user/bob/detail?msgId=${id}&message=like&limit=10&cursor=`);
      assert.deepEqual(
        { ...detail.body.data, reactionId: undefined },
        { reaction: 'like', userCount: 1, state: true, userList: ['bob'], cursor: '', reactionId: undefined },
      );

      const del = await call('DELETE', `/reaction/user/bob?msgId=${id}&message=like`);
      assert.equal(del.status, 200);
      const after = await call('GET', `/reaction/user/bob?msgIdList=${id}&msgType=chat`);
      assert.deepEqual(after.body.data, [{ msgId: id, reactionList: [] }]);
    });

    test('50 users add the same new reaction at once: a count of 50; detail pages of at most 50', async () => {
      const id = await send(group, 'react all at once', 'groupChat');
      const answers = await Promise.all(USERS.map((u) => add(u, id, 'party')));
      assert.deepEqual(
        answers.map((r) => r.status),
        USERS.map(() => 200),
      );
      const list = await call('GET', `/reaction/user/ann?msgIdList=${id}&msgType=groupchat&groupId=${group}`);
      const [entry] = list.body.data[0].reactionList;
      assert.equal(entry.count, 50);
      assert.equal(entry.userList.length, 3, 'lists show the first 3 users');

      const page1 = await call(
        'GET',
        `/reaction/user/u0/detail?msgId=${id}&message=party&pageSize=100&currentPage=null`,
      );
      assert.equal(page1.body.data.userList.length, 50, 'a larger page is cut to 50');
      assert.equal(page1.body.data.userCount, 50);
      const pageA = await call('GET', `/reaction/user/u0/detail?msgId=${id}&message=party&pageSize=30`);
      const pageB = await call(
        'GET',
        `/reaction/user/u0/detail?msgId=${id}&message=party&pageSize=30&currentPage=${pageA.body.data.cursor}`,
      );
      assert.equal(pageB.body.data.cursor, '');
      assert.deepEqual(new Set([...pageA.body.data.userList, ...pageB.body.data.userList]), new Set(USERS));

      const outsider = await add('bob', id, 'party');
      assert.deepEqual(
        [
          outsider.status,
          outsider.body.error_description,
          codeFromHttp(outsider.status, JSON.stringify(outsider.body), 'http://h/o/a/reaction/user/bob').type,
        ],
        [400, 'The user not in this group!', 602],
      );
    });

    test('the 21st distinct reaction of a message is refused with 50', async () => {
      const id = await send(group, 'many kinds', 'groupChat');
      for (let i = 0; i < 20; i++) assert.equal((await add(`u${i}`, id, `k${i}`)).status, 200);
      const over = await add('u20', id, 'k20');
      assert.deepEqual(
        [over.status, over.body.error_description, sdkCode(over)],
        [400, 'The quantity has exceeded the limit!', 50],
      );
      assert.equal((await add('u20', id, 'k0')).status, 200, 'an existing reaction takes more users');
    });

    test('an app without the reactions service answers 505', async () => {
      const name = `noreact${store.name}`;
      const { clientSecret } = await createApp(env.server.ctx.storage, env.server.ctx.clock, env.org, name, {
        services: ['files', 'history'],
      });
      const t = { ...env, app: name };
      const token = await adminToken(
        t,
        (await env.server.ctx.findApp(env.org, name))!.clientId,
        clientSecret,
      );
      await appCall(t, 'POST', '/users', token, { username: 'zed', password: 'pw' });
      const r = await appCall(t, 'POST', '/reaction/user/zed', token, { msgId: '1', message: 'like' });
      assert.deepEqual(
        [r.status, r.body.error_description, sdkCode(r)],
        [400, 'this appKey is not open reaction service!', 505],
      );
    });
  });
