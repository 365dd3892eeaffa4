// Enum values of the msync schema (proto/msync.proto) as typed constants, so no code outside this
// package writes a bare wire number.

export const Command = { SYNC: 0, UNREAD: 1, NOTICE: 2, PROVISION: 3 } as const;
export type Command = (typeof Command)[keyof typeof Command];

/** easemob.pb.Status.ErrorCode: the status of provision answers and ACKs. */
export const StatusCode = {
  OK: 0,
  FAIL: 1,
  UNAUTHORIZED: 2,
  MISSING_PARAMETER: 3,
  WRONG_PARAMETER: 4,
  REDIRECT: 5,
  TOKEN_EXPIRED: 6,
  PERMISSION_DENIED: 7,
  NO_ROUTE: 8,
  UNKNOWN_COMMAND: 9,
  PB_PARSER_ERROR: 10,
  BIND_ANOTHER_DEVICE: 11,
  IM_FORBIDDEN: 12,
  TOO_MANY_DEVICES: 13,
  PLATFORM_LIMIT: 14,
  USER_MUTED: 15,
  ENCRYPT_DISABLE: 16,
  ENCRYPT_ENABLE: 17,
  DECRYPT_FAILURE: 18,
  PERMISSION_DENIED_EXTERNAL: 19,
} as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

export const NameSpace = {
  STATISTIC: 0,
  CHAT: 1,
  MUC: 2,
  ROSTER: 3,
  CONFERENCE: 4,
  NOTIFY: 5,
  QUERY: 6,
} as const;
export type NameSpace = (typeof NameSpace)[keyof typeof NameSpace];

export const RouteType = { ROUTE_ALL: 0, ROUTE_ONLINE: 1, ROUTE_DIRECT: 2 } as const;
export type RouteType = (typeof RouteType)[keyof typeof RouteType];

/** easemob.pb.MessageBody.Type */
export const MessageType = {
  NORMAL: 0,
  CHAT: 1,
  GROUPCHAT: 2,
  CHATROOM: 3,
  READ_ACK: 4,
  DELIVER_ACK: 5,
  RECALL: 6,
  CHANNEL_ACK: 7,
  EDIT: 8,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** easemob.pb.MessageBody.Content.Type */
export const ContentType = {
  TEXT: 0,
  IMAGE: 1,
  VIDEO: 2,
  LOCATION: 3,
  VOICE: 4,
  FILE: 5,
  COMMAND: 6,
  CUSTOM: 7,
  COMBINE: 8,
} as const;
export type ContentType = (typeof ContentType)[keyof typeof ContentType];

/** The official SDK's and Agora REST's name of each content type (`txt`, `img`, …). */
export const CONTENT_TYPE_NAMES: Readonly<Record<number, string>> = {
  [ContentType.TEXT]: 'txt',
  [ContentType.IMAGE]: 'img',
  [ContentType.VIDEO]: 'video',
  [ContentType.LOCATION]: 'loc',
  [ContentType.VOICE]: 'audio',
  [ContentType.FILE]: 'file',
  [ContentType.COMMAND]: 'cmd',
  [ContentType.CUSTOM]: 'custom',
  [ContentType.COMBINE]: 'combine',
};

/** easemob.pb.KeyValue.ValueType */
export const ValueType = {
  BOOL: 1,
  INT: 2,
  UINT: 3,
  LLINT: 4,
  FLOAT: 5,
  DOUBLE: 6,
  STRING: 7,
  JSON_STRING: 8,
} as const;
export type ValueType = (typeof ValueType)[keyof typeof ValueType];

/** easemob.pb.StatisticsBody.Operation: 1–4 are the kicks. */
export const StatisticsOperation = {
  INFORMATION: 0,
  USER_REMOVED: 1,
  USER_LOGIN_ANOTHER_DEVICE: 2,
  USER_KICKED_BY_CHANGE_PASSWORD: 3,
  USER_KICKED_BY_OTHER_DEVICE: 4,
} as const;
export type StatisticsOperation = (typeof StatisticsOperation)[keyof typeof StatisticsOperation];

/** easemob.pb.MUCBody.Operation: what a group or room event is (spec §4.9 maps each to `onGroupEvent`). */
export const MucOperation = {
  CREATE: 0,
  DESTROY: 1,
  JOIN: 2,
  LEAVE: 3,
  APPLY: 4,
  APPLY_ACCEPT: 5,
  APPLY_DECLINE: 6,
  INVITE: 7,
  INVITE_ACCEPT: 8,
  INVITE_DECLINE: 9,
  KICK: 10,
  GET_BLACKLIST: 11,
  BAN: 12,
  ALLOW: 13,
  UPDATE: 14,
  BLOCK: 15,
  UNBLOCK: 16,
  PRESENCE: 17,
  ABSENCE: 18,
  DIRECT_JOINED: 19,
  ASSIGN_OWNER: 20,
  ADD_ADMIN: 21,
  REMOVE_ADMIN: 22,
  ADD_MUTE: 23,
  REMOVE_MUTE: 24,
  UPDATE_ANNOUNCEMENT: 25,
  DELETE_ANNOUNCEMENT: 26,
  UPLOAD_FILE: 27,
  DELETE_FILE: 28,
  ADD_USER_WHITE_LIST: 29,
  REMOVE_USER_WHITE_LIST: 30,
  BAN_GROUP: 31,
  REMOVE_BAN_GROUP: 32,
  THREAD_CREATE: 33,
  THREAD_DESTROY: 34,
  THREAD_JOIN: 35,
  THREAD_LEAVE: 36,
  THREAD_KICK: 37,
  THREAD_UPDATE: 38,
  THREAD_PRESENCE: 39,
  THREAD_ABSENCE: 40,
  DISABLE_GROUP: 41,
  ABLE_GROUP: 42,
  SET_METADATA: 43,
  DELETE_METADATA: 44,
  GROUP_MEMBER_METADATA_UPDATE: 45,
} as const;
export type MucOperation = (typeof MucOperation)[keyof typeof MucOperation];

export const OsType = {
  OS_IOS: 0,
  OS_ANDROID: 1,
  OS_LINUX: 2,
  OS_OSX: 3,
  OS_WIN: 4,
  OS_CUSTOM: 5,
  OS_OTHER: 16,
} as const;
export type OsType = (typeof OsType)[keyof typeof OsType];

/** JID domains the official SDK uses. */
export const Domain = { USER: 'easemob.com', CONFERENCE: 'conference.easemob.com' } as const;

/** Literal token prefix of MSync.auth ("$t$" + token). */
export const AUTH_TOKEN_PREFIX = '$t$';

/**
 * easemob.pb.RosterBody.Operation: a contact event. The official SDK (spec msync §4.9): ADD → onContactInvited,
 * REMOVE → onContactDeleted, ACCEPT → onContactAdded, DECLINE and REMOTE_DECLINE → onContactRefuse,
 * REMOTE_ACCEPT → onContactAgreed; BAN and ALLOW are ignored.
 */
export const RosterOperation = {
  GET_ROSTER: 0,
  GET_BLACKLIST: 1,
  ADD: 2,
  REMOVE: 3,
  ACCEPT: 4,
  DECLINE: 5,
  BAN: 6,
  ALLOW: 7,
  REMOTE_ACCEPT: 8,
  REMOTE_DECLINE: 9,
} as const;
export type RosterOperation = (typeof RosterOperation)[keyof typeof RosterOperation];
