// What every message use case (send, recall, edit) takes and gives back.
import type { Meta } from '@confab/protocol';
import type { Bus, BusEvent } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AppRecord, Storage } from '../ports/storage.js';
import type { MessageIdGenerator } from './message-id.js';
import type { PushIntent } from '../push/offline-push.js';
import type { MessageGate } from '../app-server/message-gate.js';
import type { KnownUsers } from '../users/known-users.js';
import type { ContactChecks } from '../contacts/contact-checks.js';

export interface Sender {
  app: AppRecord;
  appKey: string;
  username: string;
  resource: string;
  /**
   * Sent by the app server over REST on this user's behalf (or as `admin`): the user's membership, mutes
   * and block lists do not apply (the target must still exist and not be disabled). `force`: a recall past
   * the recall window.
   */
  appServer?: { force?: boolean } | undefined;
}

export interface SendResult {
  serverId: bigint;
  timestamp: number;
  /** Wake-ups to publish once the sender has its ACK (empty for a duplicate): queue or group hints. */
  hints: BusEvent[];
  /** Position in the conversation, when this call stored the message. */
  seq?: bigint;
  /** The sender's own queue of the conversation (its other devices get the message there). */
  ownQueue: string;
  /** Offline push to queue once the ACK is sent (never awaited on the message path). */
  push?: PushIntent;
  /** Metas the ACK carries (an edit's NOTIFY `edit_msg`). */
  ackMetas?: Meta[];
}

export interface MessagingDeps {
  storage: Storage;
  bus: Bus;
  clock: Clock;
  ids: MessageIdGenerator;
  /** Server-wide limits (config schema `LIMITS`) the message use cases check. */
  limits: { readonly maxFieldChars: number };
  /**
   * Called once the message is queued for commit (appends commit in queue order), so a caller can
   * pipeline the sender's next message without waiting for this one's commit.
   */
  onQueued?: () => void;
  /** Where side effects that must not fail the send (a thread's update event) report errors. */
  logger?: Logger;
  /** Global mute, word filter and the app server's callbacks (domain/app-server); absent = none. */
  gate?: MessageGate;
  /** Receivers known to exist, kept briefly (users/known-users.ts); absent = storage is asked each time. */
  knownUsers?: KnownUsers;
  /** Block and contact checks with blocks kept briefly (contacts/contact-checks.ts); absent = storage. */
  contactChecks?: ContactChecks;
}
