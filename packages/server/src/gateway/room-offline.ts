// What happens when a present device goes away without leaving (Agora's documented behaviour: "once going
// offline, chat room members cannot receive any messages from the chat room and automatically leave the
// chat room after 2 minutes; members on the allow list remain"). Per node:
// - the device stops being present at once (room-presence.ts);
// - the rooms it was present in are remembered for CONFAB_ROOM_OFFLINE_LEAVE_MS: when the same device
//   (user and resource) logs in to this node again within it, it is present again without a JOIN. The
//   Web SDK 1.4.0 does not rejoin rooms after its automatic reconnect (it keeps no list of joined rooms),
//   so without this a reconnect would silently end the room for the app;
// - when the time is up and the user has no session anywhere in the cluster (session directory), the
//   server leaves the room for the user (leaveRoom: memberAbsence to the room; owner and allow-listed
//   members stay members).
export interface OfflineLeaveOptions {
  graceMs: number;
  /** Time is up for (user, room): the caller checks the cluster and leaves the room for the user. */
  expire: (appId: number, roomId: string, username: string) => void;
}

interface Pending {
  rooms: Set<string>;
  timer: NodeJS.Timeout;
}

const deviceKey = (appId: number, username: string, resource: string) =>
  `${appId}\u0000${username}\u0000${resource}`;

export class RoomOfflineLeaves {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly o: OfflineLeaveOptions) {}

  /** A device present in `rooms` went away. */
  disconnected(appId: number, username: string, resource: string, rooms: readonly string[]): void {
    if (rooms.length === 0) return;
    const key = deviceKey(appId, username, resource);
    this.cancel(key);
    const entry: Pending = {
      rooms: new Set(rooms),
      timer: setTimeout(() => {
        if (this.pending.get(key) !== entry) return;
        this.pending.delete(key);
        for (const roomId of entry.rooms) this.o.expire(appId, roomId, username);
      }, this.o.graceMs),
    };
    entry.timer.unref();
    this.pending.set(key, entry);
  }

  /** The device logged in again: the rooms it may be present in again (its timer is cancelled). */
  reconnected(appId: number, username: string, resource: string): string[] {
    const key = deviceKey(appId, username, resource);
    const entry = this.pending.get(key);
    if (!entry) return [];
    this.cancel(key);
    return [...entry.rooms];
  }

  /** The device left a room itself (or joined it again): nothing to do for that room any more. */
  forget(appId: number, username: string, resource: string, roomId: string): void {
    this.pending.get(deviceKey(appId, username, resource))?.rooms.delete(roomId);
  }

  close(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }

  private cancel(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(key);
  }
}
