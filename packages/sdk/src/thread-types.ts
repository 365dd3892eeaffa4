// The official SDK's thread shapes (types/threadApi.d.ts of agora-chat 1.4.0).
export interface ChatThreadDetail {
  id: string;
  name: string;
  owner: string;
  created: number;
  affiliationsCount?: number;
  /** The group the thread belongs to. */
  parentId: string;
  /** The group message the thread hangs off. */
  messageId: string;
}

/** What `onChatThreadChange` hands the app. */
export interface ThreadChangeInfo {
  id: string;
  name: string;
  operator: string;
  operation: 'create' | 'update' | 'destroy' | 'userRemove';
  parentId: string;
  messageId?: string;
  messageCount?: number;
  lastMessage?: Record<string, unknown>;
  userName?: string;
  timestamp?: number;
  createTimestamp?: number;
}

/** `message.chatThread` of a thread message. */
export interface ChatThread {
  messageId: string;
  parentId: string;
  chatThreadName: string;
}

/** `message.chatThreadOverview` of a group message with a thread. */
export interface ChatThreadOverview {
  id: string;
  parentId: string;
  name: string;
  lastMessage: Record<string, unknown> | null;
  createTimestamp: number;
  updateTimestamp: number;
  messageCount: number;
}

/** What `onMultiDeviceEvent` hands the app when this user did something to a thread on another device. */
export interface ThreadMultiDeviceEvent {
  operation:
    'chatThreadCreate' | 'chatThreadDestroy' | 'chatThreadJoin' | 'chatThreadLeave' | 'chatThreadNameUpdate';
  chatThreadId: string;
  chatThreadName: string;
  parentId: string;
}
