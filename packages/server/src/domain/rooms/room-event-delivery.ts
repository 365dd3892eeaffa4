// Room events (onChatroomEvent) are live, like room messages: pushed to the devices present in the room
// now (and to named users' devices, e.g. a removed member's), never stored, one bus event per event
// whatever the room's size. The MucEvents adapter (domain/mucs/muc-event-delivery.ts) sends every event of
// kind 'room' here.
import { msync } from '@confab/protocol';
import type { Bus, RoomDelivery } from '../ports/bus.js';
import type { MucAudience, MucEvent } from '../ports/muc-events.js';
import { mucEventMeta } from '../mucs/muc-event-meta.js';

/** The RoomDelivery of an event: the present members (and `alsoUsers`), or only the named users. */
export function roomEventDelivery(
  appKey: string,
  id: bigint,
  event: MucEvent,
  audience: MucAudience,
): RoomDelivery {
  const delivery: RoomDelivery = {
    kind: 'room',
    appId: event.appId,
    roomId: event.mucId,
    entry: msync.Meta.encode(mucEventMeta(appKey, id, event)),
    priority: 'high',
  };
  if (event.actorResource) delivery.except = { username: event.actor, resource: event.actorResource };
  if ('members' in audience) {
    if (audience.alsoUsers?.length) delivery.users = [...new Set(audience.alsoUsers)];
  } else {
    delivery.users = [...new Set(audience.users)];
    delivery.present = false;
  }
  return delivery;
}

/** Publishes it; a lost event is lost (rooms keep nothing), so a bus error is only logged. */
export async function publishRoomEvent(
  bus: Bus,
  delivery: RoomDelivery,
  onError: (err: unknown) => void,
): Promise<void> {
  await bus.publish(delivery).catch(onError);
}
