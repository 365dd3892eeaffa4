// The one way to build what chat-room use cases need, REST routes and the socket alike. Rooms reuse the
// group use cases of domain/mucs (roles, members, lists, announcement, shared files) with kind 'room'; those
// read their limits by the group names, so a room's deps carry the room values (CONFAB_ROOM_*) under them.
// A room's membership change is published with its queue `r:<id>` (the nodes' present-device indexes
// follow it), and a member who goes (leave, kick, block, the offline leave) takes its autoDelete attributes
// along (room-attributes.ts). Rooms have no avatar and no join requests: those limits keep the group values.
import { publishMembershipChanged } from '../messages/group-fanout.js';
import type { GroupDeps, GroupLimits } from '../mucs/group-deps.js';
import type { MucListDeps } from '../mucs/muc-list-rules.js';
import type { Bus } from '../ports/bus.js';
import type { FileStore } from '../ports/chat-files.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { MucEvents } from '../ports/muc-events.js';
import type { MucListStore } from '../ports/muc-lists.js';
import type { MucStore } from '../ports/mucs.js';
import type { RoomAttributeStore } from '../ports/room-attributes.js';
import type { UserStore } from '../ports/storage.js';
import { dropLeaverAttributes } from './room-attributes.js';

/** Limits of the config schema (`LIMITS`, section rooms) the room use cases check. */
export interface RoomLimits {
  readonly roomNameMaxChars: number;
  readonly roomDescriptionMaxChars: number;
  readonly roomDefaultMaxUsers: number;
  readonly roomMaxUsers: number;
  readonly roomsPerUser: number;
  readonly roomsPerApp: number;
  readonly roomBulkMax: number;
  readonly roomDetailsMax: number;
  readonly roomAdminsMax: number;
  readonly roomSuperAdminsMax: number;
  /** Rooms larger than this announce joins and leaves to the owner and admins only. */
  readonly roomPresenceEventsMaxMembers: number;
}

/** The group-named limits a room's use cases read, from the room rows. */
export const roomRules = (l: RoomLimits & GroupLimits): GroupLimits => ({
  ...l,
  groupNameMaxChars: l.roomNameMaxChars,
  groupDescriptionMaxChars: l.roomDescriptionMaxChars,
  groupDefaultMaxUsers: l.roomDefaultMaxUsers,
  groupMaxUsers: l.roomMaxUsers,
  groupsPerUser: l.roomsPerUser,
  groupsPerApp: l.roomsPerApp,
  groupBulkMax: l.roomBulkMax,
  groupDetailsMax: l.roomDetailsMax,
  groupAdminsMax: l.roomAdminsMax,
});

/** What the server context offers that room deps are made of (the ServerContext has it all). */
export interface RoomContext {
  readonly limits: RoomLimits & GroupLimits;
  readonly storage: {
    readonly mucs: MucStore;
    readonly users: Pick<UserStore, 'find'>;
    readonly mucLists: MucListStore;
    readonly roomAttributes: RoomAttributeStore;
  };
  readonly mucEvents: MucEvents;
  readonly bus: Bus;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly attachments: { readonly store: Pick<FileStore, 'remove'> };
}

/** The deps of every room use case: the group and list use cases' on kind 'room', and the socket's. */
export type RoomDeps = GroupDeps &
  MucListDeps & {
    readonly kind: 'room';
    readonly lists: MucListStore;
    readonly attributes: RoomAttributeStore;
    readonly bus: Bus;
    readonly logger: Logger;
    /** Rooms larger than this announce joins and leaves to the owner and admins only (`CONFAB_ROOM_PRESENCE_EVENTS_MAX_MEMBERS`). */
    readonly presenceEventsMaxMembers: number;
  };

export function roomDeps(ctx: RoomContext): RoomDeps {
  const { storage, logger } = ctx;
  const deps: RoomDeps = {
    kind: 'room',
    mucs: storage.mucs,
    users: storage.users,
    lists: storage.mucLists,
    attributes: storage.roomAttributes,
    events: ctx.mucEvents,
    bus: ctx.bus,
    clock: ctx.clock,
    logger,
    limits: roomRules(ctx.limits),
    presenceEventsMaxMembers: ctx.limits.roomPresenceEventsMaxMembers,
    fileStore: ctx.attachments.store,
    membership: async (change) => {
      await publishMembershipChanged(ctx.bus, { ...change, kind: 'room' }, (err) =>
        logger.warn({ err, roomId: change.groupId }, 'room membership change not published'),
      );
      // Whoever went (left, kicked, blocked, offline too long) takes its autoDelete attributes along.
      for (const username of change.removed ?? [])
        await dropLeaverAttributes(deps, change.appId, change.groupId, username).catch((err: unknown) =>
          logger.warn({ err, roomId: change.groupId }, 'autoDelete room attributes not dropped'),
        );
    },
  };
  return deps;
}
