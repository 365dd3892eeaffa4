// The MucEvents adapter: an event is an entry of a log, like a message, so devices get it by the same
// NOTICE → SYNC path, online or at their next login, in order, once, and the acting device is skipped the
// way its own sends are (same sender and resource). Events for every member are stored once in the
// group's log (`g:<id>`, whose member rows the MucStore keeps); events for named users go to each one's
// notice log (queue `n:@notices`), which outlives memberships (an invitation, a removal, a destroy).
// Entries have chat_type MUC_EVENT_ENTRY, so history, unread counts and conversation lists skip them.
import { MUC_EVENT_ENTRY, msync } from '@confab/protocol';
import type { Bus, QueueHint } from '../ports/bus.js';
import type { Logger } from '../ports/logger.js';
import type { MucAudience, MucEvent, MucEvents } from '../ports/muc-events.js';
import { mucConversationKey } from '../ports/mucs.js';
import type { ConversationTarget, NewMessage, StoredMessage, Storage } from '../ports/storage.js';
import type { MessageIdGenerator } from '../messages/message-id.js';
import { NOTICE_QUEUE_NAME, queueId } from '../messages/queue-ids.js';
import { mucEventMeta } from './muc-event-meta.js';
import { publishRoomEvent, roomEventDelivery } from '../rooms/room-event-delivery.js';

/** Every user's notice queue id (one per user; conversation_members tells them apart by owner). */
export const NOTICE_QUEUE = queueId('notice', NOTICE_QUEUE_NAME);
/** Conversation key of a user's notice log. */
export const noticeConversationKey = (username: string): string => `n:${username}`;

const noticeTarget = (username: string): ConversationTarget => ({
  key: noticeConversationKey(username),
  members: [{ owner: username, queue: NOTICE_QUEUE }],
});

/** One stored event and who drains it: a group log's members, or one user's notice queue. */
export type StoredEvent =
  | { log: 'group'; event: MucEvent; queue: string; entry: StoredMessage }
  | { log: 'notice'; event: MucEvent; owner: string; entry: StoredMessage };

/**
 * Wakes the devices that drain the stored events (after they are durable). The one place hints are
 * made, so a group log's per-member hints can become one broadcast per entry.
 */
export type EventWaker = (events: readonly StoredEvent[]) => Promise<void>;

export interface MucEventDeps {
  storage: Storage;
  bus: Bus;
  ids: MessageIdGenerator;
  logger: Logger;
}

const hintOf = (appId: number, owner: string, queue: string, s: StoredEvent): QueueHint => {
  const hint: QueueHint = {
    kind: 'queue',
    appId,
    owner,
    queue,
    seq: s.entry.seq.toString(),
    entry: s.entry.meta,
  };
  if (owner === s.event.actor && s.event.actorResource) hint.exceptResource = s.event.actorResource;
  return hint;
};

/** Per-queue hints: one per member of a group log (the MucStore's member list), one per notice queue. */
export function queueHintWaker(deps: MucEventDeps): EventWaker {
  return async (events) => {
    for (const s of events) {
      const { appId } = s.event;
      const owners =
        s.log === 'group' ? await deps.storage.mucs.memberNames(appId, s.event.mucId) : [s.owner];
      const queue = s.log === 'group' ? s.queue : NOTICE_QUEUE;
      for (const owner of owners) {
        await deps.bus
          .publish(hintOf(appId, owner, queue, s))
          .catch((err: unknown) => deps.logger.warn({ err }, 'bus publish failed (group event)'));
      }
    }
  };
}

export function mucEventDelivery(deps: MucEventDeps, wake: EventWaker = queueHintWaker(deps)): MucEvents {
  const appKeys = new Map<number, string>();
  const appKeyOf = async (appId: number): Promise<string> => {
    const cached = appKeys.get(appId);
    if (cached !== undefined) return cached;
    const app = await deps.storage.apps.findById(appId);
    if (!app) throw new Error(`app ${appId} not found`);
    const key = `${app.org}#${app.name}`;
    appKeys.set(appId, key);
    return key;
  };

  /** Each entry has its own server id (ids are unique across logs); the Meta carries it. */
  const entryOf = (appKey: string, e: MucEvent, recipient: string): NewMessage => {
    const id = deps.ids.next();
    return {
      id,
      appId: e.appId,
      sender: e.actor,
      senderResource: e.actorResource ?? '',
      // Not a decimal number, so never the client id of a message the actor sent to the same log.
      clientMsgId: `e${id}`,
      recipient,
      chatType: MUC_EVENT_ENTRY,
      createdAt: e.createdAt,
      meta: msync.Meta.encode(mucEventMeta(appKey, id, e)),
    };
  };

  return {
    async notify(event, audience: MucAudience) {
      const appKey = await appKeyOf(event.appId);
      // Chat rooms keep nothing: their events go live to the devices present now (rooms/room-event-delivery.ts).
      if (event.kind === 'room')
        return publishRoomEvent(
          deps.bus,
          roomEventDelivery(appKey, deps.ids.next(), event, audience),
          (err) => deps.logger.warn({ err }, 'bus publish failed (room event)'),
        );
      const pending: Promise<StoredEvent>[] = [];
      let users: readonly string[];
      if ('members' in audience) {
        const key = mucConversationKey(event.kind, event.mucId);
        // No member rows with the append: the MucStore writes them with the memberships.
        pending.push(
          deps.storage.messages
            .append(entryOf(appKey, event, event.mucId), { key, members: [] })
            .then((r) => ({ log: 'group', event, queue: key, entry: r.message })),
        );
        // Users who are (still) members drain the group's log: no second copy in their notice queue.
        const also = audience.alsoUsers ?? [];
        const inLog = await Promise.all(
          also.map((u) => deps.storage.mucs.deliveryStart(event.appId, event.mucId, u)),
        );
        users = also.filter((_, i) => inLog[i] === undefined);
      } else {
        users = audience.users;
      }
      for (const owner of new Set(users)) {
        pending.push(
          deps.storage.messages
            .append(entryOf(appKey, event, owner), noticeTarget(owner))
            .then((r) => ({ log: 'notice', event, owner, entry: r.message })),
        );
      }
      // Every append is durable when it resolves (the group commit shares one fsync among them).
      const stored = await Promise.all(pending);
      // Stored is what counts: a failed wake-up only delays delivery to the next sync.
      await wake(stored).catch((err: unknown) =>
        deps.logger.warn({ err }, 'waking for a group event failed'),
      );
    },
  };
}
