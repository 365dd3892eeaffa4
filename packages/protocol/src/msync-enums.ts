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
