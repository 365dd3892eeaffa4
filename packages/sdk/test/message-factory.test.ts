// message.create, the outgoing wire form and the incoming decode (msync spec §4.4–4.5).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ContentType, Domain, MessageType, NameSpace, RouteType, ValueType, msync } from '@confab/protocol';
import { buildSendMeta, createMessage, getUniqueId } from '../src/message-factory.js';
import { ackedMessage, decodeChatMeta } from '../src/message-decoder.js';
import { decodeExt, encodeExt } from '../src/ext-codec.js';

const self = { user: 'bob', resource: 'webim_web_B' };

test('getUniqueId: ~12-digit decimal strings, unique and increasing', () => {
  const ids = Array.from({ length: 1000 }, () => getUniqueId());
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^\d{11,13}$/);
  assert.ok(BigInt(ids[999]!) > BigInt(ids[0]!));
});

test('create({type:"txt"}) gives the official shape with an id', () => {
  const m = createMessage({ type: 'txt', to: 'bob', msg: 'hi', chatType: 'singleChat', ext: { a: 1 } });
  assert.equal(m.type, 'txt');
  assert.equal(m.to, 'bob');
  assert.equal(m.msg, 'hi');
  assert.equal(m.from, '');
  assert.equal(m.chatType, 'singleChat');
  assert.deepEqual(m.ext, { a: 1 });
  assert.match(m.id, /^\d+$/);
  assert.ok(Math.abs(m.time - Date.now()) < 1000);
});

test('create() rejects unsupported types with -3', () => {
  assert.throws(
    () => createMessage({ type: 'bogus' } as never),
    (e: { type: number }) => e.type === -3,
  );
  assert.throws(
    () => createMessage(null as never),
    (e: { type: number }) => e.type === -3,
  );
});

test('ext is typed like the official SDK and reads back unchanged', () => {
  const ext = {
    s: 'str',
    i: 42,
    neg: -7,
    d: 1.5,
    b: true,
    f: false,
    o: { x: [1, 2] },
    n: null,
    u: undefined,
  };
  const kvs = encodeExt(ext);
  assert.deepEqual(
    kvs.map((k) => [k.key, k.type]),
    [
      ['s', ValueType.STRING],
      ['i', ValueType.INT],
      ['neg', ValueType.INT],
      ['d', ValueType.DOUBLE],
      ['b', ValueType.BOOL],
      ['f', ValueType.BOOL],
      ['o', ValueType.JSON_STRING],
      ['n', ValueType.JSON_STRING],
    ],
  );
  // Through the real codec, so Long varints are exercised.
  const wire = msync.MessageBody.decode(msync.MessageBody.encode({ ext: kvs }));
  assert.deepEqual(decodeExt(wire.ext), {
    s: 'str',
    i: 42,
    neg: -7,
    d: 1.5,
    b: true,
    f: false,
    o: { x: [1, 2] },
    n: null,
  });
});

test('the send meta carries id, to JID, CHAT ns and a MessageBody; no Meta.from', () => {
  const m = createMessage({ type: 'txt', to: 'bob', msg: 'hello', chatType: 'singleChat', ext: { k: 'v' } });
  const meta = buildSendMeta(m, { user: 'alice', appKey: 'org#app' });
  assert.equal(meta.id, m.id);
  assert.deepEqual(meta.to, { appKey: 'org#app', name: 'bob', domain: Domain.USER });
  assert.equal(meta.ns, NameSpace.CHAT);
  assert.equal(meta.routetype, RouteType.ROUTE_ALL);
  assert.equal(meta.from, undefined);
  const body = msync.MessageBody.decode(meta.payload!);
  assert.equal(body.type, MessageType.CHAT);
  assert.equal(body.from?.name, 'alice');
  assert.equal(body.to?.name, 'bob');
  assert.equal(body.contents?.[0]?.type, ContentType.TEXT);
  assert.equal(body.contents?.[0]?.text, 'hello');
  const group = buildSendMeta({ ...m, chatType: 'groupChat' }, { user: 'alice', appKey: 'org#app' });
  assert.equal(group.to?.domain, Domain.CONFERENCE);
});

function delivered(
  overrides: { from?: string; to?: string; fromResource?: string; meta?: string; ext?: object } = {},
) {
  const payload = msync.MessageBody.encode({
    type: MessageType.CHAT,
    from: { name: overrides.from ?? 'alice' },
    to: { name: overrides.to ?? 'bob' },
    contents: [{ type: ContentType.TEXT, text: 'hello' }],
    ext: encodeExt(overrides.ext as never),
  });
  const meta = {
    id: '1300000000000000001',
    from: {
      appKey: 'org#app',
      name: overrides.from ?? 'alice',
      domain: Domain.USER,
      ...(overrides.fromResource ? { clientResource: overrides.fromResource } : {}),
    },
    to: { appKey: 'org#app', name: overrides.to ?? 'bob', domain: Domain.USER },
    timestamp: '1795637380014',
    ns: NameSpace.CHAT,
    payload,
    ...(overrides.meta ? { meta: new TextEncoder().encode(overrides.meta) } : {}),
  };
  return msync.Meta.decode(msync.Meta.encode(meta));
}

test('a delivered CHAT meta becomes the official message object', () => {
  const out = decodeChatMeta(delivered({ ext: { a: 1 } }), self);
  assert.equal(out.kind, 'message');
  assert.deepEqual(out.kind === 'message' && out.message, {
    id: '1300000000000000001',
    type: 'txt',
    chatType: 'singleChat',
    msg: 'hello',
    to: 'bob',
    from: 'alice',
    ext: { a: 1 },
    time: 1795637380014,
    onlineState: 3,
  });
});

test('onlineState comes from Meta.meta is_online', () => {
  const state = (meta: string) => {
    const out = decodeChatMeta(delivered({ meta }), self);
    return out.kind === 'message' ? out.message.onlineState : -1;
  };
  assert.equal(state('{"is_online":0}'), 0);
  assert.equal(state('{"is_online":1}'), 1);
  assert.equal(state('{"is_online":5}'), 2);
  assert.equal(state('{}'), 3);
});

test('a message to myself from my other device reads from "me/resource"', () => {
  const out = decodeChatMeta(delivered({ from: 'bob', to: 'bob', fromResource: 'webim_web_X' }), self);
  assert.equal(out.kind === 'message' && out.message.from, 'bob/webim_web_X');
  const mine = decodeChatMeta(delivered({ from: 'bob', to: 'carol', fromResource: 'webim_web_X' }), self);
  assert.equal(
    mine.kind === 'message' && mine.message.from,
    'bob',
    'sent to someone else from my other device: from = me',
  );
});

test('the send result message uses the server id and time', () => {
  const m = createMessage({ type: 'txt', to: 'bob', msg: 'hello', chatType: 'singleChat' });
  const meta = buildSendMeta(m, { user: 'alice', appKey: 'org#app' });
  assert.deepEqual(ackedMessage(meta, '99', '1700000000000', { user: 'alice', resource: 'r' }), {
    id: '99',
    type: 'txt',
    chatType: 'singleChat',
    msg: 'hello',
    to: 'bob',
    from: 'alice',
    ext: {},
    time: 1700000000000,
    onlineState: 3,
  });
});

test('translations go in the body meta as the official SDK puts them (with thread), and decode back', () => {
  const m = createMessage({ type: 'txt', to: 'bob', msg: 'hello', chatType: 'singleChat' });
  const translations = [{ code: 'de', text: 'Hallo' }];
  const plainMeta = buildSendMeta(m, { user: 'alice', appKey: 'org#app' });
  assert.equal(msync.MessageBody.decode(plainMeta.payload!).meta ?? '', '', 'no meta without translations');
  const meta = buildSendMeta({ ...m, isChatThread: true, translations } as unknown as typeof m, {
    user: 'alice',
    appKey: 'org#app',
  });
  const body = msync.MessageBody.decode(meta.payload!);
  assert.deepEqual(JSON.parse(body.meta!), { translations, thread: {} });
  const decoded = decodeChatMeta({ ...meta, id: meta.id, timestamp: 1, from: { name: 'alice' } }, self);
  assert.equal(decoded.kind, 'message');
  assert.deepEqual((decoded as { message: { translations?: unknown } }).message.translations, translations);
});
