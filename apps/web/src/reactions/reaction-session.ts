// Reactions of one logged-in user: add and remove (addReaction, deleteReaction), the reactions history
// brings, and onReactionChange from the other side or other group members; after each change the message's
// reactions are read again (getReactionList), which says which of them are this user's.
import type { Connection, ReceivedMessage } from '@confab/sdk';
import type { ChatStore } from '../chat/chat-store.js';
import { toAppError } from '../chat/error-text.js';
import type { ChatMessage } from '../chat/model.js';
import { ReactionStore, type MessageReaction } from './reaction-store.js';

/** The picker's choices. */
export const REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'] as const;

interface SdkReaction {
  reaction: string;
  count: number;
  userList: string[];
  isAddedBySelf?: boolean;
}

export class ReactionSession {
  readonly store = new ReactionStore();

  constructor(
    private readonly conn: Connection,
    private readonly chat: ChatStore,
    private readonly user: string,
    private readonly closed: () => boolean,
  ) {}

  private convert(list: readonly SdkReaction[]): MessageReaction[] {
    return list.map((r) => ({
      reaction: r.reaction,
      count: r.count,
      users: r.userList,
      mine: r.isAddedBySelf ?? r.userList.includes(this.user),
    }));
  }

  /** Reactions that came with history messages. */
  seed(raw: readonly ReceivedMessage[]): void {
    for (const m of raw) {
      const reactions = (m as { reactions?: SdkReaction[] }).reactions;
      if (reactions && reactions.length > 0) this.store.set(m.id, this.convert(reactions));
    }
  }

  /** onReactionChange: shown at once, then read again for this user's own part. */
  onChange(event: {
    messageId: string;
    chatType: 'singleChat' | 'groupChat';
    from: string;
    to: string;
    reactions: SdkReaction[];
  }): void {
    this.store.set(event.messageId, this.convert(event.reactions));
    const groupId = event.chatType === 'groupChat' ? event.to : undefined;
    void this.reload(event.messageId, event.chatType, groupId);
  }

  private async reload(id: string, chatType: 'singleChat' | 'groupChat', groupId?: string): Promise<void> {
    try {
      const res = await this.conn.getReactionList({
        chatType,
        messageId: id,
        ...(groupId ? { groupId } : {}),
      });
      if (this.closed()) return;
      const item = res.data.find((d) => d.msgId === id);
      this.store.set(id, this.convert(item?.reactionList ?? []));
    } catch (err) {
      if (!this.closed()) this.chat.reportError(toAppError(err, 'Loading reactions'));
    }
  }

  /** Adds `reaction` to the message, or removes it when it is already this user's. */
  async toggle(message: ChatMessage, reaction: string): Promise<void> {
    if (message.chatType === 'chatRoom') return;
    const mine = this.store.getSnapshot()[message.id]?.some((r) => r.reaction === reaction && r.mine);
    try {
      if (mine) await this.conn.deleteReaction({ messageId: message.id, reaction });
      else await this.conn.addReaction({ messageId: message.id, reaction });
    } catch (err) {
      this.chat.reportError(toAppError(err, mine ? 'Removing a reaction' : 'Adding a reaction'));
    }
    const groupId = message.chatType === 'groupChat' ? message.to : undefined;
    await this.reload(message.id, message.chatType, groupId);
  }
}
