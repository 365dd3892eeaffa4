// Multi-device conversation notifications with the official SDK and with ours, by real calls (spec msync
// §4.9, NOTIFY "conv" and "roaming_delete"): pinConversation / unpin, addConversationMark /
// removeConversationMark, deleteConversation and removeHistoryMessages on one device reach the user's
// other device as onMultiDeviceEvent with the official fields, and not the acting device; pinMessage /
// unpinMessage reach the peer (or every group member) and the operator's other device as
// onMessagePinEvent; a device that was offline gets them at its next login, in order; a call of the app
// server (no device named) reaches every device of the user.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, createUsers, sleep } from './support/accounts.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient } from './support/our-client.js';

type Kind = 'official' | 'ours';

interface Device {
  conn: any;
  resource: string;
  next(event: string, predicate?: (e: any) => boolean): Promise<Record<string, any>>;
  all(event: string): any[];
  send(to: string, msg: string, chatType?: 'singleChat' | 'groupChat'): Promise<string>;
  close(): void;
}

const CONV_OPS = new Set([
  'pinnedConversation',
  'unpinnedConversation',
  'markConversation',
  'unMarkConversation',
  'deleteConversation',
  'deleteRoaming',
]);

for (const kind of ['official', 'ours'] as Kind[])
  describe(`multi-device conversation notifications with the ${kind} SDK`, () => {
    let env: TestServer;
    let admin: string;
    const opened: Device[] = [];

    before(async () => {
      env = await startTestServer();
      admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan']);
    });
    after(async () => {
      for (const d of opened) d.close();
      await closeAllOfficialClients();
      await env.close();
    });

    async function device(user: string): Promise<Device> {
      const address = { appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl };
      if (kind === 'ours') {
        const c = recordingClient(address);
        await c.conn.open({ user, pwd: 'pw' });
        const d: Device = {
          conn: c.conn,
          resource: c.conn.clientResource,
          next: async (event, predicate) => plain(await c.next(event, predicate)),
          all: (event) => c.all(event),
          send: async (to, msg, chatType = 'singleChat') =>
            ((await c.conn.send(OurSdk.message.create({ type: 'txt', chatType, to, msg }))) as any)
              .serverMsgId as string,
          close: () => c.conn.close(),
        };
        opened.push(d);
        return d;
      }
      const c = createOfficialClient(address);
      await c.conn.open({ user, pwd: 'pw' });
      await c.nextEvent('onConnected');
      return {
        conn: c.conn,
        resource: (c.conn as any).clientResource as string,
        next: async (event, predicate) => plain(await c.nextEvent(event, predicate ? { predicate } : {})),
        all: (event) => c.events(event).map((e) => plain(e)),
        send: async (to, msg, chatType = 'singleChat') =>
          ((await c.conn.send(c.sdk.message.create({ type: 'txt', chatType, to, msg }))) as any)
            .serverMsgId as string,
        close: () => void c.close(),
      };
    }

    async function group(owner: string, members: string[]): Promise<string> {
      const id = (await appCall(env, 'POST', '/chatgroups', admin, { groupname: 'g', owner })).body.data
        .groupid as string;
      const r = await appCall(env, 'POST', `/chatgroups/${id}/users`, admin, { usernames: members });
      assert.equal(r.status, 200);
      return id;
    }

    /** The event with its timestamp field checked to be a recent time and then left out. */
    const timed = (e: Record<string, any>, field: string) => {
      const at = e[field];
      assert.equal(typeof at, 'number');
      assert.ok(at > Date.now() - 60_000 && at <= Date.now(), `${field} ${at} is now`);
      const { [field]: _, ...rest } = e;
      return rest;
    };
    const convEvents = (d: Device) => d.all('onMultiDeviceEvent').filter((e) => CONV_OPS.has(e.operation));

    test('pin, unpin, mark, unmark, delete: the other device is told, the acting one not', async () => {
      const ann1 = await device('ann');
      const ann2 = await device('ann');
      const bob = await device('bob');
      await bob.send('ann', 'hello ann');
      const gid = await group('ann', ['bob']);
      await ann1.send(gid, 'hello group', 'groupChat');
      const next = (op: string) => ann2.next('onMultiDeviceEvent', (e) => e.operation === op);

      const pinned: any = plain(
        await ann1.conn.pinConversation({
          conversationId: 'bob',
          conversationType: 'singleChat',
          isPinned: true,
        }),
      );
      assert.equal(pinned.data.isPinned, true);
      const top = await next('pinnedConversation');
      assert.deepEqual(timed(top, 'timestamp'), {
        operation: 'pinnedConversation',
        conversationId: 'bob',
        conversationType: 'singleChat',
      });
      assert.equal(top['timestamp'], pinned.data.pinnedTime, 'the pin time');

      await ann1.conn.pinConversation({
        conversationId: gid,
        conversationType: 'groupChat',
        isPinned: false,
      });
      assert.deepEqual(timed(await next('unpinnedConversation'), 'timestamp'), {
        operation: 'unpinnedConversation',
        conversationId: gid,
        conversationType: 'groupChat',
      });

      await ann1.conn.addConversationMark({
        conversations: [
          { conversationId: 'bob', conversationType: 'singleChat' },
          { conversationId: gid, conversationType: 'groupChat' },
        ],
        mark: 3,
      });
      const marks = [await next('markConversation'), await next('markConversation')];
      assert.deepEqual(
        marks.map((e) => timed(e, 'timestamp')),
        [
          {
            operation: 'markConversation',
            conversationId: 'bob',
            conversationType: 'singleChat',
            conversationMark: 3,
          },
          {
            operation: 'markConversation',
            conversationId: gid,
            conversationType: 'groupChat',
            conversationMark: 3,
          },
        ],
      );
      await ann1.conn.removeConversationMark({
        conversations: [{ conversationId: gid, conversationType: 'groupChat' }],
        mark: 0,
      });
      assert.deepEqual(timed(await next('unMarkConversation'), 'timestamp'), {
        operation: 'unMarkConversation',
        conversationId: gid,
        conversationType: 'groupChat',
        conversationMark: 0,
      });

      await ann1.conn.deleteConversation({ channel: 'bob', chatType: 'singleChat', deleteRoam: false });
      assert.deepEqual(timed(await next('deleteConversation'), 'timestamp'), {
        operation: 'deleteConversation',
        conversationId: 'bob',
        conversationType: 'singleChat',
      });

      await sleep(300);
      assert.deepEqual(convEvents(ann1), [], 'the acting device is not told');
      assert.equal(convEvents(ann2).length, 6, 'each change once');
      assert.deepEqual(convEvents(bob), [], 'another user is not told');
      ann1.close();
      ann2.close();
      bob.close();
    });

    test('a call of the app server names no device: every device of the user is told', async () => {
      const bob1 = await device('bob');
      const bob2 = await device('bob');
      const cat = await device('cat');
      await cat.send('bob', 'hello bob');
      const r = await appCall(env, 'POST', '/sdk/user/bob/user_channel/top', admin, {
        type: 'chat',
        to: 'cat',
      });
      assert.equal(r.status, 200);
      for (const d of [bob1, bob2]) {
        const e = await d.next('onMultiDeviceEvent', (x) => x.operation === 'pinnedConversation');
        assert.deepEqual(timed(e, 'timestamp'), {
          operation: 'pinnedConversation',
          conversationId: 'cat',
          conversationType: 'singleChat',
        });
      }
      bob1.close();
      bob2.close();
      cat.close();
    });

    test('removeHistoryMessages: the other device gets deleteRoaming', async () => {
      const cat1 = await device('cat');
      const cat2 = await device('cat');
      const bob = await device('bob');
      const id = await bob.send('cat', 'to be deleted');
      await cat1.conn.removeHistoryMessages({ targetId: 'bob', chatType: 'singleChat', messageIds: [id] });
      assert.deepEqual(await cat2.next('onMultiDeviceEvent', (e) => e.operation === 'deleteRoaming'), {
        operation: 'deleteRoaming',
        conversationId: 'bob',
        chatType: 'singleChat',
        resource: cat1.resource,
      });
      await sleep(200);
      assert.deepEqual(convEvents(cat1), []);
      cat1.close();
      cat2.close();
      bob.close();
    });

    test('pinMessage / unpinMessage: the peer, every group member and the other device get onMessagePinEvent', async () => {
      const ann1 = await device('ann');
      const ann2 = await device('ann');
      const bob = await device('bob');
      const cat = await device('cat');
      const id = await bob.send('ann', 'pin me');
      const pinned = (e: any) => e.messageId === id;

      await ann1.conn.pinMessage({ conversationId: 'bob', conversationType: 'singleChat', messageId: id });
      const toPeer = await bob.next('onMessagePinEvent', pinned);
      assert.deepEqual(timed(toPeer, 'time'), {
        messageId: id,
        conversationId: 'ann',
        conversationType: 'singleChat',
        operation: 'pin',
        operatorId: 'ann',
      });
      const toOther = await ann2.next('onMessagePinEvent', pinned);
      assert.deepEqual(timed(toOther, 'time'), {
        messageId: id,
        // The official SDK names a one-to-one pin's conversation after the operator (itself, here); ours
        // names the peer.
        conversationId: kind === 'official' ? 'ann' : 'bob',
        conversationType: 'singleChat',
        operation: 'pin',
        operatorId: 'ann',
      });
      assert.equal(toOther['time'], toPeer['time']);
      const list: any = plain(
        await bob.conn.getServerPinnedMessages({ conversationId: 'ann', conversationType: 'singleChat' }),
      );
      assert.equal(list.data.list[0].pinTime, toPeer['time'], 'the time is the pin time');

      await bob.conn.unpinMessage({ conversationId: 'ann', conversationType: 'singleChat', messageId: id });
      const unpinned = (e: any) => e.messageId === id && e.operation === 'unpin';
      for (const d of [ann1, ann2]) {
        const e = await d.next('onMessagePinEvent', unpinned);
        assert.deepEqual(timed(e, 'time'), {
          messageId: id,
          conversationId: 'bob',
          conversationType: 'singleChat',
          operation: 'unpin',
          operatorId: 'bob',
        });
      }

      const gid = await group('cat', ['ann', 'bob']);
      const gm = await cat.send(gid, 'group pin', 'groupChat');
      await ann1.conn.pinMessage({ conversationId: gid, conversationType: 'groupChat', messageId: gm });
      for (const d of [bob, cat, ann2]) {
        const e = await d.next('onMessagePinEvent', (x) => x.messageId === gm);
        assert.deepEqual(timed(e, 'time'), {
          messageId: gm,
          conversationId: gid,
          conversationType: 'groupChat',
          operation: 'pin',
          operatorId: 'ann',
        });
      }
      await sleep(300);
      assert.equal(ann1.all('onMessagePinEvent').length, 1, 'the acting device only hears bob’s unpin');
      assert.equal(bob.all('onMessagePinEvent').length, 2, 'bob: the pin of his message and the group pin');
      ann1.close();
      ann2.close();
      bob.close();
      cat.close();
    });

    test('a device that was offline gets the changes at its next login, in order', async () => {
      const dan1 = await device('dan');
      const bob = await device('bob');
      const id = await bob.send('dan', 'while you were away');
      const dan2 = await device('dan');
      dan2.conn.close();
      await sleep(200);
      await dan1.conn.pinConversation({
        conversationId: 'bob',
        conversationType: 'singleChat',
        isPinned: true,
      });
      await dan1.conn.addConversationMark({
        conversations: [{ conversationId: 'bob', conversationType: 'singleChat' }],
        mark: 19,
      });
      await dan1.conn.pinMessage({ conversationId: 'bob', conversationType: 'singleChat', messageId: id });
      // The same device (same resource) logs in again.
      await dan2.conn.open({ user: 'dan', pwd: 'pw' });
      const back = dan2;
      const top = await back.next('onMultiDeviceEvent', (e) => e.operation === 'pinnedConversation');
      assert.equal(top['conversationId'], 'bob');
      const mark = await back.next('onMultiDeviceEvent', (e) => e.operation === 'markConversation');
      assert.equal(mark['conversationMark'], 19);
      const pin = await back.next('onMessagePinEvent', (e) => e.messageId === id);
      assert.equal(pin['operatorId'], 'dan');
      assert.deepEqual(
        convEvents(back).map((e) => e.operation),
        ['pinnedConversation', 'markConversation'],
      );
      assert.ok(top['timestamp'] <= mark['timestamp']);
      dan1.close();
      back.close();
      bob.close();
    });
  });
