// The app server's moderation levers end to end, with both SDKs: a global mute refuses one-to-one, group
// and room messages with 506 (SERVICE_NOT_ALLOW_MESSAGING) for its duration and the REST API reads it
// back; the app's word list blocks (508, MESSAGE_MODERATION_BLOCKED, nothing stored or delivered) or masks
// words in text and custom fields; a switched-off service refuses with 505 (SERVICE_NOT_ENABLED); reports
// filed with the SDK are listed and resolved over REST.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';
import { adminToken, appCall, call, createUsers, type AppTarget } from './support/accounts.js';
import {
  closeAllOfficialClients,
  createOfficialClient,
  plain,
  type OfficialClient,
} from './support/official-sdk.js';
import { recordingClient, type RecordingClient } from './support/our-client.js';
import { makeGroup } from './support/groups.js';

/** Each suite runs on SQLite, and on PostgreSQL when CONFAB_TEST_PG_URL is set. */
const STORES = [
  { name: 'sqlite', skip: undefined },
  { name: 'postgres', skip: PG_SKIP },
] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface TestApp extends AppTarget {
  appKey: string;
  admin: string;
}

for (const store of STORES)
  describe(
    `app server moderation: global mute, word lists, service switches, reports (${store.name})`,
    { skip: store.skip },
    () => {
      let env: TestServer;
      const ours: RecordingClient[] = [];

      async function makeApp(
        name: string,
        settings: Record<string, unknown>,
        users: string[],
      ): Promise<TestApp> {
        const made = await call('POST', `${env.apiUrl}/management/apps`, env.adminToken, {
          org: 'mod',
          name,
          settings,
        });
        assert.equal(made.status, 200, JSON.stringify(made.body));
        const t = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: 'mod', app: name };
        const admin = await adminToken(t, made.body.clientId, made.body.clientSecret);
        await createUsers(t, admin, users);
        return { ...t, appKey: `mod#${name}`, admin };
      }
      const our = async (t: TestApp, user: string) => {
        const c = recordingClient({ appKey: t.appKey, url: t.wsUrl, apiUrl: t.apiUrl });
        ours.push(c);
        await c.conn.open({ user, pwd: 'pw' });
        return c;
      };
      const official = async (t: TestApp, user: string): Promise<OfficialClient> => {
        const c = createOfficialClient({ appKey: t.appKey, url: t.wsUrl, apiUrl: t.apiUrl });
        await c.conn.open({ user, pwd: 'pw' });
        await c.nextEvent('onConnected');
        return c;
      };
      type ChatType = 'singleChat' | 'groupChat' | 'chatRoom';
      const ourSend = (c: RecordingClient, chatType: ChatType, to: string, msg: string) =>
        c.conn.send(OurSdk.message.create({ type: 'txt', chatType, to, msg })).then(
          () => 0,
          (e: any) => e.type as number,
        );
      const officialSend = (c: OfficialClient, chatType: ChatType, to: string, msg: string) =>
        c.conn.send(c.sdk.message.create({ type: 'txt', chatType, to, msg })).then(
          () => 0,
          (e: any) => plain<any>(e).type as number,
        );

      let schema: string | undefined;
      before(async () => {
        schema = store.name === 'postgres' ? freshSchemaName() : undefined;
        const storage = schema ? await postgresStorage({ url: PG_URL!, schema }) : undefined;
        env = await startTestServer(storage ? { storage } : {});
      });
      after(async () => {
        for (const c of ours) c.conn.close();
        await closeAllOfficialClients();
        await env.close();
        if (schema) await dropSchema(PG_URL!, schema);
      });

      test('global mute: 506 for one-to-one, group and room messages, both SDKs; read back; lifted', async () => {
        const t = await makeApp('mutes', {}, ['ann', 'bob', 'cat']);
        const group = await makeGroup(
          { ...env, org: t.org, app: t.app },
          {
            owner: 'cat',
            members: ['ann', 'bob'],
          },
        );
        const room = String(
          (
            await appCall(t, 'POST', '/chatrooms', t.admin, {
              name: 'r',
              owner: 'cat',
              members: ['ann', 'bob'],
            })
          ).body.data.id,
        );
        const ann = await our(t, 'ann');
        await using bob = await official(t, 'bob');
        for (const kind of ['ours', 'official'] as const) {
          const send = (chatType: ChatType, to: string) =>
            kind === 'ours' ? ourSend(ann, chatType, to, 'hi') : officialSend(bob, chatType, to, 'hi');
          assert.equal(await send('singleChat', 'cat'), 0, `${kind}: not muted yet`);
        }
        // ann: one-to-one only, for a minute; bob: everything, forever.
        let r = await appCall(t, 'POST', '/mutes', t.admin, {
          username: 'ann',
          chat: 60,
          groupchat: 0,
          chatroom: 0,
        });
        assert.equal(r.status, 200, JSON.stringify(r.body));
        assert.deepEqual(r.body.data, { result: 'ok' });
        r = await appCall(t, 'POST', '/mutes', t.admin, {
          username: 'bob',
          chat: -1,
          groupchat: -1,
          chatroom: -1,
        });
        assert.equal(r.status, 200);
        assert.equal(await ourSend(ann, 'singleChat', 'cat', 'x'), 506);
        assert.equal(await ourSend(ann, 'groupChat', group, 'x'), 0, 'ann may still write to groups');
        assert.equal(await ourSend(ann, 'chatRoom', room, 'x'), 0, 'and to rooms');
        assert.equal(await officialSend(bob, 'singleChat', 'cat', 'x'), 506);
        assert.equal(await officialSend(bob, 'groupChat', group, 'x'), 506);
        assert.equal(await officialSend(bob, 'chatRoom', room, 'x'), 506);
        await appCall(t, 'POST', '/mutes', t.admin, { username: 'ann', groupchat: 60, chatroom: 60 });
        assert.equal(await ourSend(ann, 'groupChat', group, 'x'), 506);
        assert.equal(await ourSend(ann, 'chatRoom', room, 'x'), 506);

        const one = await appCall(t, 'GET', '/mutes/ann', t.admin);
        assert.equal(one.status, 200);
        assert.equal(one.body.data.userid, 'ann');
        for (const k of ['chat', 'groupchat', 'chatroom'])
          assert.ok(one.body.data[k] > 55 && one.body.data[k] <= 60, `${k}: ${one.body.data[k]}`);
        assert.equal(typeof one.body.data.unixtime, 'number');
        const list = await appCall(t, 'GET', '/mutes?pageNum=1&pageSize=10', t.admin);
        assert.deepEqual(
          list.body.data.slice(0, -1).map((m: any) => [m.username, m.chat]),
          [
            ['ann', one.body.data.chat],
            ['bob', -1],
          ],
        );
        assert.ok('unixtime' in list.body.data.at(-1));
        // 0 lifts a mute.
        await appCall(t, 'POST', '/mutes', t.admin, { username: 'bob', chat: 0, groupchat: 0, chatroom: 0 });
        assert.equal(await officialSend(bob, 'singleChat', 'cat', 'x'), 0);
        assert.equal(await officialSend(bob, 'groupChat', group, 'x'), 0);
        // Refusals: unknown user 404, bad duration 400, a member's token 401/403.
        assert.equal(
          (await appCall(t, 'POST', '/mutes', t.admin, { username: 'nobody', chat: 5 })).status,
          404,
        );
        assert.equal(
          (await appCall(t, 'POST', '/mutes', t.admin, { username: 'ann', chat: -5 })).status,
          400,
        );
      });

      test('word list, block: 508 with both SDKs in text and custom fields; nothing stored or delivered', async () => {
        const t = await makeApp(
          'wblock',
          { wordFilter: { words: ['Badword', 'evil plan'], action: 'block' } },
          ['ann', 'bob', 'cat'],
        );
        const ann = await our(t, 'ann');
        const cat = await our(t, 'cat');
        await using bob = await official(t, 'bob');
        assert.equal(await ourSend(ann, 'singleChat', 'cat', 'a BADWORD here'), 508);
        assert.equal(await officialSend(bob, 'singleChat', 'cat', 'the evil plan'), 508);
        const custom = await ann.conn
          .send(
            OurSdk.message.create({
              type: 'custom',
              chatType: 'singleChat',
              to: 'cat',
              customEvent: 'e',
              customExts: { note: 'badword' },
            }),
          )
          .then(
            () => 0,
            (e: any) => e.type as number,
          );
        assert.equal(custom, 508, 'custom fields are filtered too');
        const officialCustom = await bob.conn
          .send(
            bob.sdk.message.create({
              type: 'custom',
              chatType: 'singleChat',
              to: 'cat',
              customEvent: 'badword',
              customExts: {},
            }),
          )
          .then(
            () => 0,
            (e: any) => plain<any>(e).type as number,
          );
        assert.equal(officialCustom, 508);
        assert.equal(await ourSend(ann, 'singleChat', 'cat', 'clean'), 0);
        await cat.next('onTextMessage', (m: any) => m.msg === 'clean');
        await sleep(200);
        assert.deepEqual(
          cat.all('onTextMessage').map((m: any) => m.msg),
          ['clean'],
          'blocked messages never arrive',
        );
        assert.deepEqual(cat.all('onCustomMessage'), []);
      });

      test('word list, replace: the words arrive as *** (text and custom fields, both SDKs receive)', async () => {
        const t = await makeApp('wmask', { wordFilter: { words: ['darn'], action: 'replace' } }, [
          'ann',
          'bob',
        ]);
        const ann = await our(t, 'ann');
        await using bob = await official(t, 'bob');
        await ann.conn.send(
          OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'Darn it, darn!' }),
        );
        const got = plain<any>(await bob.nextEvent('onTextMessage'));
        assert.equal(got.msg, '*** it, ***!');
        await ann.conn.send(
          OurSdk.message.create({
            type: 'custom',
            chatType: 'singleChat',
            to: 'bob',
            customEvent: 'darn event',
            customExts: { k: 'so darn' },
          }),
        );
        const c = plain<any>(await bob.nextEvent('onCustomMessage'));
        assert.equal(c.customEvent, '*** event');
        assert.deepEqual(c.customExts, { k: 'so ***' });
        // An edit's new text passes the list too.
        const sent = await ann.conn.send(
          OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'fine' }),
        );
        await bob.nextEvent('onTextMessage', { predicate: (m: any) => m.id === sent.serverMsgId });
        await ann.conn.modifyMessage({
          messageId: sent.serverMsgId,
          modifiedMessage: OurSdk.message.create({
            type: 'txt',
            chatType: 'singleChat',
            to: 'bob',
            msg: 'not darn fine',
          }),
        });
        const edited = plain<any>(await bob.nextEvent('onModifiedMessage'));
        assert.equal(edited.msg, 'not *** fine');
      });

      test('service switch: groups off → 505 (SERVICE_NOT_ENABLED) with both SDKs', async () => {
        const t = await makeApp('nogroups', { services: ['files', 'history', 'recall'] }, ['ann', 'bob']);
        const ann = await our(t, 'ann');
        await using bob = await official(t, 'bob');
        assert.equal(await ourSend(ann, 'groupChat', '123456789', 'x'), 505);
        assert.equal(await officialSend(bob, 'groupChat', '123456789', 'x'), 505);
        // Over REST the same switch answers Agora's "service not open!" (SDK 505).
        const r = await appCall(t, 'GET', '/chatgroups', t.admin);
        assert.equal(r.status, 403);
        assert.equal(r.body.error_description, 'service not open!');
      });

      test('reports: filed with the SDK, listed and resolved over REST', async () => {
        const t = await makeApp('reports', {}, ['ann', 'bob']);
        const ann = await our(t, 'ann');
        const bob = await our(t, 'bob');
        const sent = await ann.conn.send(
          OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'buy now' }),
        );
        await bob.next('onTextMessage');
        await bob.conn.reportMessage({ reportType: 'ad', reportReason: 'spam', messageId: sent.serverMsgId });
        let list = await appCall(t, 'GET', '/moderation/reports?status=open', t.admin);
        assert.equal(list.status, 200, JSON.stringify(list.body));
        assert.equal(list.body.data.length, 1);
        const [report] = list.body.data;
        assert.deepEqual(
          [report.reporter, report.messageId, report.reportType, report.reason, report.status],
          ['bob', sent.serverMsgId, 'ad', 'spam', 'open'],
        );
        const done = await appCall(t, 'PUT', `/moderation/reports/${report.id}`, t.admin, {
          status: 'resolved',
          note: 'user warned',
        });
        assert.equal(done.status, 200, JSON.stringify(done.body));
        list = await appCall(t, 'GET', '/moderation/reports?status=open', t.admin);
        assert.deepEqual(list.body.data, []);
        list = await appCall(t, 'GET', '/moderation/reports', t.admin);
        assert.deepEqual([list.body.data[0].status, list.body.data[0].note], ['resolved', 'user warned']);
        assert.equal(
          (await appCall(t, 'PUT', '/moderation/reports/99999', t.admin, { status: 'resolved' })).status,
          404,
        );
        assert.equal(
          (await appCall(t, 'PUT', `/moderation/reports/${report.id}`, t.admin, { status: 'maybe' })).status,
          400,
        );
      });
    },
  );
