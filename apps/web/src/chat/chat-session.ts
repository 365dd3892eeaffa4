// One logged-in user: owns the SDK connection and turns its events into ChatStore updates. This is the
// file to read for how an app uses @confab/sdk.
import AgoraChat, { type ChatType, type Connection, type EventHandlerType } from '@confab/sdk';
import type { ServerSettings } from '../settings/server-settings.js';
import { ChatStore } from './chat-store.js';
import { toAppError } from './error-text.js';
import { fromSdkMessage, peerOf, type IncomingSdkMessage } from './message-convert.js';
import { conversationKey, type ChatMessage } from './model.js';

const HANDLER_ID = 'confab-web';

/** Receipts the official SDK reports; ours will once it supports them (the handlers are ready). */
interface ReceiptHandlers {
  onDeliveredMessage?: (receipt: { mid?: string; id?: string }) => void;
  onReadMessage?: (receipt: { mid?: string; id?: string }) => void;
}

export type Credentials = { user: string; pwd: string } | { user: string; accessToken: string };

export class ChatSession {
  readonly store: ChatStore;
  private readonly conn: Connection;
  private closed = false;

  constructor(
    readonly settings: ServerSettings,
    readonly user: string,
  ) {
    this.store = new ChatStore(settings.appKey, user);
    // Throws (code -3) on an app key without exactly one '#': the login form shows it.
    this.conn = new AgoraChat.connection({
      appKey: settings.appKey,
      url: settings.url,
      apiUrl: settings.apiUrl,
    });
    this.conn.addEventHandler(HANDLER_ID, this.handlers());
  }

  /** Registers a user on the app (open registration). Needs no login. */
  static async register(settings: ServerSettings, user: string, pwd: string): Promise<void> {
    const conn = new AgoraChat.connection({
      appKey: settings.appKey,
      url: settings.url,
      apiUrl: settings.apiUrl,
    });
    await conn.registerUser({ username: user, password: pwd, nickname: user });
  }

  /** Logs in; resolves with the access token to remember, rejects with the SDK's error. */
  async open(credentials: Credentials): Promise<string> {
    this.store.setConnection('connecting');
    try {
      const result = await this.conn.open(credentials);
      return result.accessToken;
    } catch (err) {
      this.store.setConnection('disconnected');
      throw err;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.conn.removeEventHandler(HANDLER_ID);
    this.conn.close();
    this.store.setConnection('disconnected');
  }

  /** Sends a text message. Failures mark the message failed and are reported, never thrown. */
  async sendText(chatType: ChatType, to: string, text: string): Promise<void> {
    const msg = AgoraChat.message.create({ type: 'txt', chatType, to, msg: text });
    const key = conversationKey(chatType, to);
    const local: ChatMessage = {
      type: 'txt',
      id: msg.id,
      localId: msg.id,
      chatType,
      from: this.user,
      to,
      text,
      time: msg.time,
      direction: 'out',
      state: 'sending',
    };
    this.store.addMessages([{ key, chatType, peer: to, message: local }], () => false);
    try {
      const { serverMsgId, message } = await this.conn.send(msg);
      this.store.updateMessage(key, msg.id, {
        id: serverMsgId,
        state: 'sent',
        time: message?.time ?? msg.time,
      });
    } catch (err) {
      const error = toAppError(err, `Sending a message to ${to}`);
      this.store.updateMessage(key, msg.id, {
        state: 'failed',
        error: { code: error.code, message: error.message },
      });
      this.store.reportError(error);
    }
  }

  /** Sends a failed message again, as a new message in place of the failed copy. */
  async retry(key: string, message: ChatMessage): Promise<void> {
    if (message.type !== 'txt') return;
    this.store.removeMessage(key, message.id);
    await this.sendText(message.chatType, message.to, message.text);
  }

  private handlers(): EventHandlerType & ReceiptHandlers {
    const store = this.store;
    return {
      onConnected: () => store.setConnection('connected'),
      onReconnecting: () => store.setConnection('reconnecting'),
      onDisconnected: (error) => {
        store.setConnection('disconnected');
        if (error) store.reportError(toAppError(error, 'Connection lost'));
      },
      onError: (error) => store.reportError(toAppError(error, 'Connection')),
      onOfflineMessageSyncStart: () => store.setSyncing(true),
      onOfflineMessageSyncFinish: () => store.setSyncing(false),
      onTokenWillExpire: () =>
        store.reportError(
          toAppError({ message: 'the session expires soon: log out and in again to renew it' }, 'Session'),
        ),
      onTokenExpired: () =>
        store.reportError(toAppError({ type: 28, message: 'the session expired' }, 'Session')),
      // onMessage carries every message of a delivery (all types, offline batches included) at once.
      onMessage: (batch) => this.receive(batch),
      onDeliveredMessage: (r) => {
        if (r.mid) store.advanceState(r.mid, 'delivered');
      },
      onReadMessage: (r) => {
        if (r.mid) store.advanceState(r.mid, 'read');
      },
    };
  }

  private receive(batch: readonly IncomingSdkMessage[]): void {
    const items = batch.map((raw) => {
      const message = fromSdkMessage(raw, this.user);
      const peer = peerOf(message, this.user);
      return { key: conversationKey(message.chatType, peer), chatType: message.chatType, peer, message };
    });
    this.store.addMessages(items, (key) => !this.isViewing(key));
  }

  /** Whether the user is looking at conversation `key` right now (no unread badge then). */
  private isViewing(key: string): boolean {
    return this.store.getSnapshot().activeKey === key && document.visibilityState === 'visible';
  }
}
