// Chat rooms reuse the group use cases of domain/mucs (roles, members, lists, announcement, shared files)
// with kind 'room'; those use cases read their limits by the group names, so a room's deps carry the
// room values (CONFAB_ROOM_*) under them. Rooms have no avatar and no join requests: those fields keep
// the group values.
import type { GroupDeps, GroupLimits } from '../mucs/group-deps.js';

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

/**
 * The group use cases' deps acting on chat rooms: kind 'room', the room limits, membership changes
 * published with the room's queue `r:<id>`. Every room entry point (REST routes, the socket's join and
 * leave) builds its deps here from the group ones.
 */
export const roomDepsOf = (
  group: GroupDeps,
  limits: RoomLimits & GroupLimits,
): GroupDeps & { kind: 'room' } => ({
  ...group,
  kind: 'room',
  membership: (change) => group.membership({ ...change, kind: 'room' }),
  limits: roomRules(limits),
});
