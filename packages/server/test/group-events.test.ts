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
  memberAttributesEventExt,
  muteEventExt,
  updateInfoEventExt,
} from '../src/domain/mucs/muc-event-meta.js';
import { publishMembershipChanged } from '../src/domain/messages/group-fanout.js';
import type { MucAudience, MucEvent } from '../src/domain/ports/muc-events.js';
import { closeAllOfficialClients, plain, type OfficialClient } from './support/official-sdk.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';
import { register } from './support/rest.js';
import { testClients } from './support/test-clients.js';

const GROUP = '400000000000001';
const MEMBERS = ['alice', 'bob', 'carol'];
const MUTED_UNTIL = 1_900_000_000_000;

interface Case {
  operation: number;
  actor: 'alice' | 'bob' | 'dave';
  audience: MucAudience;
  fields?: Partial<MucEvent>;
  /** The onGroupEvent payload, `id` aside. */
  expect: Record<string, unknown>;
}

const members: MucAudience = { members: true };
const users = (...names: string[]): MucAudience => ({ users: names });

// Every group operation of msync §4.9 that reaches onGroupEvent, with the audience a use case gives it.
// Payloads are unique per device (so each can be matched to its case).
const CASES: Case[] = [
  {
    operation: Op.CREATE,
    actor: 'alice',
    audience: users('alice'),
    expect: { operation: 'create', from: 'alice' },
  },
  {
    operation: Op.APPLY,
    actor: 'dave',
    audience: users('alice'),
    fields: { reason: 'let me in' },
    expect: { operation: 'requestToJoin', from: 'dave', reason: 'let me in' },
  },
  {
    operation: Op.APPLY_ACCEPT,
    actor: 'alice',
    audience: users('dave'),
    expect: { operation: 'acceptRequest', from: 'alice' },
  },
  {
    operation: Op.APPLY_DECLINE,
    actor: 'alice',
    audience: users('dave'),
    fields: { targets: ['dave'] },
    expect: { operation: 'joinPublicGroupDeclined', from: 'alice', userId: 'dave' },
  },
  {
    operation: Op.INVITE,
    actor: 'bob',
    audience: users('dave'),
    fields: { mucName: 'Team', reason: 'join us' },
    expect: { operation: 'inviteToJoin', from: 'bob', name: 'Team' },
  },
  {
    operation: Op.INVITE,
    actor: 'alice',
    audience: users('carol'),
    fields: { mucName: 'Team (again)' },
    expect: { operation: 'inviteToJoin', from: 'alice', name: 'Team (again)' },
  },
  {
    operation: Op.INVITE_ACCEPT,
    actor: 'dave',
    audience: users('bob'),
    expect: { operation: 'acceptInvite', from: 'dave' },
  },
  {
    operation: Op.INVITE_DECLINE,
    actor: 'dave',
    audience: users('bob'),
    expect: { operation: 'rejectInvite', from: 'dave' },
  },
  {
    operation: Op.KICK,
    actor: 'alice',
    audience: users('dave'),
    fields: { targets: ['dave'] },
    expect: { operation: 'removeMember', from: 'alice' },
  },
  {
    operation: Op.ALLOW,
    actor: 'alice',
    audience: users('dave'),
    fields: { targets: ['dave'], reason: 'forgiven' },
    expect: { operation: 'unblockMember', from: 'alice', reason: 'forgiven' },
  },
  {
    operation: Op.UPDATE,
    actor: 'alice',
    audience: members,
    fields: {
      ext: updateInfoEventExt({
        name: 'New name',
        description: 'about',
        public: false,
        approval: true,
        allowInvites: true,
        maxUsers: 300,
        inviteNeedConfirm: false,
        custom: '{"k":1}',
        avatar: 'https://x/a.png',
        modifiedAt: 1_700_000_000_123,
      }),
    },
    expect: {
      operation: 'updateInfo',
      from: 'alice',
      detail: {
        name: 'New name',
        description: 'about',
        public: false,
        approval: true,
        allowInvites: true,
        maxUsers: 300,
        inviteNeedConfirm: false,
        ext: '{"k":1}',
        avatar: 'https://x/a.png',
        lastModified: 1_700_000_000_123,
      },
    },
  },
  {
    operation: Op.UPDATE,
    actor: 'alice',
    audience: { members: true, alsoUsers: ['dave', 'bob'] },
    fields: { ext: updateInfoEventExt({ name: 'Also for dave' }) },
    expect: { operation: 'updateInfo', from: 'alice', detail: { name: 'Also for dave' } },
  },
  {
    operation: Op.PRESENCE,
    actor: 'dave',
    audience: members,
    fields: { memberCount: 4 },
    expect: { operation: 'memberPresence', from: 'dave', memberCount: 4 },
  },
  {
    operation: Op.PRESENCE,
    actor: 'alice',
    audience: members,
    fields: { memberCount: 6, members: ['x1', 'x2'] },
    expect: { operation: 'membersPresence', memberCount: 6, members: ['x1', 'x2'] },
  },
  {
    operation: Op.ABSENCE,
    actor: 'bob',
    audience: members,
    fields: { memberCount: 5 },
    expect: { operation: 'memberAbsence', from: 'bob', memberCount: 5 },
  },
  {
    operation: Op.ABSENCE,
    actor: 'alice',
    audience: members,
    fields: { memberCount: 3, members: ['x1', 'x2'] },
    expect: { operation: 'membersAbsence', memberCount: 3, members: ['x1', 'x2'] },
  },
  {
    operation: Op.DIRECT_JOINED,
    actor: 'alice',
    audience: users('dave'),
    fields: { mucName: 'Team' },
    expect: { operation: 'directJoined', from: 'alice', name: 'Team' },
  },
  {
    operation: Op.ASSIGN_OWNER,
    actor: 'alice',
    audience: members,
    fields: { targets: ['bob'] },
    expect: { operation: 'changeOwner', from: 'alice' },
  },
  {
    operation: Op.ADD_ADMIN,
    actor: 'alice',
    audience: members,
    fields: { targets: ['bob'] },
    expect: { operation: 'setAdmin', from: 'alice', userId: 'bob' },
  },
  {
    operation: Op.REMOVE_ADMIN,
    actor: 'alice',
    audience: members,
    fields: { targets: ['bob'] },
    expect: { operation: 'removeAdmin', from: 'alice' },
  },
  {
    operation: Op.ADD_MUTE,
    actor: 'alice',
    audience: members,
    fields: { targets: ['bob'], ext: muteEventExt({ bob: MUTED_UNTIL }) },
    expect: { operation: 'muteMember', from: 'alice', userId: 'bob', muteTimestamp: { bob: MUTED_UNTIL } },
  },
  {
    operation: Op.REMOVE_MUTE,
    actor: 'alice',
    audience: members,
    fields: { targets: ['bob'] },
    expect: { operation: 'unmuteMember', from: 'alice', userId: 'bob' },
  },
  {
    operation: Op.UPDATE_ANNOUNCEMENT,
    actor: 'alice',
    audience: members,
    fields: { reason: 'read the rules' },
    expect: { operation: 'updateAnnouncement', from: 'alice', announcement: 'read the rules' },
  },
  {
    operation: Op.DELETE_ANNOUNCEMENT,
    actor: 'alice',
    audience: members,
    expect: { operation: 'deleteAnnouncement', from: 'alice' },
  },
  {
    operation: Op.UPLOAD_FILE,
    actor: 'bob',
    audience: members,
    expect: { operation: 'uploadFile', from: 'bob' },
  },
  {
    operation: Op.DELETE_FILE,
    actor: 'bob',
    audience: members,
    expect: { operation: 'deleteFile', from: 'bob' },
  },
  {
    operation: Op.ADD_USER_WHITE_LIST,
    actor: 'alice',
    audience: members,
    fields: { targets: ['carol'] },
    expect: { operation: 'addUserToAllowlist', from: 'alice', userId: 'carol' },
  },
  {
    operation: Op.REMOVE_USER_WHITE_LIST,
    actor: 'alice',
    audience: members,
    fields: { targets: ['carol'] },
    expect: { operation: 'removeAllowlistMember', from: 'alice', userId: 'carol' },
  },
  {
    operation: Op.BAN_GROUP,
    actor: 'alice',
    audience: members,
    expect: { operation: 'muteAllMembers', from: 'alice' },
  },
  {
    operation: Op.REMOVE_BAN_GROUP,
    actor: 'alice',
    audience: members,
    expect: { operation: 'unmuteAllMembers', from: 'alice' },
  },
  {
    operation: Op.GROUP_MEMBER_METADATA_UPDATE,
    actor: 'alice',
    audience: members,
    fields: { ext: memberAttributesEventExt('alice', { nickname: 'Al' }) },
    expect: {
      operation: 'memberAttributesUpdate',
      from: 'alice',
      attributes: { nickname: 'Al' },
      userId: 'alice',
    },
  },
  {
    operation: Op.DESTROY,
    actor: 'alice',
    audience: users(...MEMBERS),
    expect: { operation: 'destroy', from: 'alice' },
  },
];

/** JSON with sorted keys: one string per event, whatever order the SDK built it in. */
function canon(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return JSON.stringify(sort(plain(value)));
}

const isRecipient = (c: Case, user: string): boolean =>
  'members' in c.audience
    ? MEMBERS.includes(user) || (c.audience.alsoUsers ?? []).includes(user)
    : c.audience.users.includes(user);

/** The SDK tells an actor's other device of its own attribute change as a multi-device event. */
const eventName = (c: Case, user: string) =>
  c.operation === Op.GROUP_MEMBER_METADATA_UPDATE && c.actor === user ? 'onMultiDeviceEvent' : 'onGroupEvent';

const keyOf = (name: string, payload: unknown) => `${name} ${canon(payload)}`;

interface Expected {
  keys: string[];
  /** Key → 'log' (the group log) or 'notice' (the user's notice queue): order is kept within each. */
  queueOf: Map<string, 'log' | 'notice'>;
}

/** What a device of `user` should get; `acting` = the resource whose own actions it is not told of. */
function expectedFor(user: string, acting: boolean): Expected {
  const keys: string[] = [];
  const queueOf = new Map<string, 'log' | 'notice'>();
  for (const c of CASES) {
    if (!isRecipient(c, user) || (acting && c.actor === user)) continue;
    const inLog = 'members' in c.audience && MEMBERS.includes(user);
    const key = keyOf(eventName(c, user), { id: GROUP, ...c.expect });
    keys.push(key);
    queueOf.set(key, inLog ? 'log' : 'notice');
  }
  assert.equal(new Set(keys).size, keys.length, `expected events of ${user} are distinguishable`);
  return { keys, queueOf };
}

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
      const added = await env.server.ctx.storage.mucs.addMembers(appId, GROUP, ['erin'], Date.now());
      assert.ok(added.ok);
      // As the join use cases do: the nodes' group indexes learn of the new member (group-fanout.ts).
      await publishMembershipChanged(
        env.server.ctx.bus,
        { appId, groupId: GROUP, added: ['erin'] },
        (err) => {
          throw err;
        },
      );
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
