// Wakes the devices that drain stored group events (muc-event-delivery.ts's EventWaker): an event in a
// group's log costs one bus event (publishGroupEntry, as a group message does), whatever the group's size;
// an event in a user's notice log one queue hint for that user. The acting device is not woken.
import type { QueueHint } from '../ports/bus.js';
import { publishGroupEntry } from '../messages/group-fanout.js';
import { NOTICE_QUEUE, type EventWaker, type MucEventDeps } from './muc-event-delivery.js';

export function groupFanoutWaker(deps: Pick<MucEventDeps, 'bus' | 'logger'>): EventWaker {
  const onError = (err: unknown) => deps.logger.warn({ err }, 'bus publish failed (group event)');
  return async (events) => {
    for (const s of events) {
      const { appId, actor, actorResource, mucId } = s.event;
      const except = actorResource ? { username: actor, resource: actorResource } : undefined;
      if (s.log === 'group') {
        await publishGroupEntry(
          deps.bus,
          { appId, groupId: mucId, except, seq: s.entry.seq, entry: s.entry.meta },
          onError,
        );
        continue;
      }
      const hint: QueueHint = {
        kind: 'queue',
        appId,
        owner: s.owner,
        queue: NOTICE_QUEUE,
        seq: s.entry.seq.toString(),
        entry: s.entry.meta,
      };
      if (except && s.owner === actor) hint.exceptResource = except.resource;
      await deps.bus.publish(hint).catch(onError);
    }
  };
}
