// What every client message passes before it is stored, and what follows once it is (issue 19): the
// user's global mute (506), the app's word list (508 or ***), then the app server's pre-send verdict;
// after the commit, the post-send callback enters the durable outbox in the conversation's order.
import type { MessageBody } from '@confab/protocol';
import { appSettings } from '../apps/app-settings.js';
import type { Clock } from '../ports/clock.js';
import type { AppRecord, Storage } from '../ports/storage.js';
import type { AppCallbacks, OutboxSlot } from './app-callbacks.js';
import type { ChatKind } from './callback-payload.js';
import { checkGlobalMute } from './global-mute.js';
import { GlobalMuteCache } from './global-mute-cache.js';
import { applyWordFilter } from './word-filter.js';

export interface GateMessage {
  app: AppRecord;
  kind: ChatKind;
  from: string;
  to: string;
  /** The client's message id (the server's is not minted yet). */
  clientMsgId: string;
  body: MessageBody;
  /** Sent by the app server (REST): no global mute and no pre-send callback (it is its own message). */
  appServer?: boolean;
}

export interface Screened {
  body: MessageBody;
  /**
   * Call with the stored message once committed (or `cancel()` on failure); a promise only when there is
   * something to wait for (a post-send callback entering the outbox).
   */
  committed(serverId: bigint, createdAt: number): Promise<void> | undefined;
  cancel(): void;
}

export class MessageGate {
  private readonly mutes: GlobalMuteCache;

  constructor(private readonly deps: { storage: Storage; clock: Clock; callbacks: AppCallbacks }) {
    this.mutes = new GlobalMuteCache({ mutes: deps.storage.userMutes, clock: deps.clock });
  }

  /** A user's global mute was set on this node: it holds from the next message. */
  muteChanged(appId: number, username: string): void {
    this.mutes.forget(appId, username);
  }

  /** Before the append: 506, 508, or the body to store (maybe masked or rewritten). */
  async screen(m: GateMessage, stream: string): Promise<Screened> {
    const { clock, callbacks } = this.deps;
    if (!m.appServer) {
      // Almost always kept (global-mute-cache.ts): no promise to wait for.
      const mute = this.mutes.get(m.app.id, m.from);
      checkGlobalMute(mute instanceof Promise ? await mute : mute, m.kind, clock.now());
    }
    let body = applyWordFilter(appSettings(m.app).wordFilter, m.body);
    if (!m.appServer && callbacks.wantsPreSend(m.app))
      body = await callbacks.preSend(m.app, { ...m, msgId: m.clientMsgId, body });
    // The place in the outbox order is taken now, when the message takes its place in the log.
    const slot: OutboxSlot | undefined = callbacks.wants(m.app, 'message')
      ? callbacks.reserve(m.app, stream)
      : undefined;
    return new ScreenedMessage(body, m, callbacks, slot);
  }
}

/** Methods, not closures made per message (each named closure also costs a defineProperty under tsx). */
class ScreenedMessage implements Screened {
  constructor(
    readonly body: MessageBody,
    private readonly m: GateMessage,
    private readonly callbacks: AppCallbacks,
    private readonly slot: OutboxSlot | undefined,
  ) {}

  committed(serverId: bigint, createdAt: number): Promise<void> | undefined {
    const { slot, m, body } = this;
    if (!slot) return undefined;
    const msg = { kind: m.kind, from: m.from, to: m.to, msgId: serverId.toString(), body };
    return slot.fill(this.callbacks.messageEnvelope(m.app, msg, createdAt), `msg:${serverId}`);
  }

  cancel(): void {
    this.slot?.cancel();
  }
}
