// Every public method of the official `Connection` (agora-chat 1.4.0 d.ts): its feature area and plausible
// arguments, so the matrix can call it against a real server. Arguments follow the d.ts; groups are real
// (group-fixture.ts), chat rooms (room-fixture.ts) and threads (thread-fixture.ts) too.
import type { Area, CallContext, Fixture, MethodSpec, Variant } from './matrix-types.js';

type Build = (f: Fixture) => unknown[];
type Check = (result: unknown, ctx: CallContext) => string | undefined;

const spec = (area: Area, build: Build, check?: Check, phase?: MethodSpec['phase']): MethodSpec => ({
  area,
  variants: (f) => [{ args: build(f) }],
  ...(check ? { check } : {}),
  ...(phase ? { phase } : {}),
});

const withVariants = (
  area: Area,
  variants: (f: Fixture) => Variant[],
  check?: Check,
  phase?: MethodSpec['phase'],
): MethodSpec => ({ area, variants, ...(check ? { check } : {}), ...(phase ? { phase } : {}) });

/** One-to-one, group and chat-room variants of the same call. */
const perChatType =
  (build: (f: Fixture, chatType: 'singleChat' | 'groupChat' | 'chatRoom') => unknown[]) =>
  (f: Fixture): Variant[] => [
    { name: 'singleChat', args: build(f, 'singleChat') },
    { name: 'groupChat', args: build(f, 'groupChat') },
    { name: 'chatRoom', args: build(f, 'chatRoom') },
  ];
const singleAndGroup =
  (build: (f: Fixture, chatType: 'singleChat' | 'groupChat') => unknown[]) =>
  (f: Fixture): Variant[] => [
    { name: 'singleChat', args: build(f, 'singleChat') },
    { name: 'groupChat', args: build(f, 'groupChat') },
  ];
/** The fixture message of a conversation: `me`'s to `peer`, or `me`'s in the main group. */
const messageOf = (f: Fixture, chatType: string) =>
  chatType === 'groupChat' ? f.group.messageId : f.messageId;
const targetOf = (f: Fixture, chatType: string) =>
  chatType === 'singleChat' ? f.peer : chatType === 'groupChat' ? f.groupId : f.roomId;

// ---- shape checks (only where the server answers; "partly" when the documented field is missing)

const field = (value: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      value,
    );
const isArrayAt =
  (path: string): Check =>
  (r) =>
    Array.isArray(path === '' ? r : field(r, path)) ? undefined : `no ${path || 'array'} in the answer`;
const typeZero: Check = (r) => (field(r, 'type') === 0 ? undefined : 'the answer lacks type 0');
const sent: Check = (r) => (/^\d+$/.test(String(field(r, 'serverMsgId'))) ? undefined : 'no serverMsgId');
const conversations = isArrayAt('data.conversations');
const channelInfos = isArrayAt('data.channel_infos');

const hasField =
  (path: string): Check =>
  (r) =>
    field(r, path) === undefined ? `no ${path} in the answer` : undefined;
/** A non-empty array at `path` whose entries all have `keys`. */
const listing =
  (path: string, keys: string[] = []): Check =>
  (r) => {
    const list = field(r, path);
    if (!Array.isArray(list) || list.length === 0) return `no entries in ${path}`;
    const bad = list.find((e) => keys.some((k) => field(e, k) === undefined));
    return bad === undefined ? undefined : `an entry of ${path} lacks ${keys.join('/')}`;
  };
const groupList = listing('data', ['groupid', 'groupname']);
/** getJoinedGroups with needAffiliations / needRole: the SDK maps `entities` to GroupInfo objects. */
const joinedGroups: Check = (r) =>
  String(field(r, 'uri')).includes('joined_chatgroups')
    ? groupList(r, undefined as never)
    : listing('entities', ['groupId', 'groupName', 'role', 'affiliationsCount'])(r, undefined as never);
/** blockGroup*: the SDK hands back the raw answer, the user entity (as Agora's PUT /users/{me} answers). */
const userEntity: Check = (r) =>
  field(r, 'entities.0.username') === undefined ? 'no entities[0].username in the answer' : undefined;
const groupDetails = listing('data', [
  'id',
  'name',
  'owner',
  'affiliations',
  'affiliations_count',
  'maxusers',
]);
const memberList: Check = (r) => {
  const list = field(r, 'data');
  if (!Array.isArray(list) || list.length === 0) return 'no members in data';
  return list.some((m) => typeof field(m, 'owner') === 'string') ? undefined : 'no owner in the member list';
};
const fetchedMembers = listing('data.members', ['role', 'userId']);
const muteResults = listing('data', ['user', 'expire']);
const muteList = listing('data', ['user', 'expire']);
const requestResult = hasField('data.result');
const allowed: Check = (r) => (field(r, 'data.white') === true ? undefined : 'data.white is not true');
const sharedFiles = listing('data', ['file_id', 'file_name', 'file_size']);

/** getReactionList: an entry per message, each with the fixture's kept reaction. */
const reactionsListed: Check = (r, ctx) => {
  const bad = listing('data', ['msgId', 'reactionList'])(r, ctx);
  if (bad) return bad;
  const lists = field(r, 'data') as { reactionList: { reaction?: string }[] }[];
  const kept = ctx.fixture.reactions.kept;
  return lists.every((e) => e.reactionList.some((x) => x.reaction === kept))
    ? undefined
    : `no ${kept} reaction in the list`;
};
const reactionList = singleAndGroup((f, t) => [
  t === 'groupChat'
    ? { chatType: t, messageId: f.group.messageId, groupId: f.groupId }
    : { chatType: t, messageId: f.messageId },
]);

// ---- argument shorthands

const C: Area = 'Contacts and blocklist';
/** The contact fixture's user of `method`. */
const contact = (f: Fixture, method: string) => required(f.contacts.user, method);
const blockNames = (f: Fixture, method: string) => [{ name: [contact(f, method)] }];
/** addUsersToBlocklist & co.: the official SDK reshapes the answer to `{type, data: {userIds}}`. */
const blocked: Check = (r) => (Array.isArray(field(r, 'data.userIds')) ? undefined : 'no data.userIds');

const group = (f: Fixture, extra: Record<string, unknown> = {}) => [{ groupId: f.groupId, ...extra }];
const room = (f: Fixture, extra: Record<string, unknown> = {}) => [{ chatRoomId: f.roomId, ...extra }];
const roomById = (f: Fixture, extra: Record<string, unknown> = {}) => [{ roomId: f.roomId, ...extra }];
/** The thread fixture's thread of `method`. */
const thread = (f: Fixture, method: string, extra: Record<string, unknown> = {}) => [
  { chatThreadId: required(f.threads.id, method), ...extra },
];

/** A room of its own for `method` (room-fixture.ts), and a user of its own in the main room. */
const ownRoom = (f: Fixture, method: string, extra: Record<string, unknown> = {}) => [
  { chatRoomId: required(f.room.own, method), ...extra },
];
const roomUser = (f: Fixture, method: string) => required(f.room.user, method);

/** A group of its own for `method` (group-fixture.ts), and a user of its own in the main group. */
const own = (f: Fixture, method: string, extra: Record<string, unknown> = {}) => [
  { groupId: required(f.group.own, method), ...extra },
];
const user = (f: Fixture, method: string) => required(f.group.user, method);
const required = (record: Record<string, string>, key: string) => {
  const value = record[key];
  if (value === undefined) throw new Error(`the group fixture has nothing for ${key}`);
  return value;
};

/** A method that reports only through `on…Complete` / `on…Error` callbacks. */
const viaCallbacks = (base: MethodSpec, kind: 'Upload' | 'Download'): MethodSpec => ({
  ...base,
  callbacks: { ok: `onFile${kind}Complete`, fail: `onFile${kind}Error` },
});

const G: Area = 'Groups';
const R: Area = 'Chat rooms';

export const METHOD_TABLE: Readonly<Record<string, MethodSpec>> = {
  // ---- connection and lifecycle
  registerUser: spec(
    'Connection and lifecycle',
    (f) => [{ username: f.newUser, password: 'pw', nickname: 'New' }],
    (r) => (field(r, 'entities.0.username') !== undefined ? undefined : 'no entities[0].username'),
  ),
  open: spec(
    'Connection and lifecycle',
    (f) => [{ user: f.me, pwd: f.password }],
    (r) => (typeof field(r, 'accessToken') === 'string' ? undefined : 'no accessToken'),
    'first',
  ),
  isOpened: spec(
    'Connection and lifecycle',
    () => [],
    (r) => (r === true ? undefined : `answered ${String(r)}`),
  ),
  close: spec(
    'Connection and lifecycle',
    () => [],
    (_r, ctx) => (ctx.conn.isOpened() ? 'still open after close()' : undefined),
    'last',
  ),
  setLoginInfoCustomExt: spec('Connection and lifecycle', () => ['{"device":"compat"}'], undefined, 'serial'),
  renewToken: spec(
    'Connection and lifecycle',
    (f) => [f.freshToken],
    (r) => (field(r, 'status') === true ? undefined : 'no status: true'),
    'serial',
  ),
  listen: spec('Connection and lifecycle', () => [{ onOpened: () => undefined }], undefined, 'serial'),
  addEventHandler: spec('Connection and lifecycle', () => ['compat', { onTextMessage: () => undefined }]),
  removeEventHandler: spec('Connection and lifecycle', () => ['compat'], undefined, 'serial'),
  onShow: spec('Connection and lifecycle', () => [], undefined, 'serial'),
  getSelfIdsOnOtherPlatform: spec('Connection and lifecycle', () => [], isArrayAt('data')),

  // ---- messages
  send: withVariants(
    'Messages',
    perChatType((f, chatType) => [f.text(targetOf(f, chatType), 'compat', chatType)]),
    sent,
  ),
  recallMessage: withVariants(
    'Messages',
    (f) => [
      { name: 'singleChat', args: [{ mid: f.recallId, to: f.peer, chatType: 'singleChat' }] },
      { name: 'groupChat', args: [{ mid: f.group.recallId, to: f.groupId, chatType: 'groupChat' }] },
    ],
    undefined,
    'serial',
  ),
  modifyMessage: spec(
    'Messages',
    (f) => [{ messageId: f.editId, modifiedMessage: f.text(f.peer, 'edited') }],
    (r) =>
      field(r, 'modifiedInfo') !== undefined || field(r, 'message') !== undefined
        ? undefined
        : 'no modifiedInfo',
  ),
  downloadAndParseCombineMessage: spec(
    'Messages',
    (f) => [{ url: f.combine.url, secret: f.combine.secret }],
    (r) => (Array.isArray(r) && r.length === 2 ? undefined : 'not the two messages of the file'),
  ),
  reportMessage: spec('Messages', (f) => [
    { reportType: 'spam', reportReason: 'compat', messageId: f.messageId },
  ]),
  pinMessage: withVariants(
    'Messages',
    singleAndGroup((f, t) => [
      { conversationId: targetOf(f, t), conversationType: t, messageId: messageOf(f, t) },
    ]),
  ),
  unpinMessage: withVariants(
    'Messages',
    singleAndGroup((f, t) => [
      { conversationId: targetOf(f, t), conversationType: t, messageId: messageOf(f, t) },
    ]),
    undefined,
    'serial',
  ),
  getServerPinnedMessages: withVariants(
    'Messages',
    singleAndGroup((f, t) => [{ conversationId: targetOf(f, t), conversationType: t, pageSize: 10 }]),
    isArrayAt('data.list'),
  ),

  // ---- history
  getHistoryMessages: withVariants(
    'History',
    perChatType((f, chatType) => [{ targetId: targetOf(f, chatType), chatType, pageSize: 20 }]),
    isArrayAt('messages'),
  ),
  fetchHistoryMessages: withVariants(
    'History',
    (f) => [
      { name: 'singleChat', args: [{ queue: f.peer, count: 5 }] },
      { name: 'groupChat', args: [{ queue: f.groupId, count: 5, isGroup: true }] },
    ],
    isArrayAt(''),
  ),
  removeHistoryMessages: withVariants(
    'History',
    singleAndGroup((f, t) => [{ targetId: targetOf(f, t), chatType: t, beforeTimeStamp: 1 }]),
    undefined,
    'serial',
  ),
  deleteAllMessagesAndConversations: spec('History', () => [], undefined, 'cleanup'),

  // ---- conversations
  getServerConversations: spec('Conversations', () => [{ pageSize: 20 }], conversations),
  getServerPinnedConversations: spec('Conversations', () => [{ pageSize: 20 }], conversations),
  getServerConversationsByFilter: spec(
    'Conversations',
    () => [{ pageSize: 10, filter: { mark: 1 } }],
    conversations,
  ),
  getSessionList: spec('Conversations', () => [], channelInfos),
  getConversationlist: spec('Conversations', () => [{ pageNum: 1, pageSize: 20 }], channelInfos),
  pinConversation: withVariants(
    'Conversations',
    singleAndGroup((f, t) => [{ conversationId: targetOf(f, t), conversationType: t, isPinned: true }]),
    (r) => (typeof field(r, 'data.isPinned') === 'boolean' ? undefined : 'no data.isPinned'),
  ),
  addConversationMark: withVariants(
    'Conversations',
    singleAndGroup((f, t) => [
      { conversations: [{ conversationId: targetOf(f, t), conversationType: t }], mark: 1 },
    ]),
  ),
  removeConversationMark: withVariants(
    'Conversations',
    singleAndGroup((f, t) => [
      { conversations: [{ conversationId: targetOf(f, t), conversationType: t }], mark: 1 },
    ]),
    undefined,
    'serial',
  ),
  deleteConversation: withVariants(
    'Conversations',
    singleAndGroup((f, t) => [
      { channel: t === 'singleChat' ? f.other : f.groupId, chatType: t, deleteRoam: false },
    ]),
    typeZero,
    'serial',
  ),
  deleteSession: withVariants(
    'Conversations',
    singleAndGroup((f, t) => [
      { channel: t === 'singleChat' ? f.other : f.groupId, chatType: t, deleteRoam: false },
    ]),
    typeZero,
    'serial',
  ),

  // ---- contacts and blocklist (users of their own in the state each method acts on: contact-fixture.ts)
  getContacts: spec(C, () => [], listing('data')),
  getAllContacts: spec(C, () => [], listing('data', ['userId', 'remark'])),
  getContactsWithCursor: spec(C, () => [{ pageSize: 20 }], listing('data.contacts', ['userId', 'remark'])),
  addContact: spec(C, (f) => [contact(f, 'addContact'), 'hello']),
  deleteContact: spec(C, (f) => [contact(f, 'deleteContact')]),
  acceptInvitation: spec(C, (f) => [contact(f, 'acceptInvitation')]),
  acceptContactInvite: spec(C, (f) => [contact(f, 'acceptContactInvite')]),
  declineInvitation: spec(C, (f) => [contact(f, 'declineInvitation')]),
  declineContactInvite: spec(C, (f) => [contact(f, 'declineContactInvite')]),
  setContactRemark: spec(C, (f) => [{ userId: contact(f, 'setContactRemark'), remark: 'compat' }]),
  getBlacklist: spec(C, () => [], listing('data')),
  getBlocklist: spec(C, () => [], listing('data')),
  addToBlackList: spec(C, (f) => blockNames(f, 'addToBlackList'), blocked),
  addUsersToBlacklist: spec(C, (f) => blockNames(f, 'addUsersToBlacklist'), blocked),
  addUsersToBlocklist: spec(C, (f) => blockNames(f, 'addUsersToBlocklist'), blocked),
  removeFromBlackList: spec(C, (f) => blockNames(f, 'removeFromBlackList')),
  removeUserFromBlackList: spec(C, (f) => blockNames(f, 'removeUserFromBlackList')),
  removeUserFromBlocklist: spec(C, (f) => blockNames(f, 'removeUserFromBlocklist')),

  // ---- users and attributes
  updateOwnUserInfo: spec('Users and attributes', () => [{ nickname: 'Compat' }]),
  updateUserInfo: spec('Users and attributes', () => [{ nickname: 'Compat' }]),
  fetchUserInfoById: spec(
    'Users and attributes',
    (f) => [[f.peer], ['nickname']],
    (r, ctx) => (field(r, `data.${ctx.fixture.peer}`) ? undefined : 'no data entry for the asked user'),
  ),
  updateCurrentUserNick: spec('Users and attributes', () => ['Compat']),

  // ---- presence
  publishPresence: spec('Presence', () => [{ description: 'busy' }]),
  subscribePresence: spec('Presence', (f) => [{ usernames: [f.peer], expiry: 3600 }], isArrayAt('result')),
  unsubscribePresence: spec('Presence', (f) => [{ usernames: [f.peer] }]),
  getSubscribedPresenceList: spec(
    'Presence',
    () => [{ pageNum: 1, pageSize: 20 }],
    isArrayAt('result.sublist'),
  ),
  getSubscribedPresencelist: spec(
    'Presence',
    () => [{ pageNum: 1, pageSize: 20 }],
    isArrayAt('result.sublist'),
  ),
  getPresenceStatus: spec('Presence', (f) => [{ usernames: [f.peer] }], isArrayAt('result')),

  // ---- push and silent mode
  uploadToken: spec('Push and silent mode', () => [
    { deviceId: 'dev', deviceToken: 'tok', notifierName: 'fcm' },
  ]),
  uploadPushToken: spec('Push and silent mode', () => [
    { deviceId: 'dev', deviceToken: 'tok', notifierName: 'fcm' },
  ]),
  unbindPushToken: spec('Push and silent mode', () => []),
  setSilentModeForAll: spec('Push and silent mode', () => [{ options: { paramType: 0, remindType: 'AT' } }]),
  getSilentModeForAll: spec('Push and silent mode', () => []),
  setSilentModeForConversation: spec('Push and silent mode', (f) => [
    { conversationId: f.peer, type: 'singleChat', options: { paramType: 0, remindType: 'NONE' } },
  ]),
  clearRemindTypeForConversation: spec('Push and silent mode', (f) => [
    { conversationId: f.peer, type: 'singleChat' },
  ]),
  getSilentModeForConversation: spec('Push and silent mode', (f) => [
    { conversationId: f.peer, type: 'singleChat' },
  ]),
  getSilentModeForConversations: spec('Push and silent mode', (f) => [
    { conversationList: [{ id: f.peer, type: 'singleChat' }] },
  ]),
  setPushPerformLanguage: spec('Push and silent mode', () => [{ language: 'en' }]),
  getPushPerformLanguage: spec('Push and silent mode', () => []),
  getSilentModeRemindTypeConversations: spec('Push and silent mode', () => [{ pageSize: 10 }]),

  // ---- translation
  // (the matrix's server translates through a LibreTranslate stand-in: run-matrix.ts)
  getSupportedLanguages: spec('Translation', () => [], listing('data', ['code', 'name', 'nativeName'])),
  translateMessage: spec(
    'Translation',
    () => [{ text: 'hello', languages: ['de'] }],
    listing('data.0.translations', ['text', 'to']),
  ),

  // ---- reactions (the peer's `keep` and the subject's `gone` on both messages: reaction-fixture.ts)
  addReaction: withVariants(
    'Reactions',
    singleAndGroup((f, t) => [{ messageId: messageOf(f, t), reaction: 'like' }]),
  ),
  deleteReaction: withVariants(
    'Reactions',
    singleAndGroup((f, t) => [{ messageId: messageOf(f, t), reaction: f.reactions.own }]),
  ),
  getReactionList: withVariants('Reactions', reactionList, reactionsListed),
  getReactionlist: withVariants('Reactions', reactionList, reactionsListed),
  getReactionDetail: withVariants(
    'Reactions',
    singleAndGroup((f, t) => [{ messageId: messageOf(f, t), reaction: f.reactions.kept, pageSize: 20 }]),
    (r) =>
      Array.isArray(field(r, 'data.userList')) && field(r, 'data.userCount') === 1
        ? undefined
        : 'no users of the reaction in data',
  ),

  // ---- groups
  createGroup: spec(G, (f) => [
    {
      data: {
        groupname: 'g',
        desc: 'd',
        members: [f.peer],
        public: true,
        approval: false,
        allowinvites: true,
        inviteNeedConfirm: false,
        maxusers: 200,
      },
    },
  ]),
  createGroupNew: spec(G, (f) => [
    {
      data: {
        groupname: 'g',
        desc: 'd',
        members: [f.peer],
        public: true,
        approval: false,
        allowinvites: true,
        inviteNeedConfirm: false,
        maxusers: 200,
      },
    },
  ]),
  createGroupVNext: spec(G, (f) => [
    {
      groupName: 'g',
      description: 'd',
      members: [f.peer],
      isPublic: true,
      needApprovalToJoin: false,
      allowMemberToInvite: true,
      inviteNeedConfirm: false,
      maxMemberCount: 200,
    },
  ]),
  blockGroup: spec(G, (f) => own(f, 'blockGroup'), userEntity),
  blockGroupMessages: spec(G, (f) => own(f, 'blockGroupMessages'), userEntity),
  listGroups: spec(G, () => [{ limit: 20 }], groupList),
  getPublicGroups: spec(G, () => [{ limit: 20 }], groupList),
  getGroup: spec(G, () => [], groupList),
  getJoinedGroups: withVariants(
    G,
    () => [
      // Pages count from 1 in the plain form, from 0 with needAffiliations / needRole (d.ts).
      { name: 'plain', args: [{ pageNum: 1, pageSize: 20 }] },
      { name: 'with role', args: [{ pageNum: 0, pageSize: 20, needAffiliations: true, needRole: true }] },
    ],
    joinedGroups,
  ),
  getJoinedGroupsCount: spec(
    G,
    () => [],
    (r) =>
      typeof field(r, 'data') === 'number' && (field(r, 'data') as number) > 0
        ? undefined
        : 'no count in data',
  ),
  changeOwner: spec(G, (f) => own(f, 'changeOwner', { newOwner: f.peer }), hasField('data.newowner')),
  changeGroupOwner: spec(
    G,
    (f) => own(f, 'changeGroupOwner', { newOwner: f.peer }),
    hasField('data.newowner'),
  ),
  getGroupInfo: withVariants(
    G,
    (f) => [
      { name: 'one id', args: group(f) },
      { name: 'many ids', args: [{ groupId: [f.groupId, f.group.own['quitGroup']] }] },
    ],
    groupDetails,
  ),
  modifyGroup: spec(G, (f) => group(f, { groupName: 'renamed', description: 'd' })),
  listGroupMember: spec(G, (f) => group(f, { pageNum: 1, pageSize: 20 }), memberList),
  listGroupMembers: spec(G, (f) => group(f, { pageNum: 1, pageSize: 20 }), memberList),
  getGroupMembers: spec(G, (f) => group(f, { limit: 20 }), fetchedMembers),
  getGroupAdmin: spec(G, (f) => group(f), listing('data')),
  setAdmin: spec(G, (f) => group(f, { username: user(f, 'setAdmin') }), hasField('data.newadmin')),
  setGroupAdmin: spec(G, (f) => group(f, { username: user(f, 'setGroupAdmin') }), hasField('data.newadmin')),
  removeAdmin: spec(G, (f) => group(f, { username: user(f, 'removeAdmin') }), hasField('data.oldadmin')),
  removeGroupAdmin: spec(
    G,
    (f) => group(f, { username: user(f, 'removeGroupAdmin') }),
    hasField('data.oldadmin'),
  ),
  dissolveGroup: spec(G, (f) => own(f, 'dissolveGroup'), undefined, 'cleanup'),
  destroyGroup: spec(G, (f) => own(f, 'destroyGroup'), undefined, 'cleanup'),
  quitGroup: spec(G, (f) => own(f, 'quitGroup'), hasField('data.result'), 'cleanup'),
  leaveGroup: spec(G, (f) => own(f, 'leaveGroup'), hasField('data.result'), 'cleanup'),
  inviteToGroup: spec(G, (f) => group(f, { users: [user(f, 'inviteToGroup')] }), listing('data')),
  inviteUsersToGroup: spec(G, (f) => group(f, { users: [user(f, 'inviteUsersToGroup')] }), listing('data')),
  joinGroup: spec(G, (f) => own(f, 'joinGroup', { message: 'let me in' })),
  agreeJoinGroup: spec(G, (f) => own(f, 'agreeJoinGroup', { applicant: user(f, 'agreeJoinGroup') })),
  acceptGroupJoinRequest: spec(G, (f) =>
    own(f, 'acceptGroupJoinRequest', { applicant: user(f, 'acceptGroupJoinRequest') }),
  ),
  rejectJoinGroup: spec(G, (f) =>
    own(f, 'rejectJoinGroup', { applicant: user(f, 'rejectJoinGroup'), reason: 'no' }),
  ),
  rejectGroupJoinRequest: spec(G, (f) =>
    own(f, 'rejectGroupJoinRequest', { applicant: user(f, 'rejectGroupJoinRequest'), reason: 'no' }),
  ),
  agreeInviteIntoGroup: spec(G, (f) => own(f, 'agreeInviteIntoGroup', { invitee: f.me })),
  acceptGroupInvite: spec(G, (f) => own(f, 'acceptGroupInvite', { invitee: f.me })),
  rejectInviteIntoGroup: spec(G, (f) => own(f, 'rejectInviteIntoGroup', { invitee: f.me })),
  rejectGroupInvite: spec(G, (f) => own(f, 'rejectGroupInvite', { invitee: f.me })),
  removeSingleGroupMember: spec(G, (f) => group(f, { username: user(f, 'removeSingleGroupMember') })),
  removeGroupMember: spec(G, (f) => group(f, { username: user(f, 'removeGroupMember') })),
  removeMultiGroupMember: spec(
    G,
    (f) => group(f, { users: [user(f, 'removeMultiGroupMember'), user(f, 'removeMultiGroupMember#2')] }),
    listing('data'),
  ),
  removeGroupMembers: spec(
    G,
    (f) => group(f, { users: [user(f, 'removeGroupMembers'), user(f, 'removeGroupMembers#2')] }),
    listing('data'),
  ),
  mute: spec(G, (f) => group(f, { username: user(f, 'mute'), muteDuration: 60000 }), muteResults),
  muteGroupMember: spec(
    G,
    (f) => group(f, { username: user(f, 'muteGroupMember'), muteDuration: 60000 }),
    muteResults,
  ),
  removeMute: spec(G, (f) => group(f, { username: user(f, 'removeMute') }), listing('data')),
  unmuteGroupMember: spec(G, (f) => group(f, { username: user(f, 'unmuteGroupMember') }), listing('data')),
  getMuted: spec(G, (f) => group(f), muteList),
  getGroupMuteList: spec(G, (f) => group(f), muteList),
  groupBlockSingle: spec(G, (f) => group(f, { username: user(f, 'groupBlockSingle') }), requestResult),
  blockGroupMember: spec(G, (f) => group(f, { username: user(f, 'blockGroupMember') }), requestResult),
  groupBlockMulti: spec(
    G,
    (f) => group(f, { usernames: [user(f, 'groupBlockMulti'), user(f, 'groupBlockMulti#2')] }),
    listing('data'),
  ),
  blockGroupMembers: spec(
    G,
    (f) => group(f, { usernames: [user(f, 'blockGroupMembers'), user(f, 'blockGroupMembers#2')] }),
    listing('data'),
  ),
  removeGroupBlockSingle: spec(
    G,
    (f) => group(f, { username: user(f, 'removeGroupBlockSingle') }),
    requestResult,
  ),
  unblockGroupMember: spec(G, (f) => group(f, { username: user(f, 'unblockGroupMember') }), requestResult),
  removeGroupBlockMulti: spec(
    G,
    (f) => group(f, { usernames: [user(f, 'removeGroupBlockMulti'), user(f, 'removeGroupBlockMulti#2')] }),
    listing('data'),
  ),
  unblockGroupMembers: spec(
    G,
    (f) => group(f, { usernames: [user(f, 'unblockGroupMembers'), user(f, 'unblockGroupMembers#2')] }),
    listing('data'),
  ),
  getGroupBlacklistNew: spec(G, (f) => group(f), listing('data')),
  getGroupBlacklist: spec(G, (f) => group(f), listing('data')),
  getGroupBlocklist: spec(G, (f) => group(f), listing('data')),
  disableSendGroupMsg: spec(
    G,
    (f) => own(f, 'disableSendGroupMsg'),
    (r) => (field(r, 'data.mute') === true ? undefined : 'no data.mute true'),
  ),
  enableSendGroupMsg: spec(
    G,
    (f) => own(f, 'enableSendGroupMsg'),
    (r) => (field(r, 'data.mute') === false ? undefined : 'no data.mute false'),
  ),
  addUsersToGroupWhitelist: spec(
    G,
    (f) => group(f, { users: [user(f, 'addUsersToGroupWhitelist')] }),
    listing('data'),
  ),
  addUsersToGroupAllowlist: spec(
    G,
    (f) => group(f, { users: [user(f, 'addUsersToGroupAllowlist')] }),
    listing('data'),
  ),
  rmUsersFromGroupWhitelist: spec(
    G,
    (f) => group(f, { userName: user(f, 'rmUsersFromGroupWhitelist') }),
    requestResult,
  ),
  removeGroupWhitelistMember: spec(
    G,
    (f) => group(f, { userName: user(f, 'removeGroupWhitelistMember') }),
    requestResult,
  ),
  removeGroupAllowlistMember: spec(
    G,
    (f) => group(f, { userName: user(f, 'removeGroupAllowlistMember') }),
    requestResult,
  ),
  getGroupWhitelist: spec(G, (f) => group(f), listing('data')),
  getGroupAllowlist: spec(G, (f) => group(f), listing('data')),
  isGroupWhiteUser: spec(G, (f) => group(f, { userName: f.me }), allowed),
  isInGroupWhiteList: spec(G, (f) => group(f, { userName: f.me }), allowed),
  isInGroupAllowlist: spec(G, (f) => group(f, { userName: f.me }), allowed),
  isInGroupMutelist: spec(
    G,
    (f) => group(f),
    (r) => (typeof field(r, 'data') === 'boolean' ? undefined : 'no boolean in data'),
  ),
  getGroupMsgReadUser: spec(
    G,
    (f) => group(f, { msgId: f.group.messageId }),
    (r) =>
      typeof field(r, 'data.total') === 'number' || Array.isArray(field(r, 'data.userlist'))
        ? undefined
        : 'no data.total / data.userlist',
  ),
  fetchGroupAnnouncement: spec(
    G,
    (f) => group(f),
    (r) => (typeof field(r, 'data.announcement') === 'string' ? undefined : 'no data.announcement'),
  ),
  updateGroupAnnouncement: spec(G, (f) => group(f, { announcement: 'hello' })),
  uploadGroupSharedFile: viaCallbacks(
    spec(G, (f) => group(f, { file: f.file() })),
    'Upload',
  ),
  deleteGroupSharedFile: spec(
    G,
    (f) => group(f, { fileId: f.group.files.remove }),
    (r) => (field(r, 'data.result') === true ? undefined : 'no data.result true'),
  ),
  fetchGroupSharedFileList: spec(G, (f) => group(f, { pageNum: 1, pageSize: 10 }), sharedFiles),
  getGroupSharedFilelist: spec(G, (f) => group(f, { pageNum: 1, pageSize: 10 }), sharedFiles),
  downloadGroupSharedFile: viaCallbacks(
    spec(G, (f) => group(f, { fileId: f.group.files.download })),
    'Download',
  ),
  setGroupMemberAttributes: spec(G, (f) => group(f, { userId: f.me, memberAttributes: { nick: 'c' } })),
  getGroupMemberAttributes: spec(
    G,
    (f) => group(f, { userId: f.me }),
    (r) =>
      field(r, 'data') && typeof field(r, 'data') === 'object' ? undefined : 'no attributes object in data',
  ),
  getGroupMembersAttributes: spec(
    G,
    (f) => group(f, { userIds: [f.me], keys: ['nick'] }),
    (r, { fixture }) =>
      field(r, `data.${fixture.me}`) && typeof field(r, `data.${fixture.me}`) === 'object'
        ? undefined
        : 'no attributes of the user in data',
  ),
  blockGroupMessage: spec(G, (f) => own(f, 'blockGroupMessage'), requestResult),
  unblockGroupMessage: spec(G, (f) => own(f, 'unblockGroupMessage'), requestResult),

  // ---- chat rooms (real rooms: room-fixture.ts)
  getChatRooms: spec(R, () => [{ pagenum: 1, pagesize: 20 }], listing('data', ['id', 'name', 'owner'])),
  createChatRoom: spec(
    R,
    (f) => [{ name: 'room', description: 'd', maxusers: 200, members: [f.peer] }],
    hasField('data.id'),
  ),
  destroyChatRoom: spec(R, (f) => ownRoom(f, 'destroyChatRoom', { token: '' }), hasField('data.success')),
  getChatRoomDetails: spec(R, (f) => room(f), groupDetails),
  modifyChatRoom: spec(R, (f) => room(f, { chatRoomName: 'renamed', description: 'd', maxusers: 100 })),
  removeSingleChatRoomMember: spec(
    R,
    (f) => room(f, { username: roomUser(f, 'removeSingleChatRoomMember') }),
    requestResult,
  ),
  removeChatRoomMember: spec(
    R,
    (f) => room(f, { username: roomUser(f, 'removeChatRoomMember') }),
    requestResult,
  ),
  removeMultiChatRoomMember: spec(
    R,
    (f) =>
      room(f, {
        users: [roomUser(f, 'removeMultiChatRoomMember'), roomUser(f, 'removeMultiChatRoomMember#2')],
      }),
    listing('data'),
  ),
  removeChatRoomMembers: spec(
    R,
    (f) => room(f, { users: [roomUser(f, 'removeChatRoomMembers'), roomUser(f, 'removeChatRoomMembers#2')] }),
    listing('data'),
  ),
  addUsersToChatRoom: spec(
    R,
    (f) => room(f, { users: [roomUser(f, 'addUsersToChatRoom')] }),
    isArrayAt('data.newmembers'),
  ),
  joinChatRoom: spec(R, (f) => roomById(f, { message: 'hi' })),
  quitChatRoom: spec(R, (f) => roomById(f)),
  leaveChatRoom: spec(R, (f) => roomById(f)),
  listChatRoomMember: spec(R, (f) => room(f, { pageNum: 1, pageSize: 20 }), memberList),
  listChatRoomMembers: spec(R, (f) => room(f, { pageNum: 1, pageSize: 20 }), memberList),
  getChatRoomMembers: spec(R, (f) => room(f, { limit: 20 }), fetchedMembers),
  getChatRoomAdmin: spec(R, (f) => room(f), listing('data')),
  setChatRoomAdmin: spec(R, (f) => room(f, { username: roomUser(f, 'setChatRoomAdmin') })),
  removeChatRoomAdmin: spec(R, (f) => room(f, { username: roomUser(f, 'removeChatRoomAdmin') })),
  muteChatRoomMember: spec(
    R,
    (f) => room(f, { username: roomUser(f, 'muteChatRoomMember'), muteDuration: 60000 }),
    muteResults,
  ),
  removeMuteChatRoomMember: spec(
    R,
    (f) => room(f, { username: roomUser(f, 'removeMuteChatRoomMember') }),
    listing('data'),
  ),
  unmuteChatRoomMember: spec(
    R,
    (f) => room(f, { username: roomUser(f, 'unmuteChatRoomMember') }),
    listing('data'),
  ),
  getChatRoomMuted: spec(R, (f) => room(f), muteList),
  getChatRoomMuteList: spec(R, (f) => room(f), muteList),
  getChatRoomMutelist: spec(R, (f) => room(f), muteList),
  chatRoomBlockSingle: spec(
    R,
    (f) => room(f, { username: roomUser(f, 'chatRoomBlockSingle') }),
    requestResult,
  ),
  blockChatRoomMember: spec(
    R,
    (f) => room(f, { username: roomUser(f, 'blockChatRoomMember') }),
    requestResult,
  ),
  chatRoomBlockMulti: spec(
    R,
    (f) => room(f, { usernames: [roomUser(f, 'chatRoomBlockMulti')] }),
    listing('data'),
  ),
  blockChatRoomMembers: spec(
    R,
    (f) => room(f, { usernames: [roomUser(f, 'blockChatRoomMembers')] }),
    listing('data'),
  ),
  removeChatRoomBlockSingle: spec(
    R,
    (f) => room(f, { username: roomUser(f, 'removeChatRoomBlockSingle') }),
    requestResult,
  ),
  unblockChatRoomMember: spec(
    R,
    (f) => room(f, { username: roomUser(f, 'unblockChatRoomMember') }),
    requestResult,
  ),
  removeChatRoomBlockMulti: spec(
    R,
    (f) => room(f, { usernames: [roomUser(f, 'removeChatRoomBlockMulti')] }),
    requestResult,
  ),
  unblockChatRoomMembers: spec(
    R,
    (f) => room(f, { usernames: [roomUser(f, 'unblockChatRoomMembers')] }),
    requestResult,
  ),
  getChatRoomBlacklistNew: spec(R, (f) => room(f), isArrayAt('data')),
  getChatRoomBlacklist: spec(R, (f) => room(f), isArrayAt('data')),
  disableSendChatRoomMsg: spec(
    R,
    (f) => room(f),
    (r) => (typeof field(r, 'data.mute') === 'boolean' ? undefined : 'no data.mute'),
  ),
  enableSendChatRoomMsg: spec(
    R,
    (f) => room(f),
    (r) => (typeof field(r, 'data.mute') === 'boolean' ? undefined : 'no data.mute'),
  ),
  addUsersToChatRoomWhitelist: spec(
    R,
    (f) => room(f, { users: [roomUser(f, 'addUsersToChatRoomWhitelist')] }),
    listing('data'),
  ),
  addUsersToChatRoomAllowlist: spec(
    R,
    (f) => room(f, { users: [roomUser(f, 'addUsersToChatRoomAllowlist')] }),
    listing('data'),
  ),
  rmUsersFromChatRoomWhitelist: spec(
    R,
    (f) => room(f, { userName: roomUser(f, 'rmUsersFromChatRoomWhitelist') }),
    requestResult,
  ),
  removeChatRoomWhitelistMember: spec(
    R,
    (f) => room(f, { userName: roomUser(f, 'removeChatRoomWhitelistMember') }),
    requestResult,
  ),
  removeChatRoomAllowlistMember: spec(
    R,
    (f) => room(f, { userName: roomUser(f, 'removeChatRoomAllowlistMember') }),
    requestResult,
  ),
  getChatRoomWhitelist: spec(R, (f) => room(f), listing('data')),
  getChatRoomAllowlist: spec(R, (f) => room(f), listing('data')),
  isChatRoomWhiteUser: spec(R, (f) => room(f, { userName: f.me }), allowed),
  isInChatRoomAllowlist: spec(R, (f) => room(f, { userName: f.me }), allowed),
  isInChatRoomMutelist: spec(
    R,
    (f) => room(f),
    (r) => (typeof field(r, 'data') === 'boolean' ? undefined : 'no boolean in data'),
  ),
  fetchChatRoomAnnouncement: spec(
    R,
    (f) => roomById(f),
    (r) => (typeof field(r, 'data.announcement') === 'string' ? undefined : 'no data.announcement'),
  ),
  updateChatRoomAnnouncement: spec(R, (f) => roomById(f, { announcement: 'hello' })),
  uploadChatRoomSharedFile: viaCallbacks(
    spec(R, (f) => roomById(f, { file: f.file() })),
    'Upload',
  ),
  deleteChatRoomSharedFile: spec(
    R,
    (f) => roomById(f, { fileId: f.room.files.remove }),
    (r) => (field(r, 'data.result') === true ? undefined : 'no data.result true'),
  ),
  fetchChatRoomSharedFileList: spec(R, (f) => roomById(f), sharedFiles),
  getChatRoomSharedFilelist: spec(R, (f) => roomById(f), sharedFiles),
  getChatRoomAttributes: spec(R, (f) => room(f, { attributeKeys: ['k'] })),
  setChatRoomAttributes: spec(R, (f) => room(f, { attributes: { k: 'v' }, autoDelete: true })),
  setChatRoomAttribute: spec(R, (f) => room(f, { attributeKey: 'k', attributeValue: 'v', autoDelete: true })),
  removeChatRoomAttributes: spec(R, (f) => room(f, { attributeKeys: ['k'] })),
  removeChatRoomAttribute: spec(R, (f) => room(f, { attributeKey: 'k' })),
  getJoinedChatRooms: spec(R, () => [{ pageNum: 1, pageSize: 20 }], listing('data', ['id', 'name', 'owner'])),

  // ---- threads (thread-fixture.ts: a thread of its own per method)
  createChatThread: spec('Threads', (f) => [
    { parentId: f.groupId, name: 'thread', messageId: f.threads.freeMessage },
  ]),
  joinChatThread: spec('Threads', (f) => thread(f, 'joinChatThread')),
  leaveChatThread: spec('Threads', (f) => thread(f, 'leaveChatThread')),
  destroyChatThread: spec('Threads', (f) => thread(f, 'destroyChatThread')),
  changeChatThreadName: spec('Threads', (f) => thread(f, 'changeChatThreadName', { name: 'renamed' })),
  getChatThreadMembers: spec('Threads', (f) => thread(f, 'getChatThreadMembers', { pageSize: 20 })),
  removeChatThreadMember: spec('Threads', (f) => thread(f, 'removeChatThreadMember', { username: f.other })),
  getJoinedChatThreads: spec('Threads', (f) => [{ parentId: f.groupId, pageSize: 20 }]),
  getChatThreads: spec('Threads', (f) => [{ parentId: f.groupId, pageSize: 20 }]),
  getChatThreadLastMessage: spec('Threads', (f) => [
    { chatThreadIds: [required(f.threads.id, 'getChatThreadLastMessage')] },
  ]),
  getChatThreadDetail: spec('Threads', (f) => thread(f, 'getChatThreadDetail')),

  // ---- RTC
  getRTCToken: spec('RTC', () => ['compat']),
  getUserIdByRTCUIds: spec('RTC', () => [[1]]),
};
