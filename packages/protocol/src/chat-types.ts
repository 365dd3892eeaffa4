// Which MessageBody types are chat messages: what history, conversation lists, pins and reports count.
// Acks, recalls and edits share the conversation log but are not messages a user reads. The storage
// adapters build their SQL from these constants (and from MessageType.RECALL), so a new type is added
// here once.
import { MessageType } from './msync-enums.js';

/** MessageBody types of chat messages (CHAT, GROUPCHAT, CHATROOM). */
export const CHAT_TYPES = [MessageType.CHAT, MessageType.GROUPCHAT, MessageType.CHATROOM] as const;
export type ChatType = (typeof CHAT_TYPES)[number];

export const isChatType = (type: number): type is ChatType =>
  (CHAT_TYPES as readonly number[]).includes(type);

/** CHAT_TYPES as an SQL list, e.g. `chat_type IN ${CHAT_TYPES_SQL}`. */
export const CHAT_TYPES_SQL = `(${CHAT_TYPES.join(', ')})`;

/**
 * The chat_type of a log entry that is no MessageBody: a group or room event (a MUCBody meta, spec §4.9)
 * stored in the group's log or a user's notice queue. Past every MessageBody type (100 + Meta.NameSpace
 * MUC), so history, unread counts and conversation summaries, which select CHAT_TYPES, leave it out.
 */
export const MUC_EVENT_ENTRY = 102;
