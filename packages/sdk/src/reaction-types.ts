// Reaction shapes of the official API (agora-chat 1.4.0 d.ts): a message's reactions, the list and
// detail answers, and the onReactionChange event.

export interface ReactionOp {
  operator: string;
  reactionType: 'create' | 'delete';
}

/** One reaction of a message: its first users and whether this user added it. */
export interface Reaction {
  reaction: string;
  count: number;
  userList: string[];
  isAddedBySelf?: boolean;
  /** In onReactionChange: what changed it. */
  op?: ReactionOp[];
}

/** onReactionChange: a reaction of a message in a conversation of this user changed. */
export interface ReactionMessage {
  from: string;
  to: string;
  chatType: 'singleChat' | 'groupChat';
  messageId: string;
  reactions: Reaction[];
  ts: number;
}

export interface ReactionListItem {
  msgId: string;
  reactionList: Reaction[];
}

export interface ReactionDetail {
  reaction: string;
  userCount: number;
  isAddedBySelf: boolean;
  userList: string[];
  cursor: string;
}
