// Reactions with the official SDK and with ours, driven by real calls: adding tells the other side of a
// one-to-one message and the actor's other devices (onReactionChange with the operation), the same
// reaction twice is 1101, deleting someone else's (or a missing) reaction 1103, the 21st distinct
// reaction 50; list and paged detail with isAddedBySelf; a group message's reactions reach every member;
// outsiders are refused (1103 on a 1:1 message, 602 on a group's); history returns the reactions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, createUsers } from './support/accounts.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient } from './support/our-client.js';

type Kind = 'official' | 'ours';

interface Device {
  conn: any;
  next(event: string, predicate?: (e: any) => boolean): Promise<Record<string, any>>;
  all(event: string): unknown[];
  send(to: string, msg: string, chatType?: 'singleChat' | 'groupChat'): Promise<string>;
  close(): void;
}

async function rejection(p: Promise<unknown>): Promise<{ type?: number; message?: string }> {
  try {
    await p;
  } catch (error) {
    return plain(error);
  }
  assert.fail('expected a rejection');
}

for (const kind of ['official', 'ours'] as Kind[])
  describe(`reactions with the ${kind} SDK`, () => {
    let env: TestServer;
    let admin: string;
    const opened: Device[] = [];

    before(async () => {
      env = await startTestServer();
      admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann', 'bob', 'cat', 'dan', 'eve']);
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
        next: async (event, predicate) => plain(await c.nextEvent(event, predicate ? { predicate } : {})),
        all: (event) => c.events(event),
        send: async (to, msg, chatType = 'singleChat') =>
          ((await c.conn.send(c.sdk.message.create({ type: 'txt', chatType, to, msg }))) as any)
            .serverMsgId as string,
        close: () => void c.close(),
      };
    }

    const about = (id: string) => (e: any) => e.messageId === id;

    test('one-to-one: add, list, detail, delete; events to the other side and the actor’s other device', async () => {
      const ann = await device('ann');
      const bob1 = await device('bob');
      const bob2 = await device('bob');
      const id = await ann.send('bob', 'react to me');

      await bob1.conn.addReaction({ messageId: id, reaction: '👍' });
      const told = await ann.next('onReactionChange', about(id));
      assert.deepEqual(
        { ...told, ts: typeof told['ts'] },
        {
          from: 'bob',
          to: 'ann',
          chatType: 'singleChat',
          messageId: id,
          reactions: [
            {
              reaction: '👍',
              count: 1,
              userList: ['bob'],
              op: [{ operator: 'bob', reactionType: 'create' }],
            },
          ],
          ts: 'number',
        },
      );
      const other = await bob2.next('onReactionChange', about(id));
      assert.equal(other['from'], 'bob', "the actor's other device is told");

      assert.equal((await rejection(bob1.conn.addReaction({ messageId: id, reaction: '👍' }))).type, 1101);
      assert.equal((await rejection(ann.conn.deleteReaction({ messageId: id, reaction: '👍' }))).type, 1103);
      await ann.conn.addReaction({ messageId: id, reaction: '👍' });
      await ann.conn.addReaction({ messageId: id, reaction: 'ok' });

      const asBob: any = plain(await bob1.conn.getReactionList({ chatType: 'singleChat', messageId: id }));
      assert.deepEqual(asBob.data, [
        {
          msgId: id,
          reactionList: [
            { reaction: '👍', count: 2, userList: ['bob', 'ann'], isAddedBySelf: true },
            { reaction: 'ok', count: 1, userList: ['ann'], isAddedBySelf: false },
          ],
        },
      ]);
      const alias: any = plain(await ann.conn.getReactionlist({ chatType: 'singleChat', messageId: [id] }));
      assert.deepEqual(
        alias.data[0].reactionList.map((r: any) => [r.reaction, r.isAddedBySelf]),
        [
          ['👍', true],
          ['ok', true],
        ],
      );

      const first: any = plain(
        await ann.conn.getReactionDetail({ messageId: id, reaction: '👍', pageSize: 1 }),
      );
      assert.deepEqual(
        { ...first.data, cursor: typeof first.data.cursor },
        { reaction: '👍', userCount: 2, isAddedBySelf: true, userList: ['bob'], cursor: 'string' },
      );
      assert.notEqual(first.data.cursor, '');
      const second: any = plain(
        await ann.conn.getReactionDetail({
          messageId: id,
          reaction: '👍',
          pageSize: 1,
          cursor: first.data.cursor,
        }),
      );
      assert.deepEqual([second.data.userList, second.data.cursor], [['ann'], '']);

      await bob1.conn.deleteReaction({ messageId: id, reaction: '👍' });
      const removed = await ann.next(
        'onReactionChange',
        (e: any) => e.messageId === id && e.reactions.some((r: any) => r.op?.[0]?.reactionType === 'delete'),
      );
      assert.deepEqual(
        removed['reactions'].find((r: any) => r.reaction === '👍'),
        { reaction: '👍', count: 1, userList: ['ann'], op: [{ operator: 'bob', reactionType: 'delete' }] },
      );

      // History returns the reactions as the caller sees them.
      const history: any = plain(
        await bob1.conn.getHistoryMessages({ targetId: 'ann', chatType: 'singleChat' }),
      );
      const message = history.messages.find((m: any) => m.id === id);
      assert.deepEqual(message.reactions, [
        { reaction: '👍', count: 1, userList: ['ann'], isAddedBySelf: false },
        { reaction: 'ok', count: 1, userList: ['ann'], isAddedBySelf: false },
      ]);
      ann.close();
      bob1.close();
      bob2.close();
    });

    test('a user offline when a reaction changes is told at the next login', async () => {
      const ann = await device('ann');
      const id = await ann.send('eve', 'react while I am away');
      ann.close();
      await appCall(env, 'POST', '/reaction/user/eve', admin, { msgId: id, message: 'later' });
      const back = await device('ann');
      const told = await back.next('onReactionChange', about(id));
      assert.deepEqual(
        [told['from'], told['to'], told['reactions'][0].reaction, told['reactions'][0].op[0].reactionType],
        ['eve', 'ann', 'later', 'create'],
      );
      back.close();
    });

    test('limits and outsiders: 50 on the 21st reaction, 1103 outside a 1:1 message, 602 outside a group', async () => {
      const cat = await device('cat');
      const dan = await device('dan');
      const id = await cat.send('dan', 'many reactions');
      for (let i = 0; i < 20; i++) await dan.conn.addReaction({ messageId: id, reaction: `r${i}` });
      assert.equal((await rejection(dan.conn.addReaction({ messageId: id, reaction: 'r20' }))).type, 50);
      await cat.conn.addReaction({ messageId: id, reaction: 'r0' }); // an existing one still takes users
      const long = 'x'.repeat(129);
      assert.equal((await rejection(cat.conn.addReaction({ messageId: id, reaction: long }))).type, -3);

      const eve = await device('eve');
      assert.equal((await rejection(eve.conn.addReaction({ messageId: id, reaction: 'r0' }))).type, 1103);
      const group = (await appCall(env, 'POST', '/chatgroups', admin, { groupname: 'g', owner: 'cat' })).body
        .data.groupid as string;
      const inGroup = await cat.send(group, 'group message', 'groupChat');
      const outside = await rejection(eve.conn.addReaction({ messageId: inGroup, reaction: 'hi' }));
      assert.equal(outside.type, 602);
      cat.close();
      dan.close();
      eve.close();
    });

    test('group: every member is told, history carries the reactions', async () => {
      const group = (await appCall(env, 'POST', '/chatgroups', admin, { groupname: 'g2', owner: 'ann' })).body
        .data.groupid as string;
      const r = await appCall(env, 'POST', `/chatgroups/${group}/users`, admin, {
        usernames: ['bob', 'cat'],
      });
      assert.equal(r.status, 200);
      const ann = await device('ann');
      const bob = await device('bob');
      const cat = await device('cat');
      const id = await ann.send(group, 'hello group', 'groupChat');
      await cat.conn.addReaction({ messageId: id, reaction: 'heart' });
      // The REST call names no device: the actor's own devices are told as well.
      for (const d of [ann, bob, cat]) {
        const e = await d.next('onReactionChange', about(id));
        assert.deepEqual([e['from'], e['to'], e['chatType']], ['cat', group, 'groupChat']);
        assert.deepEqual(e['reactions'][0].userList, ['cat']);
      }
      const list: any = plain(
        await bob.conn.getReactionList({ chatType: 'groupChat', messageId: id, groupId: group }),
      );
      assert.deepEqual(list.data[0].reactionList[0], {
        reaction: 'heart',
        count: 1,
        userList: ['cat'],
        isAddedBySelf: false,
      });
      const history: any = plain(
        await cat.conn.getHistoryMessages({ targetId: group, chatType: 'groupChat' }),
      );
      const message = history.messages.find((m: any) => m.id === id);
      assert.equal(message.reactions[0].isAddedBySelf, true);
      ann.close();
      bob.close();
      cat.close();
    });
  });
