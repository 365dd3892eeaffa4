// Messages over REST with the app token (REST spec §3 "Messages and files"), received by the official
// agora-chat SDK and ours exactly like messages sent by a client: every type to users, groups and chat rooms,
// from a user or as admin, broadcast, recall (force), rewrite, import with the original time, offline count
// and status, the hourly history export, the one-way conversation delete, and each refusal's code.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, appCall, call, createUsers, sleep, type AppTarget } from './support/accounts.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient, type RecordingClient } from './support/our-client.js';
import { makeRoom } from './support/rooms.js';

describe('messages over REST', () => {
  let env: TestServer;
  let target: AppTarget;
  let admin: string;
  let groupId: string;
  const ours: RecordingClient[] = [];
  const official = () => createOfficialClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
  const ourClient = async (user: string) => {
    const c = recordingClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    ours.push(c);
    await c.conn.open({ user, pwd: 'pw' });
    return c;
  };
  const rest = (method: string, path: string, body?: unknown, token = admin) =>
    appCall(target, method, path, token, body);
  const send = async (kind: string, body: Record<string, unknown>) => {
    const r = await rest('POST', `/messages/${kind}`, body);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.data as Record<string, string>;
  };

  before(async () => {
    env = await startTestServer();
    target = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: env.org, app: env.app };
    admin = await adminToken(target, env.clientId, env.clientSecret);
    await createUsers(target, admin, ['alice', 'bob', 'carol', 'dave', 'erin', 'zed']);
    const g = await rest('POST', '/chatgroups', {
      groupname: 'g',
      owner: 'alice',
      members: ['bob', 'carol'],
      public: true,
    });
    groupId = String(g.body.data.groupid);
  });
  after(async () => {
    for (const c of ours) c.conn.close();
    await closeAllOfficialClients();
    await env.close();
  });

  const file = { filename: 'f.bin', secret: 's3cret', url: 'http://files.example/chatfiles/abc' };
  const BODIES: Record<string, Record<string, unknown>> = {
    txt: { msg: 'hello from the app server' },
    img: { ...file, filename: 'p.png', size: { width: 40, height: 30 } },
    audio: { ...file, filename: 'a.amr', length: 7 },
    video: {
      ...file,
      filename: 'v.mp4',
      length: 9,
      thumb: 'http://files.example/chatfiles/t',
      thumb_secret: 'ts',
      file_length: 1234,
    },
    file: { ...file, filename: 'doc.pdf' },
    loc: { lat: 39.9, lng: 116.4, addr: 'Beijing' },
    cmd: { action: 'refresh' },
    custom: { customEvent: 'gift', customExts: { kind: 'rose', count: '3' } },
  };
  const EVENT: Record<string, string> = {
    txt: 'onTextMessage',
    img: 'onImageMessage',
    audio: 'onAudioMessage',
    video: 'onVideoMessage',
    file: 'onFileMessage',
    loc: 'onLocationMessage',
    cmd: 'onCmdMessage',
    custom: 'onCustomMessage',
  };

  test('official SDK: every message type to a user, with ext, from a user and as admin', async () => {
    await using bob = official();
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    for (const [type, body] of Object.entries(BODIES)) {
      const data = await send('users', { from: 'alice', to: ['bob'], type, body, ext: { k: 'v', n: 2 } });
      const got: any = plain(
        await bob.nextEvent(EVENT[type]!, { predicate: (m: any) => m.id === data['bob'] }),
      );
      assert.equal(got.from, 'alice', type);
      assert.equal(got.to, 'bob');
      assert.equal(got.chatType, 'singleChat');
      assert.deepEqual(got.ext, { k: 'v', n: 2 }, type);
      if (type === 'txt') assert.equal(got.msg, 'hello from the app server');
      if (type === 'img') assert.deepEqual([got.width, got.height], [40, 30]);
      if (type === 'audio') assert.equal(got.length, 7);
      if (type === 'video') assert.equal(got.length, 9);
      if (type === 'file') assert.equal(got.filename, 'doc.pdf');
      if (type === 'loc') assert.deepEqual([got.lat, got.lng, got.addr], [39.9, 116.4, 'Beijing']);
      if (type === 'cmd') assert.equal(got.action, 'refresh');
      if (type === 'custom') {
        assert.equal(got.customEvent, 'gift');
        assert.deepEqual(got.customExts, { kind: 'rose', count: '3' });
      }
    }
    const asAdmin = await send('users', { to: ['bob'], type: 'txt', body: { msg: 'system notice' } });
    const sys: any = await bob.nextEvent('onTextMessage', { predicate: (m: any) => m.id === asAdmin['bob'] });
    assert.equal(sys.from, 'admin');
  });

  test('our SDK: the same messages arrive with the same fields', async () => {
    const carol = await ourClient('carol');
    for (const [type, body] of Object.entries(BODIES)) {
      const data = await send('users', { from: 'alice', to: ['carol'], type, body, ext: { k: 'v' } });
      const got = await carol.next(EVENT[type]!, (m: any) => m.id === data['carol']);
      assert.equal(got.from, 'alice', type);
      assert.deepEqual(got.ext, { k: 'v' });
      if (type === 'custom') assert.deepEqual(got.customExts, { kind: 'rose', count: '3' });
      if (type === 'loc') assert.equal(got.addr, 'Beijing');
    }
    carol.conn.close();
  });

  test('sync_device: the sender’s own online device gets the message too', async () => {
    await using alice = official();
    await alice.conn.open({ user: 'alice', pwd: 'pw' });
    const data = await send('users', {
      from: 'alice',
      to: ['erin'],
      type: 'txt',
      body: { msg: 'synced' },
      sync_device: true,
    });
    const got: any = await alice.nextEvent('onTextMessage', { predicate: (m: any) => m.id === data['erin'] });
    assert.equal(got.from, 'alice');
    assert.equal(got.to, 'erin');
  });

  test('group: from a non-member, with need_group_ack, to the official SDK and ours', async () => {
    await using bob = official();
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    const carol = await ourClient('carol');
    const data = await send('chatgroups', {
      from: 'zed',
      to: [groupId],
      type: 'txt',
      body: { msg: 'to the group' },
      need_group_ack: true,
      roam_ignore_users: ['carol'],
    });
    const id = data[groupId]!;
    const got: any = await bob.nextEvent('onTextMessage', { predicate: (m: any) => m.id === id });
    assert.deepEqual(
      [got.from, got.to, got.chatType, got.msg],
      ['zed', groupId, 'groupChat', 'to the group'],
    );
    assert.equal(got.msgConfig?.allowGroupAck, true);
    const mine = await carol.next('onTextMessage', (m: any) => m.id === id);
    assert.equal(mine.chatType, 'groupChat');
    // roam_ignore_users: carol's history leaves it out, bob's has it.
    const carolHistory: any = await carol.conn.getHistoryMessages({
      targetId: groupId,
      chatType: 'groupChat',
      pageSize: 50,
    });
    assert.ok(!carolHistory.messages.some((m: any) => m.id === id));
    const bobHistory: any = await bob.conn.getHistoryMessages({
      targetId: groupId,
      chatType: 'groupChat',
      pageSize: 50,
    });
    assert.ok(bobHistory.messages.some((m: any) => m.id === id));
    carol.conn.close();
  });

  test('chat room: official SDK member present gets a REST message and a broadcast', async () => {
    const roomId = await makeRoom(env, { owner: 'alice', members: ['bob'] });
    await using bob = official();
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    await bob.conn.joinChatRoom({ roomId });
    const data = await send('chatrooms', {
      to: [roomId],
      type: 'custom',
      body: { customEvent: 'like', customExts: { n: '1' } },
      chatroom_msg_level: 'high',
    });
    const got: any = await bob.nextEvent('onCustomMessage', { predicate: (m: any) => m.id === data[roomId] });
    assert.deepEqual(
      [got.from, got.to, got.chatType, got.customEvent],
      ['admin', roomId, 'chatRoom', 'like'],
    );
    const b = await rest('POST', '/messages/chatrooms/broadcast', {
      msg: { type: 'txt', msg: 'to every room' },
      ext: { a: 1 },
    });
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assert.match(b.body.data.id, /^\d+$/);
    const cast: any = await bob.nextEvent('onTextMessage', {
      predicate: (m: any) => m.msg === 'to every room',
    });
    assert.equal(cast.to, roomId);
  });

  test('our SDK in a chat room gets a REST room message', async () => {
    const roomId = await makeRoom(env, { owner: 'alice', members: ['carol'] });
    const carol = await ourClient('carol');
    await carol.conn.joinChatRoom({ roomId });
    const data = await send('chatrooms', {
      from: 'alice',
      to: [roomId],
      type: 'txt',
      body: { msg: 'room hi' },
    });
    const got = await carol.next('onTextMessage', (m: any) => m.id === data[roomId]);
    assert.equal(got.chatType, 'chatRoom');
    carol.conn.close();
  });

  test('recall: the official receiver gets onRecallMessage; past the window only with force', async () => {
    await using bob = official();
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    const data = await send('users', { from: 'alice', to: ['bob'], type: 'txt', body: { msg: 'oops' } });
    const r = await rest('POST', '/messages/msg_recall', {
      msg_id: data['bob'],
      to: 'bob',
      chat_type: 'chat',
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data.recalled, 'yes');
    const rec: any = await bob.nextEvent('onRecallMessage', { predicate: (m: any) => m.mid === data['bob'] });
    assert.equal(rec.from, 'alice');
    // Twice: not found.
    const again = await rest('POST', '/messages/msg_recall', {
      msg_id: data['bob'],
      to: 'bob',
      chat_type: 'chat',
    });
    assert.notEqual(again.status, 200);
    // A group message recalled with the /messages/recall spelling.
    const g = await send('chatgroups', {
      from: 'alice',
      to: [groupId],
      type: 'txt',
      body: { msg: 'g oops' },
    });
    const gr = await rest('POST', '/messages/recall', {
      msg_id: g[groupId],
      to: groupId,
      chat_type: 'groupchat',
    });
    assert.equal(gr.status, 200, JSON.stringify(gr.body));
    await bob.nextEvent('onRecallMessage', { predicate: (m: any) => m.mid === g[groupId] });

    // Recall window 0 s: refused ("exceed recall time limit"), unless forced.
    const op = await call('PUT', `${env.apiUrl}/management/apps/${env.org}/${env.app}`, env.adminToken, {
      settings: { recallWindowSeconds: 0 },
    });
    assert.equal(op.status, 200);
    const late = await send('users', { from: 'alice', to: ['bob'], type: 'txt', body: { msg: 'late' } });
    await sleep(5);
    const refused = await rest('POST', '/messages/msg_recall', {
      msg_id: late['bob'],
      to: 'bob',
      chat_type: 'chat',
    });
    assert.notEqual(refused.status, 200);
    assert.match(JSON.stringify(refused.body), /exceed recall time limit/);
    const forced = await rest('POST', '/messages/msg_recall', {
      msg_id: late['bob'],
      to: 'bob',
      chat_type: 'chat',
      force: true,
    });
    assert.equal(forced.status, 200, JSON.stringify(forced.body));
    await bob.nextEvent('onRecallMessage', { predicate: (m: any) => m.mid === late['bob'] });
    await call('PUT', `${env.apiUrl}/management/apps/${env.org}/${env.app}`, env.adminToken, {
      settings: { recallWindowSeconds: 120 },
    });
  });

  test('rewrite: text and custom messages; the official receiver gets onModifiedMessage', async () => {
    await using bob = official();
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    const data = await send('users', { from: 'alice', to: ['bob'], type: 'txt', body: { msg: 'v1' } });
    await bob.nextEvent('onTextMessage', { predicate: (m: any) => m.id === data['bob'] });
    const r = await rest('PUT', `/messages/rewrite/${data['bob']}`, { new_msg: { type: 'txt', msg: 'v2' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.data, 'success');
    const mod: any = await bob.nextEvent('onModifiedMessage', {
      predicate: (m: any) => m.id === data['bob'],
    });
    assert.equal(mod.msg, 'v2');
    const c = await send('users', {
      from: 'alice',
      to: ['bob'],
      type: 'custom',
      body: { customEvent: 'e1', customExts: { a: '1' } },
    });
    const rc = await rest('PUT', `/messages/rewrite/${c['bob']}`, {
      new_msg: { type: 'custom', customEvent: 'e2', customExts: { a: '2' } },
    });
    assert.equal(rc.status, 200, JSON.stringify(rc.body));
    // Not a message, another kind, or a bad type.
    assert.notEqual(
      (await rest('PUT', '/messages/rewrite/12345', { new_msg: { type: 'txt', msg: 'x' } })).status,
      200,
    );
    const kind = await rest('PUT', `/messages/rewrite/${c['bob']}`, { new_msg: { type: 'txt', msg: 'x' } });
    assert.notEqual(kind.status, 200);
    assert.equal(
      (await rest('PUT', `/messages/rewrite/${c['bob']}`, { new_msg: { type: 'img' } })).status,
      400,
    );
  });

  test('offline count and status: undelivered until a device takes them; ROUTE_ONLINE is not kept', async () => {
    const one = await send('users', { from: 'alice', to: ['dave'], type: 'txt', body: { msg: 'one' } });
    await send('users', { from: 'alice', to: ['dave'], type: 'txt', body: { msg: 'two' } });
    await send('users', {
      from: 'alice',
      to: ['dave'],
      type: 'txt',
      body: { msg: 'ghost' },
      routetype: 'ROUTE_ONLINE',
    });
    const count = await rest('GET', '/users/dave/offline_msg_count');
    assert.equal(count.status, 200);
    assert.ok(count.body.data.dave >= 2, JSON.stringify(count.body));
    const status = await rest('GET', `/users/dave/offline_msg_status/${one['dave']}`);
    assert.deepEqual(status.body.data, { [one['dave']!]: 'undelivered' });

    await using dave = official();
    await dave.conn.open({ user: 'dave', pwd: 'pw' });
    await dave.nextEvent('onTextMessage', { predicate: (m: any) => m.msg === 'two' });
    await sleep(300);
    assert.ok(
      !dave.events('onTextMessage').some((m: any) => m.msg === 'ghost'),
      'an online-only message is not kept',
    );
    let after: any;
    for (let i = 0; i < 50; i++) {
      after = await rest('GET', `/users/dave/offline_msg_status/${one['dave']}`);
      if (after.body.data[one['dave']!] === 'delivered') break;
      await sleep(50);
    }
    assert.equal(after.body.data[one['dave']!], 'delivered');
    const zero = await rest('GET', '/users/dave/offline_msg_count');
    assert.equal(zero.body.data.dave, 0);
    assert.equal((await rest('GET', '/users/nobody/offline_msg_count')).status, 404);
  });

  test('import: 1:1 and group messages keep their original time in history', async () => {
    const when = Date.now() - 86_400_000;
    const r = await rest('POST', '/messages/users/import', {
      from: 'alice',
      target: 'erin',
      type: 'txt',
      body: { msg: 'from the old system' },
      ext: { legacy: true },
      msg_timestamp: when,
      is_ack_read: true,
      need_download: false,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const imported = r.body.data.msg_id as string;
    const g = await rest('POST', '/messages/chatgroups/import', {
      from: 'bob',
      target: groupId,
      type: 'txt',
      body: { msg: 'old group line' },
      msg_timestamp: when + 1,
    });
    assert.equal(g.status, 200, JSON.stringify(g.body));

    await using erin = official();
    await erin.conn.open({ user: 'erin', pwd: 'pw' });
    const history: any = await erin.conn.getHistoryMessages({
      targetId: 'alice',
      chatType: 'singleChat',
      pageSize: 20,
    });
    const found = history.messages.find((m: any) => m.id === imported);
    assert.ok(found, JSON.stringify(history.messages.map((m: any) => m.id)));
    assert.equal(found.msg, 'from the old system');
    assert.equal(Number(found.time), when);
    assert.deepEqual(plain<{ ext: unknown }>(found).ext, { legacy: true });
    await using bob = official();
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    const gh: any = await bob.conn.getHistoryMessages({
      targetId: groupId,
      chatType: 'groupChat',
      pageSize: 50,
    });
    const old = gh.messages.find((m: any) => m.msg === 'old group line');
    assert.ok(old);
    assert.equal(Number(old.time), when + 1);
    // Refusals: no target, unknown user, bad time.
    assert.equal(
      (await rest('POST', '/messages/users/import', { from: 'alice', type: 'txt', body: { msg: 'x' } }))
        .status,
      400,
    );
    assert.equal(
      (
        await rest('POST', '/messages/users/import', {
          from: 'alice',
          target: 'nobody',
          type: 'txt',
          body: { msg: 'x' },
        })
      ).status,
      404,
    );
    assert.equal(
      (
        await rest('POST', '/messages/users/import', {
          from: 'alice',
          target: 'erin',
          type: 'txt',
          body: { msg: 'x' },
          msg_timestamp: 'soon',
        })
      ).status,
      400,
    );
  });

  test('history export: the hour lists one file with that hour’s messages', async () => {
    const data = await send('users', {
      from: 'alice',
      to: ['bob'],
      type: 'txt',
      body: { msg: 'exported line' },
    });
    const hour = new Date().toISOString().slice(0, 13).replace(/[-T]/g, '');
    const r = await rest('GET', `/chatmessages/${hour}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const url = r.body.data[0].url as string;
    const res = await fetch(url, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(res.status, 200);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const line = lines.find((l: any) => l.msg_id === data['bob']);
    assert.ok(line);
    assert.deepEqual([line.from, line.to, line.chat_type], ['alice', 'bob', 'chat']);
    assert.equal(line.payload.bodies[0].msg, 'exported line');
    assert.equal((await rest('GET', '/chatmessages/2020-01-01')).status, 400);
    assert.equal((await rest('GET', '/chatmessages/2001010100')).status, 400);
  });

  test('one-way conversation delete at /users/{u}/user_channel', async () => {
    await send('users', { from: 'alice', to: ['bob'], type: 'txt', body: { msg: 'to forget' } });
    const r = await rest('DELETE', '/users/bob/user_channel', {
      channel: 'alice',
      type: 'chat',
      delete_roam: true,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.data, { result: 'ok' });
    await using bob = official();
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    const convs: any = await bob.conn.getServerConversations({ pageSize: 50, cursor: '' });
    assert.ok(!convs.data.conversations.some((c: any) => c.conversationId === 'alice'));
  });

  test('refusals: tokens, bodies, targets, limits', async () => {
    const body = { from: 'alice', to: ['bob'], type: 'txt', body: { msg: 'x' } };
    assert.equal((await rest('POST', '/messages/users', body, '')).status, 401);
    const bobToken = (
      await call('POST', `${env.apiUrl}/${env.org}/${env.app}/token`, undefined, {
        grant_type: 'password',
        username: 'bob',
        password: 'pw',
      })
    ).body.access_token as string;
    assert.equal((await rest('POST', '/messages/users', body, bobToken)).status, 403);
    assert.equal((await rest('POST', '/messages/users', { ...body, type: 'gif' })).status, 400);
    assert.equal((await rest('POST', '/messages/users', { ...body, body: {} })).status, 400);
    assert.equal((await rest('POST', '/messages/users', { ...body, to: [] })).status, 400);
    assert.equal(
      (await rest('POST', '/messages/users', { ...body, routetype: 'ROUTE_SOMEWHERE' })).status,
      400,
    );
    const tooMany = Array.from({ length: 601 }, (_, i) => `u${i}`);
    assert.equal((await rest('POST', '/messages/users', { ...body, to: tooMany })).status, 400);
    assert.equal(
      (
        await rest('POST', '/messages/users', {
          ...body,
          roam_ignore_users: Array.from({ length: 21 }, (_, i) => `u${i}`),
        })
      ).status,
      400,
    );
    const nobody = await rest('POST', '/messages/users', { ...body, to: ['nobody'] });
    assert.equal(nobody.status, 404, JSON.stringify(nobody.body));
    const noGroup = await rest('POST', '/messages/chatgroups', { ...body, to: ['999999999'] });
    assert.notEqual(noGroup.status, 200);
    assert.match(JSON.stringify(noGroup.body), /group/i);
    const noRoom = await rest('POST', '/messages/chatrooms', { ...body, to: ['999999999'] });
    assert.notEqual(noRoom.status, 200);
    assert.equal(
      (await rest('POST', '/messages/chatgroups', { ...body, to: ['1', '2', '3', '4'] })).status,
      400,
    );
    assert.equal(
      (await rest('POST', '/messages/chatrooms', { ...body, to: [groupId], chatroom_msg_level: 'loud' }))
        .status,
      400,
    );
    const big = await rest('POST', '/messages/users', { ...body, body: { msg: 'x'.repeat(6000) } });
    assert.notEqual(big.status, 200);
    assert.equal(
      (await rest('POST', '/messages/msg_recall', { msg_id: 'abc', to: 'bob', chat_type: 'chat' })).status,
      400,
    );
    assert.equal(
      (await rest('POST', '/messages/msg_recall', { msg_id: '1', to: 'bob', chat_type: 'dm' })).status,
      400,
    );
    assert.notEqual(
      (await rest('POST', '/messages/msg_recall', { msg_id: '1', to: 'bob', chat_type: 'chat' })).status,
      200,
    );
  });
});
