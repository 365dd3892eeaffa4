// Issue 13: who may call what. Every route the server registers (RunningServer.routes, so a new route is
// included by itself) is called by seven callers: no token, a bad token, the user the route is about
// ("subject"), another user of the app, the app's admin, another app's admin and the operator. POLICY
// declares, per route, who may succeed; a route without an entry fails the test, so a new route must
// declare its policy here. No caller may get more than its policy (a 2xx outside it is a leak), and every
// caller inside it must succeed with the declared request (so the matrix cannot pass by refusing all).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { u64ToString } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import webpush from 'web-push';
import { fakeLibreTranslate, type FakeTranslator } from './support/fake-translators.js';
import { adminToken, call, createUsers } from './support/accounts.js';
import { RawClient } from './support/raw-client.js';
import { login, postJson } from './support/rest.js';

const ROLES = ['none', 'bad', 'subject', 'other', 'admin', 'otherAdmin', 'operator'] as const;
type Role = (typeof ROLES)[number];

const EVERYONE: readonly Role[] = ROLES;
const OPERATOR: readonly Role[] = ['operator'];
const ADMIN: readonly Role[] = ['admin'];
const ADMIN_OR_SELF: readonly Role[] = ['subject', 'admin'];
const SELF: readonly Role[] = ['subject'];
const ANY_APP_TOKEN: readonly Role[] = ['subject', 'other', 'admin'];
/** A group's members (the subject owns the world's group; `other` is no member) and the app server. */
const MEMBER_OR_ADMIN: readonly Role[] = ['subject', 'admin'];
/** A user's own act in a group (the app server has no membership: 400). */
const USER_SELF: readonly Role[] = ['subject'];

/** What the requests of a route need: the subject's file, message and so on (made in `before`). */
interface World {
  fileUuid: string;
  messageId: string;
  /** A chunked upload the subject opened for this call. */
  openUpload(parts?: number): Promise<string>;
  /** Pins the message (as the subject), so an unpin has something to remove. */
  pinMessage(): Promise<void>;
  /** The subject reports the message; the report's id (for a review). */
  report(): Promise<string>;
  /** The subject's public group: owner subj, member `mem`; `other` is no member. */
  groupId: string;
  /** The subject's message in that group, and the file the subject shared there. */
  groupMessageId: string;
  sharedFileId: string;
  /** A fresh group for one call that changes or ends it (the ones of earlier calls are destroyed). */
  spareGroup(options?: SpareGroup): Promise<string>;
  /** A file the subject shares in the world's group, for one delete. */
  shareFile(): Promise<string>;
  /** `user` asks to join the group. */
  apply(groupId: string, user: string): Promise<void>;
  /** `by` (a member) invites `who`. */
  invite(groupId: string, by: string, who: string): Promise<void>;
  /** `mem` asks the subject to become a contact (after ending any contact between them). */
  contactRequestFromMem(): Promise<void>;
  /** The subject and `mem` become contacts. */
  contactWithMem(): Promise<void>;
  /** The subject's chat room (owner subj, member mem; `other` is no member); subj is a super admin. */
  roomId: string;
  /** A fresh room for one call that changes or ends it (options as for groups: owner, memAdmin, list). */
  spareRoom(options?: SpareGroup): Promise<string>;
  /** A file the subject shares in the world's room, for one delete. */
  shareRoomFile(): Promise<string>;
  /** Names `user` a super admin (for one removal). */
  addSuperAdmin(user: string): Promise<void>;
  /** The subject adds `reaction` to its message (so a delete has something to remove). */
  addReaction(reaction: string): Promise<void>;
  /** A new message of the subject in the world's group (a thread's parent). */
  freshGroupMessage(): Promise<string>;
  /** A thread on a fresh message of the world's group, created by the subject (mem joined with `withMem`). */
  spareThread(withMem?: boolean): Promise<string>;
}

interface SpareGroup {
  /** subj unless said; `mem` is a member (an admin with `memAdmin`) unless mem owns it. */
  owner?: 'subj' | 'mem';
  memAdmin?: boolean;
  /** Join requests need the owner's approval. */
  approval?: boolean;
  /** Invitations of users need the invitee's answer. */
  inviteNeedConfirm?: boolean;
  /** Also a member (the subject in mem's group). */
  members?: string[];
  /** mem on the group's block list or allow list (for a removal). */
  list?: 'blocks' | 'white';
}

interface Call {
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Rule {
  allow: readonly Role[];
  /** The request an allowed caller succeeds with (path parameters default to the subject's). */
  request?: (w: World) => Call | Promise<Call>;
  /** Changes the subject or the app's users: the world is restored after an allowed call. */
  destructive?: boolean;
  /** A group act of the owner or group admins only: a plain member (mem) is refused too. */
  groupAdmin?: boolean;
}

const form = (field: string, extra: Record<string, string> = {}) => {
  const f = new FormData();
  f.append(field, new Blob([new Uint8Array(randomBytes(500))]), 'f.bin');
  for (const [k, v] of Object.entries(extra)) f.append(k, v);
  return f;
};
const conversation = { to: 'other', type: 'chat' };
/** The current hour as GET /chatmessages/{yyyyMMddHH} names it (UTC). */
const exportHour = () => new Date().toISOString().slice(0, 13).replace(/[-T]/g, '');

/** The policy: route ("METHOD pattern") → who may succeed. HEAD routes answer as their GET. */
const POLICY: Record<string, Rule> = {
  'OPTIONS *': {
    allow: EVERYONE,
    request: () => ({
      params: { '*': '/anything' },
      headers: { origin: 'http://example.com', 'access-control-request-method': 'POST' },
    }),
  },
  'GET /': { allow: EVERYONE },
  'GET /healthz': { allow: EVERYONE },
  'GET /openapi.json': { allow: EVERYONE },
  'GET /metrics': { allow: OPERATOR }, // CONFAB_METRICS_ACCESS=operator, the default
  'GET /management/apps': { allow: OPERATOR },
  'GET /management/apps/:org/:name': {
    allow: OPERATOR,
    request: () => ({ params: { org: 'confab', name: 'elsewhere' } }),
  },
  'PATCH /management/apps/:org/:name': {
    allow: OPERATOR,
    request: () => ({
      params: { org: 'confab', name: 'elsewhere' },
      body: { settings: { maxEditCount: 10 } },
    }),
  },
  'POST /management/apps': {
    allow: OPERATOR,
    request: () => ({ body: { org: 'matrix', name: `a${randomBytes(4).toString('hex')}` } }),
  },
  'PUT /management/apps/:org/:name': {
    allow: OPERATOR,
    request: () => ({
      params: { org: 'confab', name: 'elsewhere' },
      body: { settings: { maxEditCount: 10 } },
    }),
  },
  'POST /:org/:app/token': {
    allow: EVERYONE, // a password login needs no token; whatever token comes along is ignored
    request: () => ({ body: { grant_type: 'password', username: 'subj', password: 'pw' } }),
  },
  'POST /:org/:app/users': {
    // Open registration; a token sent along must be a valid one of this app.
    allow: ['none', 'subject', 'other', 'admin'],
    request: () => ({ body: { username: `r${randomBytes(4).toString('hex')}`, password: 'pw' } }),
  },
  'GET /:org/:app/users/:username': { allow: ADMIN },
  'GET /:org/:app/users': { allow: ADMIN },
  'DELETE /:org/:app/users/:username': { allow: ADMIN, destructive: true },
  'DELETE /:org/:app/users': { allow: ADMIN, destructive: true, request: () => ({ query: 'limit=1' }) },
  'PUT /:org/:app/users/:username/password': {
    allow: ADMIN,
    destructive: true,
    request: () => ({ body: { newpassword: 'pw2' } }),
  },
  'POST /:org/:app/users/:username/deactivate': { allow: ADMIN, destructive: true },
  'POST /:org/:app/users/:username/activate': { allow: ADMIN },
  'GET /:org/:app/users/:username/disconnect': { allow: ADMIN },
  'POST /:org/:app/users/:username/disconnect': { allow: ADMIN },
  'DELETE /:org/:app/users/:username/disconnect/:resource': { allow: ADMIN_OR_SELF },
  'GET /:org/:app/users/:username/disconnect/:resource': { allow: ADMIN_OR_SELF },
  'POST /:org/:app/users/:username/disconnect/:resource': { allow: ADMIN_OR_SELF },
  'GET /:org/:app/users/:username/status': { allow: ADMIN },
  'POST /:org/:app/users/batch/status': { allow: ADMIN, request: () => ({ body: { usernames: ['subj'] } }) },
  'GET /:org/:app/users/:username/resources': { allow: ADMIN_OR_SELF },
  'GET /:org/:app/sdk/users/:username/token/expires': { allow: SELF },
  // Issue 18: a fresh token for one's own live token; the client settings are public (registration form).
  'POST /:org/:app/sdk/users/:username/token': { allow: SELF },
  'GET /:org/:app/sdk/client-settings': { allow: EVERYONE },
  'GET /:org/:app/sdk/users/:me/conversation-state': {
    allow: ADMIN_OR_SELF,
    request: () => ({ query: 'conversationId=other' }),
  },
  'POST /:org/:app/chatfiles': { allow: ANY_APP_TOKEN, request: () => ({ body: form('file') }) },
  // The subject's file, sent to no conversation: the uploader and the admin (or the share secret).
  'GET /:org/:app/chatfiles/:uuid': {
    allow: ADMIN_OR_SELF,
    request: (w) => ({ params: { uuid: w.fileUuid } }),
  },
  'POST /:org/:app/sdk/chatfiles/part-upload': { allow: ANY_APP_TOKEN },
  // A chunked upload belongs to whoever opened it (the subject).
  'PUT /:org/:app/sdk/chatfiles/part-upload/:uuid': {
    allow: SELF,
    request: async (w) => ({
      params: { uuid: await w.openUpload() },
      body: form('part_file', { part_number: '1' }),
    }),
  },
  'POST /:org/:app/sdk/chatfiles/part-upload/:uuid': {
    allow: SELF,
    request: async (w) => ({ params: { uuid: await w.openUpload(1) } }),
  },
  'DELETE /:org/:app/sdk/chatfiles/part-upload/:uuid': {
    allow: SELF,
    request: async (w) => ({ params: { uuid: await w.openUpload() } }),
  },
  'POST /:org/:app/users/:me/messageroaming': {
    allow: ADMIN_OR_SELF,
    request: () => ({ body: { queue: 'other' } }),
  },
  'DELETE /:org/:app/sdk/message/roaming/:kind/user/:me': {
    allow: ADMIN_OR_SELF,
    request: (w) => ({ query: `userId=other&msgIdList=${w.messageId}` }),
  },
  'DELETE /:org/:app/sdk/message/roaming/:kind/user/:me/time': {
    allow: ADMIN_OR_SELF,
    request: () => ({ query: 'userId=other&delTime=1' }),
  },
  'POST /:org/:app/sdk/message/roaming/user/:me/delete/all': { allow: ADMIN_OR_SELF },
  'GET /:org/:app/sdk/user/:me/user_channels/list': { allow: ADMIN_OR_SELF },
  'GET /:org/:app/sdk/user/:me/user_channels/mark/search': {
    allow: ADMIN_OR_SELF,
    request: () => ({ query: 'mark=mark_0' }),
  },
  'GET /:org/:app/users/:me/user_channels': { allow: ADMIN_OR_SELF },
  'GET /:org/:app/users/:me/user_channels/page': { allow: ADMIN_OR_SELF },
  'POST /:org/:app/sdk/user/:me/user_channel/top': {
    allow: ADMIN_OR_SELF,
    request: () => ({ body: conversation }),
  },
  'DELETE /:org/:app/sdk/user/:me/user_channel/top': {
    allow: ADMIN_OR_SELF,
    request: () => ({ query: 'type=chat&to=other' }),
  },
  'POST /:org/:app/sdk/user/:me/user_channels/mark': {
    allow: ADMIN_OR_SELF,
    request: () => ({ body: { mark: 'mark_0', targets: [conversation] } }),
  },
  'DELETE /:org/:app/sdk/user/:me/user_channels/mark': {
    allow: ADMIN_OR_SELF,
    request: () => ({ body: { mark: 'mark_0', targets: [conversation] } }),
  },
  'DELETE /:org/:app/user/:me/user_channel': {
    allow: ADMIN_OR_SELF,
    request: () => ({ body: { channel: 'other', type: 'chat', delete_roam: false } }),
  },
  'DELETE /:org/:app/users/:me/user_channel': {
    allow: ADMIN_OR_SELF,
    request: () => ({ body: { channel: 'other', type: 'chat', delete_roam: false } }),
  },
  'POST /:org/:app/messages/users': {
    allow: ADMIN,
    request: () => ({ body: { from: 'subj', to: ['other'], type: 'txt', body: { msg: 'hi' } } }),
  },
  'POST /:org/:app/messages/chatgroups': {
    allow: ADMIN,
    request: (w) => ({ body: { from: 'subj', to: [w.groupId], type: 'txt', body: { msg: 'hi' } } }),
  },
  'POST /:org/:app/messages/chatrooms': {
    allow: ADMIN,
    request: (w) => ({ body: { to: [w.roomId], type: 'txt', body: { msg: 'hi' } } }),
  },
  'POST /:org/:app/messages/chatrooms/broadcast': {
    allow: ADMIN,
    request: () => ({ body: { msg: { type: 'txt', msg: 'to all' } } }),
  },
  'POST /:org/:app/messages/msg_recall': {
    allow: ADMIN,
    request: async (w) => ({
      body: { msg_id: await w.freshGroupMessage(), to: w.groupId, chat_type: 'groupchat', force: true },
    }),
  },
  'POST /:org/:app/messages/recall': {
    allow: ADMIN,
    request: async (w) => ({
      body: { msg_id: await w.freshGroupMessage(), to: w.groupId, chat_type: 'groupchat', force: true },
    }),
  },
  'PUT /:org/:app/messages/rewrite/:msgId': {
    allow: ADMIN,
    request: async (w) => ({
      params: { msgId: await w.freshGroupMessage() },
      body: { new_msg: { type: 'txt', msg: 'rewritten' } },
    }),
  },
  'POST /:org/:app/messages/users/import': {
    allow: ADMIN,
    request: () => ({
      body: {
        from: 'subj',
        target: 'other',
        type: 'txt',
        body: { msg: 'old' },
        msg_timestamp: 1_700_000_000_000,
      },
    }),
  },
  'POST /:org/:app/messages/chatgroups/import': {
    allow: ADMIN,
    request: (w) => ({
      body: {
        from: 'subj',
        target: w.groupId,
        type: 'txt',
        body: { msg: 'old' },
        msg_timestamp: 1_700_000_000_000,
      },
    }),
  },
  'GET /:org/:app/users/:username/offline_msg_count': { allow: ADMIN },
  'GET /:org/:app/users/:username/offline_msg_status/:msgId': { allow: ADMIN },
  'GET /:org/:app/chatmessages/:time': { allow: ADMIN, request: () => ({ params: { time: exportHour() } }) },
  'GET /:org/:app/chatmessages/:time/file': {
    allow: ADMIN,
    request: () => ({ params: { time: exportHour() } }),
  },
  'POST /:org/:app/user/:me/moderation/report/message/:msgId': {
    allow: ADMIN_OR_SELF,
    request: (w) => ({
      params: { msgId: w.messageId },
      body: { username: 'other', reportType: 'spam', reportReason: 'x' },
    }),
  },
  // Issue 19: global mutes and report review, the app server's alone.
  'POST /:org/:app/mutes': { allow: ADMIN, request: () => ({ body: { username: 'mem', chat: 1 } }) },
  'GET /:org/:app/mutes': { allow: ADMIN },
  'GET /:org/:app/mutes/:username': { allow: ADMIN },
  'GET /:org/:app/moderation/reports': { allow: ADMIN },
  'PUT /:org/:app/moderation/reports/:id': {
    allow: ADMIN,
    request: async (w) => ({ params: { id: await w.report() }, body: { status: 'dismissed' } }),
  },
  'POST /:org/:app/sdk/user/:me/user_channel/pin': {
    allow: ADMIN_OR_SELF,
    request: (w) => ({ body: { ...conversation, pin_msg_id: w.messageId } }),
  },
  'DELETE /:org/:app/sdk/user/:me/user_channel/pin': {
    allow: ADMIN_OR_SELF,
    request: async (w) => {
      await w.pinMessage();
      return { body: { ...conversation, pin_msg_id: w.messageId } };
    },
  },
  'GET /:org/:app/sdk/user/:me/user_channel/pin': {
    allow: ADMIN_OR_SELF,
    request: () => ({ query: 'to=other&type=chat' }),
  },
  // Issue 15: user attributes (readable by every user of the app) and presence (one's own).
  'PUT /:org/:app/metadata/user/:username': {
    allow: ADMIN_OR_SELF,
    request: () => ({ body: { nickname: 'n' } }),
  },
  'GET /:org/:app/metadata/user/capacity': { allow: ADMIN },
  'GET /:org/:app/metadata/user/:username': { allow: ANY_APP_TOKEN },
  'DELETE /:org/:app/metadata/user/:username': { allow: ADMIN_OR_SELF },
  'POST /:org/:app/metadata/user/get': {
    allow: ANY_APP_TOKEN,
    request: () => ({ body: { targets: ['subj'] } }),
  },
  'POST /:org/:app/users/:username/presence/:resource/:status': {
    allow: ADMIN_OR_SELF,
    request: () => ({ params: { resource: 'web', status: '1' }, body: { ext: 'busy' } }),
  },
  'POST /:org/:app/users/:username/presence/:expiry': {
    allow: ADMIN_OR_SELF,
    request: () => ({ params: { expiry: '60' }, body: { usernames: ['other'] } }),
  },
  'POST /:org/:app/users/:username/presence': {
    allow: ADMIN_OR_SELF,
    request: () => ({ body: { usernames: ['other'] } }),
  },
  'DELETE /:org/:app/users/:username/presence': {
    allow: ADMIN_OR_SELF,
    request: () => ({ body: ['other'] }),
  },
  'GET /:org/:app/users/:username/presence/sublist': {
    allow: ADMIN_OR_SELF,
    request: () => ({ query: 'pageNum=1&pageSize=10' }),
  },
  ...GROUP_POLICY(),
  ...CONTACT_POLICY(),
  ...ROOM_LIVE_POLICY(),
  ...ROOM_POLICY(),
  ...REACTION_POLICY(),
  ...THREAD_POLICY(),
  ...TRANSLATION_POLICY(),
  ...PUSH_SETTINGS_POLICY(),
  ...PUSH_DELIVERY_POLICY(),
};

/** Translation (the matrix's server has a LibreTranslate stand-in): the subject's own, or the app server's. */
function TRANSLATION_POLICY(): Record<string, Rule> {
  return {
    'GET /:org/:app/users/:me/translate/support/language': { allow: ADMIN_OR_SELF },
    'POST /:org/:app/users/:me/translate': {
      allow: ADMIN_OR_SELF,
      request: () => ({ body: { text: 'hello', to: ['de'] } }),
    },
  };
}

/** Reactions: the subject's own, or the app server's on the subject's behalf (each call a new reaction). */
function REACTION_POLICY(): Record<string, Rule> {
  let n = 0;
  return {
    'POST /:org/:app/reaction/user/:me': {
      allow: ADMIN_OR_SELF,
      request: (w) => ({ body: { msgId: w.messageId, message: `r${++n}` } }),
    },
    'DELETE /:org/:app/reaction/user/:me': {
      allow: ADMIN_OR_SELF,
      request: async (w) => {
        const reaction = `d${++n}`;
        await w.addReaction(reaction);
        return { query: `msgId=${w.messageId}&message=${reaction}` };
      },
    },
    'GET /:org/:app/reaction/user/:me': {
      allow: ADMIN_OR_SELF,
      request: (w) => ({ query: `msgIdList=${w.messageId}&msgType=chat&groupId=null` }),
    },
    'GET /:org/:app/reaction/user/:me/detail': {
      allow: ADMIN_OR_SELF,
      request: (w) => ({ query: `msgId=${w.messageId}&message=r1&currentPage=null&pageSize=20` }),
    },
  };
}

/**
 * Contacts and blocklists: the subject's own (a user token of the subject) or the app server's; `mem` is the
 * subject's counterpart in friend requests, `other` the user blocked and unblocked. Adding a contact without
 * a request is the app server's alone.
 */
function CONTACT_POLICY(): Record<string, Rule> {
  const mem = { params: { user: 'mem' } };
  return {
    'GET /:org/:app/users/:me/contacts/users': { allow: ADMIN_OR_SELF },
    'GET /:org/:app/users/:me/contacts': { allow: ADMIN_OR_SELF },
    'GET /:org/:app/user/:me/contacts': { allow: ADMIN_OR_SELF },
    'POST /:org/:app/users/:me/contacts/apply': {
      allow: ADMIN_OR_SELF,
      request: () => ({ body: { usernames: ['other'], reason: 'hi' } }),
    },
    'POST /:org/:app/users/:me/contacts/accept/users/:user': {
      allow: ADMIN_OR_SELF,
      request: async (w) => (await w.contactRequestFromMem(), mem),
    },
    'POST /:org/:app/users/:me/contacts/decline/users/:user': {
      allow: ADMIN_OR_SELF,
      request: async (w) => (await w.contactRequestFromMem(), mem),
    },
    'DELETE /:org/:app/users/:me/contacts/users/:user': { allow: ADMIN_OR_SELF, request: () => mem },
    'PUT /:org/:app/users/:me/contacts/users/:user': {
      allow: ADMIN_OR_SELF,
      request: async (w) => (await w.contactWithMem(), { ...mem, body: { remark: 'pal' } }),
    },
    'POST /:org/:app/users/:me/contacts/users/:user': { allow: ADMIN, request: () => mem },
    'GET /:org/:app/users/:me/blocks/users': { allow: ADMIN_OR_SELF },
    'POST /:org/:app/users/:me/blocks/users': {
      allow: ADMIN_OR_SELF,
      request: () => ({ body: { usernames: ['other'] } }),
    },
    'POST /:org/:app/sdk/user/:me/blocks': {
      allow: ADMIN_OR_SELF,
      request: () => ({ body: { usernames: ['other'] } }),
    },
    'DELETE /:org/:app/sdk/user/:me/blocks': {
      allow: ADMIN_OR_SELF,
      request: () => ({ body: { usernames: ['other'] } }),
    },
    'DELETE /:org/:app/users/:me/blocks/users/:user': {
      allow: ADMIN_OR_SELF,
      request: () => ({ params: { user: 'other' } }),
    },
  };
}

/**
 * Chat-room attributes (`:roomId` is the world's room, owned by the subject): a member sets and removes
 * as itself (the app server as any user), anyone of the app reads them.
 */
function ROOM_LIVE_POLICY(): Record<string, Rule> {
  const set = () => ({ body: { metaData: { k: 'v' }, autoDelete: 'DELETE' } });
  const remove = () => ({ body: { keys: ['k'] } });
  return {
    'PUT /:org/:app/metadata/chatroom/:roomId/user/:username': { allow: ADMIN_OR_SELF, request: set },
    'PUT /:org/:app/metadata/chatroom/:roomId/user/:username/forced': { allow: ADMIN_OR_SELF, request: set },
    'DELETE /:org/:app/metadata/chatroom/:roomId/user/:username': { allow: ADMIN_OR_SELF, request: remove },
    'DELETE /:org/:app/metadata/chatroom/:roomId/user/:username/forced': {
      allow: ADMIN_OR_SELF,
      request: remove,
    },
    'POST /:org/:app/metadata/chatroom/:roomId': { allow: ANY_APP_TOKEN, request: () => ({ body: {} }) },
  };
}

/**
 * Threads (of the world's group): what members read and do, the subject (group owner) and the app server;
 * `other` (outside the group) is refused (602). Rename, destroy and removals: a plain member (mem) too.
 */
function THREAD_POLICY(): Record<string, Rule> {
  const thread = async (w: World, extra: Omit<Call, 'params'> = {}, withMem = false, params = {}) => ({
    params: { id: await w.spareThread(withMem), ...params },
    ...extra,
  });
  return {
    'POST /:org/:app/thread': {
      allow: MEMBER_OR_ADMIN,
      request: async (w) => ({
        body: { group_id: w.groupId, msg_id: await w.freshGroupMessage(), name: 't', owner: 'subj' },
      }),
    },
    'GET /:org/:app/thread': { allow: ADMIN },
    'GET /:org/:app/thread/:id': { allow: MEMBER_OR_ADMIN, request: (w) => thread(w) },
    'PUT /:org/:app/thread/:id': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: (w) => thread(w, { body: { name: 'n' } }),
    },
    'DELETE /:org/:app/thread/:id': { groupAdmin: true, allow: MEMBER_OR_ADMIN, request: (w) => thread(w) },
    'POST /:org/:app/thread/:id/user/:username/join': { allow: ADMIN_OR_SELF, request: (w) => thread(w) },
    'DELETE /:org/:app/thread/:id/user/:username/quit': { allow: ADMIN_OR_SELF, request: (w) => thread(w) },
    'GET /:org/:app/thread/:id/users': { allow: MEMBER_OR_ADMIN, request: (w) => thread(w) },
    'DELETE /:org/:app/thread/:id/users/:username': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: (w) => thread(w, {}, true, { username: 'mem' }),
    },
    'POST /:org/:app/thread/:id/users': {
      allow: ADMIN,
      request: (w) => thread(w, { body: { usernames: ['mem'] } }),
    },
    'DELETE /:org/:app/thread/:id/users': {
      allow: ADMIN,
      request: (w) => thread(w, { body: { usernames: ['mem'] } }, true),
    },
    // The last messages of the threads the caller may read (none for `other`, still an answer).
    'POST /:org/:app/thread/message': {
      allow: ANY_APP_TOKEN,
      request: async (w) => ({ body: { threadIds: [await w.spareThread()] } }),
    },
    'GET /:org/:app/threads/chatgroups/:groupId': { allow: MEMBER_OR_ADMIN },
    'GET /:org/:app/threads/user/:username': { allow: ADMIN_OR_SELF },
    'GET /:org/:app/threads/chatgroups/:groupId/user/:username': { allow: ADMIN_OR_SELF },
  };
}

/** A spare group's id as the `:id`/`:groupId` of the call. */
const spare = async (w: World, options?: SpareGroup, extra: Omit<Call, 'params'> = {}, params = {}) => {
  const id = await w.spareGroup(options);
  return { params: { id, groupId: id, ...params }, ...extra };
};

/**
 * Groups: path parameters `:id`/`:groupId` default to the world's group (owner subj, member mem, other
 * outside), `:users` to mem. Reads and acts of members: the subject and the app server; what the owner or
 * a group admin may change: the same two, never `other` (602) nor another app's admin.
 */
function GROUP_POLICY(): Record<string, Rule> {
  const body = (b: unknown) => () => ({ body: b });
  return {
    'POST /:org/:app/chatgroups': {
      allow: ANY_APP_TOKEN, // a user creates a group they own; the app server names the owner
      request: () => ({ body: { groupname: 'g', owner: 'subj', public: false } }),
    },
    'GET /:org/:app/chatgroups': { allow: ADMIN },
    'GET /:org/:app/publicchatgroups': { allow: ANY_APP_TOKEN },
    'GET /:org/:app/users/:username/joined_chatgroups': { allow: ADMIN_OR_SELF },
    'GET /:org/:app/chatgroups/user/:username': { allow: ADMIN_OR_SELF },
    'GET /:org/:app/chatgroups/user/:username/joined_count': { allow: ADMIN_OR_SELF },
    // Anyone of the app may look a group up (to decide whether to join it).
    'GET /:org/:app/chatgroups/:id': { allow: ANY_APP_TOKEN },
    'PUT /:org/:app/chatgroups/:id': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: body({ description: 'd' }),
    },
    'DELETE /:org/:app/chatgroups/:id': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: (w) => spare(w),
    },
    'POST /:org/:app/chatgroups/:id/disable': { allow: ADMIN, request: (w) => spare(w) },
    'POST /:org/:app/chatgroups/:id/enable': { allow: ADMIN, request: (w) => spare(w) },
    'GET /:org/:app/chatgroups/:id/users': { allow: MEMBER_OR_ADMIN },
    'POST /:org/:app/chatgroups/:id/users/:username': {
      allow: ADMIN,
      request: (w) => spare(w, {}, {}, { username: 'other' }),
    },
    'POST /:org/:app/chatgroups/:id/users': {
      allow: ADMIN,
      request: (w) => spare(w, {}, { body: { usernames: ['other'] } }),
    },
    'DELETE /:org/:app/chatgroups/:id/users/:username': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: (w) => spare(w, {}, {}, { username: 'mem' }),
    },
    'GET /:org/:app/chatgroups/:id/user/:username/is_joined': { allow: ADMIN },
    'GET /:org/:app/chatgroups/:id/admin': { allow: MEMBER_OR_ADMIN },
    'POST /:org/:app/chatgroups/:id/admin': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: (w) => spare(w, {}, { body: { newadmin: 'mem' } }),
    },
    'DELETE /:org/:app/chatgroups/:id/admin/:username': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: (w) => spare(w, { memAdmin: true }, {}, { username: 'mem' }),
    },
    'POST /:org/:app/chatgroups/:id/invite': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: (w) => spare(w, {}, { body: { usernames: ['other'] } }),
    },
    // Joining a public group is any user's own act (the subject and other are both outside mem's group).
    'POST /:org/:app/chatgroups/:id/apply': {
      allow: ['subject', 'other'],
      request: (w) => spare(w, { owner: 'mem' }, { body: { message: 'hi' } }),
    },
    'POST /:org/:app/chatgroups/:id/apply_verify': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: async (w) => {
        const c = await spare(w, { approval: true }, { body: { applicant: 'other', verifyResult: true } });
        await w.apply(c.params.id, 'other');
        return c;
      },
    },
    // Only the invitee answers (mem invited the subject).
    'POST /:org/:app/chatgroups/:id/invite_verify': {
      allow: USER_SELF,
      request: async (w) => {
        const c = await spare(
          w,
          { owner: 'mem', inviteNeedConfirm: true },
          { body: { invitee: 'subj', verifyResult: true } },
        );
        await w.invite(c.params.id, 'mem', 'subj');
        return c;
      },
    },
    // A member leaves (the subject, in mem's group).
    'DELETE /:org/:app/chatgroups/:id/quit': {
      allow: USER_SELF,
      request: (w) => spare(w, { owner: 'mem', members: ['subj'] }),
    },
    'GET /:org/:app/chatgroups/:id/acks/:msgId': {
      allow: MEMBER_OR_ADMIN,
      request: (w) => ({ params: { msgId: w.groupMessageId } }),
    },
    'POST /:org/:app/chatgroups/:groupId/mute': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: body({ usernames: ['mem'], mute_duration: 60_000 }),
    },
    'DELETE /:org/:app/chatgroups/:groupId/mute/:users': { groupAdmin: true, allow: MEMBER_OR_ADMIN },
    'GET /:org/:app/chatgroups/:groupId/mute': { groupAdmin: true, allow: MEMBER_OR_ADMIN },
    'GET /:org/:app/sdk/chatgroups/:groupId/mute/:me': { allow: ADMIN_OR_SELF },
    'POST /:org/:app/chatgroups/:groupId/ban': { groupAdmin: true, allow: MEMBER_OR_ADMIN },
    'DELETE /:org/:app/chatgroups/:groupId/ban': { groupAdmin: true, allow: MEMBER_OR_ADMIN },
    'POST /:org/:app/chatgroups/:groupId/blocks/users': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: (w) => spare(w, {}, { body: { usernames: ['mem'] } }),
    },
    'POST /:org/:app/chatgroups/:groupId/blocks/users/:users': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: (w) => spare(w),
    },
    'DELETE /:org/:app/chatgroups/:groupId/blocks/users/:users': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: (w) => spare(w, { list: 'blocks' }),
    },
    'GET /:org/:app/chatgroups/:groupId/blocks/users': { groupAdmin: true, allow: MEMBER_OR_ADMIN },
    'POST /:org/:app/chatgroups/:groupId/white/users': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: body({ usernames: ['mem'] }),
    },
    'POST /:org/:app/chatgroups/:groupId/white/users/:users': { groupAdmin: true, allow: MEMBER_OR_ADMIN },
    'DELETE /:org/:app/chatgroups/:groupId/white/users/:users': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: (w) => spare(w, { list: 'white' }),
    },
    'GET /:org/:app/chatgroups/:groupId/white/users': { groupAdmin: true, allow: MEMBER_OR_ADMIN },
    // A member asks about themselves only, the app server about anyone.
    'GET /:org/:app/chatgroups/:groupId/white/users/:users': {
      allow: MEMBER_OR_ADMIN,
      request: () => ({ params: { users: 'subj' } }),
    },
    'GET /:org/:app/chatgroups/:groupId/announcement': { allow: MEMBER_OR_ADMIN },
    'POST /:org/:app/chatgroups/:groupId/announcement': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: body({ announcement: 'a' }),
    },
    // Member attributes: a member sets their own (an owner or group admin anyone's); members read them.
    'PUT /:org/:app/sdk/metadata/chatgroup/:groupId/user/:username': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: body({ metaData: { nick: 'n' } }),
    },
    'POST /:org/:app/sdk/metadata/chatgroup/:groupId/get': {
      allow: MEMBER_OR_ADMIN,
      request: body({ targets: ['subj'], properties: ['nick'] }),
    },
    'PUT /:org/:app/metadata/chatgroup/:groupId/user/:username': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: body({ metaData: { nick: 'n' } }),
    },
    'POST /:org/:app/metadata/chatgroup/:groupId/get': {
      allow: MEMBER_OR_ADMIN,
      request: body({ targets: ['subj'], properties: ['nick'] }),
    },
    'GET /:org/:app/metadata/chatgroup/:groupId/user/:username': { allow: MEMBER_OR_ADMIN },
    // A shield is the member's own setting (the app server sets it through PUT /users/{username}).
    'POST /:org/:app/chatgroups/:groupId/shield': { allow: USER_SELF },
    'DELETE /:org/:app/chatgroups/:groupId/shield': { allow: USER_SELF },
    'PUT /:org/:app/users/:username': {
      allow: ADMIN_OR_SELF,
      request: (w) => ({ body: { entities: [{ [`notification_ignore_${w.groupId}`]: true }] } }),
    },
    'POST /:org/:app/chatgroups/:groupId/share_files': {
      allow: MEMBER_OR_ADMIN,
      request: () => ({ body: form('file') }),
    },
    'GET /:org/:app/chatgroups/:groupId/share_files': { allow: MEMBER_OR_ADMIN },
    'GET /:org/:app/chatgroups/:groupId/share_files/:fileId': { allow: MEMBER_OR_ADMIN },
    'DELETE /:org/:app/chatgroups/:groupId/share_files/:fileId': {
      groupAdmin: true,
      allow: MEMBER_OR_ADMIN,
      request: async (w) => ({ params: { fileId: await w.shareFile() } }),
    },
  };
}

/**
 * Chat rooms: `:id`/`:groupId` name the world's room (owner subj, member mem, other outside). Users create
 * rooms only as super admins (subj is one, other is not); the rest follows the group rules.
 */
function ROOM_POLICY(): Record<string, Rule> {
  const inRoom =
    (extra: Omit<Call, 'params'> = {}, params: Record<string, string> = {}) =>
    (w: World) => ({ params: { id: w.roomId, groupId: w.roomId, ...params }, ...extra });
  const spareRoom = async (
    w: World,
    options?: SpareGroup,
    extra: Omit<Call, 'params'> = {},
    params: Record<string, string> = {},
  ) => {
    const id = await w.spareRoom(options);
    return { params: { id, groupId: id, ...params }, ...extra };
  };
  const admin = { groupAdmin: true, allow: MEMBER_OR_ADMIN };
  return {
    'POST /:org/:app/chatrooms/super_admin': {
      allow: ADMIN,
      request: () => ({ body: { superadmin: 'mem' } }),
    },
    'GET /:org/:app/chatrooms/super_admin': { allow: ADMIN },
    'DELETE /:org/:app/chatrooms/super_admin/:username': {
      allow: ADMIN,
      request: async (w) => {
        await w.addSuperAdmin('mem');
        return { params: { username: 'mem' } };
      },
    },
    // A super admin (subj; other is none) with their own token, or the app server naming the owner.
    'POST /:org/:app/chatrooms': {
      allow: MEMBER_OR_ADMIN,
      request: () => ({ body: { name: 'r', owner: 'subj' } }),
    },
    'GET /:org/:app/chatrooms': { allow: ANY_APP_TOKEN },
    'GET /:org/:app/users/:username/joined_chatrooms': { allow: ADMIN_OR_SELF },
    'GET /:org/:app/chatrooms/:id': { allow: ANY_APP_TOKEN, request: inRoom() },
    'PUT /:org/:app/chatrooms/:id': { ...admin, request: inRoom({ body: { description: 'd' } }) },
    'DELETE /:org/:app/chatrooms/:id': { ...admin, request: (w) => spareRoom(w) },
    'GET /:org/:app/chatrooms/:id/users': { allow: MEMBER_OR_ADMIN, request: inRoom() },
    'POST /:org/:app/chatrooms/:id/users/:username': {
      allow: ADMIN,
      request: (w) => spareRoom(w, {}, {}, { username: 'other' }),
    },
    'POST /:org/:app/chatrooms/:id/users': {
      ...admin,
      request: (w) => spareRoom(w, {}, { body: { usernames: ['other'] } }),
    },
    'DELETE /:org/:app/chatrooms/:id/users/:username': {
      ...admin,
      request: (w) => spareRoom(w, {}, {}, { username: 'mem' }),
    },
    'GET /:org/:app/chatrooms/:id/admin': { allow: MEMBER_OR_ADMIN, request: inRoom() },
    'POST /:org/:app/chatrooms/:id/admin': {
      ...admin,
      request: (w) => spareRoom(w, {}, { body: { newadmin: 'mem' } }),
    },
    'DELETE /:org/:app/chatrooms/:id/admin/:username': {
      ...admin,
      request: (w) => spareRoom(w, { memAdmin: true }, {}, { username: 'mem' }),
    },
    'POST /:org/:app/chatrooms/:groupId/mute': {
      ...admin,
      request: inRoom({ body: { usernames: ['mem'], mute_duration: 60_000 } }),
    },
    'DELETE /:org/:app/chatrooms/:groupId/mute/:users': { ...admin, request: inRoom() },
    'GET /:org/:app/chatrooms/:groupId/mute': { ...admin, request: inRoom() },
    'GET /:org/:app/sdk/chatrooms/:groupId/mute/:me': { allow: ADMIN_OR_SELF, request: inRoom() },
    'POST /:org/:app/chatrooms/:groupId/ban': { ...admin, request: inRoom() },
    'DELETE /:org/:app/chatrooms/:groupId/ban': { ...admin, request: inRoom() },
    'POST /:org/:app/chatrooms/:groupId/blocks/users': {
      ...admin,
      request: (w) => spareRoom(w, {}, { body: { usernames: ['mem'] } }),
    },
    'POST /:org/:app/chatrooms/:groupId/blocks/users/:users': { ...admin, request: (w) => spareRoom(w) },
    'DELETE /:org/:app/chatrooms/:groupId/blocks/users/:users': {
      ...admin,
      request: (w) => spareRoom(w, { list: 'blocks' }),
    },
    'GET /:org/:app/chatrooms/:groupId/blocks/users': { ...admin, request: inRoom() },
    'POST /:org/:app/chatrooms/:groupId/white/users': {
      ...admin,
      request: inRoom({ body: { usernames: ['mem'] } }),
    },
    'POST /:org/:app/chatrooms/:groupId/white/users/:users': { ...admin, request: inRoom() },
    'DELETE /:org/:app/chatrooms/:groupId/white/users/:users': {
      ...admin,
      request: (w) => spareRoom(w, { list: 'white' }),
    },
    'GET /:org/:app/chatrooms/:groupId/white/users': { ...admin, request: inRoom() },
    'GET /:org/:app/chatrooms/:groupId/white/users/:users': {
      allow: MEMBER_OR_ADMIN,
      request: inRoom({}, { users: 'subj' }),
    },
    'GET /:org/:app/chatrooms/:groupId/announcement': { allow: MEMBER_OR_ADMIN, request: inRoom() },
    'POST /:org/:app/chatrooms/:groupId/announcement': {
      ...admin,
      request: inRoom({ body: { announcement: 'a' } }),
    },
    'POST /:org/:app/chatrooms/:groupId/share_files': {
      allow: MEMBER_OR_ADMIN,
      request: inRoom({ body: form('file') }),
    },
    'GET /:org/:app/chatrooms/:groupId/share_files': { allow: MEMBER_OR_ADMIN, request: inRoom() },
    'GET /:org/:app/chatrooms/:groupId/share_files/:fileId': {
      allow: MEMBER_OR_ADMIN,
      request: async (w) => inRoom({}, { fileId: await w.shareRoomFile() })(w),
    },
    'DELETE /:org/:app/chatrooms/:groupId/share_files/:fileId': {
      ...admin,
      request: async (w) => inRoom({}, { fileId: await w.shareRoomFile() })(w),
    },
  };
}

const ruleOf = (key: string): Rule | undefined =>
  POLICY[key.startsWith('HEAD ') ? `GET ${key.slice(5)}` : key];

describe('authorization matrix: every route × every caller', () => {
  let env: TestServer;
  let translator: FakeTranslator;
  const tokens = {} as Record<Role, string | undefined>;
  let world: World;
  /** A plain member of the world's group (no caller of the matrix: for the group-admin test). */
  let memberToken: string;

  /** The route's declared request (a fresh one: it may make a spare group) with this bearer token. */
  async function send(key: string, token: string | undefined): Promise<Response> {
    const rule = ruleOf(key)!;
    const [method, pattern] = key.split(' ') as [string, string];
    const call = await (rule.request?.(world) ?? {});
    const params: Record<string, string> = {
      org: env.org,
      app: env.app,
      username: 'subj',
      me: 'subj',
      resource: 'res-subj',
      kind: 'chat',
      uuid: '00000000-0000-4000-8000-000000000000',
      msgId: world.messageId,
      id: world.groupId,
      groupId: world.groupId,
      roomId: world.roomId,
      users: 'mem',
      fileId: world.sharedFileId,
      '*': '',
      ...call.params,
    };
    const path = pattern.replace(/:(\w+)|\*/g, (m, name: string | undefined) => params[name ?? '*'] ?? m);
    const headers: Record<string, string> = { ...call.headers };
    if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (call.body instanceof FormData) body = call.body;
    else if (call.body !== undefined && method !== 'GET' && method !== 'HEAD') {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    return fetch(`${env.apiUrl}${path}${call.query ? `?${call.query}` : ''}`, { method, headers, body });
  }

  /** Subject and other as they were, with fresh tokens (after a route deleted or changed them). */
  async function restore() {
    const admin = tokens.admin!;
    const base = `${env.apiUrl}/${env.org}/${env.app}/users`;
    for (const u of ['other', 'subj']) {
      await postJson(base, { username: u, password: 'pw' }, admin);
      await postJson(`${base}/${u}/activate`, {}, admin);
      const res = await fetch(`${base}/${u}/password`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ newpassword: 'pw' }),
      });
      await res.arrayBuffer();
    }
    tokens.subject = await login(env, 'subj', 'pw');
    tokens.other = await login(env, 'other', 'pw');
  }

  before(async () => {
    translator = await fakeLibreTranslate();
    env = await startTestServer({
      webRoot: '/nonexistent-web-root',
      translateProvider: 'libretranslate',
      translateUrl: translator.url,
    });
    tokens.none = undefined;
    tokens.bad = 'not-a-token';
    tokens.operator = env.adminToken;
    tokens.admin = await adminToken(env, env.clientId, env.clientSecret);
    const other = await postJson(
      `${env.apiUrl}/management/apps`,
      { org: 'confab', name: 'elsewhere' },
      env.adminToken,
    );
    tokens.otherAdmin = await adminToken(
      { ...env, app: 'elsewhere' },
      other.body['clientId'] as string,
      other.body['clientSecret'] as string,
    );
    await createUsers(env, tokens.admin, ['subj', 'other', 'mem'], 'pw');
    await restore();
    const memToken = await login(env, 'mem', 'pw');
    memberToken = memToken;
    const userToken = (u: string) => (u === 'mem' ? memToken : u === 'subj' ? tokens.subject : tokens.other);
    const groupsUrl = `${env.apiUrl}/${env.org}/${env.app}/chatgroups`;
    const newGroup = async (o: SpareGroup = {}) => {
      const owner = o.owner ?? 'subj';
      const members = [...(owner === 'mem' ? [] : ['mem']), ...(o.members ?? [])];
      const res = await postJson(
        groupsUrl,
        {
          groupname: 'matrix',
          owner,
          members,
          public: true,
          membersonly: o.approval ?? false,
          invite_need_confirm: o.inviteNeedConfirm ?? false,
          allowinvites: false,
        },
        tokens.admin,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const id = (res.body['data'] as { groupid: string }).groupid;
      if (o.memAdmin) {
        const made = await postJson(`${groupsUrl}/${id}/admin`, { newadmin: 'mem' }, tokens.admin);
        assert.equal(made.status, 200, JSON.stringify(made.body));
      }
      if (o.list) {
        const listed = await postJson(
          `${groupsUrl}/${id}/${o.list}/users`,
          { usernames: ['mem'] },
          tokens.admin,
        );
        assert.equal(listed.status, 200, JSON.stringify(listed.body));
      }
      return id;
    };
    const groupId = await newGroup();
    const shareFile = async () => {
      const res = await fetch(`${groupsUrl}/${groupId}/share_files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.subject}` },
        body: form('file'),
      });
      const json = (await res.json()) as { data: { file_id: string } };
      assert.equal(res.status, 200, JSON.stringify(json));
      return json.data.file_id;
    };
    const spares: string[] = [];
    const roomsUrl = `${env.apiUrl}/${env.org}/${env.app}/chatrooms`;
    const addSuperAdmin = async (user: string) => {
      const res = await postJson(`${roomsUrl}/super_admin`, { superadmin: user }, tokens.admin);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    };
    await addSuperAdmin('subj');
    const newRoom = async (o: SpareGroup = {}) => {
      const owner = o.owner ?? 'subj';
      const res = await postJson(
        roomsUrl,
        { name: 'matrix', owner, members: owner === 'mem' ? [] : ['mem'] },
        tokens.admin,
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const id = (res.body['data'] as { id: string }).id;
      if (o.memAdmin) {
        const made = await postJson(`${roomsUrl}/${id}/admin`, { newadmin: 'mem' }, tokens.admin);
        assert.equal(made.status, 200, JSON.stringify(made.body));
      }
      if (o.list) {
        const listed = await postJson(
          `${roomsUrl}/${id}/${o.list}/users`,
          { usernames: ['mem'] },
          tokens.admin,
        );
        assert.equal(listed.status, 200, JSON.stringify(listed.body));
      }
      return id;
    };
    const roomId = await newRoom();
    const shareRoomFile = async () => {
      const res = await fetch(`${roomsUrl}/${roomId}/share_files`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.subject}` },
        body: form('file'),
      });
      const json = (await res.json()) as { data: { file_id: string } };
      assert.equal(res.status, 200, JSON.stringify(json));
      return json.data.file_id;
    };
    const freshGroupMessage = async () => {
      const raw = await RawClient.login(env.wsUrl, env.appKey, 'subj', tokens.subject!, 'res-thread');
      const sent = await raw.client.sendGroupText(groupId, 'a thread parent');
      await raw.client.close();
      return u64ToString(sent.serverId);
    };
    // The subject's message to other, and its file.
    const { client } = await RawClient.login(env.wsUrl, env.appKey, 'subj', tokens.subject!, 'res-subj');
    const ack = await client.sendText('other', 'hello');
    const groupAck = await client.sendGroupText(groupId, 'hello group');
    await client.close();
    const up = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.subject}` },
      body: form('file'),
    });
    assert.equal(up.status, 200);
    const fileUuid = ((await up.json()) as { entities: { uuid: string }[] }).entities[0]!.uuid;
    const partUrl = `${env.apiUrl}/${env.org}/${env.app}/sdk/chatfiles/part-upload`;
    const opened: string[] = [];
    world = {
      roomId,
      spareRoom: newRoom,
      shareRoomFile,
      addSuperAdmin,
      groupId,
      groupMessageId: u64ToString(groupAck.serverId),
      sharedFileId: await shareFile(),
      shareFile,
      async spareGroup(options) {
        // A user may join only so many groups: the spares of earlier calls go first.
        for (const old of spares.splice(0)) await call('DELETE', `${groupsUrl}/${old}`, tokens.admin);
        const id = await newGroup(options);
        spares.push(id);
        return id;
      },
      async apply(id, user) {
        const res = await postJson(`${groupsUrl}/${id}/apply`, { message: 'hi' }, userToken(user));
        assert.equal(res.status, 200, JSON.stringify(res.body));
      },
      async contactRequestFromMem() {
        const users = `${env.apiUrl}/${env.org}/${env.app}/users`;
        await call('DELETE', `${users}/subj/contacts/users/mem`, tokens.admin);
        const res = await postJson(`${users}/mem/contacts/apply`, { usernames: ['subj'] }, memToken);
        assert.equal(res.status, 200, JSON.stringify(res.body));
      },
      async contactWithMem() {
        const users = `${env.apiUrl}/${env.org}/${env.app}/users`;
        const res = await postJson(`${users}/subj/contacts/users/mem`, {}, tokens.admin);
        assert.equal(res.status, 200, JSON.stringify(res.body));
      },
      async addReaction(reaction) {
        const url = `${env.apiUrl}/${env.org}/${env.app}/reaction/user/subj`;
        const res = await postJson(url, { msgId: world.messageId, message: reaction }, tokens.admin);
        assert.equal(res.status, 200, JSON.stringify(res.body));
      },
      freshGroupMessage,
      async spareThread(withMem = false) {
        const threadUrl = `${env.apiUrl}/${env.org}/${env.app}/thread`;
        const made = await postJson(
          threadUrl,
          { group_id: groupId, msg_id: await freshGroupMessage(), name: 'spare', owner: 'subj' },
          tokens.admin,
        );
        assert.equal(made.status, 200, JSON.stringify(made.body));
        const id = (made.body['data'] as { thread_id: string }).thread_id;
        if (withMem) {
          const joined = await postJson(`${threadUrl}/${id}/users`, { usernames: ['mem'] }, tokens.admin);
          assert.equal(joined.status, 200, JSON.stringify(joined.body));
        }
        return id;
      },
      async invite(id, by, who) {
        const res = await postJson(`${groupsUrl}/${id}/invite`, { usernames: [who] }, userToken(by));
        assert.equal(res.status, 200, JSON.stringify(res.body));
      },
      fileUuid,
      messageId: u64ToString(ack.serverId),
      async openUpload(parts = 0) {
        // A user may have 8 open: the ones earlier calls left are aborted first.
        for (const old of opened.splice(0)) {
          const res = await fetch(`${partUrl}/${old}`, {
            method: 'DELETE',
            headers: { authorization: `Bearer ${tokens.subject}` },
          });
          await res.arrayBuffer();
        }
        const init = await fetch(partUrl, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens.subject}` },
        });
        assert.equal(init.status, 200);
        const uuid = ((await init.json()) as { entities: { uuid: string }[] }).entities[0]!.uuid;
        for (let n = 1; n <= parts; n++) {
          const put = await fetch(`${partUrl}/${uuid}`, {
            method: 'PUT',
            headers: { authorization: `Bearer ${tokens.subject}` },
            body: form('part_file', { part_number: String(n) }),
          });
          assert.equal(put.status, 200);
          await put.arrayBuffer();
        }
        opened.push(uuid);
        return uuid;
      },
      async pinMessage() {
        const res = await postJson(
          `${env.apiUrl}/${env.org}/${env.app}/sdk/user/subj/user_channel/pin`,
          { ...conversation, pin_msg_id: world.messageId },
          tokens.subject,
        );
        assert.equal(res.status, 200);
      },
      async report() {
        const res = await postJson(
          `${env.apiUrl}/${env.org}/${env.app}/user/subj/moderation/report/message/${world.messageId}`,
          { username: 'subj', reportType: 'spam', reportReason: 'x' },
          tokens.subject,
        );
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const app = (await env.server.ctx.findApp(env.org, env.app))!;
        const [latest] = await env.server.ctx.storage.moderation.listReports(app.id, undefined, 0, 1);
        return String(latest!.id);
      },
    };
  });
  after(async () => {
    await env.close();
    await translator.close();
  });

  // The seven callers show that outsiders are refused; this shows the roles inside a group matter too.
  test("a plain member gets none of the owner's and group admins' acts", async () => {
    const control = await send('GET /:org/:app/chatgroups/:id/users', memberToken);
    assert.equal(control.status, 200, 'the plain member reads the member list');
    await control.arrayBuffer();
    const granted: string[] = [];
    const keys = Object.keys(POLICY).filter((key) => POLICY[key]!.groupAdmin);
    assert.ok(keys.length >= 20, `group-admin acts: ${keys.length}`);
    for (const key of keys) {
      const res = await send(key, memberToken);
      await res.arrayBuffer();
      if (res.status >= 200 && res.status < 300) granted.push(`${key}: ${res.status}`);
    }
    assert.deepEqual(granted, [], 'a plain member got an owner or group-admin act');
  });

  test('every route has a policy; no caller gets more than it', async (t) => {
    const routes = env.server.routes.map((r) => `${r.method} ${r.url}`);
    const missing = routes.filter((key) => !ruleOf(key));
    assert.deepEqual(
      missing,
      [],
      `routes without a policy entry in authorization-matrix.test.ts: ${missing.join(', ')}`,
    );
    const stale = Object.keys(POLICY).filter((key) => !routes.includes(key));
    assert.deepEqual(stale, [], 'policy entries for routes that no longer exist');

    // Destructive routes last, so the others see the world they expect.
    const ordered = [...routes].sort(
      (a, b) => Number(!!ruleOf(a)!.destructive) - Number(!!ruleOf(b)!.destructive),
    );
    let calls = 0;
    const leaks: string[] = [];
    const refused: string[] = [];
    for (const key of ordered) {
      const rule = ruleOf(key)!;
      // Callers outside the policy first: an allowed call may change what the next one finds.
      const roles = [...ROLES].sort(
        (a, b) => Number(rule.allow.includes(a)) - Number(rule.allow.includes(b)),
      );
      for (const role of roles) {
        const res = await send(key, role === 'none' ? undefined : tokens[role]);
        await res.arrayBuffer();
        calls++;
        const ok = res.status >= 200 && res.status < 300;
        if (ok && !rule.allow.includes(role)) leaks.push(`${key} as ${role}: ${res.status}`);
        if (!ok && rule.allow.includes(role)) refused.push(`${key} as ${role}: ${res.status}`);
        if (ok && rule.destructive) await restore();
      }
    }
    t.diagnostic(
      `${routes.length} routes × ${ROLES.length} callers = ${calls} calls; leaks ${leaks.length}; ` +
        `allowed callers refused ${refused.length}`,
    );
    assert.deepEqual(leaks, [], 'a caller got more than its policy');
    assert.deepEqual(refused, [], 'an allowed caller was refused (the policy or its request is wrong)');
  });
});

/** Offline push (issue 20): provider credentials, templates, labels and push sending are the app server's;
 * any user of the app reads the VAPID public key. */
function PUSH_DELIVERY_POLICY(): Record<string, Rule> {
  const vapid = webpush.generateVAPIDKeys();
  const label = { params: { name: 'matrix-label' } };
  return {
    'PUT /:org/:app/push/providers/:provider': {
      allow: ADMIN,
      request: () => ({
        params: { provider: 'webpush' },
        body: {
          vapidPublicKey: vapid.publicKey,
          vapidPrivateKey: vapid.privateKey,
          subject: 'mailto:m@example.com',
        },
      }),
    },
    'GET /:org/:app/push/providers': { allow: ADMIN },
    'DELETE /:org/:app/push/providers/:provider': {
      allow: ADMIN,
      destructive: true,
      request: () => ({ params: { provider: 'webpush' } }),
    },
    'GET /:org/:app/push/vapid_public_key': { allow: ANY_APP_TOKEN },
    'POST /:org/:app/notification/template': {
      allow: ADMIN,
      request: () => ({ body: { name: 'matrix', title_pattern: 'T', content_pattern: 'C {0}' } }),
    },
    'GET /:org/:app/notification/template/:name': {
      allow: ADMIN,
      request: () => ({ params: { name: 'matrix' } }),
    },
    'DELETE /:org/:app/notification/template/:name': {
      allow: ADMIN,
      destructive: true,
      request: () => ({ params: { name: 'matrix' } }),
    },
    'POST /:org/:app/push/label': { allow: ADMIN, request: () => ({ body: { name: 'matrix-label' } }) },
    'GET /:org/:app/push/label': { allow: ADMIN },
    'GET /:org/:app/push/label/:name': { allow: ADMIN, request: () => label },
    'DELETE /:org/:app/push/label/:name': { allow: ADMIN, destructive: true, request: () => label },
    'POST /:org/:app/push/label/:name/user': {
      allow: ADMIN,
      request: () => ({ ...label, body: { usernames: ['subj'] } }),
    },
    'GET /:org/:app/push/label/:name/user': { allow: ADMIN, request: () => label },
    'GET /:org/:app/push/label/:name/user/:member': {
      allow: ADMIN,
      request: () => ({ params: { name: 'matrix-label', member: 'subj' } }),
    },
    'DELETE /:org/:app/push/label/:name/user': {
      allow: ADMIN,
      request: () => ({ ...label, body: { usernames: ['subj'] } }),
    },
    'POST /:org/:app/push/single': {
      allow: ADMIN,
      request: () => ({ body: { targets: ['subj'], pushMessage: { title: 't', content: 'c' } } }),
    },
    'POST /:org/:app/push/list/label': {
      allow: ADMIN,
      request: () => ({ body: { targets: ['matrix-label'], pushMessage: { title: 't', content: 'c' } } }),
    },
  };
}

/** Push language and silent mode (issue 20): the subject's own settings, or the app server's for it. */
function PUSH_SETTINGS_POLICY(): Record<string, Rule> {
  return {
    'PUT /:org/:app/users/:me/notification/language': {
      allow: ADMIN_OR_SELF,
      request: () => ({ body: { translationLanguage: 'de' } }),
    },
    'GET /:org/:app/users/:me/notification/language': { allow: ADMIN_OR_SELF },
    'GET /:org/:app/users/:me/notification/mute/type': { allow: ADMIN_OR_SELF },
    'GET /:org/:app/users/:me/notification': {
      allow: ADMIN_OR_SELF,
      request: () => ({ query: 'user=a,b&group=g' }),
    },
    'GET /:org/:app/users/:me/notification/:scope/:key': {
      allow: ADMIN_OR_SELF,
      request: () => ({ params: { scope: 'user', key: 'peer' } }),
    },
    'PUT /:org/:app/users/:me/notification/:scope/:key': {
      allow: ADMIN_OR_SELF,
      request: () => ({ params: { scope: 'chatgroup', key: 'g1' }, body: { type: 'AT' } }),
    },
  };
}
