// Chat threads through the unmodified official SDK and through ours, against a real server: the 11 thread
// methods with the answers each SDK hands the app; the codes Agora gives (1300 no such thread, 1301 a
// thread for that message already, 602 not in the group, 603 not allowed); thread messages to the
// thread's members only, online and offline, with `chatThread`; onChatThreadChange (create, update,
// destroy to the group's members; userRemove to the removed member); the parent message's thread
// overview and the thread's history through the roaming API.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';
import { adminToken, appCall, createUsers } from './support/accounts.js';
import { makeGroup } from './support/messaging-groups.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient } from './support/our-client.js';

type Kind = 'official' | 'ours';
const KINDS: readonly Kind[] = ['official', 'ours'];
const NAMES = ['ann', 'bob', 'cat', 'dan'] as const;
const PREFIX: Record<Kind, string> = { official: 'tof_', ours: 'tou_' };

const code = (type: number) => (e: any) => {
  assert.equal(e?.type, type, `expected code ${type}, got ${JSON.stringify(plain(e))}`);
  return true;
};

interface Client {
  conn: any;
  sdk: any;
  next(name: string, predicate?: (d: any) => boolean): Promise<any>;
  seen(name: string, predicate: (d: any) => boolean): boolean;
  close(): Promise<void> | void;
}

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
  describe(
    `chat threads with both SDKs (${store.name})`,
    { ...(store.skip ? { skip: store.skip } : {}) },
    () => {
      let env: TestServer;
      let drop: () => Promise<void>;
      const open: Client[] = [];

      before(async () => {
        ({ env, drop } = await store.start());
        const admin = await adminToken(env, env.clientId, env.clientSecret);
        await createUsers(
          env,
          admin,
          KINDS.flatMap((k) => NAMES.map((n) => PREFIX[k] + n)),
        );
      });
      after(async () => {
        for (const c of open) await c.close();
        await closeAllOfficialClients();
        await env.close();
        await drop();
      });

      let devices = 0;
      async function login(kind: Kind, user: string): Promise<Client> {
        const address = { appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl };
        const deviceId = `dev${++devices}`;
        if (kind === 'ours') {
          const { default: OurSdk } = await import('@confab/sdk');
          const withDevice = { ...address, deviceId };
          const c = recordingClient(withDevice);
          await c.conn.open({ user, pwd: 'pw' });
          const client: Client = {
            conn: c.conn,
            sdk: OurSdk,
            next: (name, predicate) => c.next(name, predicate),
            seen: (name, predicate) => c.all(name).some(predicate),
            close: () => c.conn.close(),
          };
          open.push(client);
          return client;
        }
        const c = createOfficialClient({ ...address, deviceId });
        await c.conn.open({ user, pwd: 'pw' });
        await c.nextEvent('onConnected');
        const conn = new Proxy(c.conn, {
          get: (target: any, prop) =>
            typeof target[prop] === 'function'
              ? (...args: unknown[]) => {
                  const r = target[prop](...args);
                  return r && typeof r.then === 'function' ? r.then(plain) : r;
                }
              : target[prop],
        });
        const client: Client = {
          conn,
          sdk: c.sdk,
          next: async (name, predicate) =>
            plain(
              await c.nextEvent(
                name as never,
                predicate ? { predicate: (d: any) => predicate(plain(d)) } : {},
              ),
            ),
          seen: (name, predicate) => c.events(name as never).some((d: any) => predicate(plain(d))),
          close: () => c.close(),
        };
        open.push(client);
        return client;
      }

      const groupText = (c: Client, to: string, msg: string, thread = false) =>
        c.sdk.message.create({
          type: 'txt',
          chatType: 'groupChat',
          to,
          msg,
          ...(thread ? { isChatThread: true } : {}),
        });

      for (const kind of KINDS) {
        const u = (n: (typeof NAMES)[number]) => PREFIX[kind] + n;

        test(`${kind}: create, join, messages to members only, events, lists, detail, rename, remove, destroy`, async () => {
          const ann = await login(kind, u('ann')); // group owner
          const bob = await login(kind, u('bob'));
          const cat = await login(kind, u('cat'));
          const groupId = await makeGroup(env, u('ann'), [u('bob'), u('cat')]);

          const parent: any = await ann.conn.send(groupText(ann, groupId, 'parent'));
          const msgId = parent.serverMsgId;
          await bob.next('onTextMessage', (m) => m.id === msgId);

          // bob creates a thread on ann's message: everyone in the group is told (create).
          const created = await bob.conn.createChatThread({
            parentId: groupId,
            name: 'talk',
            messageId: msgId,
          });
          const threadId = created.data.chatThreadId;
          assert.match(threadId, /^\d+$/);
          for (const c of [ann, cat]) {
            const ev = await c.next(
              'onChatThreadChange',
              (e) => e.operation === 'create' && e.id === threadId,
            );
            assert.equal(ev.name, 'talk');
            assert.equal(ev.parentId, groupId);
            assert.equal(ev.messageId, msgId);
            assert.equal(ev.operator, u('bob'));
            assert.equal(ev.messageCount, 0);
          }
          await assert.rejects(
            bob.conn.createChatThread({ parentId: groupId, name: 'again', messageId: msgId }),
            code(1301),
          );

          // cat joins; the detail comes back renamed as the SDK does.
          const joined = await cat.conn.joinChatThread({ chatThreadId: threadId });
          assert.equal(joined.data.detail.id, threadId);
          assert.equal(joined.data.detail.parentId, groupId);
          assert.equal(joined.data.detail.messageId, msgId);
          assert.equal(joined.data.detail.owner, u('bob'));

          // A thread message reaches the thread's members (bob, cat), not ann who has not joined.
          const sent: any = await cat.conn.send(groupText(cat, threadId, 'in thread', true));
          const got = await bob.next('onTextMessage', (m) => m.id === sent.serverMsgId);
          assert.equal(got.to, threadId);
          assert.equal(got.chatType, 'groupChat');
          assert.deepEqual(got.chatThread, { messageId: msgId, parentId: groupId, chatThreadName: 'talk' });
          // The group is told the thread changed (update, with the count and the last message).
          const upd = await ann.next(
            'onChatThreadChange',
            (e) => e.operation === 'update' && e.messageCount === 1,
          );
          assert.equal(upd.id, threadId);
          assert.equal(upd.lastMessage?.msg, 'in thread');
          await new Promise((r) => setTimeout(r, 200));
          assert.equal(
            ann.seen('onTextMessage', (m) => m.id === sent.serverMsgId),
            false,
            'not a thread member',
          );

          // Members, detail, lists.
          const members = await bob.conn.getChatThreadMembers({ chatThreadId: threadId, pageSize: 1 });
          assert.deepEqual(members.data.affiliations, [u('bob')]);
          const detail = await ann.conn.getChatThreadDetail({ chatThreadId: threadId });
          assert.equal(detail.data.affiliationsCount, 2);
          assert.equal(detail.data.parentId, groupId);
          assert.equal(detail.data.messageId, msgId);
          const listed = await ann.conn.getChatThreads({ parentId: groupId, pageSize: 20 });
          assert.deepEqual(
            listed.entities.map((t: any) => [t.id, t.parentId, t.messageId]),
            [[threadId, groupId, msgId]],
          );
          const mine = await cat.conn.getJoinedChatThreads({ pageSize: 20 });
          assert.deepEqual(
            mine.entities.map((t: any) => t.id),
            [threadId],
          );
          const mineInGroup = await cat.conn.getJoinedChatThreads({ parentId: groupId, pageSize: 20 });
          assert.equal(mineInGroup.entities.length, 1);
          assert.equal((await ann.conn.getJoinedChatThreads({ pageSize: 20 })).entities.length, 0);
          const last = await ann.conn.getChatThreadLastMessage({ chatThreadIds: [threadId] });
          assert.equal(last.entities[0].chatThreadId, threadId);
          assert.equal(last.entities[0].lastMessage.msg, 'in thread');
          assert.equal(last.entities[0].lastMessage.id, sent.serverMsgId);

          // History: the thread's, and the parent message with its thread overview.
          const history = await ann.conn.getHistoryMessages({
            targetId: threadId,
            chatType: 'groupChat',
            pageSize: 20,
          });
          assert.deepEqual(
            history.messages.map((m: any) => m.msg),
            ['in thread'],
          );
          const groupHistory = await bob.conn.getHistoryMessages({
            targetId: groupId,
            chatType: 'groupChat',
            pageSize: 20,
          });
          const withOverview = groupHistory.messages.find((m: any) => m.id === msgId);
          assert.equal(withOverview?.chatThreadOverview?.id, threadId);
          assert.equal(withOverview?.chatThreadOverview?.name, 'talk');
          assert.equal(withOverview?.chatThreadOverview?.messageCount, 1);

          // Rename: the creator may; the group is told (update).
          const renamed = await bob.conn.changeChatThreadName({ chatThreadId: threadId, name: 'topic' });
          assert.equal(renamed.data.name, 'topic');
          const upd2 = await cat.next(
            'onChatThreadChange',
            (e) => e.operation === 'update' && e.name === 'topic',
          );
          assert.equal(upd2.id, threadId);
          await assert.rejects(
            cat.conn.changeChatThreadName({ chatThreadId: threadId, name: 'x' }),
            code(603),
          );

          // Remove a member: the group owner may; the removed member is told (userRemove).
          await assert.rejects(
            cat.conn.removeChatThreadMember({ chatThreadId: threadId, username: u('bob') }),
            code(603),
          );
          const removed = await ann.conn.removeChatThreadMember({
            chatThreadId: threadId,
            username: u('cat'),
          });
          assert.deepEqual([removed.data.result, removed.data.user], [true, u('cat')]);
          const kicked = await cat.next('onChatThreadChange', (e) => e.operation === 'userRemove');
          assert.equal(kicked.id, threadId);
          assert.equal(kicked.parentId, groupId);
          assert.equal(kicked.userName, u('cat'));

          // Leave, destroy (group owner/admins only), then 1300.
          await bob.conn.leaveChatThread({ chatThreadId: threadId });
          assert.equal((await bob.conn.getJoinedChatThreads({ pageSize: 20 })).entities.length, 0);
          await assert.rejects(bob.conn.destroyChatThread({ chatThreadId: threadId }), code(603));
          await ann.conn.destroyChatThread({ chatThreadId: threadId });
          const gone = await bob.next('onChatThreadChange', (e) => e.operation === 'destroy');
          assert.equal(gone.id, threadId);
          await assert.rejects(ann.conn.getChatThreadDetail({ chatThreadId: threadId }), code(1300));
          await assert.rejects(cat.conn.joinChatThread({ chatThreadId: threadId }), code(1300));
          for (const c of open.splice(0)) await c.close();
        });

        test(`${kind}: the actor's other device hears of its thread acts (onMultiDeviceEvent)`, async () => {
          const ann = await login(kind, u('ann'));
          const ann2 = await login(kind, u('ann'));
          const groupId = await makeGroup(env, u('ann'), [u('bob')]);
          const parent: any = await ann.conn.send(groupText(ann, groupId, 'p'));
          const { data } = await ann.conn.createChatThread({
            parentId: groupId,
            name: 'md',
            messageId: parent.serverMsgId,
          });
          const created = await ann2.next('onMultiDeviceEvent', (e) => e.operation === 'chatThreadCreate');
          assert.deepEqual(created, {
            operation: 'chatThreadCreate',
            chatThreadId: data.chatThreadId,
            chatThreadName: 'md',
            parentId: groupId,
          });
          await ann.conn.changeChatThreadName({ chatThreadId: data.chatThreadId, name: 'md2' });
          const renamed = await ann2.next(
            'onMultiDeviceEvent',
            (e) => e.operation === 'chatThreadNameUpdate',
          );
          assert.equal(renamed.chatThreadName, 'md2');
          await ann.conn.leaveChatThread({ chatThreadId: data.chatThreadId });
          await ann2.next('onMultiDeviceEvent', (e) => e.operation === 'chatThreadLeave');
          await ann.conn.joinChatThread({ chatThreadId: data.chatThreadId });
          await ann2.next('onMultiDeviceEvent', (e) => e.operation === 'chatThreadJoin');
          await ann.conn.destroyChatThread({ chatThreadId: data.chatThreadId });
          await ann2.next('onMultiDeviceEvent', (e) => e.operation === 'chatThreadDestroy');
          assert.equal(
            ann.seen('onMultiDeviceEvent', (e) => e.chatThreadId === data.chatThreadId),
            false,
            'not the acting device',
          );
          for (const c of open.splice(0)) await c.close();
        });

        test(`${kind}: who leaves the group leaves its threads; a destroyed group's threads go`, async () => {
          const ann = await login(kind, u('ann'));
          const bob = await login(kind, u('bob'));
          const groupId = await makeGroup(env, u('ann'), [u('bob')]);
          const parent: any = await ann.conn.send(groupText(ann, groupId, 'p'));
          const { data } = await ann.conn.createChatThread({
            parentId: groupId,
            name: 't',
            messageId: parent.serverMsgId,
          });
          await bob.conn.joinChatThread({ chatThreadId: data.chatThreadId });
          await ann.conn.removeGroupMember({ groupId, username: u('bob') });
          assert.deepEqual(
            (await ann.conn.getChatThreadMembers({ chatThreadId: data.chatThreadId })).data.affiliations,
            [u('ann')],
          );
          const sent: any = await ann.conn.send(groupText(ann, data.chatThreadId, 'after bob left', true));
          await new Promise((r) => setTimeout(r, 300));
          assert.equal(
            bob.seen('onTextMessage', (m) => m.id === sent.serverMsgId),
            false,
          );
          await ann.conn.destroyGroup({ groupId });
          const admin = await adminToken(env, env.clientId, env.clientSecret);
          const r = await appCall(env, 'GET', `/thread/${data.chatThreadId}`, admin);
          assert.equal(r.status, 404);
          for (const c of open.splice(0)) await c.close();
        });

        test(`${kind}: thread messages reach an offline member at login; outsiders get 602`, async () => {
          const ann = await login(kind, u('ann'));
          const groupId = await makeGroup(env, u('ann'), [u('bob')]);
          const parent: any = await ann.conn.send(groupText(ann, groupId, 'p'));
          const { data } = await ann.conn.createChatThread({
            parentId: groupId,
            name: 't',
            messageId: parent.serverMsgId,
          });
          const bob = await login(kind, u('bob'));
          await bob.conn.joinChatThread({ chatThreadId: data.chatThreadId });
          await bob.close();
          const sent: any = await ann.conn.send(groupText(ann, data.chatThreadId, 'while away', true));
          const bob2 = await login(kind, u('bob'));
          const got = await bob2.next('onTextMessage', (m) => m.id === sent.serverMsgId);
          assert.equal(got.chatThread?.parentId, groupId);

          const dan = await login(kind, u('dan'));
          await assert.rejects(dan.conn.joinChatThread({ chatThreadId: data.chatThreadId }), code(602));
          await assert.rejects(dan.conn.getChatThreads({ parentId: groupId }), code(602));
          await assert.rejects(dan.conn.getChatThreadDetail({ chatThreadId: '123456' }), code(1300));
          for (const c of open.splice(0)) await c.close();
        });
      }
    },
  );
