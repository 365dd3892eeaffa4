// A socket's chat-room calls (spec msync §4.8): JOIN(2) and LEAVE(3) MUCBodies with isChatroom, answered by
// an ACK of the meta id (a JOIN's carries MUCBody.status.chatroomInfo, the SDK's `info`), and this device's
// presence in rooms: present from its JOIN until its LEAVE, a removal or its socket closing; present again
// when it reconnects to this node before the offline leave (room-offline.ts).
import {
  ConfabError,
  Domain,
  ErrorCode,
  MucOperation,
  NameSpace,
  OK_STATUS,
  frames,
  msync,
  toU64,
  type Meta,
  type MucBody,
} from '@confab/protocol';
import type { ServerContext } from '../context.js';
import type { AppRecord } from '../domain/ports/storage.js';
import { serviceEnabled } from '../domain/apps/app-settings.js';
import { joinRoom, leaveRoom, type RoomUser } from '../domain/rooms/join-room.js';
import { roomNotFound } from '../domain/mucs/muc-access.js';
import { roomDeps, type RoomDeps } from '../domain/rooms/room-deps.js';
import type { RoomSession } from './room-presence.js';
import type { SessionRegistry } from './session-registry.js';

/** What RoomCalls needs of its socket. */
export interface RoomCallSession extends RoomSession {
  readonly app: AppRecord | undefined;
  send(bytes: Uint8Array): void;
  refuse(metaId: Meta['id'], err: unknown): void;
}

export class RoomCalls {
  private readonly deps: RoomDeps;
  private active = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly registry: SessionRegistry,
    private readonly session: RoomCallSession,
  ) {
    this.deps = roomDeps(ctx);
  }

  /** Handles a MUC meta of a room JOIN or LEAVE; false when it is something else. */
  async handle(meta: Meta): Promise<boolean> {
    let body: MucBody;
    try {
      body = msync.MUCBody.decode(meta.payload ?? new Uint8Array());
    } catch {
      return false;
    }
    const op = body.operation ?? -1;
    if (body.isChatroom !== true || (op !== MucOperation.JOIN && op !== MucOperation.LEAVE)) return false;
    const metaId = meta.id ?? 0;
    try {
      const app = this.session.app;
      if (!app || !serviceEnabled(app, 'chatrooms'))
        throw new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'chat room service is not enabled');
      const roomId = body.mucId?.name ?? '';
      if (!/^\d{1,19}$/.test(roomId)) throw roomNotFound(roomId);
      if (op === MucOperation.JOIN) await this.join(metaId, roomId, body);
      else await this.leave(metaId, roomId);
    } catch (err) {
      this.session.refuse(metaId, err);
    }
    return true;
  }

  /** The socket logged in: a device that dropped out of rooms on this node shortly before is present again. */
  loggedIn(): void {
    this.active = true;
    const { appId, username, resource } = this.session;
    const rooms = this.registry.roomOffline?.reconnected(appId, username, resource) ?? [];
    if (rooms.length === 0) return;
    void (async () => {
      for (const roomId of rooms) await this.presentIfMember(roomId);
    })().catch((err: unknown) => this.ctx.logger.warn({ err }, 'room rejoin after reconnect failed'));
  }

  /** The socket closed: it is present nowhere; its rooms wait for the offline leave. */
  closed(): void {
    this.active = false;
    const rooms = this.registry.rooms.sessionClosed(this.session);
    const { appId, username, resource } = this.session;
    this.registry.roomOffline?.disconnected(appId, username, resource, rooms);
  }

  /**
   * Makes this device present, then checks the membership: a kick, block or destroy committed before the
   * device was indexed (its bus event found nothing to remove) is caught here; one committed after it
   * removes the device through its bus event.
   */
  private async presentIfMember(roomId: string): Promise<void> {
    if (!this.active) return;
    this.registry.rooms.join(this.session, roomId);
    const { appId, username } = this.session;
    if (!(await this.ctx.storage.mucs.member(appId, roomId, username)))
      this.registry.rooms.leave(this.session, roomId);
  }

  private user(): RoomUser {
    const { appId, username, resource } = this.session;
    return { appId, username, resource };
  }

  private async join(metaId: NonNullable<Meta['id']>, roomId: string, body: MucBody): Promise<void> {
    const user = this.user();
    if (body.leaveOtherRooms) await this.leaveOthers(roomId);
    const outcome = await joinRoom(this.deps, user, roomId, body.ext ?? '');
    await this.presentIfMember(roomId);
    this.registry.roomOffline?.forget(user.appId, user.username, user.resource ?? '', roomId);
    const { appKey } = this.session;
    const answer: MucBody = {
      mucId: { appKey, name: roomId, domain: Domain.CONFERENCE },
      operation: MucOperation.JOIN,
      isChatroom: true,
      status: { errorCode: 0, chatroomInfo: outcome.chatroomInfo },
    };
    const now = this.ctx.clock.now();
    const meta: Meta = {
      id: toU64(this.ctx.ids.next()),
      from: { appKey, name: user.username, domain: Domain.USER },
      to: { appKey, name: roomId, domain: Domain.CONFERENCE },
      timestamp: toU64(now),
      ns: NameSpace.MUC,
      payload: msync.MUCBody.encode(answer),
    };
    this.session.send(frames.syncDL({ status: OK_STATUS, metaId, timestamp: toU64(now), metas: [meta] }));
  }

  private async leave(metaId: NonNullable<Meta['id']>, roomId: string): Promise<void> {
    const user = this.user();
    await leaveRoom(this.deps, user, roomId);
    // The owner stays a member: only this device stops being present (a member's every device stops
    // through the membership event, on every node).
    this.registry.rooms.leave(this.session, roomId);
    this.registry.roomOffline?.forget(user.appId, user.username, user.resource ?? '', roomId);
    this.session.send(frames.syncDL({ status: OK_STATUS, metaId, timestamp: toU64(this.ctx.clock.now()) }));
  }

  /** joinChatRoom({leaveOtherRooms: true}): the user leaves every other room it is a member of. */
  private async leaveOthers(roomId: string): Promise<void> {
    const { appId, username } = this.session;
    const { items } = await this.ctx.storage.mucs.joinedBy(
      appId,
      'room',
      username,
      0,
      this.deps.limits.groupsPerUser,
    );
    for (const room of items) {
      if (room.id === roomId) continue;
      await leaveRoom(this.deps, this.user(), room.id);
      this.registry.rooms.leave(this.session, room.id);
    }
  }
}
