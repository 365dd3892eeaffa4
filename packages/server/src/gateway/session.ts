// One WebSocket: PROVISION first, then UNREAD (heartbeat), SYNC sends with their ACK, and delivery
// by NOTICE → SYNC → DL (spec §4). Frames of one socket are handled strictly in arrival order. The
// delivery rules live in queue-delivery.ts; this class does the socket and store work they ask for.
import {
  CloseCode,
  ConfabError,
  Command,
  ErrorCode,
  NameSpace,
  OK_STATUS,
  ackFailure,
  encodeSyncDLWithRawMetas,
  frame,
  frames,
  isConfabError,
  msync,
  provisionFailure,
  statisticsOperationForKick,
  kickCode,
  StatisticsOperation,
  toU64,
  u64ToBigInt,
  type AckContext,
  type Codec,
  type CommSyncUL,
  type Meta,
  type MSync,
} from '@confab/protocol';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { ServerContext } from '../context.js';
import type { Logger } from '../domain/ports/logger.js';
import type { AppRecord, DeviceRef } from '../domain/ports/storage.js';
import type { SessionEntry } from '../domain/ports/session-directory.js';
import {
  publishHints,
  sendMessage,
  type MessagingDeps,
  type SendResult,
} from '../domain/messages/send-message.js';
import { MAX_STORED_ID } from '../domain/messages/message-id.js';
import { queueIdOfJid, queueJid } from '../domain/messages/queue-ids.js';
import { enforceDeviceLimit } from '../domain/sessions/device-policy.js';
import { userStatusCallback } from '../domain/app-server/event-callbacks.js';
import { announcePresence } from '../domain/presence/announce-presence.js';
import { presenceFrame } from './presence-frames.js';
import type { SendRateLimiter } from '../domain/sessions/send-rate.js';
import { corkForThisTurn } from './corked-writes.js';
import { authenticateProvision } from './provision.js';
import { QueueDelivery, type DeliveryAction } from './queue-delivery.js';
import { isLastFrame, noticeFrame } from './queue-frames.js';
import { RoomCalls, type RoomCallSession } from './room-calls.js';
import type { PushFrameCache, SessionRegistry, WakeHint } from './session-registry.js';
import type { RoomPriority } from '../domain/ports/bus.js';

type State = 'provisioning' | 'active' | 'closed';

interface Identity {
  app: AppRecord;
  appKey: string;
  username: string;
  resource: string;
}

/** What ackFailure needs beside the code: the user or room a reason names, else the message. */
function ackDetail(err: ConfabError): string {
  const data = (err.data ?? {}) as { username?: unknown; roomId?: unknown };
  if (typeof data.username === 'string') return data.username;
  if (typeof data.roomId === 'string') return data.roomId;
  return err.message;
}

/** Which operation a refusal belongs to, when that picks the ACK texts (edit-message.ts marks its own). */
function ackContext(err: ConfabError): AckContext | undefined {
  const operation = (err.data as AckContext | undefined)?.operation;
  return operation === 'edit' ? EDIT : operation === 'roomJoin' ? ROOM_JOIN : undefined;
}
const EDIT: AckContext = { operation: 'edit' };
/** Room joins mark their refusals (domain/rooms/join-room.ts) for the room texts of 50 and 603. */
const ROOM_JOIN: AckContext = { operation: 'roomJoin' };

/** What a client asks for in a namespace the server does not serve yet, for the refusal's text. */
function namespaceFeature(ns: number | undefined): string {
  switch (ns) {
    case NameSpace.MUC:
      return 'group operations over the socket (namespace MUC) are';
    case NameSpace.ROSTER:
      return 'contact operations (namespace ROSTER) are';
    default:
      return `namespace ${ns} is`;
  }
}

/** Rooms remembered per socket for the SYNC shortcut; forgotten all at once beyond it. */
const MAX_LIVE_ROOMS = 1000;

/** Whether a room push of `priority` still goes out with `buffered` bytes unsent (Session.pushRoom). */
export function roomPushAllowed(
  buffered: number,
  priority: RoomPriority,
  limits: { slowConsumerBytes: number; maxBufferedBytes: number },
): boolean {
  const { slowConsumerBytes: low, maxBufferedBytes: high } = limits;
  const limit = priority === 'low' ? low : priority === 'normal' ? (low + high) / 2 : high;
  return buffered <= limit;
}

export class Session implements RoomCallSession {
  private state: State = 'provisioning';
  private chain: Promise<void> = Promise.resolve();
  private identity: Identity | undefined;
  private readonly delivery = new QueueDelivery();
  private readonly provisionTimer: NodeJS.Timeout;
  private log: Logger;
  private entry: SessionEntry | undefined;
  private registered: Promise<void> = Promise.resolve();
  /** When this session logged in: online-only entries sent before it are not read (deliverOnlineOnly). */
  private onlineSince: number | undefined;
  /** JOIN / LEAVE of chat rooms and this device's presence in them (room-calls.ts). */
  private readonly roomCalls: RoomCalls;
  /** Rooms this socket got live pushes of: their SYNC answers are isLast at once (rooms store nothing). */
  private readonly liveRooms = new Set<string>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly registry: SessionRegistry,
    private readonly socket: WebSocket,
    /** The TCP socket under `socket`, corked per event-loop turn. */
    private readonly wire: Duplex,
    private readonly connId: string,
    log: Logger,
    /** The node's per-user send buckets, shared by all its sessions. */
    private readonly sendRate: SendRateLimiter,
  ) {
    this.log = log;
    this.roomCalls = new RoomCalls(ctx, registry, this);
    this.provisionTimer = setTimeout(
      () => this.close(CloseCode.PROVISION_TIMEOUT, 'provision timeout'),
      ctx.limits.provisionTimeoutMs,
    );
    socket.on('message', (data, isBinary) => this.enqueue(data as Buffer, isBinary));
    socket.on('close', () => this.onClosed());
    socket.on('error', (err) => this.log.debug({ err }, 'socket error'));
  }

  get app(): AppRecord | undefined {
    return this.identity?.app;
  }
  get appId(): number {
    return this.identity?.app.id ?? -1;
  }
  get username(): string {
    return this.identity?.username ?? '';
  }
  get resource(): string {
    return this.identity?.resource ?? '';
  }

  wake(queue: string, hint?: WakeHint, shared?: PushFrameCache): void {
    if (this.state !== 'active') return;
    const seq = hint?.seq === undefined ? undefined : BigInt(hint.seq);
    const entry = hint?.entry;
    const keepingUp = this.socket.bufferedAmount <= this.ctx.limits.slowConsumerBytes;
    switch (this.delivery.onHint(queue, seq, entry !== undefined, keepingUp)) {
      case 'push':
        this.ctx.metrics.delivery('push');
        return this.push(queue, seq!, entry!, shared);
      case 'notice':
        this.ctx.metrics.delivery('notice');
        return this.send(noticeFrame(this.appKey, queue));
      case 'none':
        return;
    }
  }

  /** An unsolicited DL (spec §4.5 point 5) instead of NOTICE → SYNC → read; SYNC{queue, key} acks it. */
  private push(queue: string, seq: bigint, entry: Uint8Array, shared: PushFrameCache | undefined): void {
    const cache = shared ?? {};
    cache.frame ??= frame(
      Command.SYNC,
      encodeSyncDLWithRawMetas(
        { status: OK_STATUS, queue: queueJid(this.appKey, queue), nextKey: toU64(seq), isLast: false },
        [entry],
      ),
    );
    this.ctx.metrics.messagesOut(1);
    this.send(cache.frame);
  }

  /**
   * A live room message or event. Under backpressure the least important go first: low-priority messages
   * once the socket holds more than CONFAB_SLOW_CONSUMER_BYTES unsent, normal ones halfway to
   * CONFAB_MAX_BUFFERED_BYTES, high ones (and room events) only at it; a room push never closes the socket.
   */
  pushRoom(roomId: string, bytes: Uint8Array, priority: RoomPriority): void {
    if (this.state !== 'active' || this.socket.readyState !== this.socket.OPEN) return;
    if (!roomPushAllowed(this.socket.bufferedAmount, priority, this.ctx.limits)) {
      this.roomDrops++;
      return;
    }
    if (this.liveRooms.size >= MAX_LIVE_ROOMS) this.liveRooms.clear();
    this.liveRooms.add(roomId);
    this.ctx.metrics.messagesOut(1);
    corkForThisTurn(this.wire);
    this.socket.send(bytes);
  }

  /** Room pushes dropped for backpressure (tests, diagnostics). */
  roomDrops = 0;

  resync(): void {
    if (this.state !== 'active') return;
    this.chain = this.chain
      .then(async () => {
        for (const q of await this.ctx.storage.messages.unreadQueues(this.device())) this.wake(q.queue);
      })
      .catch((err: unknown) => this.log.warn({ err }, 'resync failed'));
  }

  notifyPresence(publisher: string, payload: string): void {
    if (this.state !== 'active') return;
    this.send(presenceFrame(this.appKey, publisher, payload, this.ctx.ids.next()));
  }

  /** Kick (spec §4.10): a STATISTIC meta tells the SDK why (206/207/216/217), then the socket closes. */
  kick(code: number, reason?: string): void {
    const operation = statisticsOperationForKick(code);
    if (this.state !== 'active' || operation === null) return this.close(CloseCode.KICKED, 'kicked');
    const payload = msync.StatisticsBody.encode({ operation, ...(reason ? { reason } : {}) });
    const own = queueJid(this.appKey, this.username);
    this.send(
      frames.syncDL({
        status: OK_STATUS,
        queue: own,
        isLast: true,
        metas: [{ id: toU64(this.ctx.ids.next()), from: own, ns: NameSpace.STATISTIC, payload }],
      }),
    );
    this.close(CloseCode.NORMAL, 'kicked');
  }

  close(code: number = CloseCode.NORMAL, reason = ''): void {
    if (this.state === 'closed') return;
    this.socket.close(code, reason);
    this.onClosed();
  }

  private enqueue(data: Buffer, isBinary: boolean): void {
    this.chain = this.chain
      .then(() =>
        isBinary ? this.handle(data) : this.close(CloseCode.UNSUPPORTED_DATA, 'binary frames only'),
      )
      .catch((err: unknown) => {
        this.log.error({ err }, 'frame handling failed');
        this.close(CloseCode.INTERNAL_ERROR, 'internal error');
      });
  }

  // handle, sync and receiveMeta are not async functions: most frames finish without waiting (or hand
  // back the one promise they wait for), and each async layer costs a promise and extra ticks per frame.
  private handle(data: Buffer): Promise<void> | void {
    if (this.state === 'closed') return;
    const envelope = this.decode(msync.MSync, data, 'frame');
    if (!envelope) return;
    if (this.state === 'provisioning') return this.provision(envelope);
    switch (envelope.command) {
      case Command.UNREAD:
        return this.answerUnread();
      case Command.SYNC: {
        const ul = this.decode(msync.CommSyncUL, envelope.payload, 'SYNC');
        return ul && this.sync(ul);
      }
      case Command.PROVISION:
      case Command.NOTICE:
      case undefined:
        // A second PROVISION or a client NOTICE means nothing on a live session.
        return;
      default:
        return;
    }
  }

  /** A frame that does not decode is the client's fault (1002), not ours: no error stack, no 1011. */
  private decode<T>(codec: Codec<T>, bytes: Uint8Array | null | undefined, what: string): T | undefined {
    try {
      return codec.decode(bytes ?? new Uint8Array());
    } catch (err) {
      this.log.debug(
        { reason: err instanceof Error ? err.message : String(err) },
        `malformed ${what}: closing`,
      );
      this.close(CloseCode.PROTOCOL_ERROR, `malformed ${what}`);
      return undefined;
    }
  }

  private async provision(envelope: MSync): Promise<void> {
    if (envelope.command !== Command.PROVISION)
      return this.close(CloseCode.PROTOCOL_ERROR, 'provision first');
    const provision = this.decode(msync.Provision, envelope.payload, 'PROVISION');
    if (!provision) return;
    const outcome = await authenticateProvision(this.ctx, envelope, provision);
    clearTimeout(this.provisionTimer);
    if (this.state === 'closed') return;
    this.ctx.metrics.login(outcome.ok);
    if (!outcome.ok) {
      this.ctx.metrics.error('ws', outcome.code);
      this.log.info({ code: outcome.code, detail: outcome.detail }, 'provision refused');
      this.send(
        frames.provision({ status: provisionFailure(outcome.code), resource: provision.resource ?? '' }),
      );
      return this.close(CloseCode.NORMAL, 'provision refused');
    }
    const { app, appKey, username, resource, expiresAt } = outcome;
    this.identity = { app, appKey, username, resource };
    this.log = this.log.child({ user: username, resource });
    await this.ctx.storage.messages.touchDevice(this.device(), this.ctx.clock.now());
    if (this.state !== 'provisioning') return; // closed while the device was recorded
    this.state = 'active';
    this.onlineSince = this.ctx.clock.now();
    void userStatusCallback(this.ctx.callbacks, app, { username, resource }, 'login', this.onlineSince).catch(
      (err: unknown) => this.log.warn({ err }, 'login callback not queued'),
    );
    const loginExt = provision.reason || undefined;
    const displaced = this.registry.add(this, this.ctx.limits.maxSocketsPerUser);
    // A reconnect of the same device replaces its old socket (half-open, or a duplicate): a plain close,
    // not a 206, so a client that merely lost track of its old socket is not logged out.
    for (const old of displaced.sameDevice)
      old.close(CloseCode.KICKED, 'replaced by a newer login of this device');
    for (const old of displaced.overCap)
      old.kick(kickCode(StatisticsOperation.USER_LOGIN_ANOTHER_DEVICE), loginExt);
    this.entry = {
      appId: app.id,
      username,
      resource,
      nodeId: this.ctx.nodeId,
      connId: this.connId,
      since: this.ctx.clock.now(),
    };
    // The directory is advisory (kick decisions, presence): a Redis hiccup must neither fail nor delay
    // the login. Unregistering waits for this, so the two never cross.
    this.registered = this.ctx.sessions
      .register(this.entry)
      .catch((err: unknown) => this.log.warn({ err }, 'session directory register failed'));
    // Multi-device policy (206 to displaced devices), off the socket's frame chain like the register.
    void this.registered
      .then(() => enforceDeviceLimit(this.ctx, app, username, resource, loginExt))
      .catch((err: unknown) => this.log.warn({ err }, 'device limit check failed'));
    // Presence: this device is online; the user's subscribers are told (one indexed lookup).
    void this.registered
      .then(() => announcePresence(this.ctx, app.id, username))
      .catch((err: unknown) => this.log.warn({ err }, 'presence announce failed'));
    this.send(
      frames.provision({
        status: OK_STATUS,
        resource,
        // Absolute epoch ms: the SDK arms onTokenWillExpire/onTokenExpired from it (spec §4.11).
        authToken: JSON.stringify({ expires_in: expiresAt }),
      }),
    );
    this.log.debug({}, 'logged in');
    this.roomCalls.loggedIn();
  }

  private async answerUnread(): Promise<void> {
    const queues = await this.ctx.storage.messages.unreadQueues(this.device());
    this.send(
      frames.unreadDL({
        status: OK_STATUS,
        unread: queues.map((q) => ({ queue: queueJid(this.appKey, q.queue), n: q.count })),
        timestamp: toU64(this.ctx.clock.now()),
      }),
    );
  }

  private sync(ul: CommSyncUL): Promise<void> | void {
    if (ul.meta) return this.receiveMeta(ul.meta);
    const queue = queueIdOfJid(ul.queue);
    if (queue === undefined) return;
    // The SDK's answer to a room push (a conference JID reads as a group's): nothing stored to read.
    if (queue.startsWith('g:') && this.liveRooms.has(queue.slice(2)))
      return this.send(isLastFrame(this.appKey, `r:${queue.slice(2)}`));
    const key = u64ToBigInt(ul.key);
    // Keys are queue positions we handed out; one past the stores' signed 64 bits is the client's mistake.
    if (key > MAX_STORED_ID) return this.close(CloseCode.PROTOCOL_ERROR, 'SYNC key out of range');
    return this.drain(queue, key);
  }

  /** SYNC{queue, key}: everything up to key is acknowledged; answer the next batch or isLast. */
  private async drain(queue: string, key: bigint): Promise<void> {
    const { delivery } = this;
    const { messages } = this.ctx.storage;
    const device = this.device();
    let next = delivery.onSyncUL(queue, key);
    if (next === 'ack') {
      await messages.ackQueue(device, queue, key);
      next = delivery.onAcked(queue, key);
    }
    if (next === 'read') {
      const batch = await messages.readQueue(device, queue, this.ctx.limits.syncBatchSize, this.onlineSince);
      next = delivery.onRead(queue, key, batch.items.length, batch.scannedTo);
      if (next === 'batch') {
        const metas = batch.items.map((b) => b.meta);
        const dl = {
          status: OK_STATUS,
          queue: queueJid(this.appKey, queue),
          nextKey: toU64(batch.scannedTo),
          isLast: false, // never together with metas (queue-delivery.ts)
        };
        this.ctx.metrics.messagesOut(metas.length);
        return this.send(frame(Command.SYNC, encodeSyncDLWithRawMetas(dl, metas)));
      }
      if (next === 'ack') {
        await messages.ackQueue(device, queue, batch.scannedTo);
        next = delivery.onDrained(queue, batch.scannedTo);
      }
    }
    this.finishDrain(queue, next);
  }

  private finishDrain(queue: string, step: DeliveryAction): void {
    if (step !== 'last' && step !== 'last+notice') return; // 'wait': the push's ack ends the drain
    this.send(isLastFrame(this.appKey, queue));
    if (step === 'last+notice') this.send(noticeFrame(this.appKey, queue));
  }

  private receiveMeta(meta: Meta): Promise<void> | void {
    const metaId = meta.id ?? 0;
    const identity = this.identity;
    if (!identity) return;
    switch (meta.ns ?? NameSpace.STATISTIC) {
      case NameSpace.STATISTIC:
        // Client statistics pings need no answer; an OK ack is harmless and keeps the client quiet.
        return this.send(
          frames.syncDL({ status: OK_STATUS, metaId, timestamp: toU64(this.ctx.clock.now()) }),
        );
      case NameSpace.CHAT: {
        this.ctx.metrics.messageIn();
        const received = performance.now();
        // Monotonic time: the rate is about load now, and a wall clock that steps back must not stall it.
        if (!this.sendRate.take(`${this.appId}\u0000${this.username}`, performance.now()))
          return this.refuse(metaId, new ConfabError(ErrorCode.MESSAGE_CURRENT_LIMITING, 'traffic limit'));
        // Frames stay in order, but the next one need not wait for this commit: only for this message
        // to hold its place in the commit queue (appends commit in queue order, so ACKs do too). The
        // frame is done at whichever comes first: queued, or settled without being queued (a refusal).
        return new Promise<void>((done) => {
          this.queued = done;
          sendMessage(this.sendDeps(), identity, meta).then(
            (result) => {
              this.ctx.metrics.ackLatency((performance.now() - received) / 1000);
              this.acknowledge(metaId, result);
              done();
            },
            (err: unknown) => {
              this.ctx.metrics.ackLatency((performance.now() - received) / 1000);
              this.refuse(metaId, err);
              done();
            },
          );
        });
      }
      case NameSpace.MUC:
        return this.roomCalls.handle(meta).then((handled) => {
          if (!handled) this.unsupported(meta);
        });
      default:
        return this.unsupported(meta);
    }
  }

  /**
   * The context with `onQueued`, built once per session rather than spread per message. `onQueued` ends
   * the frame of the message being sent now: one message per socket is before its place in the commit
   * queue at a time (frames are handled in order), and each calls `onQueued` at most once, before it settles.
   */
  private sendDeps(): MessagingDeps {
    return (this.deps ??= {
      ...this.ctx,
      onQueued: () => {
        const done = this.queued;
        this.queued = undefined;
        done?.();
      },
    });
  }
  private deps: MessagingDeps | undefined;
  /** Ends the frame of the message in flight (receiveMeta). */
  private queued: (() => void) | undefined;

  /** "Not supported", never a parameter error: the official SDK reports it as 503 with this text. */
  private unsupported(meta: Meta): void {
    this.send(
      frames.syncDL({
        status: ackFailure(
          ErrorCode.OPERATION_UNSUPPORTED,
          `${namespaceFeature(meta.ns)} not supported by this server`,
        ),
        metaId: meta.id ?? 0,
      }),
    );
  }

  private acknowledge(metaId: Meta['id'], result: SendResult): void {
    // Our own message is the next entry of our own queue for this device too.
    if (result.seq !== undefined) this.delivery.onOwnSend(result.ownQueue, result.seq);
    this.send(
      frames.syncDL({
        status: OK_STATUS,
        metaId: metaId ?? 0,
        serverId: toU64(result.serverId),
        timestamp: toU64(result.timestamp),
        ...(result.ackMetas ? { metas: result.ackMetas } : {}),
      }),
    );
    // Not awaited: a slow or unreachable bus must not hold up this socket's next frames.
    void publishHints(this.ctx.bus, result.hints, (err) => this.log.warn({ err }, 'bus publish failed'));
    // Offline push is queued after the ACK and never awaited (notify logs its own errors).
    if (result.push) void this.ctx.push?.offline.notify(result.push);
  }

  refuse(metaId: Meta['id'], err: unknown): void {
    if (!isConfabError(err)) {
      this.log.error({ err }, 'send failed');
      this.close(CloseCode.INTERNAL_ERROR, 'internal error');
      return;
    }
    this.ctx.metrics.error('ws', err.type);
    const status = ackFailure(err.type, ackDetail(err), ackContext(err));
    this.send(frames.syncDL({ status, metaId: metaId ?? 0 }));
  }

  private device(): DeviceRef {
    return { appId: this.appId, owner: this.username, resource: this.resource };
  }

  get appKey(): string {
    return this.identity?.appKey ?? '';
  }

  /** Writes a frame (room-calls.ts answers JOIN and LEAVE through it). */
  send(bytes: Uint8Array): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    // Backpressure: a consumer that cannot keep up is dropped rather than buffered without bound. Nothing
    // is lost: delivery is pulled from the durable store, so it resumes from its cursor on reconnect.
    if (this.socket.bufferedAmount > this.ctx.limits.maxBufferedBytes) {
      this.log.warn({ buffered: this.socket.bufferedAmount }, 'slow consumer: closing');
      this.close(CloseCode.SLOW_CONSUMER, 'slow consumer');
      return;
    }
    corkForThisTurn(this.wire);
    this.socket.send(bytes);
  }

  private onClosed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.provisionTimer);
    this.roomCalls.closed();
    this.registry.remove(this);
    const entry = this.entry;
    const who = this.identity;
    if (entry && who && !this.registry.closing)
      void userStatusCallback(this.ctx.callbacks, who.app, who, 'logout', this.ctx.clock.now()).catch(
        (err: unknown) => this.log.warn({ err }, 'logout callback not queued'),
      );
    if (entry) {
      void this.registered
        .then(() => this.ctx.sessions.unregister(entry))
        .catch((err: unknown) => this.log.warn({ err }, 'session directory unregister failed'))
        // Not while the node shuts down: the store is closing, and the clients reconnect elsewhere.
        .then(() =>
          this.registry.closing
            ? undefined
            : announcePresence(this.ctx, entry.appId, entry.username, entry.resource),
        )
        .catch((err: unknown) => this.log.warn({ err }, 'presence announce failed'));
    }
  }
}
