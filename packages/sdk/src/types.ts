// Public shapes of the SDK. Names and fields mirror agora-chat@1.4.0 (Agora-chat.d.ts) so an app
// written against the official SDK type-checks against ours after changing the import.
import type { PresenceStatus } from './presence-events.js';
import type { SdkLogEvent } from './log-events.js';
import type {
  CreatedMessage,
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
import type { GroupEvent, MucEventPayload } from './muc-event-decoder.js';
import type { NotificationMultiDeviceInfo } from './silent-mode-events.js';
import type {
  ConversationChangedInfo,
  MessagePinEvent,
  RoamingDeleteMultiDeviceInfo,
} from './conversation-events.js';
import type { ReactionMessage } from './reaction-types.js';
import type {
  ChatThread,
  ChatThreadOverview,
  ThreadChangeInfo,
  ThreadMultiDeviceEvent,
} from './thread-types.js';

/** The subset of the WebSocket API the SDK uses; the DOM class and `ws` both satisfy it. */
export interface WebSocketLike {
  binaryType: string;
  readonly readyState: number;
  onopen: ((ev: never) => unknown) | null;
  onclose: ((ev: never) => unknown) | null;
  onerror: ((ev: never) => unknown) | null;
  onmessage: ((ev: { data: unknown }) => unknown) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface ConnectionParameters {
  /** "org#app"; the constructor throws when it does not have exactly one "#", like the official SDK. */
  appKey?: string;
  /** WebSocket URL, used verbatim. */
  url?: string;
  /** REST base URL (no trailing slash). */
  apiUrl?: string;
  /** Accepted for compatibility; Confab never uses Agora's DNS. */
  isHttpDNS?: boolean;
  https?: boolean;
  /** Heartbeat check interval in ms (default 30000; an UNREAD is sent after ≥30 s without traffic). */
  heartBeatWait?: number;
  /** Reconnect attempts after a drop (default 5). */
  autoReconnectNumMax?: number;
  /** Shapes the device resource: "webim" (default) → webim_web_<ms>, X → webim_web_X. */
  deviceId?: string;
  /** Default true: in browsers the resource is persisted in localStorage so tabs share one device. */
  isFixedDeviceId?: boolean;
  customOSPlatform?: number;
  customDeviceName?: string;
  delivery?: boolean;
  useOwnUploadFun?: boolean;
  useReplacedMessageContents?: boolean;
  appId?: string;
  /** Confab extension: the WebSocket class (default `globalThis.WebSocket`; the Node entry passes `ws`). */
  WebSocket?: WebSocketConstructor;
  /** Confab extension: the fetch function (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Confab extension: structured log callback; the SDK is silent without it. */
  log?: (event: SdkLogEvent) => void;
}

export interface OpenParameters {
  user: string;
  pwd?: string;
  accessToken?: string;
  /** @deprecated use accessToken */
  agoraToken?: string;
  success?: (res: LoginResult) => void;
  error?: (err: ErrorEvent) => void;
}

export interface LoginResult {
  accessToken: string;
  expireTimestamp?: number;
  duration?: number;
}

export interface RegisterUserParameters {
  username: string;
  password: string;
  nickname?: string;
  success?: (res: RegisterUserResult) => void;
  error?: (err: ErrorEvent) => void;
}

export interface RegisterUserResult {
  type: number;
  entities: Array<{
    uuid?: string;
    type?: string;
    username: string;
    nickname?: string;
    activated?: boolean;
    created?: number;
    modified?: number;
  }>;
  [key: string]: unknown;
}

export interface ErrorEvent {
  type: number;
  message: string;
  data?: unknown;
}

export type ChatType = 'singleChat' | 'groupChat' | 'chatRoom';
export type MessageExt = Record<string, unknown>;

/** 0 offline, 1 online, 2 unknown, 3 online state not enabled (official ONLINESTATETYPE). */
export type OnlineState = 0 | 1 | 2 | 3;

export interface CreateTextMsgParameters {
  type: 'txt';
  chatType: ChatType;
  to: string;
  msg: string;
  from?: string;
  ext?: MessageExt;
  msgConfig?: { allowGroupAck?: boolean; languages?: string[] };
  isChatThread?: boolean;
  deliverOnlineOnly?: boolean;
  receiverList?: string[];
}

/** A text message as created locally (before send). */
export interface TextMsgBody {
  id: string;
  type: 'txt';
  chatType: ChatType;
  to: string;
  msg: string;
  from?: string;
  ext?: MessageExt;
  time: number;
  msgConfig?: { allowGroupAck?: boolean; languages?: string[] };
  isChatThread?: boolean;
  deliverOnlineOnly?: boolean;
  receiverList?: string[];
  onlineState?: OnlineState;
  priority?: 'high' | 'normal' | 'low';
  broadcast?: boolean;
}

/** A received (or acked) text message, as the official SDK builds it from a CHAT meta. */
export interface ReceivedTextMessage {
  id: string;
  type: 'txt';
  chatType: ChatType;
  msg: string;
  to: string;
  from: string;
  ext: MessageExt;
  time: number;
  onlineState: OnlineState;
  msgConfig?: { allowGroupAck?: boolean };
  priority?: 'high' | 'normal' | 'low';
  broadcast?: boolean;
  isRead?: boolean;
  isDelivered?: boolean;
  /** A thread message: the thread's parent message, group and name. */
  chatThread?: ChatThread;
  /** A group message with a thread: the thread's state. */
  chatThreadOverview?: ChatThreadOverview;
}

/** Any message `message.create` builds (every kind, and read/delivery/channel acks). */
export type MessageBody = CreatedMessage;

/** Any received message (what onMessage batches and send() resolves with). */
export type ReceivedMessage =
  | ReceivedTextMessage
  | ReceivedImageMessage
  | ReceivedFileMessage
  | ReceivedAudioMessage
  | ReceivedVideoMessage
  | ReceivedLocationMessage
  | ReceivedCustomMessage
  | ReceivedCmdMessage
  | ReceivedCombineMessage;

export interface SendMsgResult {
  localMsgId: string;
  serverMsgId: string;
  message?: ReceivedMessage;
  /** For modifyMessage: edit count, operator and time (official SendMsgResult.modifiedInfo). */
  modifiedInfo?: { operationTime: number; operatorId: string; operationCount: number };
}

export interface ReceivedMsgBody {
  id: string;
  mid: string;
  to: string;
  time: number;
}

/** Event handler names of the official SDK that Confab dispatches. */
export interface EventHandlerType {
  onConnected?: () => void;
  onDisconnected?: (error?: ErrorEvent) => void;
  onReconnecting?: () => void;
  onError?: (error: ErrorEvent) => void;
  onTextMessage?: (msg: ReceivedTextMessage) => void;
  onImageMessage?: (msg: ReceivedImageMessage) => void;
  onFileMessage?: (msg: ReceivedFileMessage) => void;
  onAudioMessage?: (msg: ReceivedAudioMessage) => void;
  onVideoMessage?: (msg: ReceivedVideoMessage) => void;
  onLocationMessage?: (msg: ReceivedLocationMessage) => void;
  onCustomMessage?: (msg: ReceivedCustomMessage) => void;
  onCmdMessage?: (msg: ReceivedCmdMessage) => void;
  onCombineMessage?: (msg: ReceivedCombineMessage) => void;
  /** Every received message of one delivery except cmd, like the official SDK. */
  onMessage?: (msgs: ReceivedMessage[]) => void;
  onReadMessage?: (msg: ReceivedAckMessage) => void;
  onDeliveredMessage?: (msg: ReceivedAckMessage) => void;
  onChannelMessage?: (msg: ReceivedChannelMessage) => void;
  onRecallMessage?: (msg: RecallMessageInfo) => void;
  /** A message was edited: the message with its new content and `modifiedInfo`. */
  onModifiedMessage?: (msg: ReceivedMessage) => void;
  onReceivedMessage?: (msg: ReceivedMsgBody) => void;
  onOfflineMessageSyncStart?: () => void;
  onOfflineMessageSyncFinish?: () => void;
  onTokenWillExpire?: () => void;
  onTokenExpired?: () => void;
  onStatisticMessage?: (msg: unknown) => void;
  /** A group event (created, joined, members, admins, owner, info, destroy…), as the official SDK fills it. */
  onGroupEvent?: (event: GroupEvent) => void;
  /** A chat-room notification: `{operation, id, from, …}` (muc-event-decoder.ts). */
  onChatroomEvent?: (event: MucEventPayload) => void;
  /**
   * Something this user did on another device: group member attributes, threads, silent mode, conversation
   * pins, marks and deletes, history deletion (deleteRoaming).
   */
  onMultiDeviceEvent?: (
    event:
      | GroupEvent
      | ThreadMultiDeviceEvent
      | NotificationMultiDeviceInfo
      | ConversationChangedInfo
      | RoamingDeleteMultiDeviceInfo,
  ) => void;
  /** A message of one of this user's conversations was pinned or unpinned (by anyone, on another device). */
  onMessagePinEvent?: (eventData: MessagePinEvent) => void;
  /** Someone asks to become this user's contact (`status`: the request's text). */
  onContactInvited?: (msg: ContactMsgBody) => void;
  /** The user `from` accepted this user's request. */
  onContactAgreed?: (msg: ContactMsgBody) => void;
  /** A request was declined: by `from`, or on this user's other device. */
  onContactRefuse?: (msg: ContactMsgBody) => void;
  /** `from` is no longer a contact (either side ended it). */
  onContactDeleted?: (msg: ContactMsgBody) => void;
  /** `from` became a contact (this user accepted, on any device, or the app server added them). */
  onContactAdded?: (msg: ContactMsgBody) => void;
  /** Presence of users this one subscribes to changed: a publish, a device logging in or out. */
  onPresenceStatusChange?: (list: PresenceStatus[]) => void;
  /** A reaction of a message in one of this user's conversations changed (NOTIFY "reaction"). */
  onReactionChange?: (msg: ReactionMessage) => void;
  /** A thread of one of this user's groups was created, renamed, written in or destroyed; or this user was removed from a thread. */
  onChatThreadChange?: (event: ThreadChangeInfo) => void;
}

/** The official ContactMsgBody: `from` is the other user, `to` this user, `status` a request's text. */
export interface ContactMsgBody {
  type: 'subscribe' | 'subscribed' | 'unsubscribed';
  from: string;
  to: string;
  status: string;
}
export type EventName = keyof EventHandlerType;

/**
 * The official (deprecated) `listen({...})` callbacks: the event handlers under their legacy names
 * (onOpened = onConnected, onClosed = onDisconnected, onPictureMessage = onImageMessage). The legacy
 * `onPresence`, `onOffline` and `onOnline` are accepted and never called: contacts and presence arrive on
 * the handlers above (onContact*, onPresenceStatusChange).
 */
export interface ListenParameters extends Omit<
  EventHandlerType,
  'onConnected' | 'onDisconnected' | 'onImageMessage'
> {
  onOpened?: () => void;
  onClosed?: () => void;
  onPictureMessage?: EventHandlerType['onImageMessage'];
  onPresence?: (msg: unknown) => void;
  onOffline?: () => void;
  onOnline?: () => void;
}
