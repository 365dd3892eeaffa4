// What a user does to a conversation reaches the user's other devices, and a message pin every member of
// the conversation (spec msync §4.9), as NOTIFY metas the official SDK reads:
// - `{"type":"conv","data":{op, id, type, ts, ext?, from, res}}` with op `top` / `not_top` (pinConversation),
//   `mark` / `mark_delete` (add/removeConversationMark, ext `mark_N`), `del` (deleteConversation) →
//   onMultiDeviceEvent `pinnedConversation` / `unpinnedConversation` / `markConversation` /
//   `unMarkConversation` / `deleteConversation`; stored in the user's own log (the self conversation, as
//   silent-mode changes are), so only the user's devices get it;
// - `{"type":"roaming_delete","data":{resource, to, chatType}}` (removeHistoryMessages) →
//   onMultiDeviceEvent `deleteRoaming`; also in the user's own log;
// - `{"type":"conv","data":{op: pin | pin_delete, id, type, ts, ext: <message id>, from, res}}`
//   (pinMessage / unpinMessage) → onMessagePinEvent; stored in the message's conversation log (the 1:1
//   pair's or the group's `g:<id>`), so the peer or every group member and the operator's other devices
//   get it.
// Every entry is durable before the call answers: a device offline now gets it at its next login. The
// acting device (the `resource` its REST call names) is passed over, as it is for its own messages; a call
// that names no device (the app server) reaches every device. The entries are no chat messages
// (NOTIFY_ENTRY): history, unread counts and conversation lists skip them.
import { Domain, msync, NameSpace, toU64, type Jid, type Meta } from '@confab/protocol';
import { groupTarget, publishGroupEntry } from '../messages/group-fanout.js';
import type { MessageIdGenerator } from '../messages/message-id.js';
import { queueHints } from '../messages/queue-hints.js';
import type { Bus } from '../ports/bus.js';
import type { Logger } from '../ports/logger.js';
import type { AppRecord, NewMessage, Storage } from '../ports/storage.js';
import { NOTIFY_ENTRY } from '../reactions/reaction-notify.js';
import { directConversation } from './direct-conversation.js';

export interface ConversationNotifyDeps {
  storage: Pick<Storage, 'messages'>;
  bus: Bus;
  ids: MessageIdGenerator;
  logger: Logger;
}

/** The acting user and device ('' when the call names no device). */
export interface Actor {
  app: AppRecord;
  username: string;
  resource: string;
}

/** A one-to-one conversation (with `peer`) or a group's. */
export type ConversationRef = { kind: 'direct'; peer: string } | { kind: 'group'; groupId: string };

export type ConversationOp = 'top' | 'not_top' | 'mark' | 'mark_delete' | 'del';

const wireType = (c: ConversationRef) => (c.kind === 'direct' ? 'chat' : 'groupchat');
const idOf = (c: ConversationRef) => (c.kind === 'direct' ? c.peer : c.groupId);
const jid = (appKey: string, name: string, domain: string): Jid => ({ appKey, name, domain });
const appKeyOf = (app: AppRecord) => `${app.org}#${app.name}`;

function notifyEntry(
  deps: ConversationNotifyDeps,
  actor: Actor,
  to: { name: string; domain: string; recipient: string },
  payload: unknown,
  at: number,
): NewMessage {
  const appKey = appKeyOf(actor.app);
  const id = deps.ids.next();
  const meta: Meta = {
    id: toU64(id),
    from: jid(appKey, actor.username, Domain.USER),
    to: jid(appKey, to.name, to.domain),
    timestamp: toU64(at),
    ns: NameSpace.NOTIFY,
    payload: new TextEncoder().encode(JSON.stringify(payload)),
  };
  return {
    id,
    appId: actor.app.id,
    sender: actor.username,
    senderResource: actor.resource,
    clientMsgId: `n${id}`,
    recipient: to.recipient,
    chatType: NOTIFY_ENTRY,
    createdAt: at,
    meta: msync.Meta.encode(meta),
  };
}

/**
 * Stores a NOTIFY payload in the user's own log (durable when this resolves) and wakes the user's other
 * devices. Silent-mode changes travel the same way (push/silent-mode-notify.ts).
 */
export async function tellOwnDevices(
  deps: ConversationNotifyDeps,
  actor: Actor,
  payload: unknown,
  at: number,
  what: string,
): Promise<void> {
  const { username } = actor;
  const entry = notifyEntry(
    deps,
    actor,
    { name: username, domain: Domain.USER, recipient: username },
    payload,
    at,
  );
  const target = directConversation(username, username);
  const stored = (await deps.storage.messages.append(entry, target)).message;
  const origin = { username, resource: actor.resource };
  for (const hint of queueHints(actor.app.id, target, origin, stored.seq.toString(), stored.meta))
    await deps.bus
      .publish(hint)
      .catch((err: unknown) => deps.logger.warn({ err }, `bus publish failed (${what})`));
}

/** pinConversation, a conversation mark, deleteConversation: the user's other devices are told. */
export async function tellConversationChange(
  deps: ConversationNotifyDeps,
  actor: Actor,
  conversation: ConversationRef,
  op: ConversationOp,
  at: number,
  mark?: number,
): Promise<void> {
  const data: Record<string, unknown> = {
    op,
    id: idOf(conversation),
    type: wireType(conversation),
    ts: at,
    from: actor.username,
    res: actor.resource,
  };
  if (mark !== undefined) data['ext'] = `mark_${mark}`;
  await tellOwnDevices(deps, actor, { type: 'conv', data }, at, 'conversation change');
}

/** removeHistoryMessages: the user's other devices are told (onMultiDeviceEvent deleteRoaming). */
export async function tellRoamingDelete(
  deps: ConversationNotifyDeps,
  actor: Actor,
  conversation: ConversationRef,
  at: number,
): Promise<void> {
  const data = { resource: actor.resource, to: idOf(conversation), chatType: wireType(conversation) };
  await tellOwnDevices(deps, actor, { type: 'roaming_delete', data }, at, 'roaming delete');
}

/**
 * pinMessage / unpinMessage: stored in the message's conversation log, so the peer (or every group member)
 * and the operator's other devices get onMessagePinEvent.
 */
export async function tellMessagePin(
  deps: ConversationNotifyDeps,
  actor: Actor,
  conversation: ConversationRef,
  messageId: bigint,
  op: 'pin' | 'pin_delete',
  at: number,
): Promise<void> {
  const data = {
    op,
    id: idOf(conversation),
    type: wireType(conversation),
    ts: at,
    ext: messageId.toString(),
    from: actor.username,
    res: actor.resource,
  };
  const payload = { type: 'conv', data };
  const onError = (err: unknown) => deps.logger.warn({ err }, 'bus publish failed (message pin)');
  if (conversation.kind === 'group') {
    const { groupId } = conversation;
    const to = { name: groupId, domain: Domain.CONFERENCE, recipient: groupId };
    const entry = notifyEntry(deps, actor, to, payload, at);
    const stored = (await deps.storage.messages.append(entry, groupTarget(groupId))).message;
    const except = { username: actor.username, resource: actor.resource };
    await publishGroupEntry(
      deps.bus,
      { appId: actor.app.id, groupId, except, seq: stored.seq, entry: stored.meta },
      onError,
    );
    return;
  }
  const { peer } = conversation;
  const entry = notifyEntry(deps, actor, { name: peer, domain: Domain.USER, recipient: peer }, payload, at);
  const target = directConversation(actor.username, peer);
  const stored = (await deps.storage.messages.append(entry, target)).message;
  const origin = { username: actor.username, resource: actor.resource };
  for (const hint of queueHints(actor.app.id, target, origin, stored.seq.toString(), stored.meta))
    await deps.bus.publish(hint).catch(onError);
}
