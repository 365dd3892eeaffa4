// Who may act on a sent message (report, pin): only chat messages (not edits or recalls, which share
// the log) and only a member of the message's conversation. Groups and rooms do not exist yet, so the
// members are the sender and the recipient.
import { ConfabError, ErrorCode, MessageType } from '@confab/protocol';
import type { StoredMessage } from '../ports/storage.js';

export const isChatMessage = (m: StoredMessage): boolean => m.chatType <= MessageType.CHATROOM;

export const isMemberOf = (m: StoredMessage, user: string): boolean =>
  m.sender === user || m.recipient === user;

export const notMember = () =>
  new ConfabError(ErrorCode.PERMISSION_DENIED, 'not a member of this conversation');
