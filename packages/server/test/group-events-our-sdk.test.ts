// Group events with our SDK (@confab/sdk): for every operation the server raises (the cases of
// group-events.test.ts), our devices get `onGroupEvent` (or `onMultiDeviceEvent`) with exactly the object
// the unmodified official SDK makes of the same MUCBody, on a device of the same user in the same run;
// through addEventHandler, addEventListener and listen(); pushed online, at login offline, in order and
// once; never on the acting device. (Real group calls with both SDKs: groups-sdk-events.test.ts.)
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { GroupEvent } from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import {
  CASES,
  canon,
  expectedFor,
  GROUP,
  keyOf,
  MEMBERS,
  type Case,
  type Expected,
} from './support/group-event-cases.js';
import { closeAllOfficialClients, type OfficialClient } from './support/official-sdk.js';
import type { RecordingClient } from './support/our-client.js';
import { register } from './support/rest.js';
import { testClients } from './support/test-clients.js';

const GROUP_EVENTS = new Set(['onGroupEvent', 'onMultiDeviceEvent']);

/** Our client's group events, as `name payload` keys. */
const ours = (c: RecordingClient): string[] =>
  c.events.filter((e) => GROUP_EVENTS.has(e.name)).map((e) => keyOf(e.name, e.data));

/** The official client's group events (its multi-device events other than attribute changes aside). */
const theirs = (c: OfficialClient): string[] =>
  c.recorder.log
    .filter((e) => GROUP_EVENTS.has(e.name))
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

/** Every expected event once and nothing else, in order within the group log and the notice queue. */
async function assertKeys(label: string, got: () => string[], exp: Expected): Promise<string[]> {
  await until(`${label}: ${exp.keys.length} events`, () => got().length >= exp.keys.length);
  await new Promise((r) => setTimeout(r, 300)); // duplicates or strays would arrive by now
  const keys = got();
  assert.deepEqual([...keys].sort(), [...exp.keys].sort(), `${label}: each expected event once`);
  for (const q of ['log', 'notice'] as const) {
    const inQ = (list: string[]) => list.filter((k) => exp.queueOf.get(k) === q);
    assert.deepEqual(inQ(keys), inQ(exp.keys), `${label}: ${q} events in order`);
  }
  return keys;
}

describe('group events with our SDK', () => {
  let env: TestServer;
  let appId: number;
  const clients = testClients(() => env);
  const { our, official } = clients;

  before(async () => {
    env = await startTestServer();
    for (const u of ['alice', 'bob', 'carol', 'dave']) await register(env, u, 'pw');
    appId = (await env.server.ctx.findApp(env.org, env.app))!.id;
    const now = Date.now();
    const made = await env.server.ctx.storage.mucs.create(
      {
        ...{ appId, kind: 'group', id: GROUP, name: 'Team', description: '', avatar: '', owner: 'alice' },
        ...{ public: true, approval: false, allowInvites: false, inviteNeedConfirm: false, maxUsers: 200 },
        ...{ custom: '', announcement: '', allMuted: false, disabled: false, createdAt: now },
      },
      MEMBERS.map((username, i) => ({ username, role: i === 0 ? 'owner' : 'member', joinedAt: now })),
    );
    assert.ok(made);
  });
  after(async () => {
    clients.closeOurs();
    await closeAllOfficialClients();
    await env.close();
  });

  const notify = (c: Case, resources: Record<string, string>) =>
    env.server.ctx.mucEvents.notify(
      {
        ...{ appId, kind: 'group', mucId: GROUP, operation: c.operation, actor: c.actor },
        ...{ actorResource: resources[c.actor]!, createdAt: Date.now(), ...c.fields },
      },
      c.audience,
    );

  test('every operation: the official SDK’s objects, online and offline, not on the acting device', async () => {
    const a1 = await our('alice');
    const a2 = await our('alice');
    const b1 = await our('bob');
    const d1 = await our('dave');
    // The official SDK on other devices of the same users: what it makes of the same events.
    const a3 = await official('alice');
    const b2 = await official('bob');
    // addEventListener and listen() get the same events as addEventHandler.
    const viaListener: unknown[] = [];
    const viaListen: unknown[] = [];
    a2.conn.addEventListener('listener', { onGroupEvent: (e: GroupEvent) => viaListener.push(e) });
    a2.conn.listen({
      onGroupEvent: (e) => viaListen.push(e),
      onMultiDeviceEvent: (e) => viaListen.push(e),
    });

    const acting = {
      alice: a1.conn.clientResource,
      bob: b1.conn.clientResource,
      dave: d1.conn.clientResource,
    };
    for (const c of CASES) await notify(c, acting);

    await assertKeys('alice, acting device', () => ours(a1), expectedFor('alice', true));
    const a2Keys = await assertKeys("alice's other device", () => ours(a2), expectedFor('alice', false));
    const a3Keys = await assertKeys('alice, official SDK', () => theirs(a3), expectedFor('alice', false));
    // Events come from two queues (the group's log, and each user's notice queue: destroy, multi-device
    // events), whose interleaving differs from device to device; assertKeys checked each device's list.
    assert.deepEqual([...a2Keys].sort(), [...a3Keys].sort(), 'our objects are the official ones');
    // Bob's official device is no acting device: it also gets what bob did himself.
    await assertKeys('bob', () => ours(b1), expectedFor('bob', true));
    await assertKeys('bob, official SDK', () => theirs(b2), expectedFor('bob', false));
    await assertKeys('dave (not a member)', () => ours(d1), expectedFor('dave', true));

    const listed = (list: unknown[]) => list.map((e) => canon(e));
    const groupOnly = (keys: string[]) =>
      keys.filter((k) => k.startsWith('onGroupEvent ')).map((k) => k.slice('onGroupEvent '.length));
    assert.deepEqual(listed(viaListener), groupOnly(a2Keys));
    assert.equal(viaListen.length, a2Keys.length);

    // Carol was offline for all of it: her group log and her notice queue at login.
    const c1 = await our('carol');
    await assertKeys('carol at login', () => ours(c1), expectedFor('carol', false));
    await c1.next('onOfflineMessageSyncFinish');
    c1.conn.close();
    const c2 = await our('carol');
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(ours(c2), [], 'once');
  });
});
