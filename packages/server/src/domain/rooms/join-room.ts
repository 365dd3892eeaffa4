// Joining and leaving a chat room over msync (spec msync §4.8: MUCBody JOIN(2) / LEAVE(3) with isChatroom),
// as the SDK's joinChatRoom / leaveChatRoom do. A join writes one membership row (none when the user is a
// member already: an owner, an admin, a member added by the app server, or a device rejoining); a leave
// deletes it. The other present members are told live (memberPresence / memberAbsence with the member
// count); which devices are present is the gateway's (gateway/room-presence.ts), not the store's.
import { ConfabError, ErrorCode, MucOperation } from '@confab/protocol';
import { checkJoinedLimit, mucFull } from '../mucs/group-deps.js';
import { loadMuc, roomNotFound } from '../mucs/muc-access.js';
import type { MucAudience, MucEvent } from '../ports/muc-events.js';
import type { MucRecord } from '../ports/mucs.js';
import { NEVER_EXPIRES } from '../ports/muc-lists.js';
import type { RoomDeps } from './room-deps.js';

export interface RoomUser {
  appId: number;
  username: string;
  /** The device that joins or leaves; absent for the server (the offline leave). */
  resource?: string;
}

export interface JoinOutcome {
  room: MucRecord;
  /** What the SDK shows as the join's `info` (MUCBody.status.chatroomInfo, keyed by the user). */
  chatroomInfo: string;
}

/** 603: the user is on the room's block list ("… can not join this group … is in the blacklist"). */
const blockedFromRoom = (roomId: string, username: string) =>
  new ConfabError(
    ErrorCode.PERMISSION_DENIED,
    `user ${username} can not join this group ${roomId}, user is in the blacklist`,
    { operation: 'roomJoin', roomId },
  );

export async function joinRoom(
  deps: RoomDeps,
  user: RoomUser,
  roomId: string,
  ext = '',
): Promise<JoinOutcome> {
  const { appId, username } = user;
  let room = await loadMuc(deps, appId, roomId);
  const now = deps.clock.now();
  const [member, state] = await Promise.all([
    deps.mucs.member(appId, roomId, username),
    deps.lists.speakerState(appId, roomId, username, now),
  ]);
  if (state.blocked) throw blockedFromRoom(roomId, username);
  if (!member) {
    await checkJoinedLimit(deps, appId, [username]);
    const added = await deps.mucs.addMembers(appId, roomId, [username], now);
    if (!added.ok) throw added.reason === 'gone' ? roomNotFound(roomId) : mucFull('room');
    room = (await deps.mucs.get(appId, roomId)) ?? room;
    await deps.membership({ appId, groupId: roomId, added: [username] });
  }
  // Every join is announced, a device's rejoin too (Agora tells the room each time a member enters).
  await deps.events.notify(
    roomEvent(room, MucOperation.PRESENCE, user, now, {
      memberCount: room.memberCount,
      ...(ext ? { ext } : {}),
    }),
    await presenceAudience(deps, room),
  );
  const info = {
    is_all_mute: room.allMuted,
    create_timestamp: room.createdAt,
    is_in_white_list: state.allowListed,
    member_count: room.memberCount,
    mute_duration: state.mutedUntil ?? NEVER_EXPIRES,
  };
  return { room, chatroomInfo: JSON.stringify({ [username]: info }) };
}

/**
 * A member leaves (LEAVE, or the server after its devices were offline too long). The owner stays a member
 * (it owns the room; only its devices stop being present); so does a user who is no member. Returns true
 * when a membership was removed.
 */
export async function leaveRoom(deps: RoomDeps, user: RoomUser, roomId: string): Promise<boolean> {
  const { appId, username } = user;
  const room = await deps.mucs.get(appId, roomId);
  if (!room || room.kind !== 'room') return false;
  const member = await deps.mucs.member(appId, roomId, username);
  if (!member || member.role === 'owner') return false;
  const removed = await deps.mucs.removeMembers(appId, roomId, [username]);
  if (removed.length === 0) return false;
  // The nodes stop its devices' presence; its autoDelete attributes go (room-deps.ts).
  await deps.membership({ appId, groupId: roomId, removed });
  await deps.lists.forgetMembers(appId, roomId, removed);
  const memberCount = (await deps.mucs.get(appId, roomId))?.memberCount ?? room.memberCount - 1;
  await deps.events.notify(
    roomEvent(room, MucOperation.ABSENCE, user, deps.clock.now(), { memberCount }),
    await presenceAudience(deps, { ...room, memberCount }),
  );
  return true;
}

/**
 * Who hears of a join or leave: every present member, or in a room of more than
 * `presenceEventsMaxMembers` members only the owner and admins (one bounded read: they come first).
 */
async function presenceAudience(deps: RoomDeps, room: MucRecord): Promise<MucAudience> {
  if (room.memberCount <= deps.presenceEventsMaxMembers) return { members: true };
  const staff: string[] = [];
  for (let offset = 0; ; offset += STAFF_PAGE) {
    const page = await deps.mucs.members(room.appId, room.id, offset, STAFF_PAGE);
    for (const m of page) if (m.role !== 'member') staff.push(m.username);
    if (page.length < STAFF_PAGE || page[page.length - 1]!.role === 'member') break;
  }
  return { users: staff.length ? staff : [room.owner] };
}
const STAFF_PAGE = 100;

function roomEvent(
  room: MucRecord,
  operation: number,
  user: RoomUser,
  createdAt: number,
  fields: Pick<MucEvent, 'memberCount' | 'ext'>,
): MucEvent {
  return {
    appId: room.appId,
    kind: 'room',
    mucId: room.id,
    operation,
    actor: user.username,
    ...(user.resource ? { actorResource: user.resource } : {}),
    ...fields,
    createdAt,
  };
}
