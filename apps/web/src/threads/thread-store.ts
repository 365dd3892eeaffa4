// Threads of the group messages this session has seen (the overview under a message: name and message
// count), and the thread open in the side panel with its messages, as immutable snapshots for
// useSyncExternalStore. In memory only.
import type { ChatMessage } from '../chat/model.js';

export interface ThreadOverview {
  id: string;
  name: string;
  messageCount: number;
}

export interface OpenThread {
  id: string;
  name: string;
  /** The group message the thread hangs off. */
  parent: ChatMessage;
  messages: readonly ChatMessage[];
  loading: boolean;
}

export interface ThreadsState {
  /** By parent message id. */
  readonly overviews: Readonly<Record<string, ThreadOverview>>;
  readonly open: OpenThread | undefined;
}

export class ThreadStore {
  private state: ThreadsState = { overviews: {}, open: undefined };
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ThreadsState => this.state;

  private set(patch: Partial<ThreadsState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  setOverview(messageId: string, overview: ThreadOverview | undefined): void {
    const overviews = { ...this.state.overviews };
    if (overview) overviews[messageId] = overview;
    else delete overviews[messageId];
    this.set({ overviews });
  }

  setOpen(open: OpenThread | undefined): void {
    this.set({ open });
  }

  /** Adds messages to the open thread `id` (de-duplicated by id, oldest first). */
  addMessages(id: string, messages: readonly ChatMessage[]): void {
    const open = this.state.open;
    if (!open || open.id !== id) return;
    const byId = new Map(open.messages.map((m) => [m.id, m]));
    for (const m of messages) byId.set(m.id, m);
    const sorted = [...byId.values()].sort((a, b) => a.time - b.time);
    this.set({ open: { ...open, messages: sorted } });
  }

  updateMessage(id: string, messageId: string, patch: Partial<ChatMessage>): void {
    const open = this.state.open;
    if (!open || open.id !== id) return;
    const messages = open.messages.map((m) => (m.id === messageId ? ({ ...m, ...patch } as ChatMessage) : m));
    this.set({ open: { ...open, messages } });
  }
}
