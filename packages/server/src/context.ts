// Everything a request or a socket needs, built once by the composition root (server.ts).
import type { Credentials } from './domain/auth/credentials.js';
import type { Bus } from './domain/ports/bus.js';
import type { FileStore, Thumbnails } from './domain/ports/chat-files.js';
import type { PartUploads } from './domain/files/part-uploads.js';
import type { SessionDirectory } from './domain/ports/session-directory.js';
import type { Clock } from './domain/ports/clock.js';
import type { Logger } from './domain/ports/logger.js';
import type { MucEvents } from './domain/ports/muc-events.js';
import type { AppRecord, Storage } from './domain/ports/storage.js';
import type { MessageIdGenerator } from './domain/messages/message-id.js';
import type { RecentRoomMessages } from './domain/rooms/recent-room-messages.js';
import type { Limits } from './config/schema.js';
import type { Translation } from './domain/translation/translate.js';
import type { AppCallbacks } from './domain/app-server/app-callbacks.js';
import type { MessageGate } from './domain/app-server/message-gate.js';
import type { RetentionSweeper } from './domain/app-server/retention.js';

export interface ServerContext {
  readonly storage: Storage;
  readonly bus: Bus;
  /** Cluster-wide view of live sessions (in-process on a single node). */
  readonly sessions: SessionDirectory;
  readonly nodeId: number;
  readonly clock: Clock;
  readonly ids: MessageIdGenerator;
  readonly logger: Logger;
  /** Group (and room) notifications: stored durably, then online devices woken (`onGroupEvent`). */
  readonly mucEvents: MucEvents;
  /** The last messages of each chat room, in memory on every node (domain/rooms/recent-room-messages.ts). */
  readonly recentRoomMessages: RecentRoomMessages;
  /** Runtime limits, from the config schema (`config/schema.ts`, `LIMITS`: each one's meaning and variable). */
  readonly limits: Limits;
  /** Attachment bytes (metadata is in `storage.files`); chunked uploads only where parts stay on one node. */
  readonly attachments: {
    readonly store: FileStore;
    readonly chunkedUploads: boolean;
    /** Parts of chunked uploads in progress (in memory). */
    readonly parts: PartUploads;
    readonly thumbnails: Thumbnails;
  };
  /** Password hashing (own threads) and the per-node login/registration throttle. */
  readonly credentials: Credentials;
  /** SHA-256 of the operator token (creating and listing apps). */
  readonly operatorTokenHash: string;
  /** getSupportedLanguages / translateMessage through the configured provider (none: 505). */
  readonly translation?: Translation;
  /** Global mute, word filter and pre-send callback every client message passes (issue 19). */
  readonly gate: MessageGate;
  /** Callbacks to app servers: pre-send verdicts and the durable post-send outbox (docs/callbacks.md). */
  readonly callbacks: AppCallbacks;
  /** Deletes messages older than each app's storageDays in the background. */
  readonly retention: RetentionSweeper;
  /** Live sessions on this node (what /healthz reports). */
  liveSessions(): number;
  /** Looks an app up by org and name (cached; apps change rarely). */
  findApp(org: string, name: string): Promise<AppRecord | undefined>;
}

export function appCache(storage: Storage): (org: string, name: string) => Promise<AppRecord | undefined> {
  const cache = new Map<string, AppRecord>();
  return async (org, name) => {
    const key = `${org}#${name}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const app = await storage.apps.findByName(org, name);
    if (app) cache.set(key, app);
    return app;
  };
}
