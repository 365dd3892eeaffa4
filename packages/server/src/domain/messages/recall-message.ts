// Recall (msync spec §4.7): the sender takes back one of its messages within the app's recall window (in a
// group, the owner and admins may also take back anyone's message, at any time).
// The RECALL travels like a message: it is appended to the conversation log naming the recalled
// message (refId), so every device of both sides, online or not, learns of it in order, and history
// leaves the recalled message out from the moment the RECALL is committed.
import { ConfabError, ErrorCode, isChatType, u64ToBigInt, type MessageBody } from '@confab/protocol';
import { appSettings, serviceEnabled } from '../apps/app-settings.js';
import type { Clock } from '../ports/clock.js';
import { storedIdOf } from './message-id.js';
import type { AppRecord, Storage, StoredMessage } from '../ports/storage.js';

export interface Recaller {
  app: AppRecord;
  username: string;
  /** The app server recalls (REST): `force` lifts the recall window. */
  appServer?: { force?: boolean } | undefined;
}

/** Checks a RECALL body of a 1:1 conversation; returns the server id of the message it recalls. */
export function checkRecall(
  deps: { storage: Storage; clock: Clock },
  sender: Recaller,
  body: MessageBody,
  recipient: string,
): Promise<bigint> {
  const me = sender.username;
  return checkRecallOf(deps, sender, body, {
    inConversation: (m) =>
      (m.sender === me && m.recipient === recipient) || (m.sender === recipient && m.recipient === me),
    mayRecallOthers: false,
  });
}

export interface RecallScope {
  /** The message belongs to the conversation the RECALL was sent to. */
  inConversation: (m: StoredMessage) => boolean;
  /** May recall others' messages (a group's owner and admins), with no time limit. */
  mayRecallOthers: boolean;
}

/** Checks a RECALL body; returns the server id of the message it recalls. */
export async function checkRecallOf(
  deps: { storage: Storage; clock: Clock },
  sender: Recaller,
  body: MessageBody,
  scope: RecallScope,
): Promise<bigint> {
  if (!serviceEnabled(sender.app, 'recall'))
    throw new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'message recall disabled');
  if (u64ToBigInt(body.ackMessageId) === 0n)
    throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'recall needs the message id');
  const target = storedIdOf(body.ackMessageId);
  if (target === undefined)
    throw new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, 'message id out of range');
  const found = await deps.storage.messages.findById(sender.app.id, target);
  const m = found?.message;
  // Only a chat message of this conversation, and not recalled already.
  if (!found || !m || !scope.inConversation(m) || found.recalled || !isChatType(m.chatType))
    throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'not_found msg');
  if (m.sender !== sender.username) {
    if (!scope.mayRecallOthers)
      throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'only the sender may recall a message');
    return target;
  }
  const windowMs = appSettings(sender.app).recallWindowSeconds * 1000;
  if (sender.appServer?.force !== true && deps.clock.now() - m.createdAt > windowMs)
    throw new ConfabError(ErrorCode.MESSAGE_RECALL_TIME_LIMIT, 'exceed recall time limit');
  return target;
}
