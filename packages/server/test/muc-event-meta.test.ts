// The MUCBody of a group event: each operation's JSON where the official SDK reads it (eventInfo.ext for
// updateInfo and attributes, ext otherwise), JSON the SDK parses unguarded always present, rooms flagged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Domain, MucOperation, NameSpace, msync, u64ToString } from '@confab/protocol';
import {
  memberAttributesEventExt,
  mucEventBody,
  mucEventMeta,
  muteEventExt,
  updateInfoEventExt,
} from '../src/domain/mucs/muc-event-meta.js';
import type { MucEvent } from '../src/domain/ports/muc-events.js';

const base: MucEvent = {
  appId: 1,
  kind: 'group',
  mucId: '123',
  operation: MucOperation.KICK,
  actor: 'alice',
  actorResource: 'web_1',
  createdAt: 1_700_000_000_000,
};
const body = (over: Partial<MucEvent>) =>
  msync.MUCBody.decode(msync.MUCBody.encode(mucEventBody('o#a', { ...base, ...over })));

test('ids, actor (with its device), targets and the group as JIDs', () => {
  const b = body({ targets: ['bob', 'carol'], reason: 'r', mucName: 'n', memberCount: 3, members: ['x'] });
  assert.deepEqual({ ...b.mucId }, { appKey: 'o#a', name: '123', domain: Domain.CONFERENCE });
  assert.deepEqual(
    { ...b.from },
    { appKey: 'o#a', name: 'alice', domain: Domain.USER, clientResource: 'web_1' },
  );
  assert.deepEqual(
    b.to?.map((j) => j.name),
    ['bob', 'carol'],
  );
  assert.equal(b.operation, MucOperation.KICK);
  assert.equal(b.isChatroom, false);
  assert.deepEqual([b.reason, b.mucName, b.mucMemberCount, [...b.members!]], ['r', 'n', 3, ['x']]);
  assert.equal(body({ kind: 'room' }).isChatroom, true);
  assert.equal(body({ actorResource: undefined }).from?.clientResource, '', 'the app server has no device');
});

test('JSON goes where the SDK reads it for the operation', () => {
  const info = updateInfoEventExt({
    name: 'x',
    approval: true,
    allowInvites: false,
    maxUsers: 5,
    modifiedAt: 9,
  });
  assert.deepEqual(JSON.parse(info), {
    name: 'x',
    members_only: true,
    allow_user_invites: false,
    max_users: 5,
    last_modified: 9,
  });
  const update = body({ operation: MucOperation.UPDATE, ext: info });
  assert.equal(update.eventInfo?.ext, info);
  assert.equal(update.ext, '');
  const attrs = memberAttributesEventExt('bob', { a: '1' });
  assert.equal(
    body({ operation: MucOperation.GROUP_MEMBER_METADATA_UPDATE, ext: attrs }).eventInfo?.ext,
    attrs,
  );
  const mute = muteEventExt({ bob: 5 });
  assert.deepEqual(JSON.parse(mute), { user_mute_time: { bob: 5 } });
  const muted = body({ operation: MucOperation.ADD_MUTE, ext: mute });
  assert.equal(muted.ext, mute);
  assert.equal(muted.eventInfo, null);
});

test('operations whose JSON the SDK parses unguarded get valid JSON even without ext', () => {
  assert.deepEqual(
    JSON.parse(body({ operation: MucOperation.GROUP_MEMBER_METADATA_UPDATE }).eventInfo!.ext!),
    {},
  );
  for (const op of [MucOperation.SET_METADATA, MucOperation.DELETE_METADATA])
    assert.deepEqual(JSON.parse(body({ operation: op, kind: 'room' }).eventInfo!.ext!).result, {
      successKeys: [],
    });
  assert.equal(body({ operation: MucOperation.UPDATE }).eventInfo, null, 'the SDK defaults updateInfo to {}');
});

test('the Meta: server id, MUC namespace, time, the actor as sender', () => {
  const meta = msync.Meta.decode(msync.Meta.encode(mucEventMeta('o#a', 42n, base)));
  assert.equal(u64ToString(meta.id), '42');
  assert.equal(meta.ns, NameSpace.MUC);
  assert.equal(u64ToString(meta.timestamp), String(base.createdAt));
  assert.equal(meta.from?.name, 'alice');
  assert.equal(meta.to?.name, '123');
  assert.equal(msync.MUCBody.decode(meta.payload!).operation, MucOperation.KICK);
});
