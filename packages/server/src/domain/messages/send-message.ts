// Sending a message (or a read/delivery/channel ack, recall or edit, which travel as messages):
// validate → commit it to its conversation's log (the durability point) → caller ACKs → wake receivers.
// One-to-one here; what goes to a group in send-group-message.ts.
import {
  ConfabError,
  Domain,
  ErrorCode,
  MessageType,
  msync,
  NameSpace,
  RouteType,
  type Meta,
  type MessageBody,
  u64ToString,
  toU64,
} from '@confab/protocol';
import type { Bus, BusEvent } from '../ports/bus.js';
import type { NewMessage } from '../ports/storage.js';
import { directConversation } from '../conversations/direct-conversation.js';
import { advanceReadPointer } from '../conversations/read-pointer.js';
import { appSettings } from '../apps/app-settings.js';
import { checkDirectSend } from '../contacts/direct-send-rules.js';
import { editMessage } from './edit-message.js';
import { checkMessageFields, checkMessageSize } from './message-size.js';
import type { MessagingDeps, SendResult, Sender } from './messaging.js';
import { ownQueue, queueHints } from './queue-hints.js';
import { checkRecall } from './recall-message.js';
import { isGroupBound, sendToGroup } from './send-group-message.js';
import { sendRoomMessage } from '../rooms/send-room-message.js';

export type { MessagingDeps, SendResult, Sender } from './messaging.js';

/** Body types a 1:1 conversation relays to the peer as they are. */
const RELAYED_1TO1 = new Set<number>([
  MessageType.CHAT,
  MessageType.READ_ACK,
  MessageType.DELIVER_ACK,
  MessageType.CHANNEL_ACK,
  MessageType.RECALL,
]);

function decodeBody(bytes: Uint8Array | undefined): MessageBody {
  if (!bytes || bytes.length === 0)
    throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'message body is empty');
  try {
    return msync.MessageBody.decode(bytes);
  } catch {
    throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'message body is malformed');
  }
}

export async function sendMessage(deps: MessagingDeps, sender: Sender, meta: Meta): Promise<SendResult> {
  const clientMsgId = u64ToString(meta.id);
  if (clientMsgId === '0') throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'message id is missing');
  const body = decodeBody(meta.payload);
  const type = body.type ?? MessageType.NORMAL;

  // Chat rooms are live: pushed to the devices present now, stored for nobody (rooms/send-room-message.ts).
  if (type === MessageType.CHATROOM) return sendRoomMessage(deps, sender, meta, body);
  if (type === MessageType.EDIT) return editMessage(deps, sender, meta, body);
  if (isGroupBound(meta, type)) return sendToGroup(deps, sender, meta, body, type);
  if (!RELAYED_1TO1.has(type))
    throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, `unsupported message type ${type}`);

  if (type === MessageType.CHAT && (body.contents?.length ?? 0) === 0) {
    throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'message has no content');
  }
  checkMessageSize(meta, appSettings(sender.app).maxMessageBytes);
  checkMessageFields(meta, body, deps.limits.maxFieldChars);
  const recipient = body.to?.name || meta.to?.name;
  if (!recipient) throw new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, 'message has no receiver');
  // Kept for a second (known-users.ts): usually an answer at hand, not a promise to wait a tick for.
  const known = deps.knownUsers
    ? deps.knownUsers.exists(sender.app.id, recipient)
    : deps.storage.users.find(sender.app.id, recipient).then((u) => u !== undefined);
  const exists = typeof known === 'boolean' ? known : await known;
  if (!exists) {
    throw new ConfabError(ErrorCode.USER_NOT_FOUND, `username ${recipient} doesn't exist!`, {
      username: recipient,
    });
  }
  if (type === MessageType.CHAT && !sender.appServer)
    await checkDirectSend(
      deps.contactChecks ?? deps.storage.contacts,
      sender.app,
      sender.username,
      recipient,
    );
  const refId = type === MessageType.RECALL ? await checkRecall(deps, sender, body, recipient) : undefined;
  const target = directConversation(sender.username, recipient);
  // Chat messages pass the app's gate (506, 508, pre-send callback); acks and recalls do not.
  const screened =
    type === MessageType.CHAT && deps.gate
      ? await deps.gate.screen(
          {
            app: sender.app,
            kind: 'chat',
            from: sender.username,
            to: recipient,
            clientMsgId,
            body,
            appServer: !!sender.appServer,
          },
          target.key,
        )
      : undefined;

  const { clock } = deps;
  const id = deps.ids.next();
  const timestamp = clock.now();
  // Receivers display MessageBody.from, so it is the authenticated user, never what the client claimed.
  const trustedBody: MessageBody = {
    ...(screened?.body ?? body),
    from: { name: sender.username },
    to: { name: recipient },
  };
  const deliveredMeta: Meta = {
    id: toU64(id),
    from: {
      appKey: sender.appKey,
      name: sender.username,
      domain: Domain.USER,
      clientResource: sender.resource,
    },
    to: { appKey: sender.appKey, name: recipient, domain: Domain.USER },
    timestamp: toU64(timestamp),
    ns: NameSpace.CHAT,
    payload: msync.MessageBody.encode(trustedBody),
    ext: meta.ext ?? [],
  };
  if (meta.routetype !== undefined) deliveredMeta.routetype = meta.routetype;

  const message: NewMessage = {
    id,
    appId: sender.app.id,
    sender: sender.username,
    senderResource: sender.resource,
    clientMsgId,
    recipient,
    chatType: type,
    createdAt: timestamp,
    meta: msync.Meta.encode(deliveredMeta),
    ...(refId === undefined ? {} : { refId }),
    ...(meta.routetype === RouteType.ROUTE_ONLINE ? { onlineOnly: true } : {}),
  };
  const appended = deps.storage.messages.append(message, target);
  // The message has its place in the commit queue: the caller may read the sender's next frame now.
  deps.onQueued?.();
  const result = await appended.catch((err: unknown) => {
    screened?.cancel();
    throw err;
  });
  // A resend (duplicate) enqueues its callback again: a crash after the commit but before the enqueue
  // loses nothing (the outbox ignores an event key it holds).
  const outboxed = screened?.committed(result.message.id, result.message.createdAt);
  if (outboxed) await outboxed;
  // Only read and channel acks move a read pointer: no async call (and tick) for the other types.
  if (!result.duplicate && (type === MessageType.READ_ACK || type === MessageType.CHANNEL_ACK))
    await advanceReadPointer(deps.storage, result.message, trustedBody, target.key);
  const own = ownQueue(target, sender.username);
  if (result.duplicate)
    return { serverId: result.message.id, timestamp: result.message.createdAt, hints: [], ownQueue: own };
  // Both users' queues for this conversation get it; the sending device is not woken for its own message.
  const hints = queueHints(sender.app.id, target, sender, result.message.seq.toString(), result.message.meta);
  return {
    serverId: result.message.id,
    timestamp: result.message.createdAt,
    hints,
    seq: result.message.seq,
    ownQueue: own,
    ...(type === MessageType.CHAT && !message.onlineOnly
      ? {
          push: {
            app: sender.app,
            from: sender.username,
            to: { scope: 'user' as const, id: recipient },
            meta: result.message.meta,
          },
        }
      : {}),
  };
}

/** A lost hint only delays delivery (the next UNREAD catches up), so bus errors are logged, not thrown. */
export async function publishHints(
  bus: Bus,
  hints: readonly BusEvent[],
  onError: (err: unknown) => void,
): Promise<void> {
  for (const hint of hints) await bus.publish(hint).catch(onError);
}
