// The official SDK's older or less used Connection methods that the server already serves, under their
// official names: fetchHistoryMessages, getSessionList, getConversationlist, deleteSession,
// deleteAllMessagesAndConversations, downloadAndParseCombineMessage, listen, onShow.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import AgoraChat from '@confab/sdk';
import type { ConfabError, ReceivedMessage, ReceivedTextMessage } from '@confab/sdk';
import { toU64 } from '@confab/protocol';
import { buildCombineFile, parseCombineFile } from '../src/combine-file.js';
import { buildSendMeta } from '../src/message-factory.js';
import { sleep, world } from './support/harness.js';
import type { World } from './support/harness.js';

const text = (to: string, msg: string) =>
  AgoraChat.message.create({ type: 'txt', to, msg, chatType: 'singleChat' });
const texts = (messages: ReceivedMessage[]) => messages.map((m) => (m as ReceivedTextMessage).msg);

describe('legacy and less used official methods (real server)', () => {
  let w: World;
  before(async () => {
    w = await world();
  });
  after(() => w.dispose());

  test('fetchHistoryMessages pages backwards, oldest first within a page, continuing where it stopped', async () => {
    const alice = await w.online('alice');
    const bob = await w.user('bob');
    for (const m of ['m1', 'm2', 'm3', 'm4', 'm5']) await alice.conn.send(text(bob.user, m));
    let viaCallback: ReceivedMessage[] = [];
    const first = await alice.conn.fetchHistoryMessages({
      queue: bob.user,
      count: 2,
      success: (msgs) => (viaCallback = msgs),
    });
    assert.deepEqual(texts(first), ['m4', 'm5']);
    assert.deepEqual(viaCallback, first);
    assert.deepEqual(texts(await alice.conn.fetchHistoryMessages({ queue: bob.user, count: 2 })), [
      'm2',
      'm3',
    ]);
    assert.deepEqual(texts(await alice.conn.fetchHistoryMessages({ queue: bob.user, count: 2 })), ['m1']);
    assert.deepEqual(await alice.conn.fetchHistoryMessages({ queue: bob.user, count: 2 }), []);
    await assert.rejects(alice.conn.fetchHistoryMessages({ queue: '' }), (e: ConfabError) => e.type === -3);
  });

  test('getSessionList answers the raw list; getConversationlist parses meta into lastMessage, paged or not', async () => {
    const alice = await w.online('alice');
    const bob = await w.user('bob');
    const carol = await w.user('carol');
    await alice.conn.send(text(bob.user, 'to bob'));
    const last = await alice.conn.send(text(carol.user, 'to carol'));

    const raw = await alice.conn.getSessionList();
    assert.equal(raw.type, 0);
    const peers = raw.data.channel_infos.map((c) => c.session_to).sort();
    assert.equal(peers.length, 2);
    assert.equal(typeof raw.data.channel_infos[0]?.meta, 'object');

    let viaCallback: unknown;
    const list = await alice.conn.getConversationlist({ success: (res) => (viaCallback = res) });
    assert.equal(viaCallback, list);
    const toCarol = list.data.channel_infos.find((c) => c.session_to.startsWith(carol.user));
    assert.ok(toCarol, 'the conversation with carol is listed');
    assert.equal('meta' in toCarol, false);
    const lastMessage = toCarol.lastMessage as Record<string, unknown>;
    assert.equal(lastMessage['id'], last.serverMsgId);
    assert.equal(lastMessage['msg'], 'to carol');
    assert.equal(lastMessage['type'], 'txt');

    const page = await alice.conn.getConversationlist({ pageNum: 1, pageSize: 1 });
    assert.equal(page.data.channel_infos.length, 1);
    const page2 = await alice.conn.getConversationlist({ pageNum: 2, pageSize: 1 });
    assert.equal(page2.data.channel_infos.length, 1);
    assert.notEqual(page2.data.channel_infos[0]?.session_to, page.data.channel_infos[0]?.session_to);
  });

  test('deleteSession removes the conversation for the caller only (the deprecated name of deleteConversation)', async () => {
    const alice = await w.online('alice');
    const bob = await w.online('bob');
    await alice.conn.send(text(bob.user, 'hi'));
    await bob.next('onTextMessage');
    const res = await alice.conn.deleteSession({
      channel: bob.user,
      chatType: 'singleChat',
      deleteRoam: false,
    });
    assert.equal((res as { data?: { result?: string } }).data?.result, 'ok');
    const mine = await alice.conn.getSessionList();
    assert.deepEqual(mine.data.channel_infos, []);
    const theirs = await bob.conn.getSessionList();
    assert.equal(theirs.data.channel_infos.length, 1);
  });

  test('deleteAllMessagesAndConversations empties the caller’s list and history, one-way', async () => {
    const alice = await w.online('alice');
    const bob = await w.online('bob');
    await alice.conn.send(text(bob.user, 'one'));
    await alice.conn.send(text(bob.user, 'two'));
    await alice.conn.deleteAllMessagesAndConversations();
    const mine = await alice.conn.getServerConversations();
    assert.deepEqual(mine.data.conversations, []);
    const history = await alice.conn.getHistoryMessages({ targetId: bob.user, chatType: 'singleChat' });
    assert.deepEqual(history.messages, []);
    const theirs = await bob.conn.getHistoryMessages({ targetId: alice.user, chatType: 'singleChat' });
    assert.deepEqual(texts(theirs.messages), ['two', 'one']);
    const out = w.client();
    await assert.rejects(out.conn.deleteAllMessagesAndConversations(), (e: ConfabError) => e.type === 39);
  });

  test('downloadAndParseCombineMessage reads an uploaded combine file; a bad file is 203, a missing one 200', async () => {
    const alice = await w.online('alice');
    const bob = await w.user('bob');
    const metas = ['first', 'second'].map((msg, i) => ({
      ...buildSendMeta(text(bob.user, msg), { user: alice.user, appKey: w.srv.appKey }),
      id: toU64(1000n + BigInt(i)),
      from: { appKey: w.srv.appKey, name: alice.user, domain: 'easemob.com' },
      timestamp: toU64(Date.now()),
    }));
    const file = buildCombineFile(metas);
    assert.equal(parseCombineFile(file).length, 2);
    const uploaded = await alice.conn.uploadFile({ data: new Blob([file]), filename: 'history.cm' });
    const messages = await alice.conn.downloadAndParseCombineMessage({
      url: uploaded.url,
      secret: uploaded.secret,
    });
    assert.deepEqual(texts(messages), ['first', 'second']);
    assert.deepEqual(
      messages.map((m) => [m.id, m.from, m.to]),
      [
        ['1000', alice.user, bob.user],
        ['1001', alice.user, bob.user],
      ],
    );

    const broken = file.slice();
    broken[broken.length - 1] = (file.at(-1) ?? 0) ^ 0xff;
    const bad = await alice.conn.uploadFile({ data: new Blob([broken]), filename: 'bad.cm' });
    await assert.rejects(
      alice.conn.downloadAndParseCombineMessage({ url: bad.url, secret: bad.secret }),
      (e: ConfabError) => e.type === 203 && e.message === 'File verification failed',
    );
    await assert.rejects(
      alice.conn.downloadAndParseCombineMessage({ url: `${uploaded.url}-missing`, secret: uploaded.secret }),
      (e: ConfabError) => e.type === 200,
    );
  });

  test('listen({...}) installs the legacy callbacks; a later listen replaces them; addEventListener is an alias', async () => {
    const bob = await w.user('bob');
    const c = w.client();
    const got: string[] = [];
    c.conn.listen({
      onOpened: () => got.push('first:opened'),
      onTextMessage: (m) => got.push(`first:${m.msg}`),
    });
    c.conn.listen({ onOpened: () => got.push('opened'), onTextMessage: (m) => got.push(`text:${m.msg}`) });
    const viaAlias: string[] = [];
    c.conn.addEventListener('alias', { onTextMessage: (m) => viaAlias.push(m.msg) });
    await c.conn.open(bob);
    const alice = await w.online('alice');
    await alice.conn.send(text(bob.user, 'hello'));
    await c.next('onTextMessage');
    assert.deepEqual(got, ['opened', 'text:hello']);
    assert.deepEqual(viaAlias, ['hello']);
    c.conn.removeEventListener('alias');
    await alice.conn.send(text(bob.user, 'again'));
    await c.next('onTextMessage', (m: ReceivedTextMessage) => m.msg === 'again');
    assert.deepEqual(viaAlias, ['hello']);
  });

  test('onShow probes a socket idle for over 2 s with UNREAD and stays connected when the server answers', async () => {
    const alice = await w.online('alice');
    alice.conn.onShow(); // just logged in: nothing to probe
    assert.equal(alice.logs.filter((e) => e.kind === 'probe').length, 0);
    await sleep(2100);
    alice.conn.onShow();
    assert.equal(alice.logs.filter((e) => e.kind === 'probe').length, 1);
    await sleep(300);
    assert.equal(alice.conn.isOpened(), true);
    assert.equal(alice.logs.filter((e) => e.kind === 'probe-timeout').length, 0);
    const out = w.client();
    out.conn.onShow(); // logged out: a no-op
    assert.equal(out.logs.length, 0);
  });
});
