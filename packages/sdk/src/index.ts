// Public surface of @confab/sdk (browser / default entry). Apps use it like agora-chat:
//   import AgoraChat from '@confab/sdk';  new AgoraChat.connection({...});  AgoraChat.message.create({...})
// Named exports carry the same things for tree-shaking and typed imports.
import { ConfabError, ErrorCode } from '@confab/protocol';
import { Connection } from './connection.js';
// Adds the group methods to Connection (declaration merging + prototype).
import './group-methods.js';
// Adds the group list methods to Connection (declaration merging + prototype).
import './group-list-methods.js';
// Adds the contact and blocklist methods to Connection (declaration merging + prototype).
import './contact-methods.js';
// Adds the presence and user-attribute methods to Connection (declaration merging + prototype).
import './presence-methods.js';
// Adds the chat-room presence and attribute methods (joinChatRoom, leaveChatRoom, quitChatRoom, …).
import './room-live-methods.js';
// Adds the chat-room methods that go over REST (rooms, members, admins, lists, announcements, files).
import './room-methods.js';
// Adds the reaction methods to Connection (declaration merging + prototype).
import './reaction-methods.js';
// Adds the chat thread methods to Connection (declaration merging + prototype).
import './thread-methods.js';
// Adds getSupportedLanguages and translateMessage to Connection.
import './translation-methods.js';
// Adds the push-setting and silent-mode methods (issue 20).
import './push-methods.js';
import { createMessage, getUniqueId } from './message-factory.js';

/** The official SDK's `message` namespace: `message.create(params)`. */
export const message = { create: createMessage } as const;

/** Lower-case alias, as in `new AgoraChat.connection(...)`. */
export const connection = Connection;

export { Connection, ConfabError, ErrorCode, createMessage, getUniqueId };
export { reconnectDelayMs } from './reconnect-policy.js';
export { userExists } from './user-exists.js';
export { getClientSettings, getConversationState, requestFreshToken } from './client-session.js';
export type { ClientSettings, ConversationState, FreshToken } from './client-session.js';
export type { SdkLogEvent } from './log-events.js';
export type {
  ChatType,
  ConnectionParameters,
  CreateTextMsgParameters,
  ErrorEvent,
  EventHandlerType,
  EventName,
  ListenParameters,
  LoginResult,
  MessageBody,
  MessageExt,
  OnlineState,
  OpenParameters,
  ReceivedMsgBody,
  ReceivedMessage,
  ReceivedTextMessage,
  RegisterUserParameters,
  RegisterUserResult,
  SendMsgResult,
  TextMsgBody,
  WebSocketConstructor,
  WebSocketLike,
} from './types.js';
export type {
  AttachmentBody,
  CreateMsgParameters,
  FileObject,
  MessageKind,
  RecallMessageInfo,
  ReceivedAckMessage,
  ReceivedAudioMessage,
  ReceivedChannelMessage,
  ReceivedCmdMessage,
  ReceivedCombineMessage,
  ReceivedCustomMessage,
  ReceivedFileMessage,
  ReceivedImageMessage,
  ReceivedLocationMessage,
  ReceivedVideoMessage,
} from './message-kinds.js';
export type { UploadedFile } from './attachment-upload.js';
export type {
  GroupEvent,
  GroupEventOperation,
  GroupModifyInfo,
  MucEventPayload,
} from './muc-event-decoder.js';
export type { FetchedGroupMember, JoinedGroupInfo } from './group-calls.js';
export type { ContactItem, CursorContactsResult } from './contact-calls.js';
export type { ContactMsgBody } from './types.js';
export type { PresenceStatus } from './presence-events.js';
export type {
  ChatThread,
  ChatThreadDetail,
  ChatThreadOverview,
  ThreadChangeInfo,
  ThreadMultiDeviceEvent,
} from './thread-types.js';
export type { FetchHistoryMessagesParams } from './history-calls.js';
export type { SessionInfo, SessionListResult } from './conversation-calls.js';
export type {
  Reaction,
  ReactionDetail,
  ReactionListItem,
  ReactionMessage,
  ReactionOp,
} from './reaction-types.js';
export type { NotificationMultiDeviceInfo } from './silent-mode-events.js';
export type {
  ConversationChangedInfo,
  MarkType,
  MessagePinEvent,
  RoamingDeleteMultiDeviceInfo,
} from './conversation-events.js';
export type { RemindTypeConversation, SilentModeConversationType, SilentModeParam } from './push-calls.js';

const AgoraChat = { connection: Connection, message, statusCode: ErrorCode, utils: { getUniqueId } } as const;
export default AgoraChat;
export type {
  MessageTranslation,
  SupportLanguage,
  TranslateParams,
  TranslationResult,
} from './translation-calls.js';
