// One logged-in user: owns the SDK connection and turns its events into ChatStore updates. This is the
// file to read for how an app uses @confab/sdk: login, live events, sending, and the server's
// conversation list and history (merged into the local cache, which keeps working offline).
import { PushSession } from '../push/push-session.js';
import AgoraChat, {
  getClientSettings,
  getConversationState,
  requestFreshToken,
  type ChatType,
  type ClientSettings,
  type Connection,
  type EventHandlerType,
  type ReceivedMessage,
} from '@confab/sdk';
import { ContactSession } from '../contacts/contact-session.js';
import { GroupSession } from '../groups/group-session.js';
import { ReactionSession } from '../reactions/reaction-session.js';
import { RoomSession } from '../rooms/room-session.js';
import { ThreadSession } from '../threads/thread-session.js';
import type { ServerSettings } from '../settings/server-settings.js';
import { ChatStore, type ServerConversationEntry } from './chat-store.js';
import { toAppError } from './error-text.js';
import { editedOf, fromSdkMessage, peerOf } from './message-convert.js';
import { conversationKey, type AttachmentMessage, type ChatMessage, type Conversation } from './model.js';

const HANDLER_ID = 'confab-web';

/** Messages per server history page (the server allows 1–50). */
export const HISTORY_PAGE = 30;
/** Server conversation list: page size, and how many pages at most are read at login. */
const LIST_PAGE = 50;
const MAX_LIST_PAGES = 20;

export type Credentials = { user: string; pwd: string } | { user: string; accessToken: string };

/** A failed token renewal is tried again after this long (while the old token still lives). */
const RENEW_RETRY_MS = 2_000;

export class ChatSession {
  readonly store: ChatStore;
  /** Groups: the joined list, group actions and events (src/groups). */
  readonly groups: GroupSession;
  /** Contacts, requests, blocklist, presence and profiles (src/contacts). */
  readonly contacts: ContactSession;
  /** Chat rooms: the app's rooms, join/leave, member counts and topics (src/rooms). */
  readonly rooms: RoomSession;
  /** Reactions on messages (src/reactions). */
  readonly reactions: ReactionSession;
  /** Threads on group messages (src/threads). */
  readonly threads: ThreadSession;
  /** Do-not-disturb settings and browser notifications (src/push). */
  readonly push: PushSession;
  private readonly conn: Connection;
  private closed = false;
  /** Logged in at least once: server calls are possible. */
  private opened = false;
  /** A conversation list refresh is running / another one was asked for meanwhile. */
  private refreshing = false;
  private refreshAgain = false;
  /** The session's current token (from login, then from each renewal). */
  private token = '';
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  private renewing = false;
  /** The token expired before it could be renewed: no more renewal attempts. */
  private renewExpired = false;
  /** Called with every renewed token, so a reload logs back in with a live one. */
  onTokenRenewed: ((accessToken: string) => void) | undefined;
  private readonly onOnline = () => this.reconnectNow();

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
      // Never give up after a drop: the SDK's back-off (1–2 s, then 3–6 s, then 5–10 s between attempts)
      // goes on until the server is back; "Reconnect now" and the browser's `online` event skip the wait.
      autoReconnectNumMax: Number.POSITIVE_INFINITY,
    });
    this.groups = new GroupSession(this.conn, this.store, settings.appKey, user, () => this.closed);
    this.contacts = new ContactSession(this.conn, this.store, user, () => this.closed);
    this.rooms = new RoomSession(this.conn, this.store, user, () => this.closed);
    this.reactions = new ReactionSession(this.conn, this.store, user, () => this.closed);
    this.threads = new ThreadSession(this.conn, this.store, user, () => this.closed);
    this.push = new PushSession(this.conn, settings, () => this.token);
    this.conn.addEventHandler(HANDLER_ID, this.handlers());
  }

  /** The app's client settings (user id rules, recall window); needs no login. */
  static async clientSettings(settings: ServerSettings): Promise<ClientSettings> {
    const conn = new AgoraChat.connection({
      appKey: settings.appKey,
      url: settings.url,
      apiUrl: settings.apiUrl,
    });
    return getClientSettings(conn);
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
      this.opened = true;
      this.token = result.accessToken;
      if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
      void this.loadClientSettings();
      void this.refreshConversations();
      void this.groups.refresh();
      void this.contacts.refresh();
      void this.rooms.refreshJoined();
      return result.accessToken;
    } catch (err) {
      this.store.setConnection('disconnected');
      throw err;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.renewTimer);
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
    this.conn.removeEventHandler(HANDLER_ID);
    this.contacts.close();
    this.conn.close();
    this.store.setConnection('disconnected');
  }

  /** Logout: this session's data is no longer written to the browser (see forgetLocalData). */
  forgetLocalData(): void {
    this.store.forget();
    this.groups.store.forget();
  }

  /**
   * "Reconnect now": while the SDK waits between reconnect attempts, try at once; after it gave up (a
   * final error), log in again with the session's token. Messages written meanwhile wait in the SDK's
   * queue and go out after the login.
   */
  reconnectNow(): void {
    if (this.closed || !this.opened) return;
    if (this.conn.reconnectNow()) return;
    if (this.store.getSnapshot().connection !== 'disconnected' || this.conn.isOpened()) return;
    this.store.setConnection('connecting');
    this.conn.open({ user: this.user, accessToken: this.token }).then(
      () => undefined,
      (err: unknown) => {
        if (this.closed) return;
        this.store.setConnection('disconnected');
        this.store.reportError(toAppError(err, 'Reconnecting'));
      },
    );
  }

  private async loadClientSettings(): Promise<void> {
    try {
      const settings = await getClientSettings(this.conn);
      if (!this.closed) this.store.setRecallWindow(settings.recallWindowSeconds * 1000);
    } catch {
      // Older servers: the default window (120 s) stays; the server still decides each recall.
    }
  }

  /**
   * Renews the session's token before it expires (onTokenWillExpire, at 80 % of its lifetime): a fresh
   * token from the server for the current one, adopted by the SDK (renewToken), so later reconnects and
   * REST calls use it and a reload logs back in with it. A failure (server away) is retried until the old
   * token is gone.
   */
  private async renewToken(): Promise<void> {
    if (this.closed || this.renewing) return;
    this.renewing = true;
    clearTimeout(this.renewTimer);
    try {
      const fresh = await requestFreshToken(this.conn);
      await this.conn.renewToken(fresh.accessToken);
      if (this.closed) return;
      this.token = fresh.accessToken;
      this.onTokenRenewed?.(fresh.accessToken);
    } catch {
      if (!this.closed && !this.renewExpired)
        this.renewTimer = setTimeout(() => void this.renewToken(), RENEW_RETRY_MS);
    } finally {
      this.renewing = false;
    }
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
      // Offline: the SDK keeps it and sends it after the reconnect; shown as waiting meanwhile.
      state: this.store.getSnapshot().connection === 'connected' ? 'sending' : 'pending',
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

  /**
   * Loads the server's conversation list (every page, up to a limit) and merges it into the store: the
   * server decides last message, unread count and pin. Runs at login, after the offline sync and after
   * reconnecting; calls made while one runs coalesce into one more run.
   */
  async refreshConversations(): Promise<void> {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.refreshAgain = false;
        const entries: ServerConversationEntry[] = [];
        let cursor = '';
        let complete = false;
        for (let i = 0; i < MAX_LIST_PAGES && !this.closed; i++) {
          const page = await this.conn.getServerConversations({ pageSize: LIST_PAGE, cursor });
          for (const c of page.data.conversations) entries.push(this.entryOf(c));
          cursor = page.data.cursor;
          if (!cursor) {
            complete = true;
            break;
          }
        }
        if (this.closed) return;
        const active = this.store.getSnapshot().activeKey;
        const viewing = active && this.isViewing(active) ? active : undefined;
        const unreadOnServer = entries.find((e) => e.key === viewing && e.unread > 0);
        this.store.mergeServerConversations(entries, complete, viewing);
        void this.contacts.watch(entries.filter((e) => e.chatType === 'singleChat').map((e) => e.peer));
        if (unreadOnServer) this.sendChannelAck(unreadOnServer.chatType, unreadOnServer.peer);
      } while (this.refreshAgain && !this.closed);
    } catch (err) {
      if (!this.closed) this.store.reportError(toAppError(err, 'Loading the conversation list'));
    } finally {
      this.refreshing = false;
    }
  }

  private entryOf(c: {
    conversationId: string;
    conversationType: 'singleChat' | 'groupChat';
    isPinned: boolean;
    pinnedTime: number;
    unReadCount: number;
    lastMessage: Record<string, unknown> | null;
  }): ServerConversationEntry {
    const raw = c.lastMessage;
    const last =
      raw && typeof raw['id'] === 'string'
        ? fromSdkMessage(raw as unknown as ReceivedMessage, this.user)
        : undefined;
    return {
      key: conversationKey(c.conversationType, c.conversationId),
      chatType: c.conversationType,
      peer: c.conversationId,
      lastMessage: last && last.direction === 'in' ? { ...last, readAckSent: true } : last,
      unread: c.unReadCount,
      pinned: c.isPinned,
      pinnedTime: c.pinnedTime,
    };
  }

  /**
   * Opens a conversation: unread cleared here and on the server (a channel ack), and the newest page
   * of its server history loaded the first time in this session.
   */
  openConversation(chatType: ChatType, peer: string): string {
    const key = conversationKey(chatType, peer);
    const before = this.store.getSnapshot().conversations.find((c) => c.key === key);
    this.store.openConversation(chatType, peer);
    if (chatType === 'singleChat') void this.contacts.watch([peer]);
    if (before && before.unread > 0) this.sendChannelAck(chatType, peer);
    if (!this.store.getSnapshot().history[key]) void this.loadOlder(key);
    return key;
  }

  /** The open conversation was looked at again (window focus): clear its unread here and there. */
  markRead(key: string): void {
    const conv = this.store.getSnapshot().conversations.find((c) => c.key === key);
    if (!conv || conv.unread === 0) return;
    this.store.markRead(key);
    this.sendChannelAck(conv.chatType, conv.peer);
  }

  /** Tells the server (and a 1:1 peer) that the whole conversation has been read. */
  private sendChannelAck(chatType: ChatType, peer: string): void {
    if (chatType === 'chatRoom' || !this.opened) return;
    const ack = AgoraChat.message.create({ type: 'channel', chatType, to: peer });
    this.conn.send(ack).catch((err: unknown) => {
      if (!this.closed) this.store.reportError(toAppError(err, `Marking the chat with ${peer} read`));
    });
  }

  /** Whether the server may have messages older than those loaded (or none loaded yet). */
  hasOlderOnServer(key: string): boolean {
    return this.store.getSnapshot().history[key]?.isLast !== true;
  }

  /**
   * Loads the next older page of server history for conversation `key` (the newest page first) and
   * merges it, de-duplicated by message id with what is already there.
   */
  async loadOlder(key: string): Promise<void> {
    const conv = this.store.getSnapshot().conversations.find((c) => c.key === key);
    const history = this.store.getSnapshot().history[key];
    if (!conv || !this.opened || history?.loading || history?.isLast) return;
    this.store.setHistory(key, { loading: true });
    try {
      const page = await this.conn.getHistoryMessages({
        targetId: conv.peer,
        chatType: conv.chatType,
        pageSize: HISTORY_PAGE,
        cursor: history?.cursor || null,
        searchDirection: 'up',
      });
      if (this.closed) return;
      this.reactions.seed(page.messages);
      this.threads.seed(page.messages);
      const messages = page.messages.map((raw) => {
        const m = fromSdkMessage(raw, this.user);
        // History is read by opening it: the channel ack covers it, no read receipt per message.
        return m.direction === 'in' ? { ...m, readAckSent: true } : m;
      });
      this.store.mergeHistory(key, conv.chatType, conv.peer, messages);
      // The first page of this session: read ticks and recalls from the server (a new device has none).
      if (!history && conv.chatType !== 'chatRoom') void this.loadServerState(key, conv.chatType, conv.peer);
      this.store.setHistory(key, {
        cursor: page.cursor,
        isLast: page.isLast || page.messages.length === 0 || !page.cursor,
        loading: false,
      });
    } catch (err) {
      if (this.closed) return;
      this.store.setHistory(key, { loading: false });
      this.store.reportError(toAppError(err, `Loading older messages with ${conv.peer}`));
    }
  }

  /**
   * Which of our sent messages the peer read and which messages were recalled, as the server has them:
   * history carries neither, so without this a new device shows no read ticks and no recall placeholders.
   */
  private async loadServerState(key: string, chatType: 'singleChat' | 'groupChat', peer: string) {
    try {
      const state = await getConversationState(this.conn, {
        conversationId: peer,
        conversationType: chatType,
      });
      if (!this.closed) this.store.applyServerState(key, chatType, peer, state);
    } catch (err) {
      if (!this.closed) this.store.reportError(toAppError(err, `Loading read receipts with ${peer}`));
    }
  }

  /** Pins or unpins a conversation on the server; pinned ones are listed first. */
  async setPinned(conv: Conversation, pinned: boolean): Promise<void> {
    if (conv.chatType === 'chatRoom') return;
    try {
      const res = await this.conn.pinConversation({
        conversationId: conv.peer,
        conversationType: conv.chatType,
        isPinned: pinned,
      });
      this.store.setPinned(conv.key, res.data.isPinned, res.data.pinnedTime);
    } catch (err) {
      this.store.reportError(
        toAppError(err, `${pinned ? 'Pinning' : 'Unpinning'} the chat with ${conv.peer}`),
      );
    }
  }

  /** Deletes a conversation and its history for this user (on the server, then here). */
  async deleteConversation(conv: Conversation): Promise<void> {
    const list = this.store.getSnapshot().messages[conv.key] ?? [];
    const onServer = list.some(
      (m) => m.direction === 'in' || (m.state !== 'sending' && m.state !== 'failed'),
    );
    try {
      if (onServer && conv.chatType !== 'chatRoom')
        await this.conn.deleteConversation({ channel: conv.peer, chatType: conv.chatType, deleteRoam: true });
      this.store.removeConversation(conv.key);
    } catch (err) {
      this.store.reportError(toAppError(err, `Deleting the chat with ${conv.peer}`));
    }
  }

  /** Replaces the text of one of our sent text messages; resolves false (error reported) on failure. */
  async editText(message: ChatMessage, text: string): Promise<boolean> {
    if (message.type !== 'txt') return false;
    try {
      const res = await this.conn.modifyMessage({
        messageId: message.id,
        modifiedMessage: AgoraChat.message.create({
          type: 'txt',
          chatType: message.chatType,
          to: message.to,
          msg: text,
        }),
      });
      const info = res.modifiedInfo;
      this.store.applyEdit(message.id, text, {
        count: info?.operationCount ?? (message.edited?.count ?? 0) + 1,
        time: info?.operationTime ?? Date.now(),
      });
      return true;
    } catch (err) {
      this.store.reportError(toAppError(err, 'Editing a message'));
      return false;
    }
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
      onConnected: () => {
        store.setConnection('connected');
        store.markPendingSending();
        // After a reconnect: what changed meanwhile (the login itself refreshes in open()).
        if (this.opened) {
          void this.refreshConversations();
          void this.groups.refresh();
          void this.contacts.refresh();
          void this.rooms.refreshJoined();
        }
      },
      onReconnecting: () => store.setConnection('reconnecting'),
      onDisconnected: (error) => {
        store.setConnection('disconnected');
        if (error) store.reportError(toAppError(error, 'Connection lost'));
      },
      onError: (error) => {
        // Every failed reconnect attempt reports "disconnected" (16): the header already says so.
        if (error.type === 16 && store.getSnapshot().connection === 'reconnecting') return;
        store.reportError(toAppError(error, 'Connection'));
      },
      onOfflineMessageSyncStart: () => store.setSyncing(true),
      onOfflineMessageSyncFinish: () => {
        store.setSyncing(false);
        // The server's unread counts already include what the sync delivered.
        if (this.opened) void this.refreshConversations();
      },
      onTokenWillExpire: () => void this.renewToken(),
      onTokenExpired: () => {
        // Too late to renew (the SDK closes the connection): stop retrying, say so.
        clearTimeout(this.renewTimer);
        this.renewExpired = true;
        store.reportError(toAppError({ type: 56, message: 'the session expired' }, 'Session'));
      },
      // onMessage carries every message of a delivery (all types, offline batches included) at once.
      onMessage: (batch) => this.receive(batch),
      onDeliveredMessage: (r) => store.advanceState(r.mid, 'delivered'),
      onReadMessage: (r) => store.advanceState(r.mid, 'read'),
      onRecallMessage: (r) => store.markRecalled(r.mid),
      onModifiedMessage: (m) =>
        store.applyEdit(
          m.id,
          m.type === 'txt' ? m.msg : undefined,
          editedOf(m) ?? { count: 1, time: Date.now() },
        ),
      // The peer read the whole conversation, or another device of ours did.
      onGroupEvent: (event) => this.groups.onEvent(event),
      onChatroomEvent: (event) => this.rooms.onEvent(event),
      onReactionChange: (event) => this.reactions.onChange(event),
      onChatThreadChange: (info) => this.threads.onChange(info),
      onChannelMessage: (ack) => {
        if (ack.from === this.user || ack.from.startsWith(`${this.user}/`))
          store.markRead(conversationKey('singleChat', ack.to));
        else store.markPeerRead(conversationKey('singleChat', ack.from));
      },
    };
  }

  private receive(all: readonly ReceivedMessage[]): void {
    // Thread messages go to the thread panel, not into the group's conversation.
    this.threads.receive(all);
    const batch = all.filter((raw) => !ThreadSession.isThreadMessage(raw));
    if (batch.length === 0) return;
    const items = batch.map((raw) => {
      const message = fromSdkMessage(raw, this.user);
      const peer = peerOf(message, this.user);
      return { key: conversationKey(message.chatType, peer), chatType: message.chatType, peer, message };
    });
    this.store.addMessages(items, (key) => !this.isViewing(key));
    void this.contacts.watch(items.filter((i) => i.chatType === 'singleChat').map((i) => i.peer));
    const active = this.store.getSnapshot().activeKey;
    if (active && this.isViewing(active)) this.acknowledgeRead(active);
  }

  /** Whether the user is looking at conversation `key` right now (no unread badge then). */
  private isViewing(key: string): boolean {
    return this.store.getSnapshot().activeKey === key && document.visibilityState === 'visible';
  }
}
