// The app's state for one logged-in user: connection state, conversations, messages and errors.
// Immutable snapshots for React's useSyncExternalStore; every change to chats is persisted.
import type { ChatType } from '@confab/sdk';
import { loadChats, saveChats } from './history-store.js';
import {
  conversationKey,
  type AppError,
  type ChatMessage,
  type ConnectionState,
  type Conversation,
} from './model.js';

export interface ChatState {
  readonly me: string;
  readonly connection: ConnectionState;
  /** True between onOfflineMessageSyncStart and …Finish. */
  readonly syncing: boolean;
  /** Most recent activity first. */
  readonly conversations: readonly Conversation[];
  readonly messages: Readonly<Record<string, readonly ChatMessage[]>>;
  readonly activeKey: string | undefined;
  /** Errors not yet dismissed, oldest first. */
  readonly errors: readonly AppError[];
}

const sortByActivity = (list: Conversation[]) => list.sort((a, b) => b.lastTime - a.lastTime);

export class ChatStore {
  private state: ChatState;
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
      activeKey: undefined,
      errors: [],
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ChatState => this.state;

  private set(patch: Partial<ChatState>, persist = false): void {
    this.state = { ...this.state, ...patch };
    if (persist) {
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
        unread: conv.unread + (message.direction === 'in' && countUnread(key) ? 1 : 0),
      });
    }
    this.set({ messages, conversations: sortByActivity([...conversations.values()]) }, true);
  }

  /** Updates one message, found by its current id or its local id. */
  updateMessage(key: string, id: string, patch: Partial<ChatMessage>): void {
    const list = this.state.messages[key];
    if (!list) return;
    let changed: ChatMessage | undefined;
    const next = list.map((m) => {
      if (m.id !== id && m.localId !== id) return m;
      changed = { ...m, ...patch } as ChatMessage;
      return changed;
    });
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
    const rank = { sending: 0, failed: 0, sent: 1, delivered: 2, read: 3 } as const;
    for (const [key, list] of Object.entries(this.state.messages)) {
      const hit = list.find((m) => m.id === serverId && m.direction === 'out');
      if (hit) {
        if (rank[hit.state ?? 'sent'] < rank[state]) this.updateMessage(key, serverId, { state });
        return;
      }
    }
  }
}
