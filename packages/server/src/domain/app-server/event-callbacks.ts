// Post-send callbacks for events other than messages: group and room events (a decorator of the MucEvents
// port, so every use case that tells members also tells the app server), logins and logouts (the gateway),
// contact events (domain/contacts). Each stream keeps its order: a group's or room's events, a user's logins.
import { MucOperation } from '@confab/protocol';
import type { Logger } from '../ports/logger.js';
import type { MucEvents } from '../ports/muc-events.js';
import type { AppRecord, Storage } from '../ports/storage.js';
import type { AppCallbacks } from './app-callbacks.js';

const OPERATION_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(MucOperation).map(([name, n]) => [n as number, name]),
);

export function callbackMucEvents(
  inner: MucEvents,
  deps: { callbacks: AppCallbacks; storage: Storage; logger: Logger },
): MucEvents {
  return {
    async notify(event, audience) {
      await inner.notify(event, audience);
      const app = await deps.storage.apps.findById(event.appId);
      const kind = event.kind === 'room' ? 'room' : 'group';
      if (!app || !deps.callbacks.wants(app, kind)) return;
      const operation = OPERATION_NAMES[event.operation] ?? String(event.operation);
      await deps.callbacks
        .event(
          app,
          kind,
          `${kind}:${event.mucId}`,
          `${kind}:${event.mucId}:${event.operation}:${event.createdAt}:${event.actor}:${(event.targets ?? []).join(',')}`,
          {
            eventType: kind === 'room' ? 'chatroom' : 'group',
            chat_type: kind === 'room' ? 'chatroom' : 'groupchat',
            group_id: event.mucId,
            operation,
            from: event.actor,
            ...(event.targets ? { to: event.targets } : {}),
            ...(event.reason ? { reason: event.reason } : {}),
            timestamp: event.createdAt,
          },
        )
        .catch((err: unknown) => deps.logger.error({ err }, 'group event callback not queued'));
    },
  };
}

/** A login or logout (Agora's user status callback). */
export async function userStatusCallback(
  callbacks: AppCallbacks,
  app: AppRecord,
  user: { username: string; resource: string },
  status: 'login' | 'logout',
  at: number,
): Promise<void> {
  if (!callbacks.wants(app, status)) return;
  const appKey = `${app.org}#${app.name}`;
  await callbacks.event(
    app,
    status,
    `user:${user.username}`,
    `${status}:${user.username}/${user.resource}:${at}`,
    {
      eventType: 'userStatus',
      reason: status,
      status: status === 'login' ? 'online' : 'offline',
      user: `${appKey}_${user.username}/${user.resource}`,
      timestamp: at,
    },
  );
}

/** A contact event (added, removed, request, accepted, declined, blocked …). */
export async function contactCallback(
  callbacks: AppCallbacks,
  app: AppRecord,
  from: string,
  to: string,
  operation: string,
  at: number,
): Promise<void> {
  if (!callbacks.wants(app, 'contact')) return;
  const pair = [from, to].sort().join('|');
  await callbacks.event(app, 'contact', `contact:${pair}`, `contact:${from}:${to}:${operation}:${at}`, {
    eventType: 'roster',
    operation,
    from,
    to,
    timestamp: at,
  });
}
