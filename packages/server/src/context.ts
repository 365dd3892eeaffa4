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
import type { OfflinePush } from './domain/push/offline-push.js';
import type { PushWorker } from './domain/push/push-worker.js';

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
  /** Offline push: queues notifications after a send's ACK; the worker delivers them (issue 20). */
  readonly push?: { readonly offline: OfflinePush; readonly worker: PushWorker };
  /** Live sessions on this node (what /healthz reports). */
  liveSessions(): number;
  /** Looks an app up by org and name (cached for APP_CACHE_MS; apps change rarely). */
  findApp(org: string, name: string): Promise<AppRecord | undefined>;
  /** Drops an app from this node's cache (its settings changed); other nodes reread it within APP_CACHE_MS. */
  forgetApp(org: string, name: string): void;
}

/** How long a node keeps an app record before rereading it (a settings change reaches every node by then). */
export const APP_CACHE_MS = 5_000;

export function appCache(storage: Storage): {
  find(org: string, name: string): Promise<AppRecord | undefined>;
  forget(org: string, name: string): void;
} {
  const cache = new Map<string, { app: AppRecord; at: number }>();
  return {
    async find(org, name) {
      const key = `${org}#${name}`;
      const hit = cache.get(key);
      // Monotonic time: a wall clock stepping back must not pin a stale record.
      if (hit && performance.now() - hit.at < APP_CACHE_MS) return hit.app;
      const app = await storage.apps.findByName(org, name);
      if (app) cache.set(key, { app, at: performance.now() });
      else cache.delete(key);
      return app;
    },
    forget(org, name) {
      cache.delete(`${org}#${name}`);
    },
  };
}
