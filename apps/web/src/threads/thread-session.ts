// Threads of one logged-in user: start a thread on a group message (createChatThread), open one in the
// side panel (joinChatThread, then its history through the roaming API), reply in it (a group message to
// the thread id with isChatThread), thread messages as they arrive (they carry `chatThread`), and the
// overview under the parent message from history (`chatThreadOverview`) and onChatThreadChange.
import AgoraChat, { type Connection, type ReceivedMessage } from '@confab/sdk';
import type { ChatStore } from '../chat/chat-store.js';
import { toAppError } from '../chat/error-text.js';
import { fromSdkMessage } from '../chat/message-convert.js';
import type { ChatMessage } from '../chat/model.js';
import { ThreadStore } from './thread-store.js';

/** Thread messages loaded when a thread opens. */
const THREAD_PAGE = 50;

interface ThreadFields {
  chatThread?: { messageId: string; parentId: string; chatThreadName: string };
  chatThreadOverview?: { id: string; name: string; messageCount: number };
}

export class ThreadSession {
  readonly store = new ThreadStore();

  constructor(
    private readonly conn: Connection,
    private readonly chat: ChatStore,
    private readonly user: string,
    private readonly closed: () => boolean,
  ) {}

  /** Whether a received message belongs to a thread (it then stays out of the group's conversation). */
  static isThreadMessage(raw: ReceivedMessage): boolean {
    return Boolean((raw as ThreadFields).chatThread);
  }

  /** Thread overviews that came with history messages. */
  seed(raw: readonly ReceivedMessage[]): void {
    for (const m of raw) {
      const o = (m as ThreadFields).chatThreadOverview;
      if (o?.id) this.store.setOverview(m.id, { id: o.id, name: o.name, messageCount: o.messageCount });
    }
  }

  /** Thread messages as they arrive: into the open panel (the parent's count comes with onChatThreadChange). */
  receive(raw: readonly ReceivedMessage[]): void {
    for (const m of raw) {
      if (ThreadSession.isThreadMessage(m)) this.store.addMessages(m.to, [fromSdkMessage(m, this.user)]);
    }
  }

  /** onChatThreadChange events seen per thread: an own reply counts itself only when none came meanwhile. */
  private readonly events = new Map<string, number>();

  private bump(parentId: string, id: string, name: string): void {
    const o = this.store.getSnapshot().overviews[parentId];
    this.store.setOverview(parentId, { id, name: o?.name ?? name, messageCount: (o?.messageCount ?? 0) + 1 });
  }

  onChange(info: {
    id: string;
    name: string;
    operation: string;
    messageId?: string;
    messageCount?: number;
  }): void {
    const parentId = info.messageId;
    this.events.set(info.id, (this.events.get(info.id) ?? 0) + 1);
    if (info.operation === 'destroy') {
      if (parentId) this.store.setOverview(parentId, undefined);
      if (this.store.getSnapshot().open?.id === info.id) this.store.setOpen(undefined);
      return;
    }
    if (!parentId) return;
    const o = this.store.getSnapshot().overviews[parentId];
    this.store.setOverview(parentId, {
      id: info.id,
      name: info.name || o?.name || '',
      messageCount: info.messageCount ?? o?.messageCount ?? 0,
    });
    const open = this.store.getSnapshot().open;
    if (open?.id === info.id && info.name) this.store.setOpen({ ...open, name: info.name });
  }

  /** Starts a thread named `name` on group message `parent` and opens it. */
  async start(parent: ChatMessage, name: string): Promise<void> {
    try {
      const res = await this.conn.createChatThread({ parentId: parent.to, name, messageId: parent.id });
      const id = res.data.chatThreadId;
      this.store.setOverview(parent.id, { id, name, messageCount: 0 });
      await this.open(parent, { id, name });
    } catch (err) {
      this.chat.reportError(toAppError(err, 'Starting a thread'));
    }
  }

  /** Opens thread `thread` of `parent` in the side panel: joins it and loads its recent messages. */
  async open(parent: ChatMessage, thread: { id: string; name: string }): Promise<void> {
    this.store.setOpen({ id: thread.id, name: thread.name, parent, messages: [], loading: true });
    try {
      // Already a member (its creator, or joined before): the server says so; that is fine.
      await this.conn.joinChatThread({ chatThreadId: thread.id }).catch(() => undefined);
      const page = await this.conn.getHistoryMessages({
        targetId: thread.id,
        chatType: 'groupChat',
        pageSize: THREAD_PAGE,
        searchDirection: 'up',
      });
      if (this.closed()) return;
      this.store.addMessages(
        thread.id,
        page.messages.map((m) => fromSdkMessage(m, this.user)),
      );
    } catch (err) {
      this.chat.reportError(toAppError(err, `Opening the thread ${thread.name}`));
    }
    const open = this.store.getSnapshot().open;
    if (open?.id === thread.id) this.store.setOpen({ ...open, loading: false });
  }

  close(): void {
    this.store.setOpen(undefined);
  }

  /** Replies in the open thread. */
  async send(text: string): Promise<void> {
    const open = this.store.getSnapshot().open;
    if (!open) return;
    const msg = AgoraChat.message.create({
      type: 'txt',
      chatType: 'groupChat',
      to: open.id,
      msg: text,
      isChatThread: true,
    });
    const local: ChatMessage = {
      ...{ type: 'txt', id: msg.id, localId: msg.id, chatType: 'groupChat', from: this.user, to: open.id },
      ...{ text, time: msg.time, direction: 'out', state: 'sending' },
    };
    this.store.addMessages(open.id, [local]);
    const events = this.events.get(open.id) ?? 0;
    try {
      const { serverMsgId } = await this.conn.send(msg);
      this.store.updateMessage(open.id, msg.id, { id: serverMsgId, state: 'sent' });
      if ((this.events.get(open.id) ?? 0) === events) this.bump(open.parent.id, open.id, open.name);
    } catch (err) {
      const error = toAppError(err, `Replying in the thread ${open.name}`);
      this.store.updateMessage(open.id, msg.id, {
        state: 'failed',
        error: { code: error.code, message: error.message },
      });
      this.chat.reportError(error);
    }
  }
}
