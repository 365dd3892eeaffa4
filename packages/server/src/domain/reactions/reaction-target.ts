// Which message a reaction call acts on, and whether the caller may: only a chat message that was not
// recalled, and only someone who can see it (the sender or recipient of a one-to-one message, a current
// member of the message's group). Also the request checks every reaction call shares.
import { ConfabError, ErrorCode, restError } from '@confab/protocol';
import { serviceEnabled } from '../apps/app-settings.js';
import { groupOfMessage, isChatMessage, isMemberOf } from '../messages/message-membership.js';
import type { MucStore } from '../ports/mucs.js';
import type { AppRecord, MessageStore, StoredMessage } from '../ports/storage.js';

export interface TargetDeps {
  messages: Pick<MessageStore, 'findById'>;
  mucs: Pick<MucStore, 'member'>;
}

/** A message a user may react to: the message, its group (if any) and the other side of a 1:1 one. */
export interface ReactionTarget {
  message: StoredMessage;
  groupId: string | undefined;
  /** Where the message's conversation is, as its members name it: the group, or the other user. */
  peerOf(user: string): string;
}

/** 505 with Agora's exact text (agora-rest-api.md §1.4 #48) when the app has reactions switched off. */
export function requireReactions(app: AppRecord): void {
  if (!serviceEnabled(app, 'reactions'))
    throw restError('SERVICE_NOT_ENABLED', 'reaction', 'this appKey is not open reaction service!');
}

/** A reaction id: a non-empty string of at most `maxChars` characters, else 400 (SDK -3). */
export function reactionId(raw: unknown, maxChars: number): string {
  if (typeof raw !== 'string' || raw === '' || raw === 'undefined' || raw === 'null')
    throw new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, 'message (the reaction) is required');
  if ([...raw].length > maxChars)
    throw new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, `a reaction is at most ${maxChars} characters`);
  return raw;
}

const notFound = () => new ConfabError(ErrorCode.MESSAGE_NOT_FOUND, 'message not found');

/** The message if `user` can see it: 51 when there is no such chat message, 602 / 1103 for an outsider. */
export async function reactionTarget(
  deps: TargetDeps,
  appId: number,
  id: bigint,
  user: string,
): Promise<ReactionTarget> {
  const target = await visibleTarget(deps, appId, id, user);
  if (target === 'missing') throw notFound();
  if ('outsiderOf' in target)
    throw target.outsiderOf === 'direct'
      ? new ConfabError(ErrorCode.REACTION_OPERATION_IS_ILLEGAL, 'the user operation is illegal!')
      : restError('GROUP_NOT_JOINED', 'reaction', 'The user not in this group!');
  return target;
}

/** Like reactionTarget, but says what is wrong instead of throwing (list calls skip such messages). */
export async function visibleTarget(
  deps: TargetDeps,
  appId: number,
  id: bigint,
  user: string,
): Promise<ReactionTarget | 'missing' | { outsiderOf: 'direct' | 'group' }> {
  const found = await deps.messages.findById(appId, id);
  if (!found || found.recalled || !isChatMessage(found.message)) return 'missing';
  const m = found.message;
  const groupId = groupOfMessage(m);
  if (!(await isMemberOf(m, user, deps.mucs)))
    return { outsiderOf: groupId === undefined ? 'direct' : 'group' };
  return {
    message: m,
    groupId,
    peerOf: (u) => groupId ?? (m.sender === u ? m.recipient : m.sender),
  };
}
