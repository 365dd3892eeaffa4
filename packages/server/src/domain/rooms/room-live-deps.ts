// What the live chat-room use cases need (join, leave, messages, the offline leave): ports and clock,
// picked from the server context by `roomDeps` so every caller wires them the same way.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { MucEvents } from '../ports/muc-events.js';
import type { MucListStore } from '../ports/muc-lists.js';
import type { MucRecord, MucStore } from '../ports/mucs.js';
import type { Storage } from '../ports/storage.js';
import { dropLeaverAttributes } from './room-attributes.js';

export interface RoomDeps {
  readonly mucs: MucStore;
  readonly lists: Pick<MucListStore, 'speakerState' | 'forgetMembers'>;
  readonly events: MucEvents;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Rooms a user may be a member of at once (`CONFAB_ROOMS_PER_USER`); a join past it: 50. */
  readonly roomsPerUser: number;
  /** Rooms larger than this announce joins and leaves to the owner and admins only (`CONFAB_ROOM_PRESENCE_EVENTS_MAX_MEMBERS`). */
  readonly presenceEventsMaxMembers: number;
  /** Called after a member left (its autoDelete attributes go); set by the attribute feature. */
  readonly onLeft?: (appId: number, roomId: string, username: string) => Promise<void>;
}

export function liveRoomDeps(ctx: {
  limits: { roomsPerUser: number; roomPresenceEventsMaxMembers: number };
  storage: Storage;
  mucEvents: MucEvents;
  bus: Bus;
  clock: Clock;
  logger: Logger;
}): RoomDeps {
  return {
    mucs: ctx.storage.mucs,
    lists: ctx.storage.mucLists,
    events: ctx.mucEvents,
    bus: ctx.bus,
    clock: ctx.clock,
    logger: ctx.logger,
    roomsPerUser: ctx.limits.roomsPerUser,
    presenceEventsMaxMembers: ctx.limits.roomPresenceEventsMaxMembers,
    // A leaver's autoDelete attributes go with it (room-attributes.ts).
    onLeft: (appId, roomId, username) =>
      dropLeaverAttributes(
        {
          mucs: ctx.storage.mucs,
          attributes: ctx.storage.roomAttributes,
          events: ctx.mucEvents,
          clock: ctx.clock,
        },
        appId,
        roomId,
        username,
      ),
  };
}

/** 705 "grpID <id> does not exist!" (the SDK's CHATROOM_NOT_EXIST). */
export const noSuchRoom = (roomId: string) =>
  new ConfabError(ErrorCode.CHATROOM_NOT_EXIST, `grpID ${roomId} does not exist!`, { roomId });

/** The room, or 705; 608 when the app server disabled it. */
export async function liveRoom(
  mucs: Pick<MucStore, 'get'>,
  appId: number,
  roomId: string,
): Promise<MucRecord> {
  const room = await mucs.get(appId, roomId);
  if (!room || room.kind !== 'room') throw noSuchRoom(roomId);
  if (room.disabled) throw new ConfabError(ErrorCode.GROUP_IS_DISABLED, 'group is disabled');
  return room;
}
