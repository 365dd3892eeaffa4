// Everything a request or a socket needs, built once by the composition root (server.ts).
import type { Credentials } from './domain/auth/credentials.js';
import type { Bus } from './domain/ports/bus.js';
import type { FileStore, Thumbnails } from './domain/ports/chat-files.js';
import type { PartUploads } from './domain/files/part-uploads.js';
import type { SessionDirectory } from './domain/ports/session-directory.js';
import type { Clock } from './domain/ports/clock.js';
import type { Logger } from './domain/ports/logger.js';
import type { Metrics } from './domain/ports/metrics.js';
import type { MucEvents } from './domain/ports/muc-events.js';
import type { AppRecord, Storage } from './domain/ports/storage.js';
import type { MessageIdGenerator } from './domain/messages/message-id.js';
import type { RecentRoomMessages } from './domain/rooms/recent-room-messages.js';
import type { Limits } from './config/schema.js';
import type { Translation } from './domain/translation/translate.js';
import type { OfflinePush } from './domain/push/offline-push.js';
import type { PushWorker } from './domain/push/push-worker.js';
import type { AppCallbacks } from './domain/app-server/app-callbacks.js';
import type { MessageGate } from './domain/app-server/message-gate.js';
import type { KnownUsers } from './domain/users/known-users.js';
import type { ContactChecks } from './domain/contacts/contact-checks.js';
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
  /** Counters and histograms for GET /metrics (adapters/metrics/prom-metrics.ts). */
  readonly metrics: Metrics;
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
  /** Global mute, word filter and pre-send callback every client message passes (issue 19). */
  readonly gate: MessageGate;
  /** Receivers known to exist, kept for a second: no user read per one-to-one message. */
  readonly knownUsers: KnownUsers;
  /** Block checks of one-to-one messages, kept for a second and forgotten on every node on a change. */
  readonly contactChecks: ContactChecks;
  /** Callbacks to app servers: pre-send verdicts and the durable post-send outbox (docs/callbacks.md). */
  readonly callbacks: AppCallbacks;
  /** Deletes messages older than each app's storageDays in the background. */
  readonly retention: RetentionSweeper;
  /** Live sessions on this node (what /healthz reports). */
  liveSessions(): number;
  /** Looks an app up by org and name (cached; reloaded when its settings change). */
  findApp(org: string, name: string): Promise<AppRecord | undefined>;
  /** Reloads a cached app after its settings changed (bus event `app`, see `AppDirectory`). */
  reloadApp(appId: number): Promise<void>;
}

/**
 * Apps by org and name, cached (apps change rarely). One record object per app: sessions keep the record
 * they logged in with, so `reload` updates the cached object's settings in place and the change reaches
 * them too, without a restart.
 */
export interface AppDirectory {
  find(org: string, name: string): Promise<AppRecord | undefined>;
  /** Reads the app again from storage (after its settings changed, on this node or another one). */
  reload(appId: number): Promise<void>;
}

export function appCache(storage: Storage): AppDirectory {
  const cache = new Map<string, AppRecord>();
  return {
    async find(org, name) {
      const key = `${org}#${name}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const app = await storage.apps.findByName(org, name);
      if (!app) return undefined;
      const raced = cache.get(key);
      if (raced) return raced;
      cache.set(key, app);
      return app;
    },
    async reload(appId) {
      const fresh = await storage.apps.findById(appId);
      if (!fresh) return;
      const cached = cache.get(`${fresh.org}#${fresh.name}`);
      if (cached) cached.settings = fresh.settings;
    },
  };
}
