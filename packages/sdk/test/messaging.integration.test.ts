// Sending and receiving 1:1 text messages through the real server: online, offline, multi-device,
// and a throwing app handler.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import AgoraChat from '@confab/sdk';
import type { ReceivedMsgBody, ReceivedTextMessage } from '@confab/sdk';
import { world } from './support/harness.js';
import type { World } from './support/harness.js';

const text = (to: string, msg: string, ext?: Record<string, unknown>) =>
  AgoraChat.message.create({ type: 'txt', to, msg, chatType: 'singleChat', ...(ext ? { ext } : {}) });

describe('messaging (real server)', () => {
  let w: World;
  before(async () => {
    w = await world();
  });
  after(() => w.dispose());

  test('online: send resolves {localMsgId, serverMsgId, message}; the peer gets onTextMessage and onMessage', async () => {
    const alice = await w.online('alice');
    const bob = await w.online('bob');
    const msg = text(bob.user, 'hello', { n: 1, s: 'x', o: { deep: true } });
    const res = await alice.conn.send(msg);
    assert.equal(res.localMsgId, msg.id);
    assert.match(res.serverMsgId, /^\d+$/);
    assert.deepEqual(
      { ...res.message, time: 0 },
      {
        id: res.serverMsgId,
        type: 'txt',
        chatType: 'singleChat',
        msg: 'hello',
        to: bob.user,
        from: alice.user,
        ext: { n: 1, s: 'x', o: { deep: true } },
        time: 0,
        onlineState: 3,
      },
    );
    const receipt = await alice.next<ReceivedMsgBody>('onReceivedMessage');
    assert.deepEqual(receipt, { id: msg.id, mid: res.serverMsgId, to: bob.user, time: 0 });

    const got = await bob.next<ReceivedTextMessage>('onTextMessage');
    assert.equal(got.id, res.serverMsgId);
    assert.equal(got.msg, 'hello');
    assert.equal(got.from, alice.user);
    assert.equal(got.to, bob.user);
    assert.equal(got.chatType, 'singleChat');
    assert.equal(got.type, 'txt');
    assert.deepEqual(got.ext, { n: 1, s: 'x', o: { deep: true } });
    assert.equal(typeof got.time, 'number');
    assert.ok([0, 1, 2, 3].includes(got.onlineState));
    const batch = await bob.next<ReceivedTextMessage[]>('onMessage');
    assert.deepEqual(batch, [got]);
  });

  test('offline: messages sent while the peer is away arrive at its next login, inside offline sync start/finish', async () => {
    const alice = await w.online('alice');
    const carol = await w.user('carol');
    const sent = [];
    for (const m of ['one', 'two', 'three']) sent.push(await alice.conn.send(text(carol.user, m)));
    const c = w.client();
    await c.conn.open(carol);
    await c.next('onOfflineMessageSyncFinish');
    assert.deepEqual(
      c.texts().map((m) => m.msg),
      ['one', 'two', 'three'],
    );
    assert.deepEqual(
      c.texts().map((m) => m.id),
      sent.map((s) => s.serverMsgId),
    );
    const order = c.events.map((e) => e.event).filter((e) => e !== 'onConnected');
    assert.equal(order[0], 'onOfflineMessageSyncStart');
    assert.equal(order.at(-1), 'onOfflineMessageSyncFinish');
    // Delivered once: a second login has nothing left.
    c.conn.close();
    await c.next('onDisconnected');
    const again = w.client();
    await again.conn.open(carol);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(again.texts(), []);
  });

  test('two devices of one user both receive (distinct deviceId)', async () => {
    const alice = await w.online('alice');
    const bob = await w.user('bob');
    const d1 = w.client({ deviceId: 'phone' });
    const d2 = w.client({ deviceId: 'laptop' });
    await d1.conn.open(bob);
    await d2.conn.open(bob);
    assert.notEqual(d1.conn.clientResource, d2.conn.clientResource);
    const res = await alice.conn.send(text(bob.user, 'to both'));
    for (const d of [d1, d2]) {
      const got = await d.next<ReceivedTextMessage>('onTextMessage');
      assert.equal(got.id, res.serverMsgId);
      assert.equal(got.msg, 'to both');
    }
  });

  test("the sender's other device receives the sent message, from = the sender", async () => {
    const alice = await w.user('alice');
    const bob = await w.online('bob');
    const a1 = w.client({ deviceId: 'a1' });
    const a2 = w.client({ deviceId: 'a2' });
    await a1.conn.open(alice);
    await a2.conn.open(alice);
    const res = await a1.conn.send(text(bob.user, 'synced'));
    const echo = await a2.next<ReceivedTextMessage>('onTextMessage');
    assert.equal(echo.id, res.serverMsgId);
    assert.equal(echo.from, alice.user);
    assert.equal(echo.to, bob.user);
    assert.equal((await bob.next<ReceivedTextMessage>('onTextMessage')).id, res.serverMsgId);
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(a1.texts(), [], 'the sending device does not get its own message back');
  });

  test('a throwing handler is reported as onError 31 and the next message still arrives', async () => {
    const alice = await w.online('alice');
    const bob = await w.online('bob');
    let calls = 0;
    bob.conn.addEventHandler('buggy-app', {
      onTextMessage: () => {
        calls += 1;
        throw new Error('app bug');
      },
    });
    await alice.conn.send(text(bob.user, 'first'));
    const err = await bob.next<{ type: number; message: string }>('onError');
    assert.equal(err.type, 31);
    assert.equal(err.message, 'on message error');
    await alice.conn.send(text(bob.user, 'second'));
    await bob.next<ReceivedTextMessage>('onTextMessage', (m) => m.msg === 'second');
    assert.deepEqual(
      bob.texts().map((m) => m.msg),
      ['first', 'second'],
    );
    assert.equal(calls, 2);
    assert.equal(bob.conn.isOpened(), true);
  });

  test('send() checks id and to (205)', async () => {
    const alice = await w.online('alice');
    await assert.rejects(alice.conn.send({ ...text('x', 'y'), id: '' }), { type: 205 });
    await assert.rejects(alice.conn.send({ ...text('x', 'y'), to: '' }), { type: 205 });
  });
});
