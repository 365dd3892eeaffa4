// One WebSocket: PROVISION first, then UNREAD (heartbeat), SYNC sends with their ACK, and delivery
// by NOTICE → SYNC → DL (spec §4). Frames of one socket are handled strictly in arrival order.
import {
  Command,
  Domain,
  NameSpace,
  OK_STATUS,
  StatusCode,
  ackFailure,
  encodeSyncDLWithRawMetas,
  frame,
  frames,
  isConfabError,
  msync,
  provisionFailure,
  statisticsOperationForKick,
  toU64,
  u64ToBigInt,
  type CommSyncUL,
  type ConfabError,
  type Jid,
  type Meta,
  type MSync,
} from '@confab/protocol';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { ServerContext } from '../context.js';
import type { Logger } from '../domain/ports/logger.js';
import type { AppRecord, DeviceRef } from '../domain/ports/storage.js';
import type { SessionEntry } from '../domain/ports/session-directory.js';
import { publishHints, sendMessage, type SendResult } from '../domain/messages/send-message.js';
import { enforceDeviceLimit } from '../domain/sessions/device-policy.js';
import { corkForThisTurn } from './corked-writes.js';
import { authenticateProvision } from './provision.js';
import { isLastFrame, noticeFrame } from './queue-frames.js';
import type { PushFrameCache, RegisteredSession, SessionRegistry } from './session-registry.js';
import type { QueueHint } from '../domain/ports/bus.js';

type State = 'provisioning' | 'active' | 'closed';

interface Identity {
  app: AppRecord;
  appKey: string;
  username: string;
  resource: string;
}

/** Close code for a consumer that fell too far behind (4000–4499: the client may reconnect). */
export const SLOW_CONSUMER_CLOSE = 4008;

/** What ackFailure needs beside the code: the user or room a reason names, else the message. */
function ackDetail(err: ConfabError): string {
  const data = (err.data ?? {}) as { username?: unknown; roomId?: unknown };
  if (typeof data.username === 'string') return data.username;
  if (typeof data.roomId === 'string') return data.roomId;
  return err.message;
}

export class Session implements RegisteredSession {
  private state: State = 'provisioning';
  private chain: Promise<void> = Promise.resolve();
  private identity: Identity | undefined;
  /** Queues the client is draining (between its first SYNC and our isLast answer). */
  private readonly syncing = new Set<string>();
  /** Queues woken while being drained: the client ignores a NOTICE then, so we repeat it after isLast. */
  private readonly dirty = new Set<string>();
  /** Per queue, the position up to which this device is known to have everything (after an isLast). */
  private readonly known = new Map<string, bigint>();
  /** Per queue, the entry pushed without a read and not yet acknowledged. */
  private readonly pushed = new Map<string, bigint>();
  private readonly provisionTimer: NodeJS.Timeout;
  private log: Logger;
  private entry: SessionEntry | undefined;
  private registered: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: ServerContext,
    private readonly registry: SessionRegistry,
    private readonly socket: WebSocket,
    /** The TCP socket under `socket`, corked per event-loop turn. */
    private readonly wire: Duplex,
    private readonly connId: string,
    log: Logger,
  ) {
    this.log = log;
    this.provisionTimer = setTimeout(
      () => this.close(4001, 'provision timeout'),
      ctx.limits.provisionTimeoutMs,
    );
    socket.on('message', (data, isBinary) => this.enqueue(data as Buffer, isBinary));
    socket.on('close', () => this.onClosed());
    socket.on('error', (err) => this.log.debug({ err }, 'socket error'));
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

  wake(queue: string, hint?: QueueHint, shared?: PushFrameCache): void {
    if (this.state !== 'active') return;
    if (this.syncing.has(queue)) {
      // One push at a time: pipelining them measured no faster (the commit cycle is the limit), and a
      // single outstanding entry keeps the SYNC loop simple.
      this.dirty.add(queue);
      return;
    }
    const seq = hint?.seq === undefined ? undefined : BigInt(hint.seq);
    const known = this.known.get(queue);
    // A hint can arrive after a read already delivered its entry (reads see every commit, hints travel
    // after it): the device has it, and a NOTICE now would start a second SYNC loop beside a push.
    if (seq !== undefined && known !== undefined && seq <= known) return;
    // Fast path: the device has everything before this entry, so push it (an unsolicited DL, spec §4.5
    // point 5) instead of NOTICE → SYNC → read. The client answers SYNC{queue, key}, which acks it.
    const keepingUp = this.socket.bufferedAmount <= this.ctx.limits.slowConsumerBytes;
    if (seq !== undefined && hint?.entry && keepingUp && known === seq - 1n) {
      return this.push(queue, seq, hint.entry, shared);
    }
    // The client answers with SYNC{queue}; until that drain ends, a push would cross it (two loops).
    this.known.delete(queue);
    this.send(noticeFrame(this.queueJid(queue)));
  }

  private push(queue: string, seq: bigint, entry: Uint8Array, shared: PushFrameCache | undefined): void {
    const cache = shared ?? {};
    cache.frame ??= frame(
      Command.SYNC,
      encodeSyncDLWithRawMetas(
        { status: OK_STATUS, queue: this.queueJid(queue), nextKey: toU64(seq), isLast: false },
        [entry],
      ),
    );
    this.syncing.add(queue);
    this.pushed.set(queue, seq);
    this.send(cache.frame);
  }

  resync(): void {
    if (this.state !== 'active') return;
    this.chain = this.chain
      .then(async () => {
        for (const q of await this.ctx.storage.messages.unreadQueues(this.device())) this.wake(q.queue);
      })
      .catch((err: unknown) => this.log.warn({ err }, 'resync failed'));
  }

  /** Kick (spec §4.10): a STATISTIC meta tells the SDK why (206/207/216/217), then the socket closes. */
  kick(code: number, reason?: string): void {
    const operation = statisticsOperationForKick(code);
    if (this.state !== 'active' || operation === null) return this.close(4000, 'kicked');
    const payload = msync.StatisticsBody.encode({ operation, ...(reason ? { reason } : {}) });
    const own = this.queueJid(this.username);
    this.send(
      frames.syncDL({
        status: OK_STATUS,
        queue: own,
        isLast: true,
        metas: [{ id: toU64(this.ctx.ids.next()), from: own, ns: NameSpace.STATISTIC, payload }],
      }),
    );
    this.close(1000, 'kicked');
  }

  close(code = 1000, reason = ''): void {
    if (this.state === 'closed') return;
    this.socket.close(code, reason);
    this.onClosed();
  }

  private enqueue(data: Buffer, isBinary: boolean): void {
    this.chain = this.chain
      .then(() => (isBinary ? this.handle(data) : this.close(1003, 'binary frames only')))
      .catch((err: unknown) => {
        this.log.error({ err }, 'frame handling failed');
        this.close(1011, 'internal error');
      });
  }

  private async handle(data: Buffer): Promise<void> {
    if (this.state === 'closed') return;
    let envelope: MSync;
    try {
      envelope = msync.MSync.decode(data);
    } catch {
      return this.close(1002, 'malformed frame');
    }
    if (this.state === 'provisioning') return this.provision(envelope);
    switch (envelope.command) {
      case Command.UNREAD:
        return this.answerUnread();
      case Command.SYNC:
        return this.sync(msync.CommSyncUL.decode(envelope.payload ?? new Uint8Array()));
      case Command.PROVISION:
      case Command.NOTICE:
      case undefined:
        // A second PROVISION or a client NOTICE means nothing on a live session.
        return;
      default:
        return;
    }
  }

  private async provision(envelope: MSync): Promise<void> {
    if (envelope.command !== Command.PROVISION) return this.close(1002, 'provision first');
    const provision = msync.Provision.decode(envelope.payload ?? new Uint8Array());
    const outcome = await authenticateProvision(this.ctx, envelope, provision);
    clearTimeout(this.provisionTimer);
    if (this.state === 'closed') return;
    if (!outcome.ok) {
      this.log.info({ code: outcome.code, detail: outcome.detail }, 'provision refused');
      this.send(
        frames.provision({ status: provisionFailure(outcome.code), resource: provision.resource ?? '' }),
      );
      return this.close(1000, 'provision refused');
    }
    const { app, appKey, username, resource, expiresAt } = outcome;
    this.identity = { app, appKey, username, resource };
    this.log = this.log.child({ user: username, resource });
    await this.ctx.storage.messages.touchDevice(this.device(), this.ctx.clock.now());
    if (this.state !== 'provisioning') return; // closed while the device was recorded
    this.state = 'active';
    this.registry.add(this);
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
      .then(() => enforceDeviceLimit(this.ctx, app, username, resource, provision.reason || undefined))
      .catch((err: unknown) => this.log.warn({ err }, 'device limit check failed'));
    this.send(
      frames.provision({
        status: OK_STATUS,
        resource,
        // Absolute epoch ms: the SDK arms onTokenWillExpire/onTokenExpired from it (spec §4.11).
        authToken: JSON.stringify({ expires_in: expiresAt }),
      }),
    );
    this.log.debug({}, 'logged in');
  }

  private async answerUnread(): Promise<void> {
    const queues = await this.ctx.storage.messages.unreadQueues(this.device());
    this.send(
      frames.unreadDL({
        status: OK_STATUS,
        unread: queues.map((q) => ({ queue: this.queueJid(q.queue), n: q.count })),
        timestamp: toU64(this.ctx.clock.now()),
      }),
    );
  }

  private async sync(ul: CommSyncUL): Promise<void> {
    if (ul.meta) return this.receiveMeta(ul.meta);
    const queue = ul.queue?.name;
    if (queue) return this.drain(queue, u64ToBigInt(ul.key));
  }

  /** SYNC{queue, key}: everything up to key is acknowledged; answer the next batch or isLast. */
  private async drain(queue: string, key: bigint): Promise<void> {
    this.syncing.add(queue);
    const device = this.device();
    if (key > 0n) await this.ctx.storage.messages.ackQueue(device, queue, key);
    const pushed = this.pushed.get(queue);
    // A SYNC that crossed the push (e.g. after an UNREAD heartbeat): the push's acknowledgement follows
    // and ends this drain; reading now would send the pushed entry a second time.
    if (pushed !== undefined && key < pushed) return;
    this.pushed.delete(queue);
    if (pushed !== undefined && key === pushed && !this.dirty.has(queue)) {
      // The pushed entry is acknowledged and nothing newer was hinted meanwhile: no read needed.
      this.finishDrain(queue, key);
      return;
    }
    // This read sees every entry committed so far, including those whose hints marked the queue dirty.
    this.dirty.delete(queue);
    const batch = await this.ctx.storage.messages.readQueue(device, queue, this.ctx.limits.syncBatchSize);
    if (batch.items.length > 0) {
      // Never isLast together with metas: the 1.4.0 client would re-sync the queue forever (§4.5).
      this.send(
        frame(
          Command.SYNC,
          encodeSyncDLWithRawMetas(
            {
              status: OK_STATUS,
              queue: this.queueJid(queue),
              nextKey: toU64(batch.scannedTo),
              isLast: false,
            },
            batch.items.map((b) => b.meta),
          ),
        ),
      );
      return;
    }
    // Only the device's own sends were left: it has seen them, so its cursor moves past them.
    if (batch.scannedTo > key) await this.ctx.storage.messages.ackQueue(device, queue, batch.scannedTo);
    this.finishDrain(queue, batch.scannedTo > key ? batch.scannedTo : key);
  }

  /** isLast: the device now has everything up to `head` (the queue's end when it was read). */
  private finishDrain(queue: string, head: bigint): void {
    this.send(isLastFrame(this.queueJid(queue)));
    this.syncing.delete(queue);
    if (this.dirty.delete(queue)) {
      this.known.delete(queue); // something arrived meanwhile: position unknown until the next drain
      this.send(noticeFrame(this.queueJid(queue)));
    } else {
      this.known.set(queue, head);
    }
  }

  private async receiveMeta(meta: Meta): Promise<void> {
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
        let queued!: () => void;
        const inQueue = new Promise<void>((resolve) => (queued = resolve));
        const settled = sendMessage({ ...this.ctx, onQueued: queued }, identity, meta).then(
          (result) => this.acknowledge(metaId, identity.username, result),
          (err: unknown) => this.refuse(metaId, err),
        );
        // Frames stay in order, but the next one need not wait for this commit: only for this message
        // to hold its place in the commit queue (appends commit in queue order, so ACKs do too).
        await Promise.race([inQueue, settled]);
        return;
      }
      default:
        this.send(
          frames.syncDL({
            status: { errorCode: StatusCode.FAIL, reason: `namespace ${meta.ns} is not supported yet` },
            metaId,
          }),
        );
    }
  }

  private acknowledge(metaId: Meta['id'], username: string, result: SendResult): void {
    // Our own message is the next entry of the peer's queue for this device too.
    const queue = result.hints.find((h) => h.owner === username)?.queue;
    if (queue !== undefined && result.seq !== undefined && this.known.get(queue) === result.seq - 1n) {
      this.known.set(queue, result.seq);
    }
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
  }

  private refuse(metaId: Meta['id'], err: unknown): void {
    if (!isConfabError(err)) {
      this.log.error({ err }, 'send failed');
      this.close(1011, 'internal error');
      return;
    }
    const exact = (err.data as { ackStatus?: { errorCode: number; reason: string } } | undefined)?.ackStatus;
    this.send(frames.syncDL({ status: exact ?? ackFailure(err.type, ackDetail(err)), metaId: metaId ?? 0 }));
  }

  private device(): DeviceRef {
    return { appId: this.appId, owner: this.username, resource: this.resource };
  }

  private queueJid(name: string): Jid {
    return { appKey: this.identity?.appKey ?? '', name, domain: Domain.USER };
  }

  private send(bytes: Uint8Array): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    // Backpressure: a consumer that cannot keep up is dropped rather than buffered without bound. Nothing
    // is lost: delivery is pulled from the durable store, so it resumes from its cursor on reconnect.
    if (this.socket.bufferedAmount > this.ctx.limits.maxBufferedBytes) {
      this.log.warn({ buffered: this.socket.bufferedAmount }, 'slow consumer: closing');
      this.close(SLOW_CONSUMER_CLOSE, 'slow consumer');
      return;
    }
    corkForThisTurn(this.wire);
    this.socket.send(bytes);
  }

  private onClosed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearTimeout(this.provisionTimer);
    this.registry.remove(this);
    const entry = this.entry;
    if (entry) {
      void this.registered
        .then(() => this.ctx.sessions.unregister(entry))
        .catch((err: unknown) => this.log.warn({ err }, 'session directory unregister failed'));
    }
  }
}
