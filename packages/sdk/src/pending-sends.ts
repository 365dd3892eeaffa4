// Sent messages waiting for their ACK (a CommSyncDL whose metaId is our local id, §4.4), and
// messages queued while the socket is down (§4.12: they go out after the next login). ACKs are
// matched by metaId only, like the official SDK.
import { ConfabError, StatusCode, codeFromAckStatus, u64ToString } from '@confab/protocol';
import type { CommSyncDL, Meta } from '@confab/protocol';
import { ackedMessage } from './message-decoder.js';
import { modifiedInfoFromAck } from './message-edit.js';
import type { Self } from './message-decoder.js';
import type { SdkLogger } from './log-events.js';
import { sdkErrors } from './sdk-errors.js';
import type { MessageBody, ReceivedMsgBody, SendMsgResult } from './types.js';

/** Official message ACK timeout (Ez, §8). */
export const ACK_TIMEOUT_MS = 15_000;

interface Pending {
  message: MessageBody;
  meta: Meta;
  resolve: (result: SendMsgResult) => void;
  reject: (error: ConfabError) => void;
  timer?: ReturnType<typeof setTimeout>;
}

export type AckOutcome =
  | { kind: 'resolved'; receipt: ReceivedMsgBody }
  | { kind: 'rejected' }
  /** An ACK for an id we do not know; a non-zero status there is reported as code 31 (§5.2). */
  | { kind: 'unknown'; failed: boolean };

export class PendingSends {
  private readonly onWire = new Map<string, Pending>();
  private readonly queued = new Map<string, Pending>();

  constructor(
    private readonly log: SdkLogger,
    private readonly onAckTimeout: (localMsgId: string) => void,
    private readonly ackTimeoutMs = ACK_TIMEOUT_MS,
  ) {}

  /** Keeps a message that cannot be written yet (socket down during a reconnect). */
  enqueue(message: MessageBody, meta: Meta, resolve: Pending['resolve'], reject: Pending['reject']): void {
    this.queued.set(message.id, { message, meta, resolve, reject });
  }

  /** After a login: writes the queued messages, oldest first, and starts their ACK timers. */
  flushQueued(write: (meta: Meta) => boolean): void {
    const queued = [...this.queued.entries()];
    this.queued.clear();
    for (const [id, pending] of queued) {
      if (write(pending.meta)) this.track(id, pending);
      else this.queued.set(id, pending);
    }
  }

  /** Registers a message just written to the socket and arms its ACK timer. */
  track(id: string, pending: Pending): void {
    pending.timer = setTimeout(() => {
      if (this.onWire.get(id) !== pending) return;
      this.onWire.delete(id);
      this.log({ kind: 'ack-timeout', localMsgId: id });
      pending.reject(sdkErrors.sendTimeout({ id }));
      this.onAckTimeout(id);
    }, this.ackTimeoutMs);
    this.onWire.set(id, pending);
  }

  /** Handles an ACK frame. `self` is needed to build the result message like the official SDK. */
  ack(dl: CommSyncDL, self: Self): AckOutcome {
    const id = u64ToString(dl.metaId);
    const pending = this.onWire.get(id);
    const status = dl.status;
    if (!pending) return { kind: 'unknown', failed: (status?.errorCode ?? 0) !== StatusCode.OK };
    this.onWire.delete(id);
    clearTimeout(pending.timer);
    const serverMsgId = u64ToString(dl.serverId);
    if (!status || (status.errorCode ?? 0) === StatusCode.OK) {
      const message = ackedMessage(pending.meta, serverMsgId, u64ToString(dl.timestamp), self);
      const result: SendMsgResult = { localMsgId: id, serverMsgId };
      if (message) result.message = message;
      const modifiedInfo = modifiedInfoFromAck(dl);
      if (modifiedInfo) {
        result.modifiedInfo = modifiedInfo;
        if (result.message) Object.assign(result.message, { modifiedInfo });
      }
      pending.resolve(result);
      return { kind: 'resolved', receipt: { id, mid: serverMsgId, to: pending.message.to, time: 0 } };
    }
    const mapped = codeFromAckStatus(status);
    pending.reject(
      new ConfabError(mapped.type, mapped.message, { id, mid: serverMsgId, reason: status.reason ?? '' }),
    );
    return { kind: 'rejected' };
  }

  /** The socket dropped: messages on the wire will never be acked (510); queued ones stay. */
  rejectOnWire(error: ConfabError = sdkErrors.socketDisconnected()): void {
    for (const pending of this.onWire.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.onWire.clear();
  }

  /** Logout or reconnect exhausted: nothing will be sent any more. */
  rejectAll(onWireError: ConfabError, queuedError: ConfabError): void {
    this.rejectOnWire(onWireError);
    for (const pending of this.queued.values()) pending.reject(queuedError);
    this.queued.clear();
  }
}
