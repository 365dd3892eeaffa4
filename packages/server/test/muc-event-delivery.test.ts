// The MucEvents adapter on every store: an event for the members is one entry of the group's log that
// every member's devices read (the acting device skips it), an event for named users is one entry per
// user in their notice queue; a member who joins later starts after older events; events are in no
// history, conversation list or unread count; wake-ups name each queue and spare the acting device.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MUC_EVENT_ENTRY, MucOperation, NameSpace, msync, u64ToString } from '@confab/protocol';
import { mucEventDelivery, NOTICE_QUEUE } from '../src/domain/mucs/muc-event-delivery.js';
import { messageIdGenerator } from '../src/domain/messages/message-id.js';
import type { Bus, BusEvent, QueueHint } from '../src/domain/ports/bus.js';
import { systemClock } from '../src/domain/ports/clock.js';
import type { MucEvent, MucEvents } from '../src/domain/ports/muc-events.js';
import type { DeviceRef, Storage } from '../src/domain/ports/storage.js';
import { noopLogger } from '../src/adapters/noop-logger.js';
import { adapterSuite, contractKit } from './contracts/contract-kit.js';
import type { StorageFixture } from './contracts/storage-contract.js';
import { forEachStorageAdapter } from './support/storage-fixtures.js';

const GROUP = '300000000000001';
const LOG = `g:${GROUP}`;

function recordingBus(published: BusEvent[]): Bus {
  return {
    publish: (e) => (published.push(e), Promise.resolve()),
    subscribe: () => () => undefined,
    close: () => Promise.resolve(),
  };
}

function eventSuite(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`group events: ${name}`, skip, () => {
    let s: Storage;
    let appId: number;
    let events: MucEvents;
    const published: BusEvent[] = [];
    const kit = contractKit(make, (storage, id) => {
      s = storage;
      appId = id;
      published.length = 0;
      events = mucEventDelivery({
        storage,
        bus: recordingBus(published),
        ids: messageIdGenerator(systemClock, 7),
        logger: noopLogger,
      });
    });
    const device = (owner: string, resource: string): DeviceRef => ({ appId, owner, resource });
    const event = (over: Partial<MucEvent> = {}): MucEvent => ({
      appId,
      kind: 'group',
      mucId: GROUP,
      operation: MucOperation.UPDATE_ANNOUNCEMENT,
      actor: 'alice',
      actorResource: 'a1',
      reason: 'hello',
      createdAt: 1_700_000_000_000,
      ...over,
    });
    const makeGroup = () =>
      s.mucs.create(
        {
          appId,
          kind: 'group',
          id: GROUP,
          name: 'team',
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
          createdAt: 1,
        },
        [
          { username: 'alice', role: 'owner', joinedAt: 1 },
          { username: 'bob', role: 'member', joinedAt: 2 },
          { username: 'carol', role: 'member', joinedAt: 3 },
        ],
      );
    const read = async (d: DeviceRef, queue: string) => {
      const batch = await s.messages.readQueue(d, queue, 50);
      return batch.items.map((i) => {
        const meta = msync.Meta.decode(i.meta);
        assert.equal(meta.ns, NameSpace.MUC);
        return { pos: i.pos, id: u64ToString(meta.id), body: msync.MUCBody.decode(meta.payload!) };
      });
    };
    const hints = () => published.filter((e): e is QueueHint => e.kind === 'queue');

    test('a members event is one entry of the group log: every member reads it, the acting device does not', async () => {
      await makeGroup();
      await events.notify(event(), { members: true });
      const bob = await read(device('bob', 'b1'), LOG);
      const carol = await read(device('carol', 'c1'), LOG);
      const otherDevice = await read(device('alice', 'a2'), LOG);
      assert.equal(bob.length, 1);
      assert.deepEqual(carol, bob, 'the same entry, at the same position');
      assert.deepEqual(otherDevice, bob);
      assert.equal(bob[0]!.body.reason, 'hello');
      assert.equal(bob[0]!.body.mucId?.name, GROUP);
      assert.equal(bob[0]!.body.from?.name, 'alice');
      assert.equal(bob[0]!.body.from?.clientResource, 'a1');
      const acting = await s.messages.readQueue(device('alice', 'a1'), LOG, 50);
      assert.deepEqual(acting.items, [], 'the acting device is not told');
      assert.equal(acting.scannedTo, bob[0]!.pos, 'it scans past it');
      // Stored once: the next entry of the log is the very next position.
      const next = await s.messages.append(kit.msg('bob', GROUP, { chatType: 2 }), { key: LOG, members: [] });
      assert.equal(next.message.seq, bob[0]!.pos + 1n);
      // One wake-up per member's queue, the acting device spared, carrying the entry.
      assert.deepEqual(
        hints()
          .map((h) => [h.owner, h.queue, h.exceptResource ?? '', h.seq])
          .sort(),
        [
          ['alice', LOG, 'a1', String(bob[0]!.pos)],
          ['bob', LOG, '', String(bob[0]!.pos)],
          ['carol', LOG, '', String(bob[0]!.pos)],
        ],
      );
      assert.ok(hints().every((h) => h.entry !== undefined));
    });

    test("a users event goes to each named user's notice queue; the actor's other devices get theirs", async () => {
      await makeGroup();
      await events.notify(event({ operation: MucOperation.INVITE, mucName: 'team' }), {
        users: ['dave', 'alice', 'dave'],
      });
      const dave = await read(device('dave', 'd1'), NOTICE_QUEUE);
      assert.equal(dave.length, 1, 'once, though named twice');
      assert.equal(dave[0]!.body.operation, MucOperation.INVITE);
      assert.equal(dave[0]!.body.mucName, 'team');
      assert.deepEqual(await read(device('alice', 'a1'), NOTICE_QUEUE), []);
      assert.equal((await read(device('alice', 'a2'), NOTICE_QUEUE)).length, 1);
      assert.deepEqual(await read(device('bob', 'b1'), LOG), [], 'not in the group log');
      const unread = await s.messages.unreadQueues(device('dave', 'd1'));
      assert.deepEqual(unread, [{ queue: NOTICE_QUEUE, count: 1 }]);
      assert.deepEqual(
        hints()
          .map((h) => [h.owner, h.queue, h.exceptResource ?? ''])
          .sort(),
        [
          ['alice', NOTICE_QUEUE, 'a1'],
          ['dave', NOTICE_QUEUE, ''],
        ],
      );
    });

    test('alsoUsers: non-members get it in their notice queue, members only once, in the log', async () => {
      await makeGroup();
      await events.notify(event({ operation: MucOperation.KICK, targets: ['dave'] }), {
        members: true,
        alsoUsers: ['dave', 'bob'],
      });
      assert.equal((await read(device('dave', 'd1'), NOTICE_QUEUE)).length, 1);
      assert.deepEqual(await read(device('bob', 'b1'), NOTICE_QUEUE), []);
      assert.equal((await read(device('bob', 'b1'), LOG)).length, 1);
    });

    test('a member who joins later starts after older events; later ones reach them', async () => {
      await makeGroup();
      await events.notify(event({ reason: 'before' }), { members: true });
      const added = await s.mucs.addMembers(appId, GROUP, ['erin'], 10);
      assert.ok(added.ok);
      await s.messages.touchDevice(device('erin', 'e1'), 11);
      assert.deepEqual(await read(device('erin', 'e1'), LOG), []);
      assert.deepEqual(await s.messages.unreadQueues(device('erin', 'e1')), []);
      await events.notify(event({ reason: 'after' }), { members: true });
      const erin = await read(device('erin', 'e1'), LOG);
      assert.deepEqual(
        erin.map((e) => e.body.reason),
        ['after'],
      );
    });

    test('events are in no history, conversation list or unread count', async () => {
      await makeGroup();
      await events.notify(event(), { members: true });
      await events.notify(event({ operation: MucOperation.INVITE }), { users: ['bob'] });
      const stored = (await read(device('bob', 'b1'), LOG))[0]!;
      const found = await s.messages.findById(appId, BigInt(stored.id));
      assert.equal(found?.message.chatType, MUC_EVENT_ENTRY);
      for (const key of [LOG, 'n:bob']) {
        assert.deepEqual(
          await s.conversations.history(appId, 'bob', key, { direction: 'up', limit: 50 }),
          [],
        );
        assert.deepEqual(
          await s.conversations.history(appId, 'bob', key, { direction: 'down', limit: 50 }),
          [],
        );
      }
      let summaries = await s.conversations.summaries(appId, 'bob');
      for (const c of summaries.filter((x) => x.key === LOG || x.key === 'n:bob')) {
        assert.equal(c.lastMessage, undefined, c.key);
        assert.equal(c.unread, 0, c.key);
      }
      // A group message beside the events: it alone is history, last message and unread.
      const msg = await s.messages.append(kit.msg('alice', GROUP, { chatType: 2 }), {
        key: LOG,
        members: [],
      });
      await events.notify(event({ reason: 'later' }), { members: true });
      const history = await s.conversations.history(appId, 'bob', LOG, { direction: 'up', limit: 50 });
      assert.deepEqual(
        history.map((m) => m.id),
        [msg.message.id],
      );
      summaries = await s.conversations.summaries(appId, 'bob');
      const group = summaries.find((c) => c.key === LOG)!;
      assert.equal(group.lastMessage?.id, msg.message.id);
      assert.equal(group.unread, 1);
    });
  });
}

forEachStorageAdapter(eventSuite);
