// Losing the socket: onError 16 + onReconnecting, back-off, a fresh login with the same token and
// resource, queued sends, and giving up after autoReconnectNumMax attempts. Real server.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import AgoraChat from '@confab/sdk';
import type { ReceivedTextMessage } from '@confab/sdk';
import { dropOnServer, kickOnServer, sleep, sockets, world } from './support/harness.js';
import type { Client, World } from './support/harness.js';

const text = (to: string, msg: string) =>
  AgoraChat.message.create({ type: 'txt', to, msg, chatType: 'singleChat' });

/** The sockets `client` currently holds (the harness tracks every socket it opened). */
function socketsOf(before: Set<unknown>) {
  return [...sockets].filter((s) => !before.has(s));
}

async function expectReconnect(c: Client, from: number) {
  await c.next('onReconnecting', () => true, 5000, from);
  const err = await c.next<{ type: number; message: string }>('onError', () => true, 5000, from);
  assert.equal(err.type, 16);
  assert.equal(err.message, 'websocket has been disconnected');
  await c.next('onConnected', () => true, 8000, from);
  assert.equal(c.conn.isOpened(), true);
}

describe('reconnect (real server)', () => {
  let w: World;
  before(async () => {
    w = await world();
  });
  after(() => w.dispose());

  test('an abrupt client-side drop reconnects with the same resource; later messages still arrive', async () => {
    const alice = await w.online('alice');
    const known = new Set(sockets);
    const bob = await w.online('bob');
    const resource = bob.conn.clientResource;
    const mark = bob.events.length;
    for (const s of socketsOf(known)) s.terminate();
    await expectReconnect(bob, mark);
    assert.equal(bob.conn.clientResource, resource);
    assert.equal(bob.of('onDisconnected').length, 0, 'a drop is not a disconnect while reconnecting');
    const res = await alice.conn.send(text(bob.user, 'after reconnect'));
    const got = await bob.next<ReceivedTextMessage>('onTextMessage', (m) => m.id === res.serverMsgId);
    assert.equal(got.msg, 'after reconnect');
  });

  test('a server-side drop reconnects, and messages sent meanwhile are delivered after the new login', async () => {
    const alice = await w.online('alice');
    const bob = await w.online('bob');
    const mark = bob.events.length;
    assert.equal(await dropOnServer(w.srv, bob.user), 1);
    await bob.next('onReconnecting', () => true, 5000, mark);
    const res = await alice.conn.send(text(bob.user, 'while away'));
    await bob.next('onConnected', () => true, 8000, mark);
    const got = await bob.next<ReceivedTextMessage>('onTextMessage', (m) => m.id === res.serverMsgId, 5000);
    assert.equal(got.msg, 'while away');
  });

  test('a message sent while reconnecting is kept and resolves after the new login', async () => {
    const alice = await w.online('alice');
    const bob = await w.online('bob');
    const mark = alice.events.length;
    assert.equal(await dropOnServer(w.srv, alice.user), 1);
    await alice.next('onReconnecting', () => true, 5000, mark);
    assert.equal(alice.conn.isOpened(), false);
    const res = await alice.conn.send(text(bob.user, 'queued'));
    assert.ok(
      alice.events.slice(mark).some((e) => e.event === 'onConnected'),
      'resolved after the new login',
    );
    const got = await bob.next<ReceivedTextMessage>('onTextMessage', (m) => m.id === res.serverMsgId);
    assert.equal(got.msg, 'queued');
  });
});

describe('reconnect gives up (real server, stopped)', () => {
  test('after autoReconnectNumMax failed attempts: onDisconnected {16, "reconnection failed"}, queued sends fail, send() then 39', async () => {
    const w = await world();
    let stopped = false;
    try {
      const alice = await w.online('alice', { autoReconnectNumMax: 2 });
      const mark = alice.events.length;
      await w.srv.close();
      stopped = true;
      await alice.next('onReconnecting', () => true, 5000, mark);
      const queued = alice.conn.send(text('bob', 'never')).then(
        () => assert.fail('must not resolve'),
        (e: { type: number; message: string }) => e,
      );
      const reason = await alice.next<{ type: number; message: string }>(
        'onDisconnected',
        () => true,
        10_000,
        mark,
      );
      assert.deepEqual(
        { type: reason.type, message: reason.message },
        { type: 16, message: 'reconnection failed' },
      );
      assert.equal(alice.of('onReconnecting').length, 2, 'one onReconnecting per attempt');
      assert.equal((await queued).type, 16);
      await assert.rejects(alice.conn.send(text('bob', 'x')), { type: 39 });
      assert.equal(alice.conn.isOpened(), false);
    } finally {
      for (const c of w.clients) c.conn.close();
      if (!stopped) await w.srv.close();
    }
  });
});

describe('reconnectNow (Confab extension; real server, stopped)', () => {
  test('only while an attempt is waiting: runs it at once (the next failure schedules another)', async () => {
    const w = await world();
    let stopped = false;
    const scheduled: number[] = [];
    try {
      const alice = await w.online('alice', {
        autoReconnectNumMax: 1000,
        log: (e) => {
          if (e.kind === 'reconnect-scheduled') scheduled.push(e.attempt);
        },
      });
      assert.equal(alice.conn.reconnectNow(), false, 'connected: nothing to hurry');
      const mark = alice.events.length;
      await w.srv.close();
      stopped = true;
      await alice.next('onReconnecting', () => true, 5000, mark);
      assert.deepEqual(scheduled, [1]);
      assert.equal(alice.conn.reconnectNow(), true, 'attempt 1 runs now');
      assert.equal(alice.conn.reconnectNow(), false, 'already under way');
      // It fails (the server is down) and attempt 2 is scheduled, which can be hurried again.
      await alice.next('onReconnecting', () => true, 5000, alice.events.length);
      assert.deepEqual(scheduled, [1, 2]);
      assert.equal(alice.conn.reconnectNow(), true);
      alice.conn.close();
      assert.equal(alice.conn.reconnectNow(), false, 'logged out');
    } finally {
      for (const c of w.clients) c.conn.close();
      if (!stopped) await w.srv.close();
    }
  });
});

describe('kicks (real server)', () => {
  let w: World;
  before(async () => {
    w = await world();
  });
  after(() => w.dispose());

  for (const code of [206, 207, 216, 217]) {
    test(`a server kick ${code} → onError ${code}, onDisconnected ${code}, no reconnect`, async () => {
      const bob = await w.online('bob');
      const mark = bob.events.length;
      assert.equal(
        await kickOnServer(w.srv, bob.user, code, code === 206 ? 'ext-of-new-device' : undefined),
        1,
      );
      const err = await bob.next<{ type: number; data?: unknown }>('onError', () => true, 5000, mark);
      assert.equal(err.type, code);
      if (code === 206) assert.deepEqual(err.data, { loginInfoCustomExt: 'ext-of-new-device' });
      assert.equal((await bob.next<{ type: number }>('onDisconnected', () => true, 5000, mark)).type, code);
      await sleep(300);
      assert.equal(bob.of('onReconnecting').length, 0);
      assert.equal(bob.conn.isOpened(), false);
    });
  }
});
