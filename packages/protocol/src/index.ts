// Public API of @confab/protocol: named exports only, so the surface is reviewable in one place.
export {
  msync,
  u64ToString,
  u64ToBigInt,
  toU64,
  encodeSyncDLWithRawMetas,
  ProtocolDecodeError,
} from './msync-codec.js';
export type { Codec } from './msync-codec.js';
export type {
  Jid,
  Status,
  MSync,
  KeyValue,
  Meta,
  CommSyncUL,
  CommSyncDL,
  CommNotice,
  MetaQueue,
  CommUnreadDL,
  Provision,
  Size,
  Content,
  MessageBody,
  StatisticsBody,
  MucBody,
  RosterBody,
  MucSetting,
  MucStatus,
  U64,
} from './msync-types.js';
export {
  Command,
  StatusCode,
  NameSpace,
  RouteType,
  MessageType,
  ContentType,
  CONTENT_TYPE_NAMES,
  ValueType,
  StatisticsOperation,
  MucOperation,
  RosterOperation,
  OsType,
  Domain,
  AUTH_TOKEN_PREFIX,
} from './msync-enums.js';
export { frame, frames, OK_STATUS } from './msync-frames.js';
export { CHAT_TYPES, CHAT_TYPES_SQL, isChatType, MUC_EVENT_ENTRY } from './chat-types.js';
export type { ChatType } from './chat-types.js';
export { restMessageJson, messageFromRestJson } from './rest-message-json.js';
export type { RestJsonMessage } from './rest-message-json.js';

// Error codes and their wire mappings.
export {
  errorCatalog,
  ErrorCode,
  errorEntryOf,
  errorNameOf,
  isKnownErrorCode,
  RETIRED_CODES,
} from './error-codes.js';
export type { ErrorCatalogEntry, ErrorCodeName, ErrorCodeValue } from './error-codes.js';
export { ConfabError, isConfabError } from './confab-error.js';
export {
  SDK_OK,
  kickCode,
  kickCodeFromStatisticsOperation,
  statisticsOperationForKick,
} from './wire-errors.js';
export type { SdkErrorShape, WireStatus } from './wire-errors.js';
export {
  ProvisionReason,
  provisionFailure,
  provisionMappedCodes,
  codeFromProvisionStatus,
} from './provision-errors.js';
export { AckReason, ackFailure, ackMappedCodes, codeFromAckStatus } from './ack-errors.js';
export type { AckContext } from './ack-errors.js';
export { codeFromHttp } from './http-mapper.js';
export {
  httpShapes,
  httpShapeVariants,
  restError,
  httpMappedCodes,
  httpFailure,
  duplicateUsernameFailure,
  sampleUrlFor,
} from './http-errors.js';
export type {
  AgoraRestErrorBody,
  HttpFailure,
  HttpFailureOptions,
  HttpShape,
  HttpShapeVariant,
  HttpVariantCode,
  HttpVariantOf,
} from './http-errors.js';
export { renderErrorsDoc } from './errors-doc.js';
export { CloseCode, CLOSE_FINAL_FROM, mayReconnectAfterClose } from './close-codes.js';
export type { CloseCodeValue } from './close-codes.js';
