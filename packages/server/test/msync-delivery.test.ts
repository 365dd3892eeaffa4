import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Domain, MessageType, NameSpace, StatusCode, frames, msync, u64ToString } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { DEFAULT_CONFIG, startServer } from '@confab/server';
import pino from 'pino';
import { RawClient } from './support/raw-client.js';
import { login, register } from './support/rest.js';

describe('msync: login, send, deliver (raw protocol)', () => {
  let env: TestServer;
  const tokens: Record<string, string> = {};
  const open: RawClient[] = [];
  const connect = async (user: string, resource: string) => {
    const { client, answer } = await RawClient.login(env.wsUrl, env.appKey, user, tokens[user]!, resource);
    assert.equal(answer.status?.errorCode, StatusCode.OK);
    open.push(client);
    return client;
  };

  before(async () => {
    env = await startTestServer();
    for (const u of ['alice', 'bob', 'carol']) {
      await register(env, u);
      tokens[u] = await login(env, u);
    }
  });
  after(async () => {
    await Promise.all(open.map((c) => c.close()));
    await env.close();
  });

  test('provision answers OK, echoes the resource and gives an absolute expiry', async () => {
    const { client, answer } = await RawClient.login(
      env.wsUrl,
      env.appKey,
      'alice',
      tokens['alice']!,
      'res-a',
    );
    open.push(client);
    assert.equal(answer.status?.errorCode, StatusCode.OK);
    assert.equal(answer.resource, 'res-a');
    const expires = (JSON.parse(answer.authToken!) as { expires_in: number }).expires_in;
    assert.ok(expires > Date.now() + 23 * 3600_000 && expires <= Date.now() + 24 * 3600_000);
    await client.close();
  });

  test('provision failures use the exact status and reason strings of the SDK', async () => {
    const cases: Array<[string, string, string, number, string | undefined]> = [
      [
        'bad token',
        env.appKey,
        'not-a-token',
        StatusCode.FAIL,
        'Sorry, token or password does not match login info',
      ],
      [
        "another user's token",
        env.appKey,
        tokens['bob']!,
        StatusCode.FAIL,
        'Sorry, token or password does not match login info',
      ],
      ['unknown app', 'nope#nope', tokens['alice']!, StatusCode.UNAUTHORIZED, undefined],
    ];
    for (const [label, appKey, token, code, reason] of cases) {
      const { client, answer } = await RawClient.login(env.wsUrl, appKey, 'alice', token, 'r1');
      assert.equal(answer.status?.errorCode, code, label);
      if (reason) assert.equal(answer.status?.reason, reason, label);
      await client.next(() => false, 2000).catch(() => undefined); // the server closes after refusing
      assert.equal(client.closed, true, `${label}: socket closed`);
    }
  });

  test('UNREAD is answered with status, queues and server time', async () => {
    const c = await connect('carol', 'c1');
    const before = Date.now();
    const unread = await c.unread();
    assert.equal(unread.status?.errorCode, StatusCode.OK);
    assert.deepEqual(unread.unread, []);
    assert.ok(Number(u64ToString(unread.timestamp)) >= before);
  });

  test('online: ACK after commit, then NOTICE → SYNC → DL → isLast', async () => {
    const alice = await connect('alice', 'a1');
    const bob = await connect('bob', 'b1');
    const ack = await alice.sendText('bob', 'hello bob', '424242');
    assert.equal(ack.status?.errorCode, StatusCode.OK);
    assert.equal(u64ToString(ack.metaId), '424242');
    const serverId = u64ToString(ack.serverId);
    assert.match(serverId, /^\d{17,19}$/);
    assert.ok(Math.abs(Number(u64ToString(ack.timestamp)) - Date.now()) < 5000);

    const notice = await bob.nextOf('NOTICE');
    assert.equal(notice.body.queue?.name, 'alice');
    const dl = await bob.sync('alice');
    assert.equal(dl.status?.errorCode, StatusCode.OK);
    assert.equal(dl.isLast, false);
    assert.equal(dl.queue?.name, 'alice');
    assert.equal(dl.metas?.length, 1);
    const meta = dl.metas[0]!;
    assert.equal(u64ToString(meta.id), serverId);
    assert.equal(meta.from?.name, 'alice');
    assert.equal(meta.ns, NameSpace.CHAT);
    const body = msync.MessageBody.decode(meta.payload!);
    assert.equal(body.type, MessageType.CHAT);
    assert.equal(body.from?.name, 'alice');
    assert.equal(body.to?.name, 'bob');
    assert.equal(body.contents?.[0]?.text, 'hello bob');
    const end = await bob.sync('alice', u64ToString(dl.nextKey));
    assert.equal(end.isLast, true);
    assert.equal(end.metas?.length ?? 0, 0);
    // Acknowledged: nothing is pending for bob any more.
    assert.deepEqual((await bob.unread()).unread, []);
  });

  test('the sender cannot spoof MessageBody.from', async () => {
    const alice = await connect('alice', 'a-spoof');
    const bob = await connect('bob', 'b-spoof');
    const payload = msync.MessageBody.encode({
      type: MessageType.CHAT,
      from: { name: 'carol' },
      to: { name: 'bob' },
      contents: [{ type: 0, text: 'spoof?' }],
    });
    const ack = await alice.sendMeta({
      id: '777001',
      to: { name: 'bob', domain: Domain.USER },
      ns: NameSpace.CHAT,
      payload,
    });
    assert.equal(ack.status?.errorCode, StatusCode.OK);
    const { metas } = await bob.drain('alice');
    const last = msync.MessageBody.decode(metas.at(-1)!.payload!);
    assert.equal(last.from?.name, 'alice');
  });

  test('offline: queued in order, listed by UNREAD, paged by nextKey', async () => {
    const alice = await connect('alice', 'a2');
    const texts = Array.from({ length: 120 }, (_, i) => `offline ${i}`);
    for (const t of texts) assert.equal((await alice.sendText('carol', t)).status?.errorCode, StatusCode.OK);
    const carol = await connect('carol', 'c2-new-device');
    const unread = await carol.unread();
    assert.deepEqual(
      unread.unread?.map((q) => [q.queue?.name, q.n]),
      [['alice', 120]],
    );
    const { texts: got } = await carol.drain('alice');
    assert.deepEqual(got, texts);
  });

  test('a resend with the same client id returns the same serverId and stores nothing new', async () => {
    const alice = await connect('alice', 'a3');
    const first = await alice.sendText('carol', 'once', '99887766');
    const second = await alice.sendText('carol', 'once', '99887766');
    assert.equal(u64ToString(second.serverId), u64ToString(first.serverId));
    const carol = await connect('carol', 'c3');
    const { texts } = await carol.drain('alice');
    assert.deepEqual(texts, ['once']);
  });

  test('a SYNC{queue} that crosses an unacknowledged push is answered by the push ack, without a second copy', async () => {
    const sender = await connect('carol', 'dev-c1');
    const rx = await connect('alice', 'dev-a9');
    await rx.drain('carol');
    rx.inbox.length = 0;
    await sender.sendText('alice', 'pushed once');
    const push = await rx.nextOf('SYNC', (f) => f.body.queue?.name === 'carol' && !f.body.isLast);
    assert.deepEqual(
      push.body.metas?.map((m) => msync.MessageBody.decode(m.payload!).contents?.[0]?.text),
      ['pushed once'],
    );
    // As after an UNREAD heartbeat: the client syncs the queue from its start before acking the push.
    const crossing = rx.sync('carol');
    await assert.rejects(
      rx.next((f) => f.command === 'SYNC', 200),
      /timed out/,
      'no answer yet',
    );
    // The push ack ends the drain: one isLast answers both SYNCs (the client clears its pending queue).
    rx.ws.send(
      frames.syncUL({
        queue: { appKey: env.appKey, name: 'carol', domain: Domain.USER },
        key: u64ToString(push.body.nextKey),
      }),
    );
    const answer = await crossing;
    assert.equal(answer.isLast, true);
    assert.deepEqual(answer.metas ?? [], [], 'the pushed entry is not sent again');
    await assert.rejects(
      rx.next((f) => f.command === 'SYNC', 300),
      /timed out/,
      'and nothing else',
    );
    assert.deepEqual((await rx.drain('carol')).texts, [], 'nothing left, nothing repeated');
  });

  test("every device of the receiver and the sender's other devices get it; the sending device does not", async () => {
    const a1 = await connect('alice', 'dev-a1');
    const a2 = await connect('alice', 'dev-a2');
    const b1 = await connect('bob', 'dev-b1');
    const b2 = await connect('bob', 'dev-b2');
    // Drain anything earlier tests left so only the new message is seen.
    for (const [c, q] of [
      [a1, 'bob'],
      [a2, 'bob'],
      [b1, 'alice'],
      [b2, 'alice'],
    ] as const)
      await c.drain(q);
    a1.inbox.length = a2.inbox.length = b1.inbox.length = b2.inbox.length = 0;

    await a1.sendText('bob', 'fan-out');
    for (const [c, q] of [
      [b1, 'alice'],
      [b2, 'alice'],
      [a2, 'bob'],
    ] as const) {
      // These devices are known to be up to date (they just drained), so the entry is pushed directly.
      const got = await c.receive(q);
      assert.equal(got.pushed, true, 'pushed without NOTICE → SYNC');
      assert.deepEqual(got.texts, ['fan-out']);
    }
    await assert.rejects(a1.next((f) => f.command === 'NOTICE' || f.command === 'SYNC', 300));
    assert.deepEqual((await a1.drain('bob')).texts, []);

    // A device whose position is not known (it never drained this queue on this socket) gets a NOTICE.
    const b3 = await connect('bob', 'dev-b3');
    await a2.sendText('bob', 'after');
    const notice = await b3.nextOf('NOTICE', (n) => n.body.queue?.name === 'alice');
    assert.ok(notice);
    assert.ok((await b3.drain('alice')).texts.includes('after'));
    assert.deepEqual((await b1.receive('alice')).texts, ['after']);
  });

  test('sending to an unknown user is refused with the reason the SDK maps to 204', async () => {
    const alice = await connect('alice', 'a4');
    const ack = await alice.sendText('nobody', 'hi');
    assert.equal(ack.status?.errorCode, StatusCode.FAIL);
    assert.match(ack.status?.reason ?? '', /username .* doesn't exist!/);
  });

  test('an acknowledged message survives a server restart', async () => {
    const dataDir = env.dataDir;
    const alice = await connect('alice', 'a5');
    const ack = await alice.sendText('bob', 'durable');
    assert.equal(ack.status?.errorCode, StatusCode.OK);
    await env.server.close();
    // A new server on the same data directory.
    const server = await startServer({
      config: { ...DEFAULT_CONFIG, host: '127.0.0.1', port: 0, dataDir },
      logger: pino({ level: 'silent' }),
    });
    try {
      const { client: bob, answer } = await RawClient.login(
        server.wsUrl,
        env.appKey,
        'bob',
        tokens['bob']!,
        'b-after-restart',
      );
      assert.equal(answer.status?.errorCode, StatusCode.OK);
      const { metas } = await bob.drain('alice');
      assert.ok(metas.some((m) => u64ToString(m.id) === u64ToString(ack.serverId)));
      await bob.close();
    } finally {
      await server.close();
    }
  });
});
