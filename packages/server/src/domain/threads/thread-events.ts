// How thread changes are told, as Agora sends them (spec msync §4.9):
// - to every member of the parent group, a NOTIFY meta `{"type":"thread","data":{id, name, muc_parent_id,
//   msg_parent_id, timestamp, from, operation: create|update|update_msg|delete, message_count,
//   last_message}}` → `onChatThreadChange`. It is stored once in the group's log (as a group event is:
//   chat type MUC_EVENT_ENTRY, so history and unread counts skip it) and one group hint wakes the members'
//   devices: online members get it at once, offline ones at their next login.
// - to a member removed from a thread, a MUC meta with `isThread`, operation THREAD_KICK (37), in the
//   user's notice queue → `onChatThreadChange` with operation `userRemove`.
import {
  Domain,
  MUC_EVENT_ENTRY,
  MucOperation,
  NameSpace,
  msync,
  restMessageJson,
  toU64,
  type Meta,
} from '@confab/protocol';
import { groupTarget, publishGroupEntry } from '../messages/group-fanout.js';
import { NOTICE_QUEUE, noticeConversationKey } from '../mucs/muc-event-delivery.js';
import type { QueueHint } from '../ports/bus.js';
import type { NewMessage } from '../ports/storage.js';
import type { ThreadRecord } from '../ports/threads.js';
import type { EventDeps as ThreadDeps } from './thread-deps.js';

export type ThreadNotifyOperation = 'create' | 'update' | 'update_msg' | 'delete';

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

async function appKeyOf(deps: ThreadDeps, appId: number): Promise<string> {
  const app = await deps.storage.apps.findById(appId);
  return app ? `${app.org}#${app.name}` : '';
}

/** A stored message as the thread JSON's `last_message`: `{id, timestamp, to, payload: object}`. */
export async function lastMessageJson(
  deps: ThreadDeps,
  appId: number,
  thread: ThreadRecord,
): Promise<Record<string, unknown>> {
  if (thread.lastMessageId === '') return {};
  const found = await deps.storage.messages.findById(appId, BigInt(thread.lastMessageId));
  if (!found || found.recalled) return {};
  const j = restMessageJson(found.message.meta);
  return { ...j, payload: JSON.parse(j.payload) as unknown };
}

/** The `data` of a NOTIFY "thread" meta. */
export async function threadNotifyData(
  deps: ThreadDeps,
  thread: ThreadRecord,
  operation: ThreadNotifyOperation,
  from: string,
  at: number,
): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {
    id: thread.id,
    name: thread.name,
    muc_parent_id: thread.groupId,
    msg_parent_id: thread.msgId,
    timestamp: at,
    from,
    operation,
    message_count: thread.messageCount,
  };
  if (operation === 'update_msg') data['last_message'] = await lastMessageJson(deps, thread.appId, thread);
  return data;
}

/**
 * Tells every member of the thread's group (the acting device excepted). Durable before it resolves; the
 * wake-up is a hint (a bus error only delays, and is logged).
 */
export async function notifyGroupOfThread(
  deps: ThreadDeps,
  thread: ThreadRecord,
  operation: ThreadNotifyOperation,
  actor: { username: string; resource?: string | undefined } | undefined,
): Promise<void> {
  const appId = thread.appId;
  const appKey = await appKeyOf(deps, appId);
  const at = deps.clock.now();
  const from = actor?.username ?? 'admin';
  const id = deps.ids.next();
  const meta: Meta = {
    id: toU64(id),
    from: { appKey, name: from, domain: Domain.USER },
    to: { appKey, name: thread.groupId, domain: Domain.CONFERENCE },
    timestamp: toU64(at),
    ns: NameSpace.NOTIFY,
    payload: json({ type: 'thread', data: await threadNotifyData(deps, thread, operation, from, at) }),
  };
  const entry: NewMessage = {
    id,
    appId,
    sender: from,
    senderResource: actor?.resource ?? '',
    clientMsgId: `e${id}`,
    recipient: thread.groupId,
    chatType: MUC_EVENT_ENTRY,
    createdAt: at,
    meta: msync.Meta.encode(meta),
  };
  const { message } = await deps.storage.messages.append(entry, groupTarget(thread.groupId));
  const except = actor?.resource ? { username: actor.username, resource: actor.resource } : undefined;
  await publishGroupEntry(
    deps.bus,
    { appId, groupId: thread.groupId, except, seq: message.seq, entry: message.meta },
    (err) => deps.logger.warn({ err, threadId: thread.id }, 'thread event wake-up not published'),
  );
}

/** Tells a user removed from a thread (userRemove), in the user's notice queue. */
export function notifyRemoved(
  deps: ThreadDeps,
  thread: ThreadRecord,
  removed: string,
  actor: string,
): Promise<void> {
  return tellUser(deps, thread, removed, { username: actor }, MucOperation.THREAD_KICK, [removed]);
}

/**
 * Tells the actor's other devices what it did to a thread (create 33, destroy 34, join 35, leave 36,
 * rename 38 → the official SDK's onMultiDeviceEvent chatThreadCreate / Destroy / Join / Leave /
 * NameUpdate), in the actor's notice queue; the acting device skips its own entry.
 */
export function notifyOwnDevices(
  deps: ThreadDeps,
  thread: ThreadRecord,
  actor: { username: string; resource?: string | undefined },
  operation: number,
): Promise<void> {
  if (!actor.resource) return Promise.resolve();
  return tellUser(deps, thread, actor.username, actor, operation, []);
}

/** A thread MUC meta (`isThread`, `mucParentId`) in one user's notice queue. */
async function tellUser(
  deps: ThreadDeps,
  thread: ThreadRecord,
  owner: string,
  by: { username: string; resource?: string | undefined },
  operation: number,
  targets: readonly string[],
): Promise<void> {
  const actor = by.username;
  const appId = thread.appId;
  const appKey = await appKeyOf(deps, appId);
  const at = deps.clock.now();
  const id = deps.ids.next();
  const meta: Meta = {
    id: toU64(id),
    from: {
      appKey,
      name: actor,
      domain: Domain.USER,
      ...(by.resource ? { clientResource: by.resource } : {}),
    },
    to: { appKey, name: thread.id, domain: Domain.CONFERENCE },
    timestamp: toU64(at),
    ns: NameSpace.MUC,
    payload: msync.MUCBody.encode({
      mucId: { appKey, name: thread.id, domain: Domain.CONFERENCE },
      operation,
      from: {
        appKey,
        name: actor,
        domain: Domain.USER,
        ...(by.resource ? { clientResource: by.resource } : {}),
      },
      to: targets.map((t) => ({ appKey, name: t, domain: Domain.USER })),
      isThread: true,
      mucParentId: { appKey, name: thread.groupId, domain: Domain.CONFERENCE },
      mucName: thread.name,
    }),
  };
  const entry: NewMessage = {
    id,
    appId,
    sender: actor,
    senderResource: by.resource ?? '',
    clientMsgId: `e${id}`,
    recipient: thread.id,
    chatType: MUC_EVENT_ENTRY,
    createdAt: at,
    meta: msync.Meta.encode(meta),
  };
  const target = {
    key: noticeConversationKey(owner),
    members: [{ owner, queue: NOTICE_QUEUE }],
  };
  const { message } = await deps.storage.messages.append(entry, target);
  const hint: QueueHint = {
    kind: 'queue',
    appId,
    owner,
    queue: NOTICE_QUEUE,
    seq: message.seq.toString(),
    entry: message.meta,
    ...(owner === actor && by.resource ? { exceptResource: by.resource } : {}),
  };
  await deps.bus
    .publish(hint)
    .catch((err: unknown) => deps.logger.warn({ err, threadId: thread.id }, 'thread removal wake-up lost'));
}
