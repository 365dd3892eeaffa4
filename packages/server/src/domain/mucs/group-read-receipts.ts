// Who has read a group message (getGroupMsgReadUser, REST #103): the members whose READ_ACK of it was
// recorded (send-group-message.ts), in the order they read it, paged. Members and the app server may ask;
// the message must be one of the group's (another id reads as no receipts).
import { MessageType } from '@confab/protocol';
import type { ConversationStore } from '../ports/conversations.js';
import type { MucStore } from '../ports/mucs.js';
import type { MessageStore } from '../ports/storage.js';
import { groupQueue } from '../messages/group-fanout.js';
import { accessMuc, type MucActor } from './muc-access.js';

export interface ReadReceiptsPage {
  readers: string[];
  total: number;
  /** Offset of the next page; undefined on the last one. */
  next: number | undefined;
}

export async function groupReadReceipts(
  deps: {
    mucs: Pick<MucStore, 'get' | 'member'>;
    messages: Pick<MessageStore, 'findById'>;
    conversations: Pick<ConversationStore, 'groupReaders'>;
  },
  appId: number,
  groupId: string,
  messageId: bigint,
  actor: MucActor,
  page: { offset: number; limit: number },
): Promise<ReadReceiptsPage> {
  await accessMuc(deps, appId, groupId, actor, 'member');
  const found = await deps.messages.findById(appId, messageId);
  const m = found?.message;
  if (!m || m.recipient !== groupQueue(groupId) || m.chatType !== MessageType.GROUPCHAT)
    return { readers: [], total: 0, next: undefined };
  const { readers, total } = await deps.conversations.groupReaders(appId, messageId, page.offset, page.limit);
  const end = page.offset + readers.length;
  return { readers: readers.map((r) => r.username), total, next: end < total ? end : undefined };
}
