import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import fc from 'fast-check';
import { renderSchemaModule } from '../scripts/render-schema.js';
import Long from 'long';
import {
  encodeSyncDLWithRawMetas,
  msync,
  ProtocolDecodeError,
  toU64,
  u64ToBigInt,
  u64ToString,
} from './msync-codec.js';
import { Command, ContentType, MessageType, NameSpace } from './msync-enums.js';
import { frames } from './msync-frames.js';
import type { CommSyncDL, Jid, KeyValue, Meta, MessageBody } from './msync-types.js';

test('the generated schema module matches proto/msync.proto (run `npm run gen -w @confab/protocol`)', () => {
  const committed = readFileSync(new URL('./generated/msync-schema.ts', import.meta.url), 'utf8');
  assert.equal(committed, renderSchemaModule());
});

// ---- generators for the messages Confab puts on the wire ----
const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }).map((b) => b.toString());
const text = fc.string({ maxLength: 40 });
const jid: fc.Arbitrary<Jid> = fc.record(
  { appKey: text, name: text, domain: text, clientResource: text },
  { requiredKeys: [] },
);
const keyValue: fc.Arbitrary<KeyValue> = fc.oneof(
  fc.record({ key: text, type: fc.constant(7), stringValue: text }),
  fc.record({
    key: text,
    type: fc.constant(2),
    varintValue: fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }).map(String),
  }),
  fc.record({ key: text, type: fc.constant(6), doubleValue: fc.double({ noNaN: true }) }),
);
const body: fc.Arbitrary<MessageBody> = fc.record(
  {
    type: fc.constantFrom(...Object.values(MessageType)),
    from: jid,
    to: jid,
    contents: fc.array(
      fc.record(
        {
          type: fc.constantFrom(...Object.values(ContentType)),
          text,
          customExts: fc.array(keyValue, { maxLength: 3 }),
        },
        { requiredKeys: ['type'] },
      ),
      { maxLength: 2 },
    ),
    ext: fc.array(keyValue, { maxLength: 4 }),
    ackMessageId: u64,
    meta: text,
  },
  { requiredKeys: [] },
);
const meta: fc.Arbitrary<Meta> = fc.record(
  {
    id: u64,
    from: jid,
    to: jid,
    timestamp: u64,
    ns: fc.constantFrom(...Object.values(NameSpace)),
    payload: body.map((b) => msync.MessageBody.encode(b)),
    ext: fc.array(keyValue, { maxLength: 3 }),
    directedUsers: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const syncDL: fc.Arbitrary<CommSyncDL> = fc.record(
  {
    status: fc.record({ errorCode: fc.integer({ min: 0, max: 19 }), reason: text }, { requiredKeys: [] }),
    metaId: u64,
    serverId: u64,
    metas: fc.array(meta, { maxLength: 3 }),
    nextKey: u64,
    queue: jid,
    isLast: fc.boolean(),
    timestamp: u64,
  },
  { requiredKeys: [] },
);

/** Plain-object view with 64-bit values as decimal strings and bytes as arrays, for comparison. */
function normalize(type: keyof typeof msync, bytes: Uint8Array): unknown {
  const t = msync[type].type;
  return t.toObject(t.decode(bytes), { longs: String, bytes: Array, defaults: false, arrays: false });
}

test('property: MessageBody, Meta and CommSyncDL survive encode → decode → encode', () => {
  fc.assert(
    fc.property(body, (b) => {
      const once = msync.MessageBody.encode(b);
      assert.deepEqual(msync.MessageBody.encode(msync.MessageBody.decode(once)), once);
    }),
  );
  fc.assert(
    fc.property(meta, (m) => {
      const once = msync.Meta.encode(m);
      const back = msync.Meta.decode(once);
      assert.equal(u64ToString(back.id), m.id === undefined ? '0' : String(m.id));
      assert.deepEqual(msync.Meta.encode(back), once);
    }),
  );
  fc.assert(
    fc.property(syncDL, (dl) => {
      const once = msync.CommSyncDL.encode(dl);
      assert.deepEqual(msync.CommSyncDL.encode(msync.CommSyncDL.decode(once)), once);
    }),
  );
});

test('property: spliced raw metas decode exactly like metas encoded in place', () => {
  fc.assert(
    fc.property(syncDL, fc.array(meta, { maxLength: 4 }), (dl, metas) => {
      const { metas: _ignored, ...head } = dl;
      const spliced = encodeSyncDLWithRawMetas(
        head,
        metas.map((m) => msync.Meta.encode(m)),
      );
      const inPlace = msync.CommSyncDL.encode({ ...head, metas });
      assert.deepEqual(normalize('CommSyncDL', spliced), normalize('CommSyncDL', inPlace));
    }),
  );
});

test('property: arbitrary bytes never crash the decoder with anything but ProtocolDecodeError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      try {
        msync.MSync.decode(bytes);
      } catch (err) {
        assert.ok(err instanceof ProtocolDecodeError);
      }
    }),
  );
});

test('64-bit ids keep full precision', () => {
  const id = '18446744073709551615';
  const back = msync.Meta.decode(msync.Meta.encode({ id: toU64(id) }));
  assert.equal(u64ToString(back.id), id);
});

test('uint64 conversions agree with Long for any value, from bigint, string and number', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (v) => {
      const viaLong = Long.fromString(v.toString(), true);
      assert.ok(toU64(v).equals(viaLong));
      assert.ok(toU64(v.toString()).equals(viaLong));
      assert.equal(u64ToBigInt(viaLong), v);
      assert.equal(u64ToString(viaLong), v.toString());
      const back = msync.Meta.decode(msync.Meta.encode({ id: toU64(v) }));
      assert.equal(u64ToBigInt(back.id), v);
    }),
  );
  assert.ok(toU64(1_795_660_224_240).equals(Long.fromNumber(1_795_660_224_240, true)));
  assert.equal(u64ToBigInt(undefined), 0n);
  assert.equal(u64ToBigInt('42'), 42n);
});

test('the UNREAD request is the exact bytes the official SDK sends minus its encryptType', () => {
  // The SDK sends MSync{command:1, encryptType:[0]} = 080040015800 (spec §4.2); ours omits the unused field.
  assert.equal(Buffer.from(frames.unreadUL()).toString('hex'), '4001');
  const sdkFrame = msync.MSync.decode(Buffer.from('080040015800', 'hex'));
  assert.equal(sdkFrame.command, Command.UNREAD);
  assert.deepEqual([...(sdkFrame.encryptType ?? [])], [0]);
});
