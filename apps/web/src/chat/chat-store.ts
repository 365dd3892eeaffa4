// The app's state for one logged-in user: connection state, conversations, messages and errors.
// Immutable snapshots for React's useSyncExternalStore; every change to chats is persisted (the
// localStorage copy is a cache: the server's conversation list and history are merged into it).
import type { ChatType } from '@confab/sdk';
import { loadChats, saveChats } from './history-store.js';
import {
  conversationKey,
  type AppError,
  type ChatMessage,
  type ConnectionState,
  type Conversation,
  type HistoryState,
  type TextMessage,
} from './model.js';

/** One entry of the server's conversation list, already converted. */
export interface ServerConversationEntry {
  key: string;
  chatType: ChatType;
  peer: string;
  lastMessage: ChatMessage | undefined;
  unread: number;
  pinned: boolean;
  pinnedTime: number;
}

export interface ChatState {
  readonly me: string;
  readonly connection: ConnectionState;
  /** True between onOfflineMessageSyncStart and …Finish. */
  readonly syncing: boolean;
  /** Pinned first (latest pin first), then most recent activity first. */
  readonly conversations: readonly Conversation[];
  /** Server history paging per conversation key (this session only). */
  readonly history: Readonly<Record<string, HistoryState>>;
  readonly messages: Readonly<Record<string, readonly ChatMessage[]>>;
  readonly activeKey: string | undefined;
  /** Errors not yet dismissed, oldest first. */
  readonly errors: readonly AppError[];
  /** The app's recall window (ms), from the server's client settings (120 s until they arrive). */
  readonly recallWindowMs: number;
}

const sortByActivity = (list: Conversation[]) =>
  list.sort(
    (a, b) =>
      Number(b.pinned ?? false) - Number(a.pinned ?? false) ||
      (b.pinnedTime ?? 0) - (a.pinnedTime ?? 0) ||
      b.lastTime - a.lastTime,
  );

/** Whether the server has seen this message (so a conversation holding it exists there). */
const confirmed = (m: ChatMessage | undefined) =>
  m !== undefined &&
  m.type !== 'event' &&
  (m.direction === 'in' || (m.state !== 'sending' && m.state !== 'pending' && m.state !== 'failed'));

/** A server copy of a message we have: server content (text, edit) wins, local delivery state stays. */
function mergeCopy(local: ChatMessage, server: ChatMessage): ChatMessage {
  let next = local;
  if ((server.edited?.count ?? 0) > (local.edited?.count ?? 0)) {
    next = { ...next, edited: server.edited };
    if (next.type === 'txt' && server.type === 'txt') next = { ...next, text: server.text };
  }
  if (local.direction === 'out' && server.state === 'read' && local.state !== 'read')
    next = { ...next, state: 'read' };
  return next;
}

/** The server's default recall window, used until the app's own is known. */
export const DEFAULT_RECALL_WINDOW_MS = 120_000;

export class ChatStore {
  private state: ChatState;
  /** After logout: nothing is written to this browser any more. */
  private forgotten = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly appKey: string,
    me: string,
  ) {
    const stored = loadChats(appKey, me);
    this.state = {
      me,
      connection: 'disconnected',
      syncing: false,
      conversations: sortByActivity([...stored.conversations]),
      messages: stored.messages,
      history: {},
      activeKey: undefined,
      errors: [],
      recallWindowMs: DEFAULT_RECALL_WINDOW_MS,
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ChatState => this.state;

  private set(patch: Partial<ChatState>, persist = false): void {
    this.state = { ...this.state, ...patch };
    if (persist && !this.forgotten) {
      const failure = saveChats(this.appKey, this.state.me, {
        conversations: [...this.state.conversations],
        messages: this.state.messages as Record<string, ChatMessage[]>,
      });
      if (failure !== undefined)
        this.state = {
          ...this.state,
          errors: [
            ...this.state.errors,
            {
              id: -Date.now(),
              code: undefined,
              message: failure,
              context: 'Saving chats in this browser',
              time: Date.now(),
            },
          ],
        };
    }
    for (const listener of this.listeners) listener();
  }

  setConnection(connection: ConnectionState): void {
    if (connection !== this.state.connection) this.set({ connection });
  }

  /** Logout: stop writing to localStorage (late answers of the closed session must not bring data back). */
  forget(): void {
    this.forgotten = true;
  }

  /** Back online: messages waiting for the connection are on their way now. */
  markPendingSending(): void {
    let changed = false;
    const messages: Record<string, readonly ChatMessage[]> = {};
    for (const [key, list] of Object.entries(this.state.messages)) {
      if (!list.some((m) => m.state === 'pending')) {
        messages[key] = list;
        continue;
      }
      changed = true;
      messages[key] = list.map((m): ChatMessage => (m.state === 'pending' ? { ...m, state: 'sending' } : m));
    }
    if (changed) this.set({ messages }, true);
  }

  setRecallWindow(ms: number): void {
    if (ms !== this.state.recallWindowMs) this.set({ recallWindowMs: ms });
  }

  setSyncing(syncing: boolean): void {
    this.set({ syncing });
  }

  reportError(error: AppError): void {
    this.set({ errors: [...this.state.errors, error] });
  }

  dismissError(id: number): void {
    this.set({ errors: this.state.errors.filter((e) => e.id !== id) });
  }

  /** Creates the conversation if needed and makes it the open one (unread reset). */
  openConversation(chatType: ChatType, peer: string): string {
    const key = conversationKey(chatType, peer);
    const existing = this.state.conversations.find((c) => c.key === key);
    const conversations = existing
      ? this.state.conversations.map((c) => (c.key === key ? { ...c, unread: 0 } : c))
      : sortByActivity([
          ...this.state.conversations,
          { key, chatType, peer, lastMessage: undefined, lastTime: Date.now(), unread: 0 },
        ]);
    this.set({ conversations, activeKey: key }, true);
    return key;
  }

  /** Lists a conversation (a group just joined) without opening it; `time` orders it. */
  addConversation(chatType: ChatType, peer: string, time: number): void {
    const key = conversationKey(chatType, peer);
    if (this.state.conversations.some((c) => c.key === key)) return;
    const conversation = { key, chatType, peer, lastMessage: undefined, lastTime: time, unread: 0 };
    this.set({ conversations: sortByActivity([...this.state.conversations, conversation]) }, true);
  }

  closeConversation(): void {
    this.set({ activeKey: undefined });
  }

  /** Marks the open conversation read (e.g. when the window regains focus). */
  markRead(key: string): void {
    if (!this.state.conversations.some((c) => c.key === key && c.unread > 0)) return;
    this.set(
      { conversations: this.state.conversations.map((c) => (c.key === key ? { ...c, unread: 0 } : c)) },
      true,
    );
  }

  /**
   * Adds messages (incoming, or outgoing before sending) to their conversations. Duplicates (same id)
   * are ignored. `countUnread` decides whether an incoming message bumps its conversation's badge.
   */
  addMessages(
    items: ReadonlyArray<{ key: string; chatType: ChatType; peer: string; message: ChatMessage }>,
    countUnread: (key: string) => boolean,
  ): void {
    if (items.length === 0) return;
    const messages = { ...this.state.messages };
    const conversations = new Map(this.state.conversations.map((c) => [c.key, c]));
    for (const { key, chatType, peer, message } of items) {
      const list = messages[key] ?? [];
      if (list.some((m) => m.id === message.id || (message.localId && m.localId === message.localId)))
        continue;
      // Keep time order; offline batches can interleave with messages already shown.
      const next = [...list, message].sort((a, b) => a.time - b.time);
      messages[key] = next;
      const conv = conversations.get(key) ?? {
        key,
        chatType,
        peer,
        lastMessage: undefined,
        lastTime: 0,
        unread: 0,
      };
      const last = next[next.length - 1];
      conversations.set(key, {
        ...conv,
        lastMessage: last,
        lastTime: Math.max(conv.lastTime, last?.time ?? 0),
        unread:
          conv.unread + (message.direction === 'in' && message.type !== 'event' && countUnread(key) ? 1 : 0),
      });
    }
    this.set({ messages, conversations: sortByActivity([...conversations.values()]) }, true);
  }

  /** Updates one message, found by its current id or its local id. */
  updateMessage(key: string, id: string, patch: Partial<ChatMessage>): void {
    const list = this.state.messages[key];
    if (!list) return;
    let changed: ChatMessage | undefined;
    let next = list.map((m) => {
      if (m.id !== id && m.localId !== id) return m;
      changed = { ...m, ...patch } as ChatMessage;
      return changed;
    });
    // The server id arrived after history already brought the same message: keep one copy.
    const newId = patch.id;
    if (changed && newId !== undefined && newId !== id) {
      const kept = changed;
      next = next.filter((m) => m === kept || m.id !== newId);
    }
    if (!changed) return;
    const updated = changed;
    const conversations = this.state.conversations.map((c) =>
      c.key === key && c.lastMessage && (c.lastMessage.id === id || c.lastMessage.localId === id)
        ? { ...c, lastMessage: updated }
        : c,
    );
    this.set({ messages: { ...this.state.messages, [key]: next }, conversations }, true);
  }

  removeMessage(key: string, id: string): void {
    const list = this.state.messages[key];
    if (!list) return;
    const next = list.filter((m) => m.id !== id);
    const conversations = this.state.conversations.map((c) =>
      c.key === key ? { ...c, lastMessage: next[next.length - 1] } : c,
    );
    this.set({ messages: { ...this.state.messages, [key]: next }, conversations }, true);
  }

  /** A message recalled by its sender (either side), by server id. */
  markRecalled(serverId: string): void {
    for (const [key, list] of Object.entries(this.state.messages)) {
      if (list.some((m) => m.id === serverId)) return this.updateMessage(key, serverId, { recalled: true });
    }
  }

  /** Receipt from the peer for one of our messages, by server id; states only move forward. */
  advanceState(serverId: string, state: 'delivered' | 'read'): void {
    const rank = { pending: 0, sending: 0, failed: 0, sent: 1, delivered: 2, read: 3 } as const;
    for (const [key, list] of Object.entries(this.state.messages)) {
      const hit = list.find((m) => m.id === serverId && m.direction === 'out');
      if (hit) {
        if (rank[hit.state ?? 'sent'] < rank[state]) this.updateMessage(key, serverId, { state });
        return;
      }
    }
  }

  /** The peer read the whole conversation (a channel ack): our sent messages turn read. */
  markPeerRead(key: string): void {
    const list = this.state.messages[key];
    if (!list?.some((m) => m.direction === 'out' && (m.state === 'sent' || m.state === 'delivered'))) return;
    const next = list.map((m): ChatMessage =>
      m.direction === 'out' && (m.state === 'sent' || m.state === 'delivered') ? { ...m, state: 'read' } : m,
    );
    const conversations = this.state.conversations.map((c) =>
      c.key === key ? { ...c, lastMessage: next[next.length - 1] } : c,
    );
    this.set({ messages: { ...this.state.messages, [key]: next }, conversations }, true);
  }

  /** An edit (ours, acknowledged, or anyone's, received), by server id: new text and edit count. */
  applyEdit(serverId: string, text: string | undefined, edited: { count: number; time: number }): void {
    for (const [key, list] of Object.entries(this.state.messages)) {
      const hit = list.find((m) => m.id === serverId);
      if (!hit) continue;
      if ((hit.edited?.count ?? 0) > edited.count) return; // an older edit arriving late
      const patch: Partial<TextMessage> = { edited };
      if (text !== undefined && hit.type === 'txt') patch.text = text;
      return this.updateMessage(key, serverId, patch);
    }
  }

  /**
   * Merges the server's conversation list: the server decides last message, unread count and pin.
   * Local conversations it does not list stay unless `complete` and they hold a message the server had
   * (then they were deleted elsewhere). `viewing` is the conversation on screen: its unread stays 0.
   */
  mergeServerConversations(
    entries: readonly ServerConversationEntry[],
    complete: boolean,
    viewing: string | undefined,
  ): void {
    const messages = { ...this.state.messages };
    const byKey = new Map(this.state.conversations.map((c) => [c.key, c]));
    const listed = new Set<string>();
    for (const e of entries) {
      listed.add(e.key);
      const local = byKey.get(e.key);
      let last = e.lastMessage;
      const list = messages[e.key] ?? [];
      if (last) {
        const server = last;
        const known = list.find((m) => m.id === server.id);
        if (known) {
          last = mergeCopy(known, server);
          if (last !== known) messages[e.key] = list.map((m) => (m === known ? last! : m));
        } else {
          messages[e.key] = [...list, server].sort((a, b) => a.time - b.time);
        }
      }
      // A newer local message (arrived after the server answered, or not sent yet) stays the last one.
      const localLast = local?.lastMessage;
      if (localLast && (!last || localLast.time > last.time)) last = localLast;
      byKey.set(e.key, {
        key: e.key,
        chatType: e.chatType,
        peer: e.peer,
        lastMessage: last,
        lastTime: last?.time ?? local?.lastTime ?? 0,
        unread: e.key === viewing ? 0 : e.unread,
        pinned: e.pinned,
        pinnedTime: e.pinnedTime,
      });
    }
    if (complete) {
      for (const [key, c] of byKey) {
        if (listed.has(key) || !confirmed(c.lastMessage) || key === this.state.activeKey) continue;
        if (c.chatType === 'chatRoom') continue; // rooms are not in the server's list (src/rooms)
        byKey.delete(key);
        delete messages[key];
      }
    }
    this.set({ messages, conversations: sortByActivity([...byKey.values()]) }, true);
  }

  /**
   * Merges a page of server history into a conversation, de-duplicated by id (server content wins for
   * text and edits, local delivery state stays). History never counts as unread.
   */
  mergeHistory(key: string, chatType: ChatType, peer: string, page: readonly ChatMessage[]): void {
    const list = this.state.messages[key] ?? [];
    const byId = new Map(list.map((m) => [m.id, m]));
    let changed = false;
    const added: ChatMessage[] = [];
    const replaced = new Map<ChatMessage, ChatMessage>();
    for (const server of page) {
      const known = byId.get(server.id);
      if (!known) {
        added.push(server);
        byId.set(server.id, server);
        changed = true;
      } else {
        const merged = mergeCopy(known, server);
        if (merged !== known) {
          replaced.set(known, merged);
          changed = true;
        }
      }
    }
    if (!changed) return;
    const next = [...list.map((m) => replaced.get(m) ?? m), ...added].sort((a, b) => a.time - b.time);
    const conversations = new Map(this.state.conversations.map((c) => [c.key, c]));
    const conv = conversations.get(key) ?? {
      key,
      chatType,
      peer,
      lastMessage: undefined,
      lastTime: 0,
      unread: 0,
    };
    const last = next[next.length - 1];
    conversations.set(key, {
      ...conv,
      lastMessage: last,
      lastTime: Math.max(conv.lastTime, last?.time ?? 0),
    });
    this.set(
      {
        messages: { ...this.state.messages, [key]: next },
        conversations: sortByActivity([...conversations.values()]),
      },
      true,
    );
  }

  /**
   * What the server says about a conversation beyond its history (a new device learns it here): which of
   * our sent messages the peer has read, and the recalled messages, which history leaves out; those show
   * as "recalled" placeholders in their place (ones we hold turn into placeholders).
   */
  applyServerState(
    key: string,
    chatType: ChatType,
    peer: string,
    state: {
      read: readonly string[];
      recalled: readonly { id: string; from: string; to: string; time: number }[];
    },
  ): void {
    const list = this.state.messages[key] ?? [];
    const read = new Set(state.read);
    const recalled = new Map(state.recalled.map((r) => [r.id, r]));
    let changed = false;
    const next: ChatMessage[] = list.map((m) => {
      if (recalled.has(m.id)) {
        recalled.delete(m.id);
        if (m.recalled) return m;
        changed = true;
        return { ...m, recalled: true };
      }
      if (read.has(m.id) && m.direction === 'out' && (m.state === 'sent' || m.state === 'delivered')) {
        changed = true;
        return { ...m, state: 'read' };
      }
      return m;
    });
    for (const r of recalled.values()) {
      const direction = r.from === this.state.me ? 'out' : 'in';
      changed = true;
      next.push({
        type: 'txt',
        text: '',
        id: r.id,
        chatType,
        from: r.from,
        to: r.to,
        time: r.time,
        direction,
        recalled: true,
        ...(direction === 'out' ? { state: 'sent' as const } : { readAckSent: true }),
      });
    }
    if (!changed) return;
    next.sort((a, b) => a.time - b.time);
    const conversations = new Map(this.state.conversations.map((c) => [c.key, c]));
    const conv = conversations.get(key) ?? {
      key,
      chatType,
      peer,
      lastMessage: undefined,
      lastTime: 0,
      unread: 0,
    };
    const last = next[next.length - 1];
    conversations.set(key, {
      ...conv,
      lastMessage: last,
      lastTime: Math.max(conv.lastTime, last?.time ?? 0),
    });
    this.set(
      {
        messages: { ...this.state.messages, [key]: next },
        conversations: sortByActivity([...conversations.values()]),
      },
      true,
    );
  }

  setHistory(key: string, patch: Partial<HistoryState>): void {
    const current = this.state.history[key] ?? { cursor: '', isLast: false, loading: false };
    this.set({ history: { ...this.state.history, [key]: { ...current, ...patch } } });
  }

  setPinned(key: string, pinned: boolean, pinnedTime: number): void {
    const conversations = this.state.conversations.map((c) =>
      c.key === key ? { ...c, pinned, pinnedTime: pinned ? pinnedTime : 0 } : c,
    );
    this.set({ conversations: sortByActivity(conversations) }, true);
  }

  /** Forgets a conversation and its messages on this device (closing it when open). */
  removeConversation(key: string): void {
    const messages = { ...this.state.messages };
    delete messages[key];
    const history = { ...this.state.history };
    delete history[key];
    this.set(
      {
        messages,
        history,
        conversations: this.state.conversations.filter((c) => c.key !== key),
        activeKey: this.state.activeKey === key ? undefined : this.state.activeKey,
      },
      true,
    );
  }
}
