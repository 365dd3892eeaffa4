// Pinning a message in its conversation (agora-rest-api.md §1.3 #45–47): only a member may pin or
// unpin, only a chat message that was not recalled, and only in the conversation the caller names.
// Pins belong to the conversation (both sides of a 1:1, every member of a group see them).
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { ConversationStore } from '../ports/conversations.js';
import type { MessageStore } from '../ports/storage.js';
import type { MucStore } from '../ports/mucs.js';
import { groupQueue } from './group-fanout.js';
import { groupOfMessage, isChatMessage, isMemberOf, notMember } from './message-membership.js';
import { directConversation } from '../conversations/direct-conversation.js';

export interface PinDeps {
  messages: Pick<MessageStore, 'findById'>;
  conversations: Pick<ConversationStore, 'pinMessage' | 'unpinMessage'>;
  mucs: Pick<MucStore, 'member'>;
}

export interface PinInput {
  /** The caller. */
  me: string;
  /** The conversation's key, as the caller named it. */
  conversationKey: string;
  messageId: bigint;
}

/** The exact text the official SDK maps to 51 on a 404 (§2). */
const pinTargetMissing = () =>
  new ConfabError(ErrorCode.MESSAGE_NOT_FOUND, 'user session pin message not exist');

/**
 * The conversation of `me` with `peer`, or the group `peer` (`group`); a chat room has no pins here, so
 * nobody is a member of one (603).
 */
export function pinConversationKey(me: string, peer: string, kind: 'direct' | 'group' | 'other'): string {
  if (kind === 'group') return groupQueue(peer);
  if (kind !== 'direct') throw notMember();
  return directConversation(me, peer).key;
}

async function checkTarget(deps: PinDeps, appId: number, input: PinInput): Promise<void> {
  const found = await deps.messages.findById(appId, input.messageId);
  if (!found || found.recalled || !isChatMessage(found.message)) throw pinTargetMissing();
  const m = found.message;
  if (!(await isMemberOf(m, input.me, deps.mucs))) throw notMember();
  const key = groupOfMessage(m) === undefined ? directConversation(m.sender, m.recipient).key : m.recipient;
  if (key !== input.conversationKey) throw pinTargetMissing();
}

/** Pins (again: refreshes operator and time); returns the pin time. */
export async function pinMessage(deps: PinDeps, appId: number, input: PinInput, at: number): Promise<number> {
  await checkTarget(deps, appId, input);
  await deps.conversations.pinMessage(appId, input.conversationKey, input.messageId, input.me, at);
  return at;
}

/** Unpins; 51 when the message is not pinned. */
export async function unpinMessage(deps: PinDeps, appId: number, input: PinInput): Promise<void> {
  await checkTarget(deps, appId, input);
  if (!(await deps.conversations.unpinMessage(appId, input.conversationKey, input.messageId)))
    throw pinTargetMissing();
}
