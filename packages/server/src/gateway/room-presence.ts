// The node-local index of who is present in chat rooms: room → this node's sessions that joined it (spec
// msync §4.8). Rooms are live: a room message or event is pushed to the devices present now and stored for
// nobody, so this index, not the store, decides who gets it. A device is present from its JOIN until its
// LEAVE, its removal (kick, block, destroy: bus events name the users gone) or its socket closing. One bus
// event per message reaches every node (RoomDelivery); each node encodes the push frame once and writes
// it to its present devices, dropping low-priority messages first when a socket is backed up.
import { OK_STATUS, frame, Command, encodeSyncDLWithRawMetas, toU64 } from '@confab/protocol';
import type { MembershipChanged, RoomDelivery, RoomPriority } from '../domain/ports/bus.js';
import { queueJid } from '../domain/messages/queue-ids.js';
import { mucConversationKey } from '../domain/ports/mucs.js';
import type { RegisteredSession } from './session-registry.js';

/** What a present device can be sent (Session implements it). */
export interface RoomSession extends RegisteredSession {
  readonly appKey: string;
  /** Writes a room push unless the socket is too backed up for its priority (then it is dropped). */
  pushRoom(roomId: string, frame: Uint8Array, priority: RoomPriority): void;
}

const roomKey = (appId: number, roomId: string) => `${appId}\u0000${roomId}`;

/**
 * The push of a room entry: a SYNC DL of the room's queue with `nextKey`, so the SDK answers with a
 * SYNC{queue, key} that the session ends at once (isLast) without reading the store.
 */
export function roomPushFrame(appKey: string, roomId: string, entry: Uint8Array, key: bigint): Uint8Array {
  return frame(
    Command.SYNC,
    encodeSyncDLWithRawMetas(
      {
        status: OK_STATUS,
        queue: queueJid(appKey, mucConversationKey('room', roomId)),
        nextKey: toU64(key),
        isLast: false,
      },
      [entry],
    ),
  );
}

export class RoomPresence {
  private readonly rooms = new Map<string, Set<RoomSession>>();
  private readonly bySession = new Map<RoomSession, Set<string>>();
  private pushes = 0n;

  constructor(
    private readonly sessionsOf: (appId: number, username: string) => Iterable<RegisteredSession>,
  ) {}

  /** The session is present in the room (again: idempotent). */
  join(session: RoomSession, roomId: string): void {
    const key = roomKey(session.appId, roomId);
    let set = this.rooms.get(key);
    if (!set) this.rooms.set(key, (set = new Set()));
    set.add(session);
    let mine = this.bySession.get(session);
    if (!mine) this.bySession.set(session, (mine = new Set()));
    mine.add(roomId);
  }

  /** The session is no longer present; true when it was. */
  leave(session: RoomSession, roomId: string): boolean {
    const key = roomKey(session.appId, roomId);
    const set = this.rooms.get(key);
    const was = set?.delete(session) ?? false;
    if (set && set.size === 0) this.rooms.delete(key);
    const mine = this.bySession.get(session);
    mine?.delete(roomId);
    if (mine && mine.size === 0) this.bySession.delete(session);
    return was;
  }

  /** The socket closed: it leaves every room; returns the rooms it was present in. */
  sessionClosed(session: RoomSession): string[] {
    const mine = [...(this.bySession.get(session) ?? [])];
    for (const roomId of mine) this.leave(session, roomId);
    return mine;
  }

  /** Rooms the session is present in. */
  roomsOf(session: RegisteredSession): ReadonlySet<string> {
    return this.bySession.get(session as RoomSession) ?? EMPTY;
  }

  isPresent(session: RegisteredSession, roomId: string): boolean {
    return this.bySession.get(session as RoomSession)?.has(roomId) ?? false;
  }

  /** This node's devices of the user present in the room. */
  presentDevices(appId: number, roomId: string, username: string): RoomSession[] {
    const set = this.rooms.get(roomKey(appId, roomId));
    return set ? [...set].filter((s) => s.username === username) : [];
  }

  /** For tests and diagnostics: this node's present sessions of a room. */
  present(appId: number, roomId: string): ReadonlySet<RoomSession> {
    return this.rooms.get(roomKey(appId, roomId)) ?? EMPTY_SESSIONS;
  }

  /** Members removed from a room (left, kicked, blocked) stop being present; `destroyed` ends the room. */
  onMembership(event: MembershipChanged): void {
    const roomId = event.queue.slice(2);
    if (event.destroyed) {
      for (const s of [...(this.rooms.get(roomKey(event.appId, roomId)) ?? [])]) this.leave(s, roomId);
      return;
    }
    for (const name of event.removed ?? []) this.removeUser(event.appId, roomId, name);
  }

  /** A RoomDelivery from the bus: push to the present devices (and named users). */
  deliver(event: RoomDelivery): void {
    const { appId, roomId, entry } = event;
    const key = roomKey(appId, roomId);
    if (entry !== undefined) {
      const targets = new Set<RoomSession>();
      if (event.present !== false) for (const s of this.rooms.get(key) ?? []) targets.add(s);
      for (const name of event.users ?? [])
        for (const s of this.sessionsOf(appId, name)) if (isRoomSession(s)) targets.add(s);
      const except = event.except;
      const priority = event.priority ?? 'normal';
      let bytes: Uint8Array | undefined;
      for (const s of targets) {
        if (except && s.username === except.username && s.resource === except.resource) continue;
        bytes ??= roomPushFrame(s.appKey, roomId, entry, ++this.pushes);
        s.pushRoom(roomId, bytes, priority);
      }
    }
  }

  private removeUser(appId: number, roomId: string, username: string): void {
    for (const s of this.presentDevices(appId, roomId, username)) this.leave(s, roomId);
  }
}

const EMPTY: ReadonlySet<string> = new Set();
const EMPTY_SESSIONS: ReadonlySet<RoomSession> = new Set();

function isRoomSession(s: RegisteredSession): s is RoomSession {
  return typeof (s as Partial<RoomSession>).pushRoom === 'function';
}
