// A message in a thread: the official SDK sends it as a group message (MessageBody.type GROUPCHAT) to the
// thread's id, with `MessageBody.meta` = `{"thread":{}}` (isChatThread). It is committed once in the
// thread's log (`t:<id>`, whose member rows the ThreadStore writes with the memberships), so it reaches
// the thread's members only, online (a queue hint per member, with the entry for the push path) and
// offline (their devices drain the log at login). Receivers get MessageBody.meta
// `{"thread":{msg_parent_id, muc_parent_id, thread_name}}`, which the SDK shows as `message.chatThread`.
// The thread counts the message and the group is told (`update_msg`, with the last message).
import {
  ConfabError,
  Domain,
  ErrorCode,
  MessageType,
  NameSpace,
  RouteType,
  msync,
  toU64,
  u64ToString,
  type MessageBody,
  type Meta,
} from '@confab/protocol';
import { appSettings } from '../apps/app-settings.js';
import { checkGroupSend, groupSendStores } from '../mucs/check-group-send.js';
import type { MessagingDeps, SendResult, Sender } from '../messages/messaging.js';
import { checkMessageFields, checkMessageSize } from '../messages/message-size.js';
import type { QueueHint } from '../ports/bus.js';
import type { Logger } from '../ports/logger.js';
import type { NewMessage } from '../ports/storage.js';
import { threadConversationKey } from '../ports/threads.js';
import { threadNotFound } from './thread-deps.js';
import { notifyGroupOfThread } from './thread-events.js';

/** True when a client's group message body is a thread message (`meta.thread` present). */
export function isThreadMessage(body: MessageBody): boolean {
  if (!body.meta) return false;
  try {
    const meta = JSON.parse(body.meta) as unknown;
    return typeof meta === 'object' && meta !== null && 'thread' in meta;
  } catch {
    return false;
  }
}

/**
 * A thread message, or a receipt of one (acknowledged, nothing kept: receipts in threads are not offered).
 * Recalling or editing thread messages is not offered yet (503).
 */
export async function sendToThread(
  deps: MessagingDeps,
  sender: Sender,
  meta: Meta,
  body: MessageBody,
  type: number,
  threadId: string,
): Promise<SendResult> {
  const queue = threadConversationKey(threadId);
  switch (type) {
    case MessageType.GROUPCHAT:
      return sendThreadMessage(deps, sender, meta, body, threadId);
    case MessageType.READ_ACK:
    case MessageType.DELIVER_ACK:
    case MessageType.CHANNEL_ACK:
      return { serverId: deps.ids.next(), timestamp: deps.clock.now(), hints: [], ownQueue: queue };
    default:
      throw new ConfabError(ErrorCode.OPERATION_UNSUPPORTED, 'this operation is not supported in threads');
  }
}

async function sendThreadMessage(
  deps: MessagingDeps,
  sender: Sender,
  meta: Meta,
  body: MessageBody,
  threadId: string,
): Promise<SendResult> {
  const appId = sender.app.id;
  if ((body.contents?.length ?? 0) === 0)
    throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'message has no content');
  checkMessageSize(meta, appSettings(sender.app).maxMessageBytes);
  checkMessageFields(meta, body, deps.limits.maxFieldChars);
  const thread = await deps.storage.threads.get(appId, threadId);
  if (!thread) throw threadNotFound(threadId);
  // Whoever may speak in the group may speak in its threads (muted members may not); a group member who
  // had not joined the thread joins it by writing there.
  await checkGroupSend(
    { stores: groupSendStores(deps.storage), clock: deps.clock },
    sender.app,
    thread.groupId,
    sender.username,
    'speak',
  );
  if (!(await deps.storage.threads.member(appId, threadId, sender.username)))
    await deps.storage.threads.join(appId, threadId, sender.username, deps.clock.now());
  // The app's gate (global mute of group messages 506, word list 508 / ***, pre-send callback).
  const screened = await deps.gate?.screen(
    {
      app: sender.app,
      kind: 'groupchat',
      from: sender.username,
      to: threadId,
      clientMsgId: u64ToString(meta.id),
      body,
    },
    threadConversationKey(threadId),
  );

  const id = deps.ids.next();
  const timestamp = deps.clock.now();
  const trustedBody: MessageBody = {
    ...(screened?.body ?? body),
    from: { name: sender.username },
    to: { name: threadId },
    meta: JSON.stringify({
      thread: { msg_parent_id: thread.msgId, muc_parent_id: thread.groupId, thread_name: thread.name },
    }),
  };
  const delivered: Meta = {
    id: toU64(id),
    from: {
      appKey: sender.appKey,
      name: sender.username,
      domain: Domain.USER,
      clientResource: sender.resource,
    },
    to: { appKey: sender.appKey, name: threadId, domain: Domain.CONFERENCE },
    timestamp: toU64(timestamp),
    ns: NameSpace.CHAT,
    payload: msync.MessageBody.encode(trustedBody),
    ext: meta.ext ?? [],
  };
  if (meta.routetype !== undefined) delivered.routetype = meta.routetype;
  const queue = threadConversationKey(threadId);
  const message: NewMessage = {
    id,
    appId,
    sender: sender.username,
    senderResource: sender.resource,
    clientMsgId: u64ToString(meta.id),
    recipient: queue,
    chatType: MessageType.GROUPCHAT,
    createdAt: timestamp,
    meta: msync.Meta.encode(delivered),
    ...(meta.routetype === RouteType.ROUTE_ONLINE ? { onlineOnly: true } : {}),
  };
  const appended = deps.storage.messages.append(message, { key: queue, members: [] });
  deps.onQueued?.();
  const result = await appended.catch((err: unknown) => {
    screened?.cancel();
    throw err;
  });
  const stored = result.message;
  await screened?.committed(stored.id, stored.createdAt);
  if (result.duplicate)
    return { serverId: stored.id, timestamp: stored.createdAt, hints: [], ownQueue: queue };
  const members = await deps.storage.threads.memberNames(appId, threadId);
  const hints: QueueHint[] = members.map((owner) => ({
    kind: 'queue',
    appId,
    owner,
    queue,
    seq: stored.seq.toString(),
    entry: stored.meta,
    ...(owner === sender.username ? { exceptResource: sender.resource } : {}),
  }));
  const counted = await deps.storage.threads.recordMessage(appId, threadId, stored.id.toString(), timestamp);
  const logger: Logger = deps.logger ?? ({ warn: () => undefined } as unknown as Logger);
  if (counted) {
    await notifyGroupOfThread({ ...deps, logger }, counted, 'update_msg', {
      username: sender.username,
      resource: sender.resource,
    }).catch((err: unknown) => logger.warn({ err, threadId }, 'thread update not told'));
  }
  return { serverId: stored.id, timestamp: stored.createdAt, hints, seq: stored.seq, ownQueue: queue };
}
