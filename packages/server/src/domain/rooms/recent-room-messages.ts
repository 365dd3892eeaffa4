// Recent chat-room history without a store write: every node keeps, in memory, the last messages of each
// room it saw go by on the bus (every RoomDelivery of a message reaches every node), and serves them to
// the room's members through getHistoryMessages (chatRoom). Agora offers a short room history; this is
// Confab's: the last RECENT_PER_ROOM messages per room, while the node runs (a node that started later
// knows only what was said since), rooms beyond MAX_ROOMS forgotten least recently used first.
import { contentKind } from '../conversations/roaming-history.js';
import type { BusEvent } from '../ports/bus.js';

export const RECENT_PER_ROOM = 50;
const MAX_ROOMS = 10_000;

export interface RecentMessage {
  id: bigint;
  createdAt: number;
  meta: Uint8Array;
}

export interface RecentPage {
  messages: RecentMessage[];
  nextKey: string;
  isLast: boolean;
}

const keyOf = (appId: number, roomId: string) => `${appId}\u0000${roomId}`;

export class RecentRoomMessages {
  /** In least-recently-used order; each room's messages oldest first. */
  private readonly rooms = new Map<string, RecentMessage[]>();

  constructor(
    private readonly perRoom = RECENT_PER_ROOM,
    private readonly maxRooms = MAX_ROOMS,
  ) {}

  onEvent(event: BusEvent): void {
    if (event.kind === 'membership' && event.destroyed && event.queue.startsWith('r:')) {
      this.rooms.delete(keyOf(event.appId, event.queue.slice(2)));
      return;
    }
    if (event.kind !== 'room' || event.message === undefined || event.entry === undefined) return;
    const key = keyOf(event.appId, event.roomId);
    const list = this.rooms.get(key) ?? [];
    this.rooms.delete(key);
    this.rooms.set(key, list);
    const id = BigInt(event.message.id);
    if (list.some((m) => m.id === id)) return;
    list.push({ id, createdAt: event.message.createdAt, meta: event.entry });
    list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    if (list.length > this.perRoom) list.splice(0, list.length - this.perRoom);
    if (this.rooms.size > this.maxRooms) this.rooms.delete(this.rooms.keys().next().value!);
  }

  /** A page as getHistoryMessages pages: newest first (`up`) or oldest first (`down`), after `cursor`. */
  page(
    appId: number,
    roomId: string,
    q: {
      direction: 'up' | 'down';
      cursor: bigint | undefined;
      limit: number;
      startTime?: number | undefined;
      endTime?: number | undefined;
      /** Content kinds (`txt`, `img`, …) to keep; all when empty. */
      kinds?: readonly string[] | undefined;
    },
  ): RecentPage {
    const all = this.rooms.get(keyOf(appId, roomId)) ?? [];
    const ordered = q.direction === 'up' ? [...all].reverse() : all;
    const after = ordered.filter(
      (m) =>
        (q.cursor === undefined || (q.direction === 'up' ? m.id < q.cursor : m.id > q.cursor)) &&
        (q.startTime === undefined || m.createdAt >= q.startTime) &&
        (q.endTime === undefined || m.createdAt <= q.endTime) &&
        (!q.kinds?.length || q.kinds.includes(contentKind(m.meta))),
    );
    const messages = after.slice(0, q.limit);
    const last = messages[messages.length - 1];
    return { messages, nextKey: last ? last.id.toString() : '', isLast: after.length <= q.limit };
  }
}
