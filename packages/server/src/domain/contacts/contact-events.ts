// Contact events (spec msync §4.9): a ROSTER meta stored durably in each recipient's notice log (queue
// `n:@notices`, as the per-user group events of domain/mucs/muc-event-delivery.ts), so a device gets it
// online at once or at its next login, in order, once. Each recipient sees the other user of the pair as
// `from` (the SDK's `onContact…({from, to, status, type})`), so an app's handler reads the same field on
// the other user's devices and on the actor's own other devices. The acting device is never told (its
// entry carries the actor and the acting resource, which delivery skips like a device's own sends).
import {
  Domain,
  MUC_EVENT_ENTRY,
  msync,
  NameSpace,
  RosterOperation,
  toU64,
  type Jid,
  type Meta,
} from '@confab/protocol';
import type { AppCallbacks } from '../app-server/app-callbacks.js';
import { contactCallback } from '../app-server/event-callbacks.js';
import type { MessageIdGenerator } from '../messages/message-id.js';
import type { Bus } from '../ports/bus.js';
import type { Logger } from '../ports/logger.js';
import type { NewMessage, Storage } from '../ports/storage.js';
import { NOTICE_QUEUE, noticeConversationKey } from '../mucs/muc-event-delivery.js';

export interface RosterNotice {
  /** Whose devices are told. */
  recipient: string;
  /** RosterOperation. */
  operation: number;
  /** The other user of the pair (RosterBody.from: the SDK's `from`). */
  from: string;
  /** The request's text (RosterBody.reason: the SDK's `status`). */
  reason?: string;
}

export interface RosterActor {
  appId: number;
  username: string;
  /** The acting device (not told); absent for the app server. */
  resource?: string;
}

export interface ContactEventDeps {
  storage: Pick<Storage, 'apps' | 'messages'>;
  bus: Bus;
  ids: MessageIdGenerator;
  logger: Logger;
  clock: { now(): number };
  /** Post-send `contact` callbacks to the app server (issue 19); absent = none. */
  callbacks?: AppCallbacks;
}

const ROSTER_OPERATION_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(RosterOperation).map(([name, n]) => [n as number, name.toLowerCase()]),
);

const jid = (appKey: string, name: string): Jid => ({ appKey, name, domain: Domain.USER });

export function rosterMeta(appKey: string, id: bigint, n: RosterNotice, createdAt: number): Meta {
  const body = {
    operation: n.operation,
    from: jid(appKey, n.from),
    to: [jid(appKey, n.recipient)],
    ...(n.reason === undefined ? {} : { reason: n.reason }),
  };
  return {
    id: toU64(id),
    from: jid(appKey, n.from),
    to: jid(appKey, n.recipient),
    timestamp: toU64(createdAt),
    ns: NameSpace.ROSTER,
    payload: msync.RosterBody.encode(body),
  };
}

/** Stores every notice (durable when this resolves), then wakes the recipients' online devices. */
export async function tellContacts(
  deps: ContactEventDeps,
  actor: RosterActor,
  notices: readonly RosterNotice[],
): Promise<void> {
  if (notices.length === 0) return;
  const app = await deps.storage.apps.findById(actor.appId);
  if (!app) throw new Error(`app ${actor.appId} not found`);
  const appKey = `${app.org}#${app.name}`;
  const createdAt = deps.clock.now();
  const stored = await Promise.all(
    notices.map(async (n) => {
      const id = deps.ids.next();
      const entry: NewMessage = {
        id,
        appId: actor.appId,
        sender: actor.username,
        senderResource: actor.resource ?? '',
        clientMsgId: `e${id}`,
        recipient: n.recipient,
        chatType: MUC_EVENT_ENTRY,
        createdAt,
        meta: msync.Meta.encode(rosterMeta(appKey, id, n, createdAt)),
      };
      const r = await deps.storage.messages.append(entry, {
        key: noticeConversationKey(n.recipient),
        members: [{ owner: n.recipient, queue: NOTICE_QUEUE }],
      });
      return { owner: n.recipient, entry: r.message };
    }),
  );
  if (deps.callbacks)
    for (const n of notices)
      await contactCallback(
        deps.callbacks,
        app,
        n.from,
        n.recipient,
        ROSTER_OPERATION_NAMES[n.operation] ?? String(n.operation),
        createdAt,
      ).catch((err: unknown) => deps.logger.warn({ err }, 'contact callback not queued'));
  for (const s of stored) {
    const except = s.owner === actor.username && actor.resource ? { exceptResource: actor.resource } : {};
    await deps.bus
      .publish({
        kind: 'queue',
        appId: actor.appId,
        owner: s.owner,
        queue: NOTICE_QUEUE,
        seq: s.entry.seq.toString(),
        entry: s.entry.meta,
        ...except,
      })
      .catch((err: unknown) => deps.logger.warn({ err }, 'bus publish failed (contact event)'));
  }
}
