// What each user keeps about a conversation on the server (REST spec §1.3): its read pointer, pin, marks,
// one-way deletions, and what acts on messages after they were sent (edits, reports, pinned messages).
// Adapters implement it next to the MessageStore (same tables); the domain never sees SQL.
import type { HistoryQuery, StoredMessage } from './storage.js';

/**
 * One conversation as one member sees it. A group member sees the group's whole history (as Agora's
 * roaming does), but counts unread messages only from where it joined (`conversation_members.start_seq`).
 */
export interface ConversationSummary {
  key: string;
  /** How the member names it: the peer's id for 1:1. */
  queue: string;
  /** The newest message the member can still see (edited body, recalled and deleted ones left out). */
  lastMessage: StoredMessage | undefined;
  /** Chat messages of the others after the member's read pointer. */
  unread: number;
  /** When the member pinned it (ms), undefined when not pinned. */
  pinnedAt: number | undefined;
  /** Marks 0..19 set on it. */
  marks: number[];
  /** Deleted from the member's list up to this position: shown again only for a newer message. */
  hiddenSeq: bigint;
}

export interface MessageEdit {
  /** Edits so far, this one included. */
  count: number;
  /** The message's current Meta (new body), what history and pins return. */
  meta: Uint8Array;
  editedAt: number;
  operator: string;
}

export interface MessageReport {
  appId: number;
  reporter: string;
  messageId: bigint;
  reportType: string;
  reason: string;
  createdAt: number;
}

/** One member's read receipt of a group message (getGroupMsgReadUser). */
export interface GroupReader {
  username: string;
  readAt: number;
}

export interface PinnedMessage {
  message: StoredMessage;
  operator: string;
  pinnedAt: number;
}

export interface ConversationStore {
  /** Every conversation the user is a member of, in no particular order. */
  summaries(appId: number, owner: string): Promise<ConversationSummary[]>;
  /**
   * History as `owner` sees it: chat messages, recalled ones and the owner's one-way deletions left out,
   * edited messages with their current body.
   */
  history(appId: number, owner: string, key: string, query: HistoryQuery): Promise<StoredMessage[]>;
  /** The owner's read pointer (0 before any read); undefined when the owner is no member (issue 18). */
  readSeq(appId: number, owner: string, key: string): Promise<bigint | undefined>;
  /**
   * Recalled chat messages of the conversation as `owner` saw them (one-way deletions and clears left
   * out), newest first, at most `limit`: what a new device shows as "recalled" placeholders (issue 18).
   */
  recalledMessages(appId: number, owner: string, key: string, limit: number): Promise<StoredMessage[]>;
  /** Moves the owner's read pointer forward to `seq` (never back). */
  markRead(appId: number, owner: string, key: string, seq: bigint): Promise<void>;
  /** Pins (`pinnedAt`) or unpins (undefined); false when the user has no such conversation. */
  setPinned(appId: number, owner: string, key: string, pinnedAt: number | undefined): Promise<boolean>;
  /** Sets or clears one mark; false when the user has no such conversation. */
  setMark(appId: number, owner: string, key: string, mark: number, on: boolean): Promise<boolean>;
  /**
   * Deletes the conversation from the owner's list (until a newer message); with `history` also every
   * message up to now for the owner. False when the user has no such conversation.
   */
  hide(appId: number, owner: string, key: string, history: boolean): Promise<boolean>;
  /** One-way deletion of messages of the conversation, for the owner only. */
  deleteMessages(appId: number, owner: string, key: string, ids: readonly bigint[]): Promise<void>;
  /** One-way deletion of every message sent before `beforeMs`, for the owner only (never lowered). */
  deleteBefore(appId: number, owner: string, key: string, beforeMs: number): Promise<void>;
  /** The edit state of a message, if it was ever edited. */
  editOf(appId: number, messageId: bigint): Promise<MessageEdit | undefined>;
  /** Stores an edit when the message has `expectedCount` edits (compare-and-set); false otherwise. */
  recordEdit(appId: number, messageId: bigint, edit: MessageEdit, expectedCount: number): Promise<boolean>;
  saveReport(report: MessageReport): Promise<void>;
  /** Pins a message in its conversation (again: refreshes operator and time). */
  pinMessage(appId: number, key: string, messageId: bigint, operator: string, at: number): Promise<void>;
  /** False when the message was not pinned. */
  unpinMessage(appId: number, key: string, messageId: bigint): Promise<boolean>;
  /** Pinned messages of a conversation, newest pin first, recalled ones left out. */
  pinnedMessages(appId: number, key: string, limit: number, offset: number): Promise<PinnedMessage[]>;
  /**
   * Records that `reader` read a group message (a second receipt of the same reader changes nothing);
   * returns how many members have read it, and whether this receipt was the reader's first.
   */
  recordGroupRead(
    appId: number,
    messageId: bigint,
    reader: string,
    at: number,
  ): Promise<{ count: number; first: boolean }>;
  /** Readers of a group message in the order they read it, from `offset`, at most `limit`; and how many. */
  groupReaders(
    appId: number,
    messageId: bigint,
    offset: number,
    limit: number,
  ): Promise<{ readers: GroupReader[]; total: number }>;
}
