// Who may act on a sent message (report, pin): only chat messages (not edits or recalls, which share
// the log) and only a member of the message's conversation: the sender and the recipient of a 1:1
// message, the current members of a group (its log is `g:<id>`, the messages' recipient).
import { ConfabError, ErrorCode, MessageType } from '@confab/protocol';
import type { MucStore } from '../ports/mucs.js';
import type { StoredMessage } from '../ports/storage.js';
import { queueKind, queueName } from './queue-ids.js';

export const isChatMessage = (m: StoredMessage): boolean => m.chatType <= MessageType.CHATROOM;

/** The conversation key of a stored message (its group's log, or the 1:1 pair's). */
export const groupOfMessage = (m: StoredMessage): string | undefined =>
  queueKind(m.recipient) === 'group' ? queueName(m.recipient) : undefined;

export async function isMemberOf(
  m: StoredMessage,
  user: string,
  mucs: Pick<MucStore, 'member'>,
): Promise<boolean> {
  const groupId = groupOfMessage(m);
  if (groupId === undefined) return m.sender === user || m.recipient === user;
  return (await mucs.member(m.appId, groupId, user)) !== undefined;
}

export const notMember = () =>
  new ConfabError(ErrorCode.PERMISSION_DENIED, 'not a member of this conversation');
