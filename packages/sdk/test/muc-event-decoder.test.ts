// MUCBody → onGroupEvent / onChatroomEvent / onMultiDeviceEvent, field by field as the official SDK's
// dispatch table fills them (the operations the group e2e tests do not reach through a use case here:
// mute, announcements, files, allow list, mute-all, unblock, several members at once, attributes, rooms),
// and what gives no event at all (legacy-only, thread and disable operations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MucOperation as Op, msync, toU64, type MucBody } from '@confab/protocol';
import { decodeMucMeta } from '../src/muc-event-decoder.js';

const self = { user: 'me', resource: 'r1' };
const jid = (name: string, clientResource?: string) => ({
  appKey: 'org#app',
  name,
  domain: 'easemob.com',
  ...(clientResource ? { clientResource } : {}),
});
const decode = (body: Partial<MucBody>) =>
  decodeMucMeta(
    {
      id: toU64(1n),
      ns: 2,
      payload: msync.MUCBody.encode({
        mucId: jid('123'),
        from: jid('alice', 'a1'),
        to: [],
        ...body,
      }),
    },
    self,
  );
const group = (body: Partial<MucBody>) => {
  const out = decode(body);
  assert.equal(out.length, 1);
  assert.equal(out[0]!.event, 'onGroupEvent');
  return out[0]!.payload;
};
const base = { id: '123', from: 'alice' };

test('group operations: the extra fields each one carries', () => {
  const to = [jid('bob')];
  assert.deepEqual(group({ operation: Op.ADD_MUTE, to, ext: '{"user_mute_time":{"bob":99}}' }), {
    ...base,
    operation: 'muteMember',
    userId: 'bob',
    muteTimestamp: { bob: 99 },
  });
  assert.deepEqual(group({ operation: Op.ADD_MUTE, to }), {
    ...base,
    operation: 'muteMember',
    userId: 'bob',
  });
  assert.deepEqual(group({ operation: Op.REMOVE_MUTE, to }), {
    ...base,
    operation: 'unmuteMember',
    userId: 'bob',
  });
  assert.deepEqual(group({ operation: Op.UPDATE_ANNOUNCEMENT, reason: 'hi all' }), {
    ...base,
    operation: 'updateAnnouncement',
    announcement: 'hi all',
  });
  for (const [op, name] of [
    [Op.DELETE_ANNOUNCEMENT, 'deleteAnnouncement'],
    [Op.UPLOAD_FILE, 'uploadFile'],
    [Op.DELETE_FILE, 'deleteFile'],
    [Op.BAN_GROUP, 'muteAllMembers'],
    [Op.REMOVE_BAN_GROUP, 'unmuteAllMembers'],
    [Op.REMOVE_ADMIN, 'removeAdmin'],
    [Op.ASSIGN_OWNER, 'changeOwner'],
  ] as const)
    assert.deepEqual(group({ operation: op, to }), { ...base, operation: name });
  assert.deepEqual(group({ operation: Op.ADD_USER_WHITE_LIST, to }), {
    ...base,
    operation: 'addUserToAllowlist',
    userId: 'bob',
  });
  assert.deepEqual(group({ operation: Op.REMOVE_USER_WHITE_LIST }), {
    ...base,
    operation: 'removeAllowlistMember',
    userId: '',
  });
  assert.deepEqual(group({ operation: Op.ALLOW, reason: 'ok' }), {
    ...base,
    operation: 'unblockMember',
    reason: 'ok',
  });
  assert.deepEqual(group({ operation: Op.APPLY }), { ...base, operation: 'requestToJoin' });
  assert.deepEqual(group({ operation: Op.PRESENCE, mucMemberCount: 5, members: ['x', 'y'] }), {
    id: '123',
    operation: 'membersPresence',
    memberCount: 5,
    members: ['x', 'y'],
  });
  assert.deepEqual(group({ operation: Op.ABSENCE }), { ...base, operation: 'memberAbsence' });
  assert.deepEqual(
    group({ operation: Op.UPDATE, eventInfo: { ext: '{"members_only":"true","max_users":9,"junk":1}' } }),
    { ...base, operation: 'updateInfo', detail: { approval: true, maxUsers: 9 } },
  );
});

test('member attributes: onGroupEvent, or onMultiDeviceEvent when changed on another device of mine', () => {
  const eventInfo = { ext: '{"username":"bob","properties":{"k":"v"}}' };
  const payload = { id: '123', operation: 'memberAttributesUpdate', attributes: { k: 'v' }, userId: 'bob' };
  assert.deepEqual(decode({ operation: Op.GROUP_MEMBER_METADATA_UPDATE, eventInfo }), [
    { event: 'onGroupEvent', payload: { ...payload, from: 'alice' } },
  ]);
  assert.deepEqual(decode({ operation: Op.GROUP_MEMBER_METADATA_UPDATE, eventInfo, from: jid('me', 'r2') }), [
    { event: 'onMultiDeviceEvent', payload: { ...payload, from: 'me' } },
  ]);
});

test('rooms: onChatroomEvent, presence per member, attributes; nothing for the rest', () => {
  assert.deepEqual(decode({ operation: Op.PRESENCE, isChatroom: true, ext: 'e', members: ['x', 'y'] }), [
    { event: 'onChatroomEvent', payload: { ...base, from: 'x', ext: 'e', operation: 'memberPresence' } },
    { event: 'onChatroomEvent', payload: { ...base, from: 'y', ext: 'e', operation: 'memberPresence' } },
  ]);
  const ext = '{"result":{"successKeys":["a"]},"properties":{"a":"1","b":"2"}}';
  assert.deepEqual(decode({ operation: Op.SET_METADATA, isChatroom: true, eventInfo: { ext } }), [
    {
      event: 'onChatroomEvent',
      payload: { ...base, operation: 'updateChatRoomAttributes', attributes: { a: '1' } },
    },
  ]);
  assert.deepEqual(decode({ operation: Op.DELETE_METADATA, isChatroom: true, eventInfo: { ext } }), [
    {
      event: 'onChatroomEvent',
      payload: { ...base, operation: 'removeChatRoomAttributes', attributes: ['a'] },
    },
  ]);
  assert.deepEqual(
    decode({
      operation: Op.SET_METADATA,
      isChatroom: true,
      eventInfo: { ext: '{"result":{"successKeys":[]}}' },
    }),
    [],
  );
  assert.deepEqual(decode({ operation: Op.APPLY_DECLINE, isChatroom: true, to: [jid('bob')] }), [
    { event: 'onChatroomEvent', payload: { ...base, operation: 'joinPublicGroupDeclined' } },
  ]);
  for (const op of [
    Op.JOIN,
    Op.LEAVE,
    Op.GET_BLACKLIST,
    Op.BAN,
    Op.BLOCK,
    Op.UNBLOCK,
    Op.DISABLE_GROUP,
    Op.ABLE_GROUP,
  ])
    assert.deepEqual(decode({ operation: op }), [], `operation ${op}`);
  assert.deepEqual(decode({ operation: Op.THREAD_CREATE, isThread: true }), []);
});

test('what the official SDK copies unconditionally is "" when absent; updateInfo converts flags and times', () => {
  assert.deepEqual(group({ operation: Op.DIRECT_JOINED }), { ...base, operation: 'directJoined', name: '' });
  assert.deepEqual(group({ operation: Op.INVITE }), { ...base, operation: 'inviteToJoin', name: '' });
  assert.deepEqual(group({ operation: Op.ADD_ADMIN }), { ...base, operation: 'setAdmin', userId: '' });
  assert.deepEqual(group({ operation: Op.PRESENCE }), { ...base, operation: 'memberPresence' });
  assert.deepEqual(
    group({
      operation: Op.UPDATE,
      eventInfo: { ext: '{"public":"false","invite_need_confirm":true,"last_modified":"1700000000000"}' },
    }),
    {
      ...base,
      operation: 'updateInfo',
      detail: { public: false, inviteNeedConfirm: true, lastModified: 1_700_000_000_000 },
    },
  );
});

test("one's own attribute change on the acting device itself is an onGroupEvent, as in the official SDK", () => {
  const eventInfo = { ext: '{"username":"me","properties":{"k":"v"}}' };
  assert.deepEqual(decode({ operation: Op.GROUP_MEMBER_METADATA_UPDATE, eventInfo, from: jid('me', 'r1') }), [
    {
      event: 'onGroupEvent',
      payload: {
        id: '123',
        from: 'me',
        operation: 'memberAttributesUpdate',
        attributes: { k: 'v' },
        userId: 'me',
      },
    },
  ]);
});
