// Every group event operation the server raises (msync §4.9), with the audience a use case gives it and
// the onGroupEvent payload the official SDK makes of it: shared by the official-SDK test
// (group-events.test.ts) and our SDK's (group-events-our-sdk.test.ts).
import assert from 'node:assert/strict';
import { MucOperation as Op } from '@confab/protocol';
import {
  memberAttributesEventExt,
  muteEventExt,
  updateInfoEventExt,
} from '../../src/domain/mucs/muc-event-meta.js';
import type { MucAudience, MucEvent } from '../../src/domain/ports/muc-events.js';
import { plain } from './official-sdk.js';

export const GROUP = '400000000000001';
export const MEMBERS = ['alice', 'bob', 'carol'];
export const MUTED_UNTIL = 1_900_000_000_000;

export interface Case {
  operation: number;
  actor: 'alice' | 'bob' | 'dave';
  audience: MucAudience;
  fields?: Partial<MucEvent>;
  /** The onGroupEvent payload, `id` aside. */
  expect: Record<string, unknown>;
}

export const members: MucAudience = { members: true };
export const users = (...names: string[]): MucAudience => ({ users: names });

// Every group operation of msync §4.9 that reaches onGroupEvent, with the audience a use case gives it.
// Payloads are unique per device (so each can be matched to its case).
export const CASES: Case[] = [
  {
    operation: Op.CREATE,
    actor: 'alice',
    audience: users('alice'),
    expect: { operation: 'create', from: 'alice' },
  },
  {
    operation: Op.APPLY,
    actor: 'dave',
    audience: users('alice'),
    fields: { reason: 'let me in' },
    expect: { operation: 'requestToJoin', from: 'dave', reason: 'let me in' },
  },
  {
    operation: Op.APPLY_ACCEPT,
    actor: 'alice',
    audience: users('dave'),
    expect: { operation: 'acceptRequest', from: 'alice' },
  },
  {
    operation: Op.APPLY_DECLINE,
    actor: 'alice',
    audience: users('dave'),
    fields: { targets: ['dave'] },
    expect: { operation: 'joinPublicGroupDeclined', from: 'alice', userId: 'dave' },
  },
  {
    operation: Op.INVITE,
    actor: 'bob',
    audience: users('dave'),
    fields: { mucName: 'Team', reason: 'join us' },
    expect: { operation: 'inviteToJoin', from: 'bob', name: 'Team' },
  },
  {
    operation: Op.INVITE,
    actor: 'alice',
    audience: users('carol'),
    fields: { mucName: 'Team (again)' },
    expect: { operation: 'inviteToJoin', from: 'alice', name: 'Team (again)' },
  },
  {
    operation: Op.INVITE_ACCEPT,
    actor: 'dave',
    audience: users('bob'),
    expect: { operation: 'acceptInvite', from: 'dave' },
  },
  {
    operation: Op.INVITE_DECLINE,
    actor: 'dave',
    audience: users('bob'),
    expect: { operation: 'rejectInvite', from: 'dave' },
  },
  {
    operation: Op.KICK,
    actor: 'alice',
    audience: users('dave'),
    fields: { targets: ['dave'] },
    expect: { operation: 'removeMember', from: 'alice' },
  },
  {
    operation: Op.ALLOW,
    actor: 'alice',
    audience: users('dave'),
    fields: { targets: ['dave'], reason: 'forgiven' },
    expect: { operation: 'unblockMember', from: 'alice', reason: 'forgiven' },
  },
  {
    operation: Op.UPDATE,
    actor: 'alice',
    audience: members,
    fields: {
      ext: updateInfoEventExt({
        name: 'New name',
        description: 'about',
        public: false,
        approval: true,
        allowInvites: true,
        maxUsers: 300,
        inviteNeedConfirm: false,
        custom: '{"k":1}',
        avatar: 'https://x/a.png',
        modifiedAt: 1_700_000_000_123,
      }),
    },
    expect: {
      operation: 'updateInfo',
      from: 'alice',
      detail: {
        name: 'New name',
        description: 'about',
        public: false,
        approval: true,
        allowInvites: true,
        maxUsers: 300,
        inviteNeedConfirm: false,
        ext: '{"k":1}',
        avatar: 'https://x/a.png',
        lastModified: 1_700_000_000_123,
      },
    },
  },
  {
    operation: Op.UPDATE,
    actor: 'alice',
    audience: { members: true, alsoUsers: ['dave', 'bob'] },
    fields: { ext: updateInfoEventExt({ name: 'Also for dave' }) },
    expect: { operation: 'updateInfo', from: 'alice', detail: { name: 'Also for dave' } },
  },
  {
    operation: Op.PRESENCE,
    actor: 'dave',
    audience: members,
    fields: { memberCount: 4 },
    expect: { operation: 'memberPresence', from: 'dave', memberCount: 4 },
  },
  {
    operation: Op.PRESENCE,
    actor: 'alice',
    audience: members,
    fields: { memberCount: 6, members: ['x1', 'x2'] },
    expect: { operation: 'membersPresence', memberCount: 6, members: ['x1', 'x2'] },
  },
  {
    operation: Op.ABSENCE,
    actor: 'bob',
    audience: members,
    fields: { memberCount: 5 },
    expect: { operation: 'memberAbsence', from: 'bob', memberCount: 5 },
  },
  {
    operation: Op.ABSENCE,
    actor: 'alice',
    audience: members,
    fields: { memberCount: 3, members: ['x1', 'x2'] },
    expect: { operation: 'membersAbsence', memberCount: 3, members: ['x1', 'x2'] },
  },
  {
    operation: Op.DIRECT_JOINED,
    actor: 'alice',
    audience: users('dave'),
    fields: { mucName: 'Team' },
    expect: { operation: 'directJoined', from: 'alice', name: 'Team' },
  },
  {
    operation: Op.ASSIGN_OWNER,
    actor: 'alice',
    audience: members,
    fields: { targets: ['bob'] },
    expect: { operation: 'changeOwner', from: 'alice' },
  },
  {
    operation: Op.ADD_ADMIN,
    actor: 'alice',
    audience: members,
    fields: { targets: ['bob'] },
    expect: { operation: 'setAdmin', from: 'alice', userId: 'bob' },
  },
  {
    operation: Op.REMOVE_ADMIN,
    actor: 'alice',
    audience: members,
    fields: { targets: ['bob'] },
    expect: { operation: 'removeAdmin', from: 'alice' },
  },
  {
    operation: Op.ADD_MUTE,
    actor: 'alice',
    audience: members,
    fields: { targets: ['bob'], ext: muteEventExt({ bob: MUTED_UNTIL }) },
    expect: { operation: 'muteMember', from: 'alice', userId: 'bob', muteTimestamp: { bob: MUTED_UNTIL } },
  },
  {
    operation: Op.REMOVE_MUTE,
    actor: 'alice',
    audience: members,
    fields: { targets: ['bob'] },
    expect: { operation: 'unmuteMember', from: 'alice', userId: 'bob' },
  },
  {
    operation: Op.UPDATE_ANNOUNCEMENT,
    actor: 'alice',
    audience: members,
    fields: { reason: 'read the rules' },
    expect: { operation: 'updateAnnouncement', from: 'alice', announcement: 'read the rules' },
  },
  {
    operation: Op.DELETE_ANNOUNCEMENT,
    actor: 'alice',
    audience: members,
    expect: { operation: 'deleteAnnouncement', from: 'alice' },
  },
  {
    operation: Op.UPLOAD_FILE,
    actor: 'bob',
    audience: members,
    expect: { operation: 'uploadFile', from: 'bob' },
  },
  {
    operation: Op.DELETE_FILE,
    actor: 'bob',
    audience: members,
    expect: { operation: 'deleteFile', from: 'bob' },
  },
  {
    operation: Op.ADD_USER_WHITE_LIST,
    actor: 'alice',
    audience: members,
    fields: { targets: ['carol'] },
    expect: { operation: 'addUserToAllowlist', from: 'alice', userId: 'carol' },
  },
  {
    operation: Op.REMOVE_USER_WHITE_LIST,
    actor: 'alice',
    audience: members,
    fields: { targets: ['carol'] },
    expect: { operation: 'removeAllowlistMember', from: 'alice', userId: 'carol' },
  },
  {
    operation: Op.BAN_GROUP,
    actor: 'alice',
    audience: members,
    expect: { operation: 'muteAllMembers', from: 'alice' },
  },
  {
    operation: Op.REMOVE_BAN_GROUP,
    actor: 'alice',
    audience: members,
    expect: { operation: 'unmuteAllMembers', from: 'alice' },
  },
  {
    operation: Op.GROUP_MEMBER_METADATA_UPDATE,
    actor: 'alice',
    audience: members,
    fields: { ext: memberAttributesEventExt('alice', { nickname: 'Al' }) },
    expect: {
      operation: 'memberAttributesUpdate',
      from: 'alice',
      attributes: { nickname: 'Al' },
      userId: 'alice',
    },
  },
  {
    operation: Op.DESTROY,
    actor: 'alice',
    audience: users(...MEMBERS),
    expect: { operation: 'destroy', from: 'alice' },
  },
];

/** JSON with sorted keys: one string per event, whatever order the SDK built it in. */
export function canon(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, x]) => [k, sort(x)]),
          )
        : v;
  return JSON.stringify(sort(plain(value)));
}

export const isRecipient = (c: Case, user: string): boolean =>
  'members' in c.audience
    ? MEMBERS.includes(user) || (c.audience.alsoUsers ?? []).includes(user)
    : c.audience.users.includes(user);

/** The SDK tells an actor's other device of its own attribute change as a multi-device event. */
export const eventName = (c: Case, user: string) =>
  c.operation === Op.GROUP_MEMBER_METADATA_UPDATE && c.actor === user ? 'onMultiDeviceEvent' : 'onGroupEvent';

export const keyOf = (name: string, payload: unknown) => `${name} ${canon(payload)}`;

export interface Expected {
  keys: string[];
  /** Key → 'log' (the group log) or 'notice' (the user's notice queue): order is kept within each. */
  queueOf: Map<string, 'log' | 'notice'>;
}

/** What a device of `user` should get; `acting` = the resource whose own actions it is not told of. */
export function expectedFor(user: string, acting: boolean): Expected {
  const keys: string[] = [];
  const queueOf = new Map<string, 'log' | 'notice'>();
  for (const c of CASES) {
    if (!isRecipient(c, user) || (acting && c.actor === user)) continue;
    const inLog = 'members' in c.audience && MEMBERS.includes(user);
    const key = keyOf(eventName(c, user), { id: GROUP, ...c.expect });
    keys.push(key);
    queueOf.set(key, inLog ? 'log' : 'notice');
  }
  assert.equal(new Set(keys).size, keys.length, `expected events of ${user} are distinguishable`);
  return { keys, queueOf };
}
