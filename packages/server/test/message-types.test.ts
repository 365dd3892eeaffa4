// Every message kind and recall, through our SDK and the unmodified official agora-chat SDK (jsdom),
// against a real Confab server: fields and ext intact both ways, the size limit (511), recall (504/505,
// online and later-online devices of both sides).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { createApp } from '../src/domain/apps/app-admin.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient, type RecordingClient } from './support/our-client.js';
import { register } from './support/rest.js';

const EXT = { s: 'str', i: 42, d: 1.5, b: true, o: { nested: [1, 'two'] } };
const FILE_BODY = {
  url: 'http://files.example/confab/demo/chatfiles/abc-123',
  filename: 'report.pdf',
  secret: 'sekret',
  file_length: 2048,
  length: 7,
  size: { width: 320, height: 200 },
};

describe('message kinds and recall with both SDKs', () => {
  let env: TestServer;
  const ours: RecordingClient[] = [];
  const official = () => createOfficialClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
  const our = async (user: string, appKey = env.appKey) => {
    const c = recordingClient({ appKey, url: env.wsUrl, apiUrl: env.apiUrl });
    ours.push(c);
    await c.conn.open({ user, pwd: 'pw' });
    return c;
  };

  before(async () => {
    env = await startTestServer();
    for (const u of ['alice', 'bob', 'carol', 'dave', 'erin']) await register(env, u, 'pw');
  });
  after(async () => {
    for (const c of ours) c.conn.close();
    await closeAllOfficialClients();
    await env.close();
  });

  test('ours → official: every kind arrives with its fields and ext; onMessage leaves cmd out', async () => {
    const alice = await our('alice');
    await using bob = official();
    await bob.conn.open({ user: 'bob', pwd: 'pw' });
    await bob.nextEvent('onConnected');
    const create = (p: Record<string, unknown>) =>
      OurSdk.message.create({ chatType: 'singleChat', to: 'bob', ext: EXT, ...p } as never);
    const sends: Array<[string, Record<string, unknown>, (m: any) => void]> = [
      ['onTextMessage', { type: 'txt', msg: 'hello' }, (m) => assert.equal(m.msg, 'hello')],
      [
        'onImageMessage',
        { type: 'img', body: FILE_BODY },
        (m) => {
          assert.equal(
            m.url,
            `${env.apiUrl}/confab/demo/chatfiles/abc-123?em-redirect=true&share-secret=sekret`,
          );
          assert.equal(m.thumb, `${m.url}&thumbnail=true`);
          assert.deepEqual([m.width, m.height, m.secret, m.file_length], [320, 200, 'sekret', 2048]);
        },
      ],
      [
        'onFileMessage',
        { type: 'file', body: FILE_BODY },
        (m) => assert.deepEqual([m.filename, m.file_length, m.secret], ['report.pdf', 2048, 'sekret']),
      ],
      ['onAudioMessage', { type: 'audio', body: FILE_BODY }, (m) => assert.equal(m.length, 7)],
      [
        'onVideoMessage',
        { type: 'video', body: FILE_BODY },
        (m) => {
          assert.equal(m.length, 7);
          assert.equal(m.thumb, `${env.apiUrl}/confab/demo/chatfiles/abc-123?vframe=true`);
        },
      ],
      [
        'onLocationMessage',
        { type: 'loc', lat: 52.52, lng: 13.405, addr: 'Alexanderplatz', buildingName: 'TV tower' },
        (m) =>
          assert.deepEqual(
            [m.lat, m.lng, m.addr, m.buildingName],
            [52.52, 13.405, 'Alexanderplatz', 'TV tower'],
          ),
      ],
      [
        'onCustomMessage',
        { type: 'custom', customEvent: 'gift', customExts: { sku: 'rose', n: 3 } },
        (m) => {
          assert.equal(m.customEvent, 'gift');
          assert.deepEqual(plain(m.customExts), { sku: 'rose', n: 3 });
        },
      ],
      ['onCmdMessage', { type: 'cmd', action: 'typing' }, (m) => assert.equal(m.action, 'typing')],
      [
        'onCombineMessage',
        {
          type: 'combine',
          title: 'Chat history',
          summary: 'a: hi',
          compatibleText: 'upgrade',
          url: 'http://x/confab/demo/chatfiles/cm-1',
          secret: 's2',
          filename: 'history',
          file_length: 99,
          combineLevel: 1,
        },
        (m) => {
          assert.deepEqual(
            [m.title, m.summary, m.compatibleText, m.secret, m.file_length, m.combineLevel],
            ['Chat history', 'a: hi', 'upgrade', 's2', 99, 1],
          );
        },
      ],
    ];
    for (const [event, params, check] of sends) {
      const sent = await alice.conn.send(create(params));
      const got: any = await bob.nextEvent(event as never, {
        predicate: (m: any) => m.id === sent.serverMsgId,
      });
      assert.equal(got.from, 'alice');
      assert.equal(got.to, 'bob');
      assert.equal(got.chatType, 'singleChat');
      assert.deepEqual(plain(got.ext), EXT, event);
      check(got);
      if (event !== 'onCmdMessage') {
        const batch: any = await bob.nextEvent('onMessage', {
          predicate: (b: any) => b[0]?.id === sent.serverMsgId,
        });
        assert.equal(batch[0].type, params['type']);
      }
    }
    assert.equal(
      bob.events('onMessage').some((b: any) => b.some((m: any) => m.type === 'cmd')),
      false,
    );
  });

  test('official → ours: every kind the official SDK builds arrives with its fields and ext', async () => {
    await using carol = official();
    await carol.conn.open({ user: 'carol', pwd: 'pw' });
    await carol.nextEvent('onConnected');
    const dave = await our('dave');
    const kinds: Array<[string, Record<string, unknown>, (m: any) => void]> = [
      ['onTextMessage', { type: 'txt', msg: 'hi dave' }, (m) => assert.equal(m.msg, 'hi dave')],
      // The official img create keeps only url/width/height/file_length when no file is uploaded.
      [
        'onImageMessage',
        { type: 'img', url: FILE_BODY.url, file_length: 2048 },
        (m) => {
          assert.equal(m.url, `${env.apiUrl}/confab/demo/chatfiles/abc-123?em-redirect=true`);
          assert.equal(m.file_length, 2048);
        },
      ],
      ['onFileMessage', { type: 'file', body: FILE_BODY }, (m) => assert.equal(m.filename, 'report.pdf')],
      ['onAudioMessage', { type: 'audio', body: FILE_BODY }, (m) => assert.equal(m.length, 7)],
      ['onVideoMessage', { type: 'video', body: FILE_BODY }, (m) => assert.equal(m.file_length, 2048)],
      [
        'onLocationMessage',
        { type: 'loc', lat: 1.25, lng: -3.5, addr: 'somewhere', buildingName: 'b' },
        (m) => assert.deepEqual([m.lat, m.lng, m.addr], [1.25, -3.5, 'somewhere']),
      ],
      [
        'onCustomMessage',
        { type: 'custom', customEvent: 'poll', customExts: { q: 'yes?' } },
        (m) => assert.deepEqual(m.customExts, { q: 'yes?' }),
      ],
      ['onCmdMessage', { type: 'cmd', action: 'ping' }, (m) => assert.equal(m.action, 'ping')],
    ];
    for (const [event, params, check] of kinds) {
      const msg = carol.sdk.message.create({
        chatType: 'singleChat',
        to: 'dave',
        ext: EXT,
        ...params,
      } as never);
      const sent: any = await carol.conn.send(msg);
      const got = await dave.next(event, (m: any) => m.id === sent.serverMsgId);
      assert.equal(got.from, 'carol');
      assert.equal(got.type, params['type']);
      assert.deepEqual(got.ext, EXT);
      check(got);
    }
  });

  test('a text over the 5 KB limit is refused with 511 by both SDKs, nothing delivered', async () => {
    const alice = await our('alice');
    const big = 'x'.repeat(6 * 1024);
    await assert.rejects(
      alice.conn.send(OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: big })),
      (e: any) => e.type === 511,
    );
    await using c = official();
    await c.conn.open({ user: 'carol', pwd: 'pw' });
    const err: any = await c.conn
      .send(
        c.sdk.message.create({
          type: 'custom',
          chatType: 'singleChat',
          to: 'bob',
          customEvent: big,
        } as never),
      )
      .then(
        () => assert.fail('should be refused'),
        (e: unknown) => plain(e),
      );
    assert.equal(err.type, 511);
  });

  test('recall: peer and own other device online get onRecallMessage; an offline device at its next login', async () => {
    const alice = await our('alice');
    const alice2 = await our('alice');
    // A device of erin that was online once and is offline while the message and its recall happen.
    const laterDevice = { appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl, deviceId: 'erin-later' };
    const before = createOfficialClient(laterDevice);
    await before.conn.open({ user: 'erin', pwd: 'pw' });
    await before.nextEvent('onConnected');
    await before.close();
    await using erin = official();
    await erin.conn.open({ user: 'erin', pwd: 'pw' });
    await erin.nextEvent('onConnected');
    const sent = await alice.conn.send(
      OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'erin', msg: 'oops' }),
    );
    await erin.nextEvent('onTextMessage', { predicate: (m: any) => m.id === sent.serverMsgId });
    const recalled = await alice.conn.recallMessage({
      mid: sent.serverMsgId,
      to: 'erin',
      chatType: 'singleChat',
    });
    assert.match(recalled.serverMsgId, /^\d+$/);
    const atErin: any = await erin.nextEvent('onRecallMessage');
    assert.deepEqual(plain(atErin), {
      id: recalled.serverMsgId,
      from: 'alice',
      to: 'erin',
      mid: sent.serverMsgId,
      ext: '',
      onlineState: 3,
    });
    const atAlice2 = await alice2.next('onRecallMessage');
    assert.equal(atAlice2.mid, sent.serverMsgId);
    // The device that was offline learns of both at its next login, message first.
    await using later = createOfficialClient(laterDevice);
    await later.conn.open({ user: 'erin', pwd: 'pw' });
    const late: any = await later.nextEvent('onRecallMessage');
    assert.equal(late.mid, sent.serverMsgId);
    const order = later.recorder.log
      .map((e) => e.name)
      .filter((n) => n === 'onTextMessage' || n === 'onRecallMessage');
    assert.deepEqual(order, ['onTextMessage', 'onRecallMessage']);
  });

  test('recall from the official SDK reaches ours; a second recall and a foreign recall fail', async () => {
    const bob = await our('bob');
    await using carol = official();
    await carol.conn.open({ user: 'carol', pwd: 'pw' });
    await carol.nextEvent('onConnected');
    const sent: any = await carol.conn.send(
      carol.sdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'take back' }),
    );
    await bob.next('onTextMessage', (m: any) => m.id === sent.serverMsgId);
    await assert.rejects(
      bob.conn.recallMessage({ mid: sent.serverMsgId, to: 'carol' }),
      (e: any) => e.type === 503,
    );
    const res: any = await carol.conn.recallMessage({
      mid: sent.serverMsgId,
      to: 'bob',
      chatType: 'singleChat',
    });
    assert.ok(res);
    const got = await bob.next('onRecallMessage');
    assert.deepEqual([got.mid, got.from, got.to], [sent.serverMsgId, 'carol', 'bob']);
    const again: any = await carol.conn
      .recallMessage({ mid: sent.serverMsgId, to: 'bob', chatType: 'singleChat' })
      .then(
        () => assert.fail('second recall must fail'),
        (e: unknown) => plain(e),
      );
    assert.equal(again.type, 503);
  });

  test('recall after the window → 504 with both SDKs; recall switched off → 505', async () => {
    const { storage } = env.server.ctx;
    const clock = env.server.ctx.clock;
    await createApp(storage, clock, 'confab', 'strict', { recallWindowSeconds: 0 });
    await createApp(storage, clock, 'confab', 'norecall', { services: ['files', 'history'] });
    const strict = { ...env, app: 'strict' };
    const norecall = { ...env, app: 'norecall' };
    for (const u of ['ann', 'ben']) {
      await register(strict, u, 'pw');
      await register(norecall, u, 'pw');
    }
    const ann = await our('ann', 'confab#strict');
    const sent = await ann.conn.send(
      OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'ben', msg: 'late' }),
    );
    await new Promise((r) => setTimeout(r, 5));
    await assert.rejects(
      ann.conn.recallMessage({ mid: sent.serverMsgId, to: 'ben' }),
      (e: any) => e.type === 504,
    );
    await using ben = createOfficialClient({ appKey: 'confab#strict', url: env.wsUrl, apiUrl: env.apiUrl });
    await ben.conn.open({ user: 'ben', pwd: 'pw' });
    const own: any = await ben.conn.send(
      ben.sdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'ann', msg: 'late too' }),
    );
    await new Promise((r) => setTimeout(r, 5));
    const err: any = await ben.conn
      .recallMessage({ mid: own.serverMsgId, to: 'ann', chatType: 'singleChat' })
      .then(
        () => assert.fail('recall must fail'),
        (e: unknown) => plain(e),
      );
    assert.equal(err.type, 504);

    const ann2 = await our('ann', 'confab#norecall');
    const s2 = await ann2.conn.send(
      OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to: 'ben', msg: 'x' }),
    );
    await assert.rejects(
      ann2.conn.recallMessage({ mid: s2.serverMsgId, to: 'ben' }),
      (e: any) => e.type === 505,
    );
  });
});
