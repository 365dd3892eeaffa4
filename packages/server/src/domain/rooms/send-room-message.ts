// A chat-room message over msync (MessageBody.type CHATROOM): checked like a group message (705 no such
// room, 608 disabled, 603 blocked, 602 not a member, 507 muted), then pushed live with one bus event to the
// devices present in the room now, on every node, the sending device excepted. Nothing is stored: no
// per-member write, and no entry in any queue, so a member who is not present (left, kicked, offline) never
// gets it (Agora: "once going offline, chat room members cannot receive any messages from the chat room").
// The server id and time are still given (the ACK and the receivers' message carry them).
import {
  ConfabError,
  Domain,
  ErrorCode,
  MessageType,
  NameSpace,
  msync,
  toU64,
  u64ToBigInt,
  u64ToString,
  type KeyValue,
  type MessageBody,
  type Meta,
} from '@confab/protocol';
import { appSettings } from '../apps/app-settings.js';
import { checkGroupSend, groupSendStores } from '../mucs/check-group-send.js';
import { checkMessageFields, checkMessageSize } from '../messages/message-size.js';
import type { MessagingDeps, SendResult, Sender } from '../messages/messaging.js';
import type { RoomDelivery, RoomPriority } from '../ports/bus.js';
import { mucConversationKey } from '../ports/mucs.js';

/** The room a message names: MessageBody.to, else Meta.to. */
function roomIdOf(meta: Meta, body: MessageBody): string {
  const id = (body.to?.name || meta.to?.name || '').split('/')[0];
  if (!id) throw new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, 'message has no receiver');
  return id;
}

/** The SDK's `priority` travels as Meta.ext `chatroom_msg_tag`: 0 high, 2 low, anything else normal. */
export function roomPriorityOf(ext: readonly KeyValue[] | undefined): RoomPriority {
  const tag = ext?.find((kv) => kv.key === 'chatroom_msg_tag');
  if (!tag) return 'normal';
  const raw =
    tag.varintValue !== undefined
      ? Number(u64ToBigInt(tag.varintValue))
      : tag.stringValue !== undefined
        ? Number(tag.stringValue)
        : (tag.doubleValue ?? tag.floatValue);
  return raw === 0 ? 'high' : raw === 2 ? 'low' : 'normal';
}

export async function sendRoomMessage(
  deps: MessagingDeps,
  sender: Sender,
  meta: Meta,
  body: MessageBody,
): Promise<SendResult> {
  if ((body.contents?.length ?? 0) === 0)
    throw new ConfabError(ErrorCode.SERVER_UNKNOWN_ERROR, 'message has no content');
  checkMessageSize(meta, appSettings(sender.app).maxMessageBytes);
  checkMessageFields(meta, body, deps.limits.maxFieldChars);
  const roomId = roomIdOf(meta, body);
  const { app, username } = sender;
  // The group send rules, with the room's codes (check-group-send.ts).
  await checkGroupSend(
    { stores: groupSendStores(deps.storage), clock: deps.clock },
    app,
    roomId,
    username,
    'speak',
    'room',
    !!sender.appServer,
  );

  const screened = await deps.gate?.screen(
    {
      app,
      kind: 'chatroom',
      from: username,
      to: roomId,
      clientMsgId: u64ToString(meta.id),
      body,
      appServer: !!sender.appServer,
    },
    mucConversationKey('room', roomId),
  );
  const id = deps.ids.next();
  const timestamp = deps.clock.now();
  // Nothing is stored for a room: its callback is queued before the ACK.
  await screened?.committed(id, timestamp);
  const trusted: MessageBody = {
    ...(screened?.body ?? body),
    type: MessageType.CHATROOM,
    from: { name: username },
    to: { name: roomId },
  };
  const delivered: Meta = {
    id: toU64(id),
    from: { appKey: sender.appKey, name: username, domain: Domain.USER, clientResource: sender.resource },
    to: { appKey: sender.appKey, name: roomId, domain: Domain.CONFERENCE },
    timestamp: toU64(timestamp),
    ns: NameSpace.CHAT,
    payload: msync.MessageBody.encode(trusted),
    ext: meta.ext ?? [],
  };
  deps.onQueued?.();
  const delivery: RoomDelivery = {
    kind: 'room',
    appId: app.id,
    roomId,
    entry: msync.Meta.encode(delivered),
    except: { username, resource: sender.resource },
    priority: roomPriorityOf(meta.ext),
    message: { id: id.toString(), createdAt: timestamp },
  };
  return { serverId: id, timestamp, hints: [delivery], ownQueue: mucConversationKey('room', roomId) };
}
