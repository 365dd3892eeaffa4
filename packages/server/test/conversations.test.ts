// Server conversations through our SDK and the unmodified official SDK: list with last message and unread
// counts (cleared by channel and read acks), pin/unpin, marks and filter, one-way delete with or without
// history.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { testClients } from './support/test-clients.js';
import { register } from './support/rest.js';

describe('server conversations with both SDKs', () => {
  let env: TestServer;
  const clients = testClients(() => env);
  const { our } = clients;
  const text = (to: string, msg: string) =>
    OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to, msg });
  const byId = (list: any[]) => Object.fromEntries(list.map((c) => [c.conversationId, c]));

  before(async () => {
    env = await startTestServer();
    for (const u of ['alice', 'bob', 'carol', 'dan', 'eve']) await register(env, u, 'pw');
  });
  after(async () => {
    clients.closeOurs();
    await closeAllOfficialClients();
    await env.close();
  });

  test('official: list, unread cleared by channel and read acks, pin, marks, delete', async () => {
    const alice = await our('alice');
    const carol = await our('carol');
    await using bob = createOfficialClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    await bob.nextEvent('onConnected');
    for (const m of ['a1', 'a2', 'a3']) await alice.conn.send(text('bob', m));
    const fromCarol = await carol.conn.send(text('bob', 'c1'));
    await carol.conn.send(text('bob', 'c2'));

    let list: any = plain(await bob.conn.getServerConversations({ pageSize: 20 }));
    assert.deepEqual(
      list.data.conversations.map((c: any) => c.conversationId),
      ['carol', 'alice'],
    );
    let convs = byId(list.data.conversations);
    assert.deepEqual(
      [convs['alice'].unReadCount, convs['alice'].conversationType, convs['alice'].isPinned],
      [3, 'singleChat', false],
    );
    assert.deepEqual([convs['alice'].lastMessage.msg, convs['alice'].lastMessage.from], ['a3', 'alice']);
    assert.equal(convs['carol'].unReadCount, 2);
    assert.equal(list.data.cursor, '');

    // Paging: one per page, the cursor carries on.
    const p1: any = await bob.conn.getServerConversations({ pageSize: 1 });
    assert.equal(p1.data.conversations.length, 1);
    const p2: any = await bob.conn.getServerConversations({ pageSize: 1, cursor: p1.data.cursor });
    assert.equal(p2.data.conversations[0].conversationId, 'alice');

    // A channel ack clears alice's conversation; a read ack of c1 leaves c2 unread.
    await bob.conn.send(
      bob.sdk.message.create({ type: 'channel', chatType: 'singleChat', to: 'alice' } as never),
    );
    await bob.conn.send(
      bob.sdk.message.create({
        type: 'read',
        chatType: 'singleChat',
        to: 'carol',
        id: fromCarol.serverMsgId,
      } as never),
    );
    convs = byId(((await bob.conn.getServerConversations({})) as any).data.conversations);
    assert.equal(convs['alice'].unReadCount, 0);
    assert.equal(convs['carol'].unReadCount, 1);

    const pinned: any = await bob.conn.pinConversation({
      conversationId: 'alice',
      conversationType: 'singleChat',
      isPinned: true,
    });
    assert.equal(pinned.data.isPinned, true);
    assert.ok(pinned.data.pinnedTime > 0);
    list = plain(await bob.conn.getServerConversations({}));
    assert.deepEqual(
      list.data.conversations.map((c: any) => [c.conversationId, c.isPinned]),
      [
        ['alice', true],
        ['carol', false],
      ],
    );
    const onlyPinned: any = await bob.conn.getServerPinnedConversations({});
    assert.deepEqual(plain(onlyPinned.data.conversations.map((c: any) => c.conversationId)), ['alice']);
    const unpinned: any = await bob.conn.pinConversation({
      conversationId: 'alice',
      conversationType: 'singleChat',
      isPinned: false,
    });
    assert.deepEqual(plain(unpinned.data), { isPinned: false, pinnedTime: 0 });

    await bob.conn.addConversationMark({
      conversations: [{ conversationId: 'carol', conversationType: 'singleChat' }],
      mark: 2,
    });
    const marked: any = plain(await bob.conn.getServerConversationsByFilter({ filter: { mark: 2 } }));
    assert.deepEqual(
      marked.data.conversations.map((c: any) => [c.conversationId, c.marks]),
      [['carol', [2]]],
    );
    await bob.conn.removeConversationMark({
      conversations: [{ conversationId: 'carol', conversationType: 'singleChat' }],
      mark: 2,
    });
    assert.deepEqual(
      plain(
        ((await bob.conn.getServerConversationsByFilter({ filter: { mark: 2 } })) as any).data.conversations,
      ),
      [],
    );

    const deleted: any = await bob.conn.deleteConversation({
      channel: 'carol',
      chatType: 'singleChat',
      deleteRoam: true,
    });
    assert.equal(deleted.data.result, 'ok');
    list = plain(await bob.conn.getServerConversations({}));
    assert.deepEqual(
      list.data.conversations.map((c: any) => c.conversationId),
      ['alice'],
    );
    const gone: any = await bob.conn.getHistoryMessages({ targetId: 'carol', chatType: 'singleChat' });
    assert.equal(gone.messages.length, 0);
    const kept = await carol.conn.getHistoryMessages({ targetId: 'bob', chatType: 'singleChat' });
    assert.equal(kept.messages.length, 2, 'deleting is one-way');
  });

  test('ours: list, pin, marks, delete without history comes back with a new message', async () => {
    const dan = await our('dan');
    const eve = await our('eve');
    await dan.conn.send(text('eve', 'hello eve'));
    await eve.conn.send(text('dan', 'hi dan'));
    let list = await dan.conn.getServerConversations();
    assert.equal(list.data.conversations.length, 1);
    const c = list.data.conversations[0]!;
    assert.deepEqual([c.conversationId, c.unReadCount, c.lastMessage?.['msg']], ['eve', 1, 'hi dan']);
    const pin = await dan.conn.pinConversation({
      conversationId: 'eve',
      conversationType: 'singleChat',
      isPinned: true,
    });
    assert.equal(pin.data.isPinned, true);
    await dan.conn.addConversationMark({
      conversations: [{ conversationId: 'eve', conversationType: 'singleChat' }],
      mark: 0,
    });
    const filtered = await dan.conn.getServerConversationsByFilter({ filter: { mark: 0 } });
    assert.deepEqual(filtered.data.conversations[0]?.marks, [0]);
    await assert.rejects(
      dan.conn.pinConversation({ conversationId: 'nobody', conversationType: 'singleChat', isPinned: true }),
      (e: any) => e.type === 1400,
    );
    await dan.conn.deleteConversation({ channel: 'eve', chatType: 'singleChat', deleteRoam: false });
    list = await dan.conn.getServerConversations();
    assert.deepEqual(list.data.conversations, []);
    const history = await dan.conn.getHistoryMessages({ targetId: 'eve', chatType: 'singleChat' });
    assert.equal(history.messages.length, 2, 'history kept without deleteRoam');
    await eve.conn.send(text('dan', 'again'));
    list = await dan.conn.getServerConversations();
    assert.deepEqual(
      list.data.conversations.map((x) => [x.conversationId, x.lastMessage?.['msg']]),
      [['eve', 'again']],
    );
  });
});
