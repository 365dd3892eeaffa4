// One logged-in socket: routes server frames (SYNC ACKs and deliveries, UNREAD, NOTICE), runs the
// heartbeat and the delivery state machine. A reconnect creates a new Session; the state that must
// survive a reconnect (pending sends, de-duplication, handlers) lives in the Connection.
import { decodePresenceNotify } from './presence-events.js';
import {
  Command,
  NameSpace,
  StatisticsOperation,
  frames,
  kickCodeFromStatisticsOperation,
  msync,
  u64ToString,
} from '@confab/protocol';
import type { CommSyncDL, ConfabError, Meta, MSync } from '@confab/protocol';
import { ConfabError as ErrorClass } from '@confab/protocol';
import type { EventHub } from './event-hub.js';
import type { SdkLogger } from './log-events.js';
import { decodeChatMeta } from './message-decoder.js';
import { decodeMucMeta } from './muc-event-decoder.js';
import { decodeRosterMeta } from './roster-event-decoder.js';
import { decodeNotifyMeta } from './notify-decoder.js';
import { decodeThreadEvent, isThreadMeta } from './thread-event-decoder.js';
import type { DecodedMucEvent } from './muc-event-decoder.js';
import type { Self } from './message-decoder.js';
import type { PendingSends } from './pending-sends.js';
import type { RecentIds } from './recent-ids.js';
import { sdkErrors } from './sdk-errors.js';
import type { SocketTransport } from './socket-transport.js';
import type { SyncAction, SyncQueue } from './sync-queue.js';
import type { TokenExpiry } from './token-expiry.js';
import type { EventName, ReceivedMessage } from './types.js';

const MESSAGE_EVENTS: Record<ReceivedMessage['type'], EventName> = {
  txt: 'onTextMessage',
  img: 'onImageMessage',
  file: 'onFileMessage',
  audio: 'onAudioMessage',
  video: 'onVideoMessage',
  loc: 'onLocationMessage',
  custom: 'onCustomMessage',
  cmd: 'onCmdMessage',
  combine: 'onCombineMessage',
};

/** The official client sends UNREAD once ≥30 s passed without any frame (§4.3). */
export const HEARTBEAT_IDLE_MS = 30_000;
/** onShow(): a socket quiet for more than this is probed; no frame within PROBE_TIMEOUT_MS means dead. */
export const PROBE_AFTER_IDLE_MS = 2_000;
export const PROBE_TIMEOUT_MS = 8_000;

export interface SessionContext {
  self: Self;
  hub: EventHub;
  pending: PendingSends;
  syncQueue: SyncQueue;
  recentIds: RecentIds;
  tokenExpiry: TokenExpiry;
  log: SdkLogger;
  heartbeatCheckMs: number;
  /** An ACK of a non-message call (a room JOIN / LEAVE, room-calls.ts): true when it was one. */
  metaAck?: (dl: CommSyncDL) => boolean;
  /** The server kicked us (STATISTIC meta, §4.10): no reconnect. */
  onKick(error: ConfabError): void;
  onClosed(session: Session, info: { code?: number; reason?: string }): void;
}

export class Session {
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private lastBeat = Date.now();
  private stopped = false;

  constructor(
    readonly transport: SocketTransport,
    private readonly ctx: SessionContext,
  ) {}

  /** What the official `ne()` does after a successful provision: UNREAD, ping, heartbeat. */
  start(): void {
    this.transport.listen({
      frame: (message) => this.onFrame(message),
      closed: (info) => {
        this.stop();
        this.ctx.onClosed(this, info);
      },
    });
    this.heartbeat = setInterval(() => this.beatIfIdle(), this.ctx.heartbeatCheckMs);
    this.sendUnread();
    this.sendPing();
  }

  get isOpen(): boolean {
    return !this.stopped && this.transport.isOpen;
  }

  /** Writes one frame; false when the socket is gone (the caller queues or fails). */
  write(bytes: Uint8Array): boolean {
    if (!this.isOpen) return false;
    try {
      this.transport.send(bytes);
      return true;
    } catch {
      return false;
    }
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.probeTimer);
  }

  /**
   * The official onShow probe: after 2 s without traffic send UNREAD; if no frame answers within 8 s the
   * socket is taken for dead and closed, which reconnects like any lost socket.
   */
  probe(): void {
    if (!this.isOpen || Date.now() - this.transport.lastActivity <= PROBE_AFTER_IDLE_MS) return;
    this.ctx.log({ kind: 'probe' });
    this.sendUnread();
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => {
      this.ctx.log({ kind: 'probe-timeout' });
      this.close();
      this.ctx.onClosed(this, { reason: 'probe timeout' });
    }, PROBE_TIMEOUT_MS);
  }

  close(): void {
    this.stop();
    this.transport.close();
  }

  private beatIfIdle(): void {
    const idleSince = Math.max(this.lastBeat, this.transport.lastActivity);
    if (Date.now() - idleSince < HEARTBEAT_IDLE_MS) return;
    this.ctx.log({ kind: 'heartbeat' });
    this.sendUnread();
  }

  private sendUnread(): void {
    this.lastBeat = Date.now();
    this.write(frames.unreadUL());
  }

  // The official client follows every UNREAD with a STATISTIC INFORMATION "ping" (§4.2).
  private sendPing(): void {
    const payload = msync.StatisticsBody.encode({ operation: StatisticsOperation.INFORMATION });
    this.write(frames.syncUL({ meta: { id: Date.now(), ns: NameSpace.STATISTIC, payload } }));
  }

  private onFrame(message: MSync): void {
    if (this.stopped) return;
    clearTimeout(this.probeTimer);
    try {
      switch (message.command) {
        case Command.SYNC:
          return this.onSync(msync.CommSyncDL.decode(message.payload ?? new Uint8Array()));
        case Command.UNREAD: {
          const unread = msync.CommUnreadDL.decode(message.payload ?? new Uint8Array());
          this.ctx.tokenExpiry.check(Number(u64ToString(unread.timestamp)));
          this.run(this.ctx.syncQueue.onUnread(unread.unread));
          this.sendPing();
          return;
        }
        case Command.NOTICE:
          return this.run(
            this.ctx.syncQueue.onNotice(msync.CommNotice.decode(message.payload ?? new Uint8Array()).queue),
          );
        default:
          this.ctx.log({ kind: 'frame-dropped', reason: `unexpected command ${message.command}` });
      }
    } catch (error) {
      this.ctx.log({ kind: 'frame-dropped', reason: (error as Error).message });
    }
  }

  private onSync(dl: CommSyncDL): void {
    if (u64ToString(dl.metaId) !== '0') {
      if (this.ctx.metaAck?.(dl)) return;
      const outcome = this.ctx.pending.ack(dl, this.ctx.self);
      if (outcome.kind === 'resolved') this.ctx.hub.dispatch('onReceivedMessage', outcome.receipt);
      else if (outcome.kind === 'unknown' && outcome.failed)
        this.ctx.hub.dispatch('onError', sdkErrors.callbackError());
      return;
    }
    const kick = this.deliver(dl.metas ?? []);
    if (kick) {
      this.ctx.onKick(kick);
      return;
    }
    this.run(this.ctx.syncQueue.onSyncDL(dl));
  }

  /** Dispatches the metas of one DL in order; returns a kick if one of them was a kick. */
  private deliver(metas: readonly Meta[]): ConfabError | undefined {
    const batch: ReceivedMessage[] = [];
    let kick: ConfabError | undefined;
    for (const meta of metas) {
      if (!this.ctx.recentIds.add(u64ToString(meta.id))) continue;
      try {
        if (isThreadMeta(meta)) {
          const thread = decodeThreadEvent(meta);
          if (thread?.event === 'onChatThreadChange') this.ctx.hub.dispatch(thread.event, thread.payload);
          else if (thread) this.ctx.hub.dispatch(thread.event, thread.payload);
          continue;
        }
        if (meta.ns === NameSpace.CHAT) {
          const message = this.chat(meta);
          // Like the official SDK, onMessage batches everything but cmd messages.
          if (message && message.type !== 'cmd') batch.push(message);
        } else if (meta.ns === NameSpace.STATISTIC) {
          kick = this.statistic(meta) ?? kick;
        } else if (meta.ns === NameSpace.MUC) {
          // Group and room events, dispatched right away (this DL's messages still batch after them).
          for (const e of decodeMucMeta(meta, this.ctx.self)) this.dispatchMuc(e);
        } else if (meta.ns === NameSpace.ROSTER) {
          const contact = decodeRosterMeta(meta);
          if (contact) this.ctx.hub.dispatch(contact.event, contact.payload);
        } else if (meta.ns === NameSpace.NOTIFY) {
          const presence = decodePresenceNotify(meta.payload ?? new Uint8Array());
          const others = presence ? [] : decodeNotifyMeta(meta, this.ctx.self);
          if (presence) this.ctx.hub.dispatch('onPresenceStatusChange', presence);
          else if (others.length === 0)
            this.ctx.log({ kind: 'frame-dropped', reason: 'notify type not supported' });
          for (const n of others)
            if (n.event === 'onReactionChange') this.ctx.hub.dispatch(n.event, n.payload);
            else if (n.event === 'onMessagePinEvent') this.ctx.hub.dispatch(n.event, n.payload);
            else this.ctx.hub.dispatch(n.event, n.payload);
        } else {
          this.ctx.log({ kind: 'frame-dropped', reason: `namespace ${meta.ns} not supported` });
        }
      } catch (error) {
        // A malformed meta costs that meta only (the official SDK loses the whole DL).
        this.ctx.log({ kind: 'frame-dropped', reason: (error as Error).message });
      }
    }
    if (batch.length > 0) this.ctx.hub.dispatch('onMessage', batch);
    return kick;
  }

  /** One CHAT meta: its typed event (message, ack or recall); returns the message if it is one. */
  private chat(meta: Meta): ReceivedMessage | undefined {
    const decoded = decodeChatMeta(meta, this.ctx.self);
    const hub = this.ctx.hub;
    switch (decoded.kind) {
      case 'message':
        (hub.dispatch as (e: EventName, m: ReceivedMessage) => void)(
          MESSAGE_EVENTS[decoded.message.type],
          decoded.message,
        );
        return decoded.message;
      case 'read':
        hub.dispatch('onReadMessage', decoded.ack);
        return undefined;
      case 'delivery':
        hub.dispatch('onDeliveredMessage', decoded.ack);
        return undefined;
      case 'channel':
        hub.dispatch('onChannelMessage', decoded.ack);
        return undefined;
      case 'recall':
        hub.dispatch('onRecallMessage', decoded.recall);
        return undefined;
      case 'modified':
        hub.dispatch('onModifiedMessage', decoded.message);
        return undefined;
      case 'ignored':
        this.ctx.log({ kind: 'frame-dropped', reason: decoded.reason });
        return undefined;
    }
  }

  /** One decoded MUC event (the two calls only narrow the payload's type per event name). */
  private dispatchMuc(e: DecodedMucEvent): void {
    if (e.event === 'onChatroomEvent') this.ctx.hub.dispatch(e.event, e.payload);
    else this.ctx.hub.dispatch(e.event, e.payload);
  }

  private statistic(meta: Meta): ConfabError | undefined {
    const body = msync.StatisticsBody.decode(meta.payload ?? new Uint8Array());
    const op = body.operation ?? StatisticsOperation.INFORMATION;
    if (op === StatisticsOperation.INFORMATION) {
      this.ctx.hub.dispatch('onStatisticMessage', body);
      return undefined;
    }
    const mapped = kickCodeFromStatisticsOperation(op);
    if (!mapped) return undefined;
    const data =
      op === StatisticsOperation.USER_LOGIN_ANOTHER_DEVICE && body.reason
        ? { loginInfoCustomExt: body.reason }
        : undefined;
    return new ErrorClass(mapped.type, mapped.message, data);
  }

  private run(actions: SyncAction[]): void {
    for (const action of actions) {
      switch (action.kind) {
        case 'sync': {
          this.ctx.log({
            kind: 'sync',
            queue: action.queue.name ?? '',
            ...(action.key ? { key: action.key } : {}),
          });
          this.write(
            frames.syncUL(
              action.key === undefined ? { queue: action.queue } : { queue: action.queue, key: action.key },
            ),
          );
          break;
        }
        case 'offline-start':
          this.ctx.hub.dispatch('onOfflineMessageSyncStart');
          break;
        case 'offline-finish':
          this.ctx.hub.dispatch('onOfflineMessageSyncFinish');
          break;
      }
    }
  }
}
