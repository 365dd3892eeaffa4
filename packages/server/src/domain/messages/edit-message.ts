// Edit (msync spec §4.7, `modifyMessage`): the sender replaces the text of one of its messages within the
// app's edit window, at most `maxEditCount` times. The EDIT is appended to the conversation log (so every
// device of both sides, or of every group member, online or later, gets `onModifiedMessage`), the message's current body is stored
// for history, and the sender's ACK carries a NOTIFY meta with the `edit_msg` JSON (→ modifiedInfo).
import {
  AckReason,
  ConfabError,
  ContentType,
  ErrorCode,
  MessageType,
  isChatType,
  NameSpace,
  msync,
  toU64,
  u64ToString,
  type MessageBody,
  type Meta,
} from '@confab/protocol';
import { appSettings } from '../apps/app-settings.js';
import { directConversation } from '../conversations/direct-conversation.js';
import { checkGroupSend, groupSendStores } from '../mucs/check-group-send.js';
import type { BusEvent } from '../ports/bus.js';
import type { NewMessage } from '../ports/storage.js';
import { groupHint, groupQueue, groupTarget } from './group-fanout.js';
import { storedIdOf } from './message-id.js';
import { applyWordFilter } from '../app-server/word-filter.js';
import { checkMessageFields, checkMessageSize } from './message-size.js';
import type { MessagingDeps, SendResult, Sender } from './messaging.js';
import { ownQueue, queueHints } from './queue-hints.js';
import { queueKind, queueName } from './queue-ids.js';

/**
 * An edit refusal (1302, 1303, 1304, 50, 505, 603). The gateway answers it with the edit's own ACK texts
 * (`ackFailure(code, detail, { operation: 'edit' })`), which the SDK maps to its modify-message errors.
 */
const refuse = (code: number, message: string) => new ConfabError(code, message, { operation: 'edit' });

const isText = (body: MessageBody) => (body.contents?.[0]?.type ?? ContentType.TEXT) === ContentType.TEXT;
const isCustom = (body: MessageBody) => body.contents?.[0]?.type === ContentType.CUSTOM;

/** Compact JSON as UTF-8 (spec §2: no bytes < 0x10 in JSON the SDK parses). */
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

export async function editMessage(
  deps: MessagingDeps,
  sender: Sender,
  meta: Meta,
  sent: MessageBody,
): Promise<SendResult> {
  const settings = appSettings(sender.app);
  // The new text passes the app's word list as a message does (508, or *** where the words were).
  const body = applyWordFilter(settings.wordFilter, sent);
  if (settings.maxEditCount === 0) throw refuse(ErrorCode.SERVICE_NOT_ENABLED, AckReason.EDIT_NOT_AVAILABLE);
  // No stored message has an id of 0 or ≥ 2^63: such a target does not exist.
  const wanted = storedIdOf(body.editMessageId);
  const found =
    wanted === undefined ? undefined : await deps.storage.messages.findById(sender.app.id, wanted);
  const m = found?.message;
  const me = sender.username;
  if (!found || !m || found.recalled || !isChatType(m.chatType))
    throw refuse(ErrorCode.MODIFY_MESSAGE_NOT_EXIST, AckReason.EDIT_MESSAGE_NOT_EXIST);
  // A group message: only a member may act on it (the group's own codes: 605, 608, 602, 507…).
  const groupId = queueKind(m.recipient) === 'group' ? queueName(m.recipient) : undefined;
  if (groupId !== undefined) {
    const stores = groupSendStores(deps.storage);
    await checkGroupSend(
      { stores, clock: deps.clock },
      sender.app,
      groupId,
      me,
      'speak',
      'group',
      !!sender.appServer,
    );
  } else if (m.sender !== me && m.recipient !== me)
    throw refuse(ErrorCode.MODIFY_MESSAGE_NOT_EXIST, AckReason.EDIT_MESSAGE_NOT_EXIST);
  if (m.sender !== me) throw refuse(ErrorCode.PERMISSION_DENIED, AckReason.EDIT_NO_PERMISSION);
  const targetId = m.id;
  const previous = await deps.storage.conversations.editOf(sender.app.id, targetId);
  const current = msync.Meta.decode(previous?.meta ?? m.meta);
  const currentBody = msync.MessageBody.decode(current.payload ?? new Uint8Array());
  // Clients edit text; the app server (REST rewrite) also custom messages, one kind for another never.
  const editable = (b: MessageBody) => isText(b) || (sender.appServer !== undefined && isCustom(b));
  const kindOf = (b: MessageBody) => b.contents?.[0]?.type ?? ContentType.TEXT;
  if (
    !editable(currentBody) ||
    !editable(body) ||
    kindOf(currentBody) !== kindOf(body) ||
    (body.contents?.length ?? 0) === 0
  )
    throw refuse(ErrorCode.MODIFY_MESSAGE_FORMAT_ERROR, AckReason.EDIT_FORMAT_INCORRECT);
  checkMessageSize(meta, settings.maxMessageBytes);
  checkMessageFields(meta, body, deps.limits.maxFieldChars);
  const now = deps.clock.now();
  if (now - m.createdAt > settings.editWindowSeconds * 1000)
    throw refuse(ErrorCode.MODIFY_MESSAGE_FAILED, AckReason.EDIT_FAIL);
  const count = (previous?.count ?? 0) + 1;
  if (count > settings.maxEditCount) throw refuse(ErrorCode.MAX_LIMIT, AckReason.EDIT_LIMIT_REACHED);

  const peer = groupId ?? m.recipient;
  const editMsg = {
    count,
    operator: me,
    edit_time: now,
    sender: m.sender,
    send_time: m.createdAt,
    chat_type: groupId === undefined ? 'chat:user' : 'chat:group',
  };
  const withExt = (body.editScope ?? 0) > 1; // BODY_AND_EXT
  const ext = withExt ? (body.ext ?? []) : (currentBody.ext ?? []);
  const metaJson = JSON.stringify({ edit_msg: editMsg });
  // The message as history and pins show it from now on.
  const edited: Meta = {
    ...current,
    payload: msync.MessageBody.encode({ ...currentBody, contents: body.contents, ext, meta: metaJson }),
  };
  const id = deps.ids.next();
  const delivered: Meta = {
    id: toU64(id),
    from: { ...current.from, clientResource: sender.resource },
    to: current.to ?? null,
    timestamp: toU64(now),
    ns: NameSpace.CHAT,
    payload: msync.MessageBody.encode({
      type: MessageType.EDIT,
      from: { name: me },
      to: { name: peer },
      contents: body.contents,
      ext,
      editMessageId: toU64(targetId),
      editScope: body.editScope ?? 0,
      meta: metaJson,
    }),
  };
  const entry: NewMessage = {
    id,
    appId: sender.app.id,
    sender: me,
    senderResource: sender.resource,
    clientMsgId: u64ToString(meta.id),
    recipient: m.recipient,
    chatType: MessageType.EDIT,
    createdAt: now,
    meta: msync.Meta.encode(delivered),
    refId: targetId,
  };
  const target = groupId === undefined ? directConversation(me, peer) : groupTarget(groupId);
  const result = await deps.storage.messages.append(entry, target);
  const ackMetas: Meta[] = [
    { id: toU64(result.message.id), ns: NameSpace.NOTIFY, payload: json({ edit_msg: editMsg }) },
  ];
  const own = groupId === undefined ? ownQueue(target, me) : groupQueue(groupId);
  if (result.duplicate)
    return {
      serverId: result.message.id,
      timestamp: result.message.createdAt,
      hints: [],
      ackMetas,
      ownQueue: own,
    };
  // A concurrent edit of the same message may win the compare-and-set; its body then stays current.
  await deps.storage.conversations.recordEdit(
    sender.app.id,
    targetId,
    { count, meta: msync.Meta.encode(edited), editedAt: now, operator: me },
    previous?.count ?? 0,
  );
  // Without seq and entry, as before: every session answers an edit with a NOTICE, never a push.
  const hints: BusEvent[] =
    groupId === undefined
      ? queueHints(sender.app.id, target, sender)
      : [groupHint({ appId: sender.app.id, groupId, except: sender })];
  return { serverId: id, timestamp: now, hints, ackMetas, ownQueue: own };
}
