// MUC metas -> onGroupEvent objects, on the edges the end-to-end tests do not reach (those compare every
// operation with the official SDK: packages/server/test/group-events-our-sdk.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Domain, MucOperation as Op, NameSpace, msync } from '@confab/protocol';
import type { Meta, MucBody } from '@confab/protocol';
import { decodeMucMeta } from '../src/muc-event-decoder.js';

const self = { user: 'bob', resource: 'webim_web_B' };
const jid = (name: string, clientResource?: string) => ({
  appKey: 'o#a',
  name,
  domain: Domain.USER,
  ...(clientResource ? { clientResource } : {}),
});

function meta(body: Partial<MucBody>): Meta {
  const full: MucBody = {
    mucId: { appKey: 'o#a', name: 'g1', domain: Domain.CONFERENCE },
    from: jid('ann', 'r1'),
    ...body,
  };
  return { id: 1, ns: NameSpace.MUC, payload: msync.MUCBody.encode(full) };
}

test('operations the official SDK tells no onGroupEvent, and rooms and threads, are ignored', () => {
  for (const operation of [Op.JOIN, Op.LEAVE, Op.BLOCK, Op.UNBLOCK, Op.BAN, Op.DISABLE_GROUP])
    assert.equal(decodeMucMeta(meta({ operation }), self).kind, 'ignored', String(operation));
  assert.equal(decodeMucMeta(meta({ operation: Op.KICK, isChatroom: true }), self).kind, 'ignored');
  assert.equal(decodeMucMeta(meta({ operation: Op.THREAD_CREATE, isThread: true }), self).kind, 'ignored');
});

test('updateInfo: Agora keys mapped, string booleans and times converted, unknown keys dropped', () => {
  const ext = JSON.stringify({
    name: 'n',
    members_only: 'true',
    public: 'false',
    last_modified: '1700000000000',
    shiny: 1,
  });
  const decoded = decodeMucMeta(meta({ operation: Op.UPDATE, eventInfo: { eventType: 0, ext } }), self);
  assert.deepEqual(decoded, {
    kind: 'group',
    event: {
      operation: 'updateInfo',
      id: 'g1',
      from: 'ann',
      detail: { name: 'n', approval: true, public: false, lastModified: 1_700_000_000_000 },
    },
  });
});

test('fields the official SDK copies unconditionally are "" when absent; optional ones are left out', () => {
  const ev = (body: Partial<MucBody>) => {
    const d = decodeMucMeta(meta(body), self);
    assert.equal(d.kind, 'group');
    return d.kind === 'group' ? d.event : undefined;
  };
  assert.deepEqual(ev({ operation: Op.DIRECT_JOINED }), {
    operation: 'directJoined',
    id: 'g1',
    from: 'ann',
    name: '',
  });
  assert.deepEqual(ev({ operation: Op.ADD_MUTE }), {
    operation: 'muteMember',
    id: 'g1',
    from: 'ann',
    userId: '',
  });
  assert.deepEqual(ev({ operation: Op.APPLY }), { operation: 'requestToJoin', id: 'g1', from: 'ann' });
  assert.deepEqual(ev({ operation: Op.PRESENCE }), { operation: 'memberPresence', id: 'g1', from: 'ann' });
});

test("one's own attribute change: onMultiDeviceEvent on another device, onGroupEvent on the acting one", () => {
  const ext = JSON.stringify({ username: 'bob', properties: { k: 'v' } });
  const body = (resource: string) => ({
    operation: Op.GROUP_MEMBER_METADATA_UPDATE,
    from: jid('bob', resource),
    eventInfo: { eventType: 0, ext },
  });
  const event = {
    operation: 'memberAttributesUpdate',
    id: 'g1',
    from: 'bob',
    attributes: { k: 'v' },
    userId: 'bob',
  };
  assert.deepEqual(decodeMucMeta(meta(body('other')), self), { kind: 'multi-device', event });
  assert.deepEqual(decodeMucMeta(meta(body(self.resource)), self), { kind: 'group', event });
});

test('malformed event JSON throws (the session drops that meta only)', () => {
  assert.throws(() => decodeMucMeta(meta({ operation: Op.ADD_MUTE, ext: '{' }), self), SyntaxError);
  assert.throws(
    () => decodeMucMeta(meta({ operation: Op.UPDATE, eventInfo: { eventType: 0, ext: 'x' } }), self),
    SyntaxError,
  );
});
