// What a client puts in a group over msync (MessageBody.type GROUPCHAT, or an ack/recall/edit whose Meta.to
// is a conference JID): checked (check-group-send.ts), committed once in the group's log (one message write
// whatever the group's size: the members' rows were written with their membership), then one bus event
// wakes every member's devices on every node, the sending device excepted (its user's other devices are
// woken: the SDK shows a group message synced back as an incoming one, spec §4.4).
//
// Read receipts: a member's READ_ACK of a message sent with `msgConfig.allowGroupAck` is recorded once
// per reader (getGroupMsgReadUser lists them) and the sender is told, in the 1:1 log of reader and sender
// (only the sender's devices and the reader's others get it), with the number of readers so far in
// `ext[0]` (→ `groupReadCount`, spec §4.7). Delivery receipts are one-to-one only (as Agora's): a group
// DELIVER_ACK is acknowledged and dropped. A CHANNEL_ACK marks the group read for the reader.
import {
  ConfabError,
  Domain,
  ErrorCode,
  MessageType,
  NameSpace,
  RouteType,
  ValueType,
  msync,
  toU64,
  u64ToString,
  type MessageBody,
  type Meta,
} from '@confab/protocol';
import { appSettings } from '../apps/app-settings.js';
import { directConversation } from '../conversations/direct-conversation.js';
import { checkGroupSend, groupSendStores, mayModerate } from '../mucs/check-group-send.js';
import type { NewMessage, StoredMessage } from '../ports/storage.js';
import { groupHint, groupQueue, groupTarget } from './group-fanout.js';
import { storedIdOf } from './message-id.js';
import { checkMessageFields, checkMessageSize } from './message-size.js';
import type { MessagingDeps, SendResult, Sender } from './messaging.js';
import type { Screened } from '../app-server/message-gate.js';
import { queueHints } from './queue-hints.js';
import { isThreadMessage, sendToThread } from '../threads/send-thread-message.js';
import { checkRecallOf } from './recall-message.js';

/** The group a client's meta names: MessageBody.to, else Meta.to (a resource part is not the group's). */
export function groupIdOf(meta: Meta, body: MessageBody): string {
  const id = (body.to?.name || meta.to?.name || '').split('/')[0];
  if (!id) throw new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, 'message has no receiver');
  return id;
}

/** True when a meta goes to a group rather than a user. */
export const isGroupBound = (meta: Meta, type: number): boolean =>
  type === MessageType.GROUPCHAT || meta.to?.domain === Domain.CONFERENCE;

const deps2 = (deps: MessagingDeps) => ({ stores: groupSendStores(deps.storage), clock: deps.clock });

export async function sendToGroup(
  deps: MessagingDeps,
  sender: Sender,
  meta: Meta,
  body: MessageBody,
  type: number,
): Promise<SendResult> {
  const groupId = groupIdOf(meta, body);
  // A thread's message or receipt (isChatThread: MessageBody.meta `thread`) names the thread's id.
  if (isThreadMessage(body)) return sendToThread(deps, sender, meta, body, type, groupId);
  switch (type) {
    case MessageType.GROUPCHAT:
      return sendGroupMessage(deps, sender, meta, body, groupId);
    case MessageType.RECALL:
      return recallInGroup(deps, sender, meta, body, groupId);
    case MessageType.READ_ACK:
      return groupReadAck(deps, sender, meta, body, groupId);
    case MessageType.CHANNEL_ACK:
      return groupChannelAck(deps, sender, groupId);
    case MessageType.DELIVER_ACK:
      await checkGroupSend(deps2(deps), sender.app, groupId, sender.username, 'act');
      return notStored(deps, groupId);
    default:
      throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, `unsupported group message type ${type}`);
  }
}

async function sendGroupMessage(
  deps: MessagingDeps,
  sender: Sender,
  meta: Meta,
  body: MessageBody,
  groupId: string,
): Promise<SendResult> {
  if ((body.contents?.length ?? 0) === 0)
    throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'message has no content');
  checkMessageSize(meta, appSettings(sender.app).maxMessageBytes);
  checkMessageFields(meta, body, deps.limits.maxFieldChars);
  // A message to some members only (receiverList) would need a queue per member: not offered.
  if (meta.routetype === RouteType.ROUTE_DIRECT || (meta.directedUsers?.length ?? 0) > 0)
    throw new ConfabError(
      ErrorCode.OPERATION_UNSUPPORTED,
      'group messages to some members only are not supported by this server',
    );
  await checkGroupSend(
    deps2(deps),
    sender.app,
    groupId,
    sender.username,
    'speak',
    'group',
    !!sender.appServer,
  );
  const screened = await deps.gate?.screen(
    {
      app: sender.app,
      kind: 'groupchat',
      from: sender.username,
      to: groupId,
      clientMsgId: u64ToString(meta.id),
      body,
      appServer: !!sender.appServer,
    },
    groupQueue(groupId),
  );
  return appendToGroup(deps, sender, meta, screened?.body ?? body, groupId, { screened });
}

async function recallInGroup(
  deps: MessagingDeps,
  sender: Sender,
  meta: Meta,
  body: MessageBody,
  groupId: string,
): Promise<SendResult> {
  const { member } = await checkGroupSend(
    deps2(deps),
    sender.app,
    groupId,
    sender.username,
    'act',
    'group',
    !!sender.appServer,
  );
  const queue = groupQueue(groupId);
  // The sender within the recall window; the owner and admins any message of the group, at any time.
  const refId = await checkRecallOf(deps, sender, body, {
    inConversation: (m) => m.recipient === queue,
    mayRecallOthers: mayModerate(member),
  });
  return appendToGroup(deps, sender, meta, body, groupId, { refId });
}

async function groupReadAck(
  deps: MessagingDeps,
  sender: Sender,
  meta: Meta,
  body: MessageBody,
  groupId: string,
): Promise<SendResult> {
  await checkGroupSend(deps2(deps), sender.app, groupId, sender.username, 'act');
  const read = await groupMessageOf(deps, sender, body, groupId);
  const me = sender.username;
  await deps.storage.conversations.markRead(sender.app.id, me, groupQueue(groupId), read.seq);
  // Receipts were asked for by the sender; its own message needs none.
  if (read.sender === me || !allowsGroupAck(read)) return notStored(deps, groupId);
  const { count } = await deps.storage.conversations.recordGroupRead(
    sender.app.id,
    read.id,
    me,
    deps.clock.now(),
  );
  // To the sender, in the reader's 1:1 log with it. A resend (same client id) is stored once.
  const target = directConversation(me, read.sender);
  const notice: MessageBody = {
    type: MessageType.READ_ACK,
    from: { name: me },
    to: { name: groupId },
    contents: body.contents ?? [],
    ackMessageId: toU64(read.id),
    msgConfig: { allowGroupAck: true },
    ext: [{ key: 'group_read_count', type: ValueType.JSON_STRING, stringValue: String(count) }],
    ...(body.ackContent ? { ackContent: body.ackContent } : {}),
  };
  const id = deps.ids.next();
  const now = deps.clock.now();
  const delivered: Meta = {
    id: toU64(id),
    from: { appKey: sender.appKey, name: me, domain: Domain.USER, clientResource: sender.resource },
    to: { appKey: sender.appKey, name: groupId, domain: Domain.CONFERENCE },
    timestamp: toU64(now),
    ns: NameSpace.CHAT,
    payload: msync.MessageBody.encode(notice),
  };
  const message: NewMessage = {
    id,
    appId: sender.app.id,
    sender: me,
    senderResource: sender.resource,
    clientMsgId: u64ToString(meta.id),
    recipient: read.sender,
    chatType: MessageType.READ_ACK,
    createdAt: now,
    meta: msync.Meta.encode(delivered),
    refId: read.id,
  };
  const appended = deps.storage.messages.append(message, target);
  deps.onQueued?.();
  const result = await appended;
  const own = groupQueue(groupId);
  if (result.duplicate)
    return { serverId: result.message.id, timestamp: result.message.createdAt, hints: [], ownQueue: own };
  return {
    serverId: result.message.id,
    timestamp: result.message.createdAt,
    hints: queueHints(sender.app.id, target, sender, result.message.seq.toString(), result.message.meta),
    ownQueue: own,
  };
}

async function groupChannelAck(deps: MessagingDeps, sender: Sender, groupId: string): Promise<SendResult> {
  await checkGroupSend(deps2(deps), sender.app, groupId, sender.username, 'act');
  const queue = groupQueue(groupId);
  const [newest] = await deps.storage.conversations.history(sender.app.id, sender.username, queue, {
    direction: 'up',
    limit: 1,
  });
  if (newest) await deps.storage.conversations.markRead(sender.app.id, sender.username, queue, newest.seq);
  return notStored(deps, groupId);
}

/** The group message a receipt names; 503 "not_found msg" (as a recall's) when it is not one of the group's. */
async function groupMessageOf(
  deps: MessagingDeps,
  sender: Sender,
  body: MessageBody,
  groupId: string,
): Promise<StoredMessage> {
  const id = storedIdOf(body.ackMessageId);
  const found = id === undefined ? undefined : await deps.storage.messages.findById(sender.app.id, id);
  const m = found?.message;
  if (!m || m.recipient !== groupQueue(groupId) || m.chatType !== MessageType.GROUPCHAT)
    throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'not_found msg');
  return m;
}

function allowsGroupAck(m: StoredMessage): boolean {
  try {
    const payload = msync.Meta.decode(m.meta).payload;
    return msync.MessageBody.decode(payload ?? new Uint8Array()).msgConfig?.allowGroupAck === true;
  } catch {
    return false;
  }
}

/** An ACK for something the server keeps nothing of (the client still needs a server id). */
function notStored(deps: MessagingDeps, groupId: string): SendResult {
  return { serverId: deps.ids.next(), timestamp: deps.clock.now(), hints: [], ownQueue: groupQueue(groupId) };
}

/** Commits a group entry as every member receives it and returns its one wake-up. */
async function appendToGroup(
  deps: MessagingDeps,
  sender: Sender,
  meta: Meta,
  body: MessageBody,
  groupId: string,
  extra: { refId?: bigint; screened?: Screened | undefined },
): Promise<SendResult> {
  const id = deps.ids.next();
  const timestamp = deps.clock.now();
  // Receivers display MessageBody.from: the authenticated user, never what the client claimed.
  const trustedBody: MessageBody = { ...body, from: { name: sender.username }, to: { name: groupId } };
  const delivered: Meta = {
    id: toU64(id),
    from: {
      appKey: sender.appKey,
      name: sender.username,
      domain: Domain.USER,
      clientResource: sender.resource,
    },
    to: { appKey: sender.appKey, name: groupId, domain: Domain.CONFERENCE },
    timestamp: toU64(timestamp),
    ns: NameSpace.CHAT,
    payload: msync.MessageBody.encode(trustedBody),
    ext: meta.ext ?? [],
  };
  if (meta.routetype !== undefined) delivered.routetype = meta.routetype;
  const queue = groupQueue(groupId);
  const message: NewMessage = {
    id,
    appId: sender.app.id,
    sender: sender.username,
    senderResource: sender.resource,
    clientMsgId: u64ToString(meta.id),
    recipient: queue,
    chatType: body.type ?? MessageType.GROUPCHAT,
    createdAt: timestamp,
    meta: msync.Meta.encode(delivered),
    ...(extra.refId === undefined ? {} : { refId: extra.refId }),
    ...(meta.routetype === RouteType.ROUTE_ONLINE ? { onlineOnly: true } : {}),
  };
  const appended = deps.storage.messages.append(message, groupTarget(groupId));
  deps.onQueued?.(); // its place in the commit queue is taken: the sender's next frame may be read
  const result = await appended.catch((err: unknown) => {
    extra.screened?.cancel();
    throw err;
  });
  const stored = result.message;
  await extra.screened?.committed(stored.id, stored.createdAt);
  if (result.duplicate)
    return { serverId: stored.id, timestamp: stored.createdAt, hints: [], ownQueue: queue };
  const except = { username: sender.username, resource: sender.resource };
  return {
    serverId: stored.id,
    timestamp: stored.createdAt,
    hints: [groupHint({ appId: sender.app.id, groupId, except, seq: stored.seq, entry: stored.meta })],
    seq: stored.seq,
    ownQueue: queue,
    ...((body.type ?? MessageType.GROUPCHAT) === MessageType.GROUPCHAT && !message.onlineOnly
      ? {
          push: {
            app: sender.app,
            from: sender.username,
            to: { scope: 'group' as const, id: groupId },
            meta: stored.meta,
          },
        }
      : {}),
  };
}
