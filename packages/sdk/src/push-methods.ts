// The official Connection methods of push settings and silent mode, added to Connection from here so
// connection.ts stays the connection. The calls are in push-calls.ts.
import { Connection } from './connection.js';
import * as calls from './push-calls.js';

type Result<T> = Promise<Record<string, unknown> & { type: 0; data: T }>;
type Mode = calls.SilentModeConversationType;
type Cb<T> = { success?: (res: T) => void; error?: (e: unknown) => void };

export interface PushMethods {
  uploadPushToken(params: calls.UploadPushTokenParams): Result<Record<string, unknown>>;
  /** @deprecated the official alias of uploadPushToken. */
  uploadToken(params: calls.UploadPushTokenParams): Result<Record<string, unknown>>;
  unbindPushToken(): Result<Record<string, unknown>>;
  setSilentModeForAll(params: { options: calls.SilentModeParam } & Cb<unknown>): Result<Mode>;
  getSilentModeForAll(params?: Cb<unknown>): Result<Mode>;
  setSilentModeForConversation(
    params: calls.ConversationParams & { options: calls.SilentModeParam } & Cb<unknown>,
  ): Result<Mode>;
  clearRemindTypeForConversation(params: calls.ConversationParams & Cb<unknown>): Result<Mode>;
  getSilentModeForConversation(params: calls.ConversationParams & Cb<unknown>): Result<Mode>;
  getSilentModeForConversations(
    params: { conversationList: { id: string; type: calls.ConversationKind }[] } & Cb<unknown>,
  ): Result<{ user: Record<string, Mode>; group: Record<string, Mode> }>;
  setPushPerformLanguage(params: { language: string } & Cb<unknown>): Result<{ language: string }>;
  getPushPerformLanguage(params?: Cb<unknown>): Result<{ language: string }>;
  getSilentModeRemindTypeConversations(params: {
    pageSize: number;
    cursor?: string;
  }): Result<{ conversations: calls.RemindTypeConversation[]; cursor: string }>;
}

declare module './connection.js' {
  // Declaration merging: the methods below are Connection's.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Connection extends PushMethods {}
}

const ctx = (c: Connection) => c.accountContext();

function upload(this: Connection, params: calls.UploadPushTokenParams) {
  return this.withCallbacks(undefined, () => calls.uploadPushToken(ctx(this), params));
}

const methods: PushMethods = {
  uploadPushToken: upload,
  uploadToken: upload,
  unbindPushToken(this: Connection) {
    return this.withCallbacks(undefined, () =>
      calls.uploadPushToken(ctx(this), { deviceId: ctx(this).resource, deviceToken: '' }),
    );
  },
  setSilentModeForAll(this: Connection, params) {
    return this.withCallbacks(params, () => calls.setSilentModeForAll(ctx(this), params));
  },
  getSilentModeForAll(this: Connection, params) {
    return this.withCallbacks(params, () => calls.getSilentModeForAll(ctx(this)));
  },
  setSilentModeForConversation(this: Connection, params) {
    return this.withCallbacks(params, () => calls.setSilentModeForConversation(ctx(this), params));
  },
  clearRemindTypeForConversation(this: Connection, params) {
    return this.withCallbacks(params, () => calls.clearRemindTypeForConversation(ctx(this), params));
  },
  getSilentModeForConversation(this: Connection, params) {
    return this.withCallbacks(params, () => calls.getSilentModeForConversation(ctx(this), params));
  },
  getSilentModeForConversations(this: Connection, params) {
    return this.withCallbacks(params, () => calls.getSilentModeForConversations(ctx(this), params));
  },
  setPushPerformLanguage(this: Connection, params) {
    return this.withCallbacks(params, () => calls.setPushPerformLanguage(ctx(this), params));
  },
  getPushPerformLanguage(this: Connection, params) {
    return this.withCallbacks(params, () => calls.getPushPerformLanguage(ctx(this)));
  },
  getSilentModeRemindTypeConversations(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.getSilentModeRemindTypeConversations(ctx(this), params));
  },
};

Object.assign(Connection.prototype, methods);
