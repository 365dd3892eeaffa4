// Group messages with our SDK and the unmodified official SDK (jsdom) against a real server: every kind
// with chatType 'groupChat' to every member device online (push) and offline (at login, in order, once),
// the sender's other devices too but not the sending one; the send checks' codes (605, 602, 507, 608,
// 603); recall (sender within the window, owner/admins any message) and edit in groups; deliverOnlineOnly;
// group read receipts (groupReadCount, getGroupMsgReadUser); history and the conversation list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { testClients } from './support/test-clients.js';
import { register } from './support/rest.js';
import { createApp } from '../src/domain/apps/app-admin.js';
import { addMembers, listUsers, makeGroup, patchGroup, removeMembers } from './support/messaging-groups.js';

const EXT = { s: 'str', i: 42, b: true, o: { nested: [1, 'two'] }, em_at_list: ['bob', 'carol'] };
const FILE_BODY = {
  url: 'http://files.example/confab/demo/chatfiles/abc-123',
  filename: 'report.pdf',
  secret: 'sekret',
  file_length: 2048,
  length: 7,
  size: { width: 320, height: 200 },
};

describe('group messages with both SDKs', () => {
  let env: TestServer;
  const clients = testClients(() => env);
  const { our } = clients;
  const official = (deviceId?: string) =>
    createOfficialClient({
      appKey: env.appKey,
      url: env.wsUrl,
      apiUrl: env.apiUrl,
      ...(deviceId ? { deviceId } : {}),
    });
  const groupText = (to: string, msg: string, extra: Record<string, unknown> = {}) =>
    OurSdk.message.create({ type: 'txt', chatType: 'groupChat', to, msg, ...extra } as never);

  before(async () => {
    env = await startTestServer();
    for (const u of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina']) await register(env, u, 'pw');
  });
  after(async () => {
    clients.closeOurs();
    await closeAllOfficialClients();
    await env.close();
  });

  test('ours: a member’s message reaches every member device and the sender’s other device, not the sending one', async () => {
    const g = await makeGroup(env, 'alice', ['bob', 'carol']);
    const alice = await our('alice');
    const alice2 = await our('alice');
    const bob = await our('bob');
    const carol = await our('carol');
    const dave = await our('dave'); // not a member
    const sent = await alice.conn.send(groupText(g, 'hello group', { ext: EXT }));
    for (const c of [bob, carol, alice2]) {
      const got = await c.next('onTextMessage', (m: any) => m.id === sent.serverMsgId);
      assert.deepEqual([got.from, got.to, got.chatType, got.msg], ['alice', g, 'groupChat', 'hello group']);
      assert.deepEqual(got.ext, EXT, '@ mentions in ext pass through');
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(alice.all('onTextMessage').length, 0, 'the sending device does not get its own message');
    assert.equal(dave.all('onTextMessage').length, 0);
  });

  const connected = async (user: string, deviceId?: string) => {
    const c = official(deviceId);
    await c.conn.open({ user, pwd: 'pw' });
    await c.nextEvent('onConnected');
    return c;
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  test('official ↔ ours: every kind with chatType groupChat, fields and ext intact', async () => {
    const g = await makeGroup(env, 'carol', ['dave', 'erin']);
    await using carol = await connected('carol');
    await using carol2 = await connected('carol', 'carol-second');
    await using dave = await connected('dave');
    const erin = await our('erin');
    const kinds: Array<[string, Record<string, unknown>]> = [
      ['onTextMessage', { type: 'txt', msg: 'hi all' }],
      ['onImageMessage', { type: 'img', url: FILE_BODY.url, file_length: 2048 }],
      ['onFileMessage', { type: 'file', body: FILE_BODY }],
      ['onAudioMessage', { type: 'audio', body: FILE_BODY }],
      ['onVideoMessage', { type: 'video', body: FILE_BODY }],
      ['onLocationMessage', { type: 'loc', lat: 1.25, lng: -3.5, addr: 'somewhere', buildingName: 'b' }],
      ['onCustomMessage', { type: 'custom', customEvent: 'poll', customExts: { q: 'yes?' } }],
      ['onCmdMessage', { type: 'cmd', action: 'ping' }],
    ];
    for (const [event, params] of kinds) {
      const msg = carol.sdk.message.create({ chatType: 'groupChat', to: g, ext: EXT, ...params } as never);
      const sent: any = await carol.conn.send(msg);
      for (const c of [dave, carol2]) {
        const got: any = plain(
          await c.nextEvent(event as never, { predicate: (m: any) => m.id === sent.serverMsgId }),
        );
        assert.deepEqual(
          [got.from, got.to, got.chatType, got.type],
          ['carol', g, 'groupChat', params['type']],
        );
        assert.deepEqual(got.ext, EXT, event);
      }
      const atErin = await erin.next(event, (m: any) => m.id === sent.serverMsgId);
      assert.deepEqual([atErin.from, atErin.to, atErin.chatType], ['carol', g, 'groupChat']);
    }
    // A combined message (the official SDK builds one only from uploaded history) from ours.
    const combined = await erin.conn.send(
      OurSdk.message.create({
        type: 'combine',
        chatType: 'groupChat',
        to: g,
        title: 'History',
        summary: 'a: hi',
        compatibleText: 'upgrade',
        url: 'http://x/confab/demo/chatfiles/cm-1',
        secret: 's2',
        filename: 'history',
        file_length: 99,
        combineLevel: 1,
      } as never),
    );
    const got: any = plain(
      await dave.nextEvent('onCombineMessage' as never, {
        predicate: (m: any) => m.id === combined.serverMsgId,
      }),
    );
    assert.deepEqual([got.title, got.chatType, got.to, got.from], ['History', 'groupChat', g, 'erin']);
    await sleep(100);
    assert.equal(carol.events('onTextMessage').length, 0, 'the sending device does not get its own');
    assert.equal(carol.events('onCmdMessage').length, 0);
  });

  test('offline members get the group’s messages at login, in order, once; a later member not the backlog', async () => {
    const g = await makeGroup(env, 'alice', ['bob', 'frank']);
    // bob's device is known (it was online once), then offline while messages are sent.
    const first = await connected('bob', 'bob-laptop');
    await first.close();
    const alice = await our('alice');
    const sent: string[] = [];
    for (let i = 0; i < 25; i++) sent.push((await alice.conn.send(groupText(g, `m${i}`))).serverMsgId);
    await addMembers(env, g, ['gina']);
    const gina = await connected('gina');
    await using bob = await connected('bob', 'bob-laptop');
    await bob.nextEvent('onOfflineMessageSyncFinish' as never, { timeoutMs: 10_000 });
    await sleep(300);
    const got = bob.events('onTextMessage').map((m: any) => m.id);
    assert.deepEqual(got, sent, 'every message, in order, once');
    // Heartbeats that follow deliver nothing twice.
    await sleep(500);
    assert.equal(bob.events('onTextMessage').length, sent.length);
    assert.equal(gina.events('onTextMessage').length, 0, 'a new member gets no backlog');
    const next = await alice.conn.send(groupText(g, 'welcome gina'));
    await gina.nextEvent('onTextMessage', { predicate: (m: any) => m.id === next.serverMsgId });
    await gina.close();
  });

  test('membership changes reach the node’s index: an added member gets pushes, a removed one stops', async () => {
    const g = await makeGroup(env, 'alice', ['bob']);
    const alice = await our('alice');
    const bob = await our('bob');
    const carol = await our('carol');
    const one = await alice.conn.send(groupText(g, 'before carol'));
    await bob.next('onTextMessage', (m: any) => m.id === one.serverMsgId);
    await addMembers(env, g, ['carol']);
    const two = await alice.conn.send(groupText(g, 'with carol'));
    await carol.next('onTextMessage', (m: any) => m.id === two.serverMsgId, 2000);
    await removeMembers(env, g, ['carol']);
    const three = await alice.conn.send(groupText(g, 'after carol'));
    await bob.next('onTextMessage', (m: any) => m.id === three.serverMsgId);
    await sleep(200);
    assert.deepEqual(
      carol.all('onTextMessage').map((m: any) => m.msg),
      ['with carol'],
    );
    // carol is not a member any more: her sends are refused.
    await assert.rejects(carol.conn.send(groupText(g, 'still here?')), (e: any) => e.type === 602);
  });

  test('send checks with Agora’s codes: 605, 602, 507 (muted, all muted), 608, 603 — both SDKs', async () => {
    const g = await makeGroup(env, 'alice', ['bob', 'carol', 'dave'], { admins: ['carol'] });
    const bob = await our('bob');
    await using dave = await connected('dave');
    const officialSend = async (to: string, msg = 'x') =>
      dave.conn.send(dave.sdk.message.create({ type: 'txt', chatType: 'groupChat', to, msg })).then(
        () => 0,
        (e: any) => plain<any>(e).type as number,
      );
    const ourSend = (to: string) =>
      bob.conn.send(groupText(to, 'x')).then(
        () => 0,
        (e: any) => e.type as number,
      );
    assert.equal(await ourSend('999999999'), 605);
    assert.equal(await officialSend('999999999'), 605);
    const other = await makeGroup(env, 'erin', ['frank']);
    assert.equal(await ourSend(other), 602);
    assert.equal(await officialSend(other), 602);
    await listUsers(env, g, 'mute', ['bob', 'dave'], Date.now() + 60_000);
    assert.equal(await ourSend(g), 507);
    assert.equal(await officialSend(g), 507);
    // An expired mute is no mute.
    await listUsers(env, g, 'mute', ['bob', 'dave'], Date.now() - 1);
    assert.equal(await ourSend(g), 0);
    // All muted: members are refused, the owner, admins and allow-listed members may speak.
    await patchGroup(env, g, { allMuted: true });
    assert.equal(await officialSend(g), 507);
    assert.equal(await ourSend(g), 507);
    const alice = await our('alice');
    const carol = await our('carol');
    await alice.conn.send(groupText(g, 'owner speaks'));
    await carol.conn.send(groupText(g, 'admin speaks'));
    await listUsers(env, g, 'allow', ['bob']);
    assert.equal(await ourSend(g), 0);
    // The allow list lifts mute-all only: a member muted by name stays muted (muc-speech.ts, Agora's docs).
    await listUsers(env, g, 'mute', ['bob'], Date.now() + 60_000);
    assert.equal(await ourSend(g), 507);
    await listUsers(env, g, 'mute', ['bob'], Date.now() - 1);
    await patchGroup(env, g, { allMuted: false, disabled: true });
    assert.equal(await ourSend(g), 608);
    assert.equal(await officialSend(g), 608);
    await patchGroup(env, g, { disabled: false });
    await removeMembers(env, g, ['dave']);
    await listUsers(env, g, 'block', ['dave']);
    assert.equal(await officialSend(g), 603);
  });

  test('recall: the sender within the window, owner and admins any message; members learn it online and later', async () => {
    const g = await makeGroup(env, 'alice', ['bob', 'carol', 'dave'], { admins: ['carol'] });
    const alice = await our('alice');
    const bob = await our('bob');
    await using dave = await connected('dave');
    // A device of dave's that is offline meanwhile sees messages and recalls at its next login.
    const daveLater = await connected('dave', 'dave-later');
    await daveLater.close();
    const byBob = await bob.conn.send(groupText(g, 'oops'));
    await dave.nextEvent('onTextMessage', { predicate: (m: any) => m.id === byBob.serverMsgId });
    const r1 = await bob.conn.recallMessage({ mid: byBob.serverMsgId, to: g, chatType: 'groupChat' });
    assert.match(r1.serverMsgId, /^\d+$/);
    const seen: any = plain(await dave.nextEvent('onRecallMessage'));
    assert.deepEqual([seen.mid, seen.from, seen.to], [byBob.serverMsgId, 'bob', g]);
    await alice.next('onRecallMessage', (m: any) => m.mid === byBob.serverMsgId);

    // A member may not recall another's message (503, as 1:1); the owner and an admin may (any time).
    const byDave: any = await dave.conn.send(
      dave.sdk.message.create({ type: 'txt', chatType: 'groupChat', to: g, msg: 'by dave' }),
    );
    await assert.rejects(
      bob.conn.recallMessage({ mid: byDave.serverMsgId, to: g, chatType: 'groupChat' }),
      (e: any) => e.type === 503,
    );
    await alice.conn.recallMessage({ mid: byDave.serverMsgId, to: g, chatType: 'groupChat' });
    await bob.next('onRecallMessage', (m: any) => m.mid === byDave.serverMsgId);
    const another: any = await dave.conn.send(
      dave.sdk.message.create({ type: 'txt', chatType: 'groupChat', to: g, msg: 'again' }),
    );
    await using carol = await connected('carol');
    await carol.conn.recallMessage({ mid: another.serverMsgId, to: g, chatType: 'groupChat' });
    await bob.next('onRecallMessage', (m: any) => m.mid === another.serverMsgId);
    // The device that was offline gets messages and recalls in order at its next login.
    await using later = await connected('dave', 'dave-later');
    await sleep(500);
    const order = later.recorder.log
      .filter((e) => e.name === 'onTextMessage' || e.name === 'onRecallMessage')
      .map(
        (e) =>
          `${e.name === 'onTextMessage' ? 'msg' : 'recall'}:${(e.data as any).msg ?? (e.data as any).mid}`,
      );
    // (dave's messages came from his other device, so this one gets them too.)
    assert.deepEqual(order, [
      'msg:oops',
      `recall:${byBob.serverMsgId}`,
      'msg:by dave',
      `recall:${byDave.serverMsgId}`,
      'msg:again',
      `recall:${another.serverMsgId}`,
    ]);
    // History leaves recalled messages out.
    const history: any = await dave.conn.getHistoryMessages({
      targetId: g,
      chatType: 'groupChat',
      pageSize: 20,
    });
    assert.equal(
      history.messages.some((m: any) => [byBob.serverMsgId, byDave.serverMsgId].includes(m.id)),
      false,
    );
  });

  test('recall after the window → 504 for the sender; the owner may still recall', async () => {
    const { storage, clock } = env.server.ctx;
    await createApp(storage, clock, 'confab', 'strict', { recallWindowSeconds: 0 });
    const strict = { ...env, app: 'strict' };
    for (const u of ['ann', 'ben']) await register(strict, u, 'pw');
    const g = await makeGroup(env, 'ann', ['ben'], { app: 'strict' });
    await using ben = createOfficialClient({ appKey: 'confab#strict', url: env.wsUrl, apiUrl: env.apiUrl });
    await ben.conn.open({ user: 'ben', pwd: 'pw' });
    const sent: any = await ben.conn.send(
      ben.sdk.message.create({ type: 'txt', chatType: 'groupChat', to: g, msg: 'late' }),
    );
    await sleep(5);
    const err: any = await ben.conn
      .recallMessage({ mid: sent.serverMsgId, to: g, chatType: 'groupChat' })
      .then(
        () => assert.fail('must be refused'),
        (e: unknown) => plain(e),
      );
    assert.equal(err.type, 504);
    const strictClients = testClients(() => ({ ...env, appKey: 'confab#strict' }));
    const ann = await strictClients.our('ann');
    await ann.conn.recallMessage({ mid: sent.serverMsgId, to: g, chatType: 'groupChat' });
    await ben.nextEvent('onRecallMessage', { predicate: (m: any) => m.mid === sent.serverMsgId });
    strictClients.closeOurs();
  });

  test('edit in a group: members and the sender’s other devices get onModifiedMessage; only the sender may edit', async () => {
    const g = await makeGroup(env, 'alice', ['bob', 'carol']);
    await using alice = await connected('alice');
    await using alice2 = await connected('alice', 'alice-other');
    await using bob = await connected('bob');
    const text = (msg: string) =>
      alice.sdk.message.create({ type: 'txt', chatType: 'groupChat', to: g, msg }) as never;
    const sent: any = await alice.conn.send(text('helo'));
    await bob.nextEvent('onTextMessage', { predicate: (m: any) => m.id === sent.serverMsgId });
    const res: any = await alice.conn.modifyMessage({
      messageId: sent.serverMsgId,
      modifiedMessage: text('hello'),
    });
    assert.deepEqual([res.modifiedInfo?.operationCount, res.modifiedInfo?.operatorId], [1, 'alice']);
    for (const c of [bob, alice2]) {
      const got: any = plain(await c.nextEvent('onModifiedMessage'));
      assert.deepEqual(
        [got.id, got.msg, got.from, got.to, got.chatType],
        [sent.serverMsgId, 'hello', 'alice', g, 'groupChat'],
      );
    }
    const err: any = await bob.conn
      .modifyMessage({
        messageId: sent.serverMsgId,
        modifiedMessage: bob.sdk.message.create({
          type: 'txt',
          chatType: 'groupChat',
          to: g,
          msg: 'mine',
        }) as never,
      })
      .then(
        () => assert.fail('must be refused'),
        (e: unknown) => plain(e),
      );
    assert.equal(err.type, 603);
    const history: any = await bob.conn.getHistoryMessages({ targetId: g, chatType: 'groupChat' });
    assert.equal(history.messages.find((m: any) => m.id === sent.serverMsgId)?.msg, 'hello');
  });

  test('deliverOnlineOnly: online members get it, an offline member never does, history leaves it out', async () => {
    const g = await makeGroup(env, 'alice', ['bob', 'carol']);
    const alice = await our('alice');
    const bob = await our('bob');
    const carolBefore = await connected('carol', 'carol-pc');
    await carolBefore.close();
    const live = await alice.conn.send(groupText(g, 'typing…', { deliverOnlineOnly: true }));
    const kept = await alice.conn.send(groupText(g, 'kept'));
    await bob.next('onTextMessage', (m: any) => m.id === live.serverMsgId);
    await bob.next('onTextMessage', (m: any) => m.id === kept.serverMsgId);
    await using carol = await connected('carol', 'carol-pc');
    await carol.nextEvent('onTextMessage', { predicate: (m: any) => m.id === kept.serverMsgId });
    await sleep(300);
    assert.deepEqual(plain(carol.events('onTextMessage').map((m: any) => m.msg)), ['kept']);
    const history: any = plain(await carol.conn.getHistoryMessages({ targetId: g, chatType: 'groupChat' }));
    assert.deepEqual(
      history.messages.map((m: any) => m.msg),
      ['kept'],
    );
  });

  test('read receipts: the sender gets groupReadCount per reader; getGroupMsgReadUser lists them', async () => {
    const g = await makeGroup(env, 'alice', ['bob', 'carol', 'dave']);
    await using alice = await connected('alice');
    const bob = await our('bob');
    await using carol = await connected('carol');
    const sent: any = await alice.conn.send(
      alice.sdk.message.create({
        type: 'txt',
        chatType: 'groupChat',
        to: g,
        msg: 'please read',
        msgConfig: { allowGroupAck: true },
      } as never),
    );
    await bob.next('onTextMessage', (m: any) => m.id === sent.serverMsgId);
    await bob.conn.send(
      OurSdk.message.create({
        type: 'read',
        chatType: 'groupChat',
        to: g,
        id: sent.serverMsgId,
        ackContent: 'seen',
      } as never),
    );
    const first: any = plain(await alice.nextEvent('onReadMessage'));
    assert.deepEqual(
      [first.mid, first.from, first.to, first.groupReadCount, first.ackContent],
      [sent.serverMsgId, 'bob', g, 1, 'seen'],
    );
    await carol.conn.send(
      carol.sdk.message.create({ type: 'read', chatType: 'groupChat', to: g, id: sent.serverMsgId } as never),
    );
    const second: any = plain(
      await alice.nextEvent('onReadMessage', { predicate: (m: any) => m.from === 'carol' }),
    );
    assert.equal(second.groupReadCount, 2);
    // A second receipt of the same reader counts once.
    await bob.conn.send(
      OurSdk.message.create({ type: 'read', chatType: 'groupChat', to: g, id: sent.serverMsgId } as never),
    );
    const list: any = plain(await alice.conn.getGroupMsgReadUser({ msgId: sent.serverMsgId, groupId: g }));
    assert.deepEqual(
      [list.data.ackmid, list.data.total, list.data.userlist, list.data.is_last],
      [sent.serverMsgId, 2, ['bob', 'carol'], true],
    );
    // Our SDK asks the same.
    const ours: any = await bob.conn.getGroupMsgReadUser({ msgId: sent.serverMsgId, groupId: g });
    assert.deepEqual([ours.type, ours.data.total, ours.data.userlist], [0, 2, ['bob', 'carol']]);
    // Only members may ask.
    await using erin = await connected('erin');
    const err: any = await erin.conn.getGroupMsgReadUser({ msgId: sent.serverMsgId, groupId: g }).then(
      () => assert.fail('must be refused'),
      (e: unknown) => plain(e),
    );
    assert.equal(err.type, 602);
  });

  test('history and the server conversation list include groups, with unread counts and the last message', async () => {
    const g = await makeGroup(env, 'alice', ['bob', 'gina']);
    const alice = await our('alice');
    for (const m of ['h1', 'h2', 'h3']) await alice.conn.send(groupText(g, m));
    await addMembers(env, g, ['frank']);
    await alice.conn.send(groupText(g, 'h4'));
    await using frank = await connected('frank');
    const frankHistory: any = plain(
      await frank.conn.getHistoryMessages({ targetId: g, chatType: 'groupChat', pageSize: 10 }),
    );
    assert.deepEqual(
      frankHistory.messages.map((m: any) => m.msg),
      ['h4', 'h3', 'h2', 'h1'],
      'a member sees the group’s history, also before it joined',
    );
    assert.deepEqual(
      [frankHistory.messages[0].chatType, frankHistory.messages[0].to, frankHistory.messages[0].from],
      ['groupChat', g, 'alice'],
    );
    const ours: any = await (
      await our('gina')
    ).conn.getHistoryMessages({ targetId: g, chatType: 'groupChat' });
    assert.deepEqual(
      ours.messages.map((m: any) => m.msg),
      ['h4', 'h3', 'h2', 'h1'],
    );
    // The list: unread from where each member joined.
    const list: any = plain(await frank.conn.getServerConversations({ pageSize: 20 }));
    const conv = list.data.conversations.find((c: any) => c.conversationId === g);
    assert.deepEqual(
      [conv.conversationType, conv.unReadCount, conv.lastMessage.msg, conv.lastMessage.from],
      ['groupChat', 1, 'h4', 'alice'],
    );
    const gina: any = await (await our('gina')).conn.getServerConversations({ pageSize: 20 });
    const atGina = gina.data.conversations.find((c: any) => c.conversationId === g);
    assert.deepEqual([atGina.conversationType, atGina.unReadCount], ['groupChat', 4]);
    // A channel ack marks the group read; pinning and deleting work with groupChat.
    await frank.conn.send(
      frank.sdk.message.create({ type: 'channel', chatType: 'groupChat', to: g } as never),
    );
    const after: any = plain(await frank.conn.getServerConversations({ pageSize: 20 }));
    assert.equal(after.data.conversations.find((c: any) => c.conversationId === g).unReadCount, 0);
    const pinned: any = await frank.conn.pinConversation({
      conversationId: g,
      conversationType: 'groupChat',
      isPinned: true,
    });
    assert.equal(pinned.data.isPinned, true);
    await frank.conn.deleteConversation({ channel: g, chatType: 'groupChat', deleteRoam: false });
    const gone: any = plain(await frank.conn.getServerConversations({ pageSize: 20 }));
    assert.equal(
      gone.data.conversations.some((c: any) => c.conversationId === g),
      false,
    );
    // Non-members have no history of the group.
    await using erin = await connected('erin');
    await assert.rejects(erin.conn.getHistoryMessages({ targetId: g, chatType: 'groupChat' }));
  });

  test('the group routes keep every node’s index right: joinGroup and leaveGroup take effect at once', async () => {
    const g = await makeGroup(env, 'alice', ['bob']);
    const alice = await our('alice');
    const bob = await our('bob');
    await using erin = await connected('erin');
    // The group is indexed on this node once a message went through it.
    const first = await alice.conn.send(groupText(g, 'first'));
    await bob.next('onTextMessage', (m: any) => m.id === first.serverMsgId);
    await erin.conn.joinGroup({ groupId: g, message: 'hi' });
    const second = await alice.conn.send(groupText(g, 'second'));
    // Well within the SDK's heartbeat: pushed because the join updated the index.
    await erin.nextEvent('onTextMessage', {
      predicate: (m: any) => m.id === second.serverMsgId,
      timeoutMs: 2000,
    });
    await erin.conn.leaveGroup({ groupId: g });
    const third = await alice.conn.send(groupText(g, 'third'));
    await bob.next('onTextMessage', (m: any) => m.id === third.serverMsgId);
    await sleep(300);
    assert.deepEqual(plain(erin.events('onTextMessage').map((m: any) => m.msg)), ['second']);
  });
});
