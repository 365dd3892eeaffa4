// The client's view of chat rooms: the app's rooms as listed (getChatRooms, paged), the ones this user
// is in, and for those the live member count and the topic (room attribute "topic", else the
// description). Rooms are live: nothing of them is cached across reloads.

/** The room attribute the client shows and edits as the room's topic. */
export const TOPIC_KEY = 'topic';

export interface RoomInfo {
  id: string;
  name: string;
  owner?: string;
  description?: string;
  /** Members (getChatRooms' affiliations_count, the join's member_count, presence events). */
  memberCount?: number;
  /** The room attribute "topic" ('' or absent: none set). */
  topic?: string;
  /** The user is a member (joined on this or another device, or still within the offline grace). */
  joined?: boolean;
  /** Why the user can no longer chat in it. */
  gone?: 'removed' | 'destroyed';
}

/** Whether this user may create rooms: unknown until a try; only super admins may. */
export type CreateRight = 'unknown' | 'yes' | 'no';

/** The topic shown: the "topic" attribute, else the description. */
export function topicOf(room: RoomInfo | undefined): string {
  return room?.topic || room?.description || '';
}

export function roomName(rooms: Readonly<Record<string, RoomInfo>>, id: string): string {
  return rooms[id]?.name || id;
}
