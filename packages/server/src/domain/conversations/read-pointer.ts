// Read acks move the reader's read pointer (never back): a CHANNEL_ACK marks the whole conversation up
// to the ack itself as read, a READ_ACK everything up to the acknowledged message.
import { MessageType, type MessageBody } from '@confab/protocol';
import { storedIdOf } from '../messages/message-id.js';
import type { StoredMessage, Storage } from '../ports/storage.js';

export async function advanceReadPointer(
  storage: Storage,
  ack: StoredMessage,
  body: MessageBody,
  conversationKey: string,
): Promise<void> {
  let seq: bigint | undefined;
  if (ack.chatType === MessageType.CHANNEL_ACK) seq = ack.seq;
  else if (ack.chatType === MessageType.READ_ACK) {
    const id = storedIdOf(body.ackMessageId);
    const found = id === undefined ? undefined : await storage.messages.findById(ack.appId, id);
    const m = found?.message;
    // Only a message of this conversation that the peer sent to the reader.
    if (m && m.recipient === ack.sender && m.sender === ack.recipient) seq = m.seq;
  }
  if (seq !== undefined) await storage.conversations.markRead(ack.appId, ack.sender, conversationKey, seq);
}
