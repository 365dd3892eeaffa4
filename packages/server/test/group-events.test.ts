// Group notifications with the unmodified official SDK: for every `onGroupEvent` operation the server
// raises (ctx.mucEvents, as the group use cases do), the devices that should hear of it get the event
// with the fields the SDK fills from the MUCBody, pushed while online and at the next login while
// offline, in order and once; the acting device never gets it, the actor's other devices do (an
// attribute change of one's own arrives there as onMultiDeviceEvent, as the SDK decides); a member
// who joins later gets no older event; events are no conversation, history or unread message.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MucOperation as Op } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import {
  CASES,
  expectedFor,
  GROUP,
  keyOf,
  members,
  MEMBERS,
  type Case,
  type Expected,
} from './support/group-event-cases.js';
import { addMembers } from './support/messaging-groups.js';
import { closeAllOfficialClients, plain, type OfficialClient } from './support/official-sdk.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';
import { register } from './support/rest.js';
import { testClients } from './support/test-clients.js';

const received = (c: OfficialClient): string[] =>
  c.recorder.log
    .filter((e) => e.name === 'onGroupEvent' || e.name === 'onMultiDeviceEvent')
    .filter(
      (e) =>
        e.name !== 'onMultiDeviceEvent' ||
        (e.data as { operation?: string }).operation === 'memberAttributesUpdate',
    )
    .map((e) => keyOf(e.name, e.data));

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every expected event, once, nothing else; in order within the group log and within the notice queue. */
async function assertReceived(label: string, c: OfficialClient, exp: Expected): Promise<void> {
  await until(`${label}: ${exp.keys.length} events`, () => received(c).length >= exp.keys.length);
  await new Promise((r) => setTimeout(r, 300)); // duplicates or strays would arrive by now
  const got = received(c);
  assert.deepEqual([...got].sort(), [...exp.keys].sort(), `${label}: each expected event once, nothing else`);
  for (const q of ['log', 'notice'] as const) {
    const inQ = (keys: string[]) => keys.filter((k) => exp.queueOf.get(k) === q);
    assert.deepEqual(inQ(got), inQ(exp.keys), `${label}: ${q} events in order`);
  }
}

const resourceOf = (c: OfficialClient): string => {
  const r = (c.conn as unknown as { clientResource?: string }).clientResource;
  assert.ok(r, 'the SDK knows its resource');
  return r;
};

/** SQLite always; PostgreSQL (a schema of its own) when CONFAB_TEST_PG_URL is set. */
const STORES: {
  name: string;
  skip?: string;
  start: () => Promise<{ env: TestServer; drop?: () => Promise<void> }>;
}[] = [
  { name: 'sqlite', start: async () => ({ env: await startTestServer() }) },
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
  describe(`group events with the official SDK (${store.name})`, { skip: store.skip }, () => {
    let env: TestServer;
    let drop: (() => Promise<void>) | undefined;
    let appId: number;
    const clients = testClients(() => env);
    const { official } = clients;

    before(async () => {
      ({ env, drop } = await store.start());
      for (const u of ['alice', 'bob', 'carol', 'dave', 'erin']) await register(env, u, 'pw');
      const app = await env.server.ctx.findApp(env.org, env.app);
      appId = app!.id;
      const made = await env.server.ctx.storage.mucs.create(
        {
          appId,
          kind: 'group',
          id: GROUP,
          name: 'Team',
          description: '',
          avatar: '',
          owner: 'alice',
          public: true,
          approval: false,
          allowInvites: false,
          inviteNeedConfirm: false,
          maxUsers: 200,
          custom: '',
          announcement: '',
          allMuted: false,
          disabled: false,
          createdAt: Date.now(),
        },
        MEMBERS.map((username, i) => ({
          username,
          role: i === 0 ? 'owner' : 'member',
          joinedAt: Date.now(),
        })),
      );
      assert.ok(made);
    });
    after(async () => {
      clients.closeOurs();
      await closeAllOfficialClients();
      await env.close();
      await drop?.();
    });

    const notify = (c: Case, resources: Record<string, string>) =>
      env.server.ctx.mucEvents.notify(
        {
          appId,
          kind: 'group',
          mucId: GROUP,
          operation: c.operation,
          actor: c.actor,
          actorResource: resources[c.actor]!,
          createdAt: Date.now(),
          ...c.fields,
        },
        c.audience,
      );

    test('every operation: online devices get it pushed, the acting device not, offline ones at login, in order, once', async () => {
      const a1 = await official('alice');
      const a2 = await official('alice');
      const b1 = await official('bob');
      const d1 = await official('dave');
      const acting = { alice: resourceOf(a1), bob: resourceOf(b1), dave: resourceOf(d1) };
      for (const c of CASES) await notify(c, acting);

      await assertReceived('alice, acting device', a1, expectedFor('alice', true));
      await assertReceived("alice's other device", a2, expectedFor('alice', false));
      await assertReceived('bob', b1, expectedFor('bob', true));
      await assertReceived('dave (not a member)', d1, expectedFor('dave', true));

      // Carol was offline for all of it: her group log and her notice queue at login.
      const c1 = await official('carol');
      await assertReceived('carol at login', c1, expectedFor('carol', false));
      await until('carol acknowledged', () => c1.events('onOfflineMessageSyncFinish').length > 0);
      const unread = await env.server.ctx.storage.messages.unreadQueues({
        appId,
        owner: 'carol',
        resource: resourceOf(c1),
      });
      assert.deepEqual(unread, [], 'everything acknowledged');
      await c1.close();
      // Another login: nothing again.
      const c2 = await official('carol');
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(received(c2), []);
    });

    test('a member who joins later gets no older event, and the next ones', async () => {
      // Added as the use cases add (store, then the membership news the nodes' group index follows).
      await addMembers(env, GROUP, ['erin']);
      const e1 = await official('erin');
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(received(e1), [], 'no backlog');
      const c: Case = {
        operation: Op.UPDATE_ANNOUNCEMENT,
        actor: 'alice',
        audience: members,
        fields: { reason: 'welcome erin' },
        expect: { operation: 'updateAnnouncement', from: 'alice', announcement: 'welcome erin' },
      };
      await notify(c, { alice: 'elsewhere' });
      const got = await e1.nextEvent('onGroupEvent');
      assert.deepEqual(plain(got), { id: GROUP, ...c.expect });
    });

    test('events are no conversation, history or unread message', async () => {
      const b = await official('bob');
      const list: any = plain(await b.conn.getServerConversations({ pageSize: 50 }));
      const ids = (list.data.conversations as { conversationId: string }[]).map((x) => x.conversationId);
      assert.ok(!ids.includes(GROUP), JSON.stringify(ids));
      assert.ok(!ids.some((id) => id.includes('notices')), JSON.stringify(ids));
      const summaries = await env.server.ctx.storage.conversations.summaries(appId, 'bob');
      for (const s of summaries) {
        assert.equal(s.lastMessage, undefined, s.key);
        assert.equal(s.unread, 0, s.key);
      }
      for (const key of [`g:${GROUP}`, 'n:bob'])
        assert.deepEqual(
          await env.server.ctx.storage.conversations.history(appId, 'bob', key, {
            direction: 'up',
            limit: 50,
          }),
          [],
        );
    });
  });
