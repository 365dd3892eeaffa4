// Storage contract for group messages: one log per group appended without member rows, each member's
// devices reading it from where the member joined (conversation_members.start_seq), unread counts and
// summaries from there too, history of the whole group for members, online-only entries, read receipts.
// Every adapter runs it, like storage-contract.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MessageType } from '@confab/protocol';
import { adapterSuite, contractKit } from './contract-kit.js';
import type { MucMember } from '../../src/domain/ports/mucs.js';
import type { DeviceRef, NewMessage, Storage } from '../../src/domain/ports/storage.js';
import type { StorageFixture } from './storage-contract.js';

export function groupMessageContract(name: string, make: () => Promise<StorageFixture>, skip?: string): void {
  adapterSuite(`group message contract: ${name}`, skip, () => {
    let s: Storage;
    let appId: number;
    const kit = contractKit(make, (storage, id) => ((s = storage), (appId = id)), {
      resource: (sender) => `${sender}-r1`,
      timeStep: 1000,
    });
    let n = 0;
    const member = (username: string, role: MucMember['role'] = 'member'): MucMember => ({
      username,
      role,
      joinedAt: 1,
    });
    const createGroup = async (owner: string, others: string[]) => {
      const id = `20000000000${String(++n).padStart(4, '0')}`;
      const made = await s.mucs.create(
        {
          appId,
          kind: 'group',
          id,
          name: 'g',
          description: '',
          avatar: '',
          owner,
          public: true,
          approval: false,
          allowInvites: false,
          inviteNeedConfirm: false,
          maxUsers: 5000,
          custom: '',
          announcement: '',
          allMuted: false,
          disabled: false,
          createdAt: 1,
        },
        [member(owner, 'owner'), ...others.map((u) => member(u))],
      );
      assert.ok(made);
      return { id, queue: `g:${id}` };
    };
    const post = (sender: string, g: { id: string; queue: string }, opts: Partial<NewMessage> = {}) =>
      s.messages.append(kit.msg(sender, g.queue, { chatType: MessageType.GROUPCHAT, ...opts }), {
        key: g.queue,
        members: [],
      });
    const dev = (owner: string, resource: string): DeviceRef => ({ appId, owner, resource });
    const drain = async (d: DeviceRef, queue: string, since?: number) => {
      const got: bigint[] = [];
      for (;;) {
        const b = await s.messages.readQueue(d, queue, 3, since);
        if (b.items.length === 0) {
          if (b.scannedTo > 0n) await s.messages.ackQueue(d, queue, b.scannedTo);
          return got;
        }
        got.push(...b.items.map((i) => i.pos));
        await s.messages.ackQueue(d, queue, b.scannedTo);
      }
    };

    test('a group append is one entry of the group log, whatever the member count', async () => {
      const members = Array.from({ length: 300 }, (_, i) => `m${i}`);
      const g = await createGroup('owner', members);
      const first = await post('owner', g);
      const second = await post('m7', g);
      assert.deepEqual([first.message.seq, second.message.seq], [1n, 2n]);
      assert.equal(first.message.recipient, g.queue);
      // Every member drains the same two entries from the one log (the sender skips its own).
      for (const u of ['m0', 'm299']) assert.deepEqual(await drain(dev(u, 'd1'), g.queue), [1n, 2n]);
      assert.deepEqual(await drain(dev('owner', 'owner-r1'), g.queue), [2n]);
      assert.deepEqual(await drain(dev('m7', 'm7-r1'), g.queue), [1n]);
      // The sender's other device gets its message.
      assert.deepEqual(await drain(dev('m7', 'phone'), g.queue), [1n, 2n]);
      // A resend is the first message again.
      const again = await s.messages.append(
        {
          ...kit.msg('m7', g.queue, { chatType: MessageType.GROUPCHAT }),
          clientMsgId: second.message.clientMsgId,
        },
        { key: g.queue, members: [] },
      );
      assert.equal(again.duplicate, true);
      assert.equal(again.message.id, second.message.id);
    });

    test('a member starts where it joined: no backlog, unread counted from there; leaving ends delivery', async () => {
      const g = await createGroup('owner', ['bob']);
      await post('owner', g);
      await post('owner', g);
      assert.ok((await s.mucs.addMembers(appId, g.id, ['carol'], 2)).ok);
      const carol = dev('carol', 'c1');
      await s.messages.touchDevice(carol, 1);
      assert.deepEqual(await s.messages.unreadQueues(carol), []);
      await post('bob', g);
      assert.deepEqual(await s.messages.unreadQueues(carol), [{ queue: g.queue, count: 1 }]);
      assert.deepEqual(await drain(carol, g.queue), [3n]);
      assert.deepEqual(await s.messages.unreadQueues(dev('bob', 'b2')), [{ queue: g.queue, count: 3 }]);

      // Leaving: nothing more is delivered; rejoining starts at the log's end, not at the old cursor.
      await s.mucs.removeMembers(appId, g.id, ['carol']);
      await post('owner', g);
      assert.deepEqual(await s.messages.unreadQueues(carol), []);
      assert.deepEqual(await drain(carol, g.queue), []);
      await post('owner', g);
      assert.ok((await s.mucs.addMembers(appId, g.id, ['carol'], 3)).ok);
      await post('bob', g);
      assert.deepEqual(await s.messages.unreadQueues(carol), [{ queue: g.queue, count: 1 }]);
      assert.deepEqual(await drain(carol, g.queue), [6n]);
      // A device of carol's seen for the first time starts where her furthest device is.
      const c2 = dev('carol', 'c2');
      await s.messages.touchDevice(c2, 5);
      assert.deepEqual(await drain(c2, g.queue), []);
    });

    test('online-only entries: read only in a session that began before they were sent; not history', async () => {
      const g = await createGroup('owner', ['bob']);
      const kept = await post('owner', g);
      const online = await post('owner', g, { onlineOnly: true });
      assert.equal(online.message.onlineOnly, true);
      const after = await post('owner', g);
      const bob = dev('bob', 'b1');
      // A session that began after the online-only entry skips it (and acks past it).
      const late = online.message.createdAt + 1;
      const read = await s.messages.readQueue(bob, g.queue, 10, late);
      assert.deepEqual(
        read.items.map((i) => i.pos),
        [1n, 3n],
      );
      // One that was online when it was sent reads it.
      const early = online.message.createdAt - 1;
      assert.deepEqual(
        (await s.messages.readQueue(dev('bob', 'b2'), g.queue, 10, early)).items.map((i) => i.pos),
        [1n, 2n, 3n],
      );
      const history = await s.conversations.history(appId, 'bob', g.queue, { direction: 'up', limit: 10 });
      assert.deepEqual(
        history.map((m) => m.id),
        [after.message.id, kept.message.id],
      );
      assert.equal((await s.messages.findById(appId, online.message.id))?.message.onlineOnly, true);
    });

    test('summaries and history: the whole group history for members, unread from where each joined', async () => {
      const g = await createGroup('owner', ['bob']);
      const a = await post('owner', g);
      const b = await post('bob', g);
      assert.ok((await s.mucs.addMembers(appId, g.id, ['carol'], 2)).ok);
      const summary = async (u: string) =>
        (await s.conversations.summaries(appId, u)).find((c) => c.key === g.queue);
      assert.deepEqual(
        [(await summary('bob'))?.unread, (await summary('owner'))?.unread, (await summary('carol'))?.unread],
        [1, 1, 0],
      );
      assert.equal((await summary('carol'))?.queue, g.queue);
      assert.equal((await summary('carol'))?.lastMessage?.id, b.message.id);
      const c = await post('owner', g);
      assert.equal((await summary('carol'))?.unread, 1);
      await s.conversations.markRead(appId, 'carol', g.queue, c.message.seq);
      assert.equal((await summary('carol'))?.unread, 0);
      const history = await s.conversations.history(appId, 'carol', g.queue, {
        direction: 'down',
        limit: 10,
      });
      assert.deepEqual(
        history.map((m) => m.id),
        [a.message.id, b.message.id, c.message.id],
      );
      assert.deepEqual(
        await s.conversations.history(appId, 'dave', g.queue, { direction: 'up', limit: 10 }),
        [],
      );
    });

    test('group read receipts: once per reader, counted, listed in read order with paging', async () => {
      const id = kit.nextMessageId();
      assert.deepEqual(await s.conversations.recordGroupRead(appId, id, 'bob', 10), {
        count: 1,
        first: true,
      });
      assert.deepEqual(await s.conversations.recordGroupRead(appId, id, 'carol', 20), {
        count: 2,
        first: true,
      });
      assert.deepEqual(await s.conversations.recordGroupRead(appId, id, 'bob', 30), {
        count: 2,
        first: false,
      });
      await s.conversations.recordGroupRead(appId, id, 'alice', 15);
      const page = await s.conversations.groupReaders(appId, id, 0, 2);
      assert.equal(page.total, 3);
      assert.deepEqual(page.readers, [
        { username: 'bob', readAt: 10 },
        { username: 'alice', readAt: 15 },
      ]);
      assert.deepEqual((await s.conversations.groupReaders(appId, id, 2, 2)).readers, [
        { username: 'carol', readAt: 20 },
      ]);
      assert.deepEqual(await s.conversations.groupReaders(appId, id + 1n, 0, 10), { readers: [], total: 0 });
    });
  });
}
