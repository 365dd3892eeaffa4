// One logged-in user: owns the SDK connection and turns its events into ChatStore updates. This is the
// file to read for how an app uses @confab/sdk.
import AgoraChat, {
  type ChatType,
  type Connection,
  type EventHandlerType,
  type ReceivedMessage,
} from '@confab/sdk';
import type { ServerSettings } from '../settings/server-settings.js';
import { ChatStore } from './chat-store.js';
import { toAppError } from './error-text.js';
import { fromSdkMessage, peerOf } from './message-convert.js';
import { conversationKey, type AttachmentMessage, type ChatMessage } from './model.js';

const HANDLER_ID = 'confab-web';

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

  /** Uploads a picked file and sends it as an image (image/*) or a file message. */
  async sendFile(chatType: ChatType, to: string, file: File): Promise<void> {
    const type = file.type.startsWith('image/') ? 'img' : 'file';
    const msg = AgoraChat.message.create({
      type,
      chatType,
      to,
      file: { data: file, filename: file.name, filetype: file.type },
      filename: file.name,
      file_length: file.size,
    });
    const key = conversationKey(chatType, to);
    const local: AttachmentMessage = {
      ...{ type, id: msg.id, localId: msg.id, chatType, from: this.user, to, time: msg.time },
      ...{ direction: 'out', state: 'sending', url: '', secret: '', filename: file.name, size: file.size },
    };
    this.store.addMessages([{ key, chatType, peer: to, message: local }], () => false);
    try {
      const { serverMsgId, message } = await this.conn.send(msg);
      const sent = message ? fromSdkMessage(message, this.user) : undefined;
      const uploaded = sent && sent.type === type ? { url: sent.url, secret: sent.secret } : {};
      this.store.updateMessage(key, msg.id, {
        ...uploaded,
        id: serverMsgId,
        state: 'sent',
        time: message?.time ?? msg.time,
      });
    } catch (err) {
      const error = toAppError(err, `Sending ${file.name} to ${to}`);
      this.store.updateMessage(key, msg.id, {
        state: 'failed',
        error: { code: error.code, message: error.message },
      });
      this.store.reportError(error);
    }
  }

  /** Takes back one of our sent messages (the server decides whether it is still allowed). */
  async recall(key: string, message: ChatMessage): Promise<void> {
    try {
      await this.conn.recallMessage({ mid: message.id, to: message.to, chatType: message.chatType });
      this.store.updateMessage(key, message.id, { recalled: true });
    } catch (err) {
      this.store.reportError(toAppError(err, 'Recalling a message'));
    }
  }

  /** The bytes of an attachment, fetched with this session's token. */
  async download(message: AttachmentMessage): Promise<Blob> {
    const bytes = await this.conn.downloadFile(message.url, message.secret);
    return new Blob([bytes as Uint8Array<ArrayBuffer>]);
  }

  /** Tells the senders that the incoming messages of conversation `key` have been read. */
  acknowledgeRead(key: string): void {
    const list = this.store.getSnapshot().messages[key] ?? [];
    for (const m of list) {
      if (m.direction !== 'in' || m.readAckSent || m.chatType !== 'singleChat') continue;
      this.store.updateMessage(key, m.id, { readAckSent: true });
      const ack = AgoraChat.message.create({ type: 'read', chatType: 'singleChat', to: m.from, id: m.id });
      this.conn.send(ack).catch((err: unknown) => {
        this.store.updateMessage(key, m.id, { readAckSent: false });
        this.store.reportError(toAppError(err, `Sending a read receipt to ${m.from}`));
      });
    }
  }

  /** Sends a failed message again, as a new message in place of the failed copy. */
  async retry(key: string, message: ChatMessage): Promise<void> {
    if (message.type !== 'txt') return;
    this.store.removeMessage(key, message.id);
    await this.sendText(message.chatType, message.to, message.text);
  }

  private handlers(): EventHandlerType {
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
      onDeliveredMessage: (r) => store.advanceState(r.mid, 'delivered'),
      onReadMessage: (r) => store.advanceState(r.mid, 'read'),
      onRecallMessage: (r) => store.markRecalled(r.mid),
    };
  }

  private receive(batch: readonly ReceivedMessage[]): void {
    const items = batch.map((raw) => {
      const message = fromSdkMessage(raw, this.user);
      const peer = peerOf(message, this.user);
      return { key: conversationKey(message.chatType, peer), chatType: message.chatType, peer, message };
    });
    this.store.addMessages(items, (key) => !this.isViewing(key));
    const active = this.store.getSnapshot().activeKey;
    if (active && this.isViewing(active)) this.acknowledgeRead(active);
  }

  /** Whether the user is looking at conversation `key` right now (no unread badge then). */
  private isViewing(key: string): boolean {
    return this.store.getSnapshot().activeKey === key && document.visibilityState === 'visible';
  }
}
