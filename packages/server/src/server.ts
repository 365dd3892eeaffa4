// Composition: builds storage, bus, the REST edge and the msync gateway on one port. Everything is
// passed in explicitly; nothing here reads the environment (main.ts does).
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { inProcessBus } from './adapters/bus/in-process-bus.js';
import { scryptWorkerPool, type PasswordHasherOptions } from './adapters/crypto/scrypt-worker-pool.js';
import { localFileStore } from './adapters/files/local-file-store.js';
import { redisBus } from './adapters/bus/redis-bus.js';
import { postgresStorage } from './adapters/postgres/postgres-storage.js';
import { poolShare } from './adapters/postgres/pool-share.js';
import { inProcessSessionDirectory } from './adapters/sessions/in-process-session-directory.js';
import { redisSessionDirectory } from './adapters/sessions/redis-session-directory.js';
import { lockDataDir, type DataDirLock } from './adapters/sqlite/data-dir-lock.js';
import { sqliteStorage } from './adapters/sqlite/sqlite-storage.js';
import { promMetrics } from './adapters/metrics/prom-metrics.js';
import { primaryChannel } from './adapters/metrics/cluster-metrics.js';
import { appCache, type ServerContext } from './context.js';
import type { ServerConfig } from './config/schema.js';
import { Thumbnailer } from './adapters/files/thumbnailer.js';
import { createApp } from './domain/apps/app-admin.js';
import { LoginThrottle, type LoginThrottleOptions } from './domain/auth/login-throttle.js';
import { prepareOperatorToken } from './domain/auth/operator-token.js';
import { AttachmentSweeper } from './domain/files/attachment-sweep.js';
import { PartUploads } from './domain/files/part-uploads.js';
import { messageIdGenerator } from './domain/messages/message-id.js';
import { groupFanoutWaker } from './domain/mucs/group-event-waker.js';
import { mucEventDelivery } from './domain/mucs/muc-event-delivery.js';
import { RecentRoomMessages } from './domain/rooms/recent-room-messages.js';
import { systemClock, type Clock } from './domain/ports/clock.js';
import type { Logger } from './domain/ports/logger.js';
import type { Storage } from './domain/ports/storage.js';
import type { Bus } from './domain/ports/bus.js';
import type { SessionDirectory } from './domain/ports/session-directory.js';
import { attachGateway, type Gateway } from './gateway/ws-gateway.js';
import { buildHttpServer, type RouteInfo } from './http/http-server.js';
import { Translation } from './domain/translation/translate.js';
import { translationProvider } from './adapters/translation/choose-provider.js';
import { readFileSync } from 'node:fs';
import { OfflinePush } from './domain/push/offline-push.js';
import { PushWorker } from './domain/push/push-worker.js';
import { webPushProvider } from './adapters/push/web-push-provider.js';
import { fcmProvider } from './adapters/push/fcm-provider.js';
import { apnsProvider } from './adapters/push/apns-provider.js';
import { httpCallbackTransport } from './adapters/callbacks/http-callback-transport.js';
import { AppCallbacks } from './domain/app-server/app-callbacks.js';
import { callbackMucEvents } from './domain/app-server/event-callbacks.js';
import { MessageGate } from './domain/app-server/message-gate.js';
import { KnownUsers } from './domain/users/known-users.js';
import { ContactChecks } from './domain/contacts/contact-checks.js';
import { RetentionSweeper } from './domain/app-server/retention.js';

export interface StartOptions {
  config: ServerConfig;
  logger?: Logger;
  clock?: Clock;
  storage?: Storage;
  bus?: Bus;
  sessions?: SessionDirectory;
  /** Tunables of the password paths; defaults in their modules (PASSWORD_HASHER_DEFAULTS, LOGIN_THROTTLE_DEFAULTS). */
  hardening?: HardeningOptions;
  /** A CONFAB_WORKERS worker's index (config.nodeId is already the host's first id + it): /metrics is host-wide. */
  worker?: number;
}

export interface HardeningOptions {
  passwordHasher?: Partial<PasswordHasherOptions>;
  loginThrottle?: Partial<LoginThrottleOptions>;
}

export interface CreatedDemoApp {
  appKey: string;
  clientId: string;
  /** Only known on the start that created the app. */
  clientSecret: string;
}

export interface RunningServer {
  readonly port: number;
  /** REST base URL (the SDK's apiUrl). */
  readonly httpUrl: string;
  /** msync WebSocket URL (the SDK's url). */
  readonly wsUrl: string;
  readonly ctx: ServerContext;
  readonly gateway: Gateway;
  /** Every REST route (method and URL pattern), as the HTTP server registered them. */
  readonly routes: readonly RouteInfo[];
  /** Set when this start created the demo app. */
  readonly createdDemoApp: CreatedDemoApp | undefined;
  /** The operator token, only on the start that generated it (CONFAB_ADMIN_TOKEN unset, empty store). */
  readonly createdAdminToken: string | undefined;
  close(): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const logger: Logger = options.logger ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  // The SQLite store owns its data directory: a second server on it refuses to start (data-dir-lock.ts).
  const dirLock: DataDirLock | undefined =
    options.storage || config.databaseUrl ? undefined : lockDataDir(config.dataDir);
  let storage: Storage;
  try {
    storage =
      options.storage ??
      (config.databaseUrl
        ? await postgresStorage({
            url: config.databaseUrl,
            logger,
            ...poolShare(config.databasePoolSize, config.workers),
          })
        : sqliteStorage(join(config.dataDir, 'confab.sqlite'), {
            onBackgroundError: (message) => logger.error({ message }, 'SQLite checkpoint failed'),
          }));
  } catch (err) {
    dirLock?.release(); // e.g. a schema newer than this code: the directory is free for the right version
    throw err;
  }
  // Filled in once the gateway exists: after a Redis outage, local sessions are re-notified at once.
  const onResubscribed: { fn?: () => void } = {};
  const bus =
    options.bus ??
    (config.redisUrl
      ? redisBus({
          url: config.redisUrl,
          channel: `${config.redisPrefix}:bus`,
          nodeId: config.nodeId,
          logger,
          onResubscribed: () => onResubscribed.fn?.(),
        })
      : inProcessBus({ logger }));
  // Start even without Redis (sends still commit; delivery catches up), but say so.
  await bus
    .ready?.(2000)
    .catch((err: unknown) =>
      logger.warn({ err }, 'Redis bus not reachable yet: cross-node delivery waits for it'),
    );
  const sessions =
    options.sessions ??
    (config.redisUrl
      ? redisSessionDirectory({
          url: config.redisUrl,
          prefix: config.redisPrefix,
          nodeId: config.nodeId,
          logger,
        })
      : inProcessSessionDirectory({ nodeId: config.nodeId }));

  const operator = await prepareOperatorToken(storage, config.adminToken);
  const files = localFileStore(join(config.dataDir, 'files'));
  // The gateway attaches to the HTTP server, so it exists only after it; /healthz asks it through here.
  let gateway: Gateway | undefined;
  const credentials = {
    hasher: scryptWorkerPool({
      ...(config.limits.passwordHashThreads > 0 ? { threads: config.limits.passwordHashThreads } : {}),
      maxQueue: config.limits.passwordHashQueue,
      ...options.hardening?.passwordHasher,
    }),
    throttle: new LoginThrottle(clock, {
      maxFailuresPerUser: config.limits.loginMaxFailuresPerUser,
      maxFailuresPerAddress: config.limits.loginMaxFailuresPerAddress,
      failureWindowMs: config.limits.loginFailureWindowMs,
      lockoutBaseMs: config.limits.loginLockoutBaseMs,
      lockoutMaxMs: config.limits.loginLockoutMaxMs,
      maxRegistrationsPerAddress: config.limits.registerMaxPerAddress,
      registrationWindowMs: config.limits.registerWindowMs,
      maxKeys: config.limits.loginThrottleMaxKeys,
      ...options.hardening?.loginThrottle,
    }),
  };
  const ids = messageIdGenerator(clock, config.nodeId);
  const pushTimeout = config.limits.pushTimeoutMs;
  const pushWorker = new PushWorker(
    {
      storage,
      clock,
      logger,
      providers: [
        webPushProvider({
          timeoutMs: pushTimeout,
          ttlSeconds: config.limits.pushTtlSeconds,
          ca: config.pushCaFile === undefined ? undefined : readFileSync(config.pushCaFile, 'utf8'),
        }),
        fcmProvider({ timeoutMs: pushTimeout, now: () => clock.now() }),
        apnsProvider({ timeoutMs: pushTimeout, now: () => clock.now() }),
      ],
    },
    {
      pollIntervalMs: config.limits.pushPollIntervalMs,
      timeoutMs: pushTimeout,
      maxAttempts: config.limits.pushMaxAttempts,
      retryBaseMs: config.limits.pushRetryBaseMs,
      batch: config.limits.pushBatch,
    },
  );
  // A worker's series carry the host's first node id, so the primary sums the workers' into one per host.
  const metrics = promMetrics({
    liveSessions: () => gateway?.registry.size ?? 0,
    defaultLabels: { node: String(config.nodeId - (options.worker ?? 0)) },
    primary: options.worker === undefined ? undefined : primaryChannel(),
  });
  storage.messages.observeCommitBatches?.((size) => metrics.commitBatch(size));
  const apps = appCache(storage);
  // Settings changed on any node (operator API): reload the cached app here too.
  const stopAppReload = bus.subscribe((event) => {
    if (event.kind === 'app')
      apps.reload(event.appId).catch((err: unknown) => logger.warn({ err }, 'app reload failed'));
  });
  const callbacks = new AppCallbacks({
    storage,
    clock,
    transport: httpCallbackTransport,
    logger,
    limits: config.limits,
  });
  const retention = new RetentionSweeper(
    { storage, clock, logger },
    { intervalMs: config.limits.retentionSweepIntervalMs, batchSize: config.limits.retentionSweepBatch },
  );
  const gate = new MessageGate({ storage, clock, callbacks });
  const knownUsers = new KnownUsers({ storage, clock });
  const contactChecks = new ContactChecks({ contacts: storage.contacts, clock });
  // What the hot path keeps briefly changed on some node: forget it here too (domain/cache).
  const stopCacheEvents = bus.subscribe((event) => {
    if (event.kind !== 'cached') return;
    if (event.what === 'blocks') contactChecks.forgetOwner(event.appId, event.username);
    else if (event.what === 'mute') gate.muteChanged(event.appId, event.username);
    else knownUsers.forget(event.appId, event.username);
  });
  const ctx: ServerContext = {
    storage,
    bus,
    sessions,
    nodeId: config.nodeId,
    clock,
    ids,
    logger,
    metrics,
    // A group's events wake its members with one bus event each, as its messages do.
    // Group and room events also go to the app server when it subscribed (post-send callbacks).
    mucEvents: callbackMucEvents(
      mucEventDelivery({ storage, bus, ids, logger }, groupFanoutWaker({ bus, logger })),
      { callbacks, storage, logger },
    ),
    gate,
    knownUsers,
    contactChecks,
    callbacks,
    retention,
    // Fed from the bus by the gateway (ws-gateway.ts): every node sees every room message.
    recentRoomMessages: new RecentRoomMessages(),
    limits: { ...config.limits },
    findApp: (org, name) => apps.find(org, name),
    reloadApp: (appId) => apps.reload(appId),
    // Parts of a chunked upload are tracked in memory: with several nodes the SDK is told to upload in one
    // request (it falls back by itself).
    attachments: {
      store: files,
      chunkedUploads: !config.redisUrl,
      parts: new PartUploads(files),
      thumbnails: new Thumbnailer(files, logger, {
        maxSourceBytes: config.limits.thumbnailMaxSourceBytes,
        maxQueue: config.limits.thumbnailQueue,
        timeoutMs: config.limits.thumbnailTimeoutMs,
        decodeBudgetBytes: config.limits.thumbnailDecodeBudgetBytes,
        workerHeapMb: config.limits.thumbnailWorkerHeapMb,
      }),
    },
    operatorTokenHash: operator.hash,
    liveSessions: () => gateway?.registry.size ?? 0,
    credentials,
    push: {
      offline: new OfflinePush({ storage, sessions, clock, logger, onQueued: () => pushWorker.wake() }),
      worker: pushWorker,
    },
    translation: new Translation({
      provider: translationProvider(config),
      clock,
      logger,
      limits: config.limits,
    }),
  };

  let createdDemoApp: CreatedDemoApp | undefined;
  if (config.demoApp && (await storage.apps.count()) === 0) {
    try {
      const { app, clientSecret } = await createApp(storage, clock, config.demoApp.org, config.demoApp.name);
      createdDemoApp = { appKey: `${app.org}#${app.name}`, clientId: app.clientId, clientSecret };
    } catch (err) {
      // Another node of the cluster created it first.
      if (!(await storage.apps.findByName(config.demoApp.org, config.demoApp.name))) throw err;
    }
  }

  // Expired attachments and abandoned partial files leave this node's disk (each node sweeps what it holds).
  const sweeper = new AttachmentSweeper(
    {
      files: storage.files,
      store: files,
      parts: ctx.attachments.parts,
      clock,
      logger,
      holder: config.nodeId,
    },
    { intervalMs: config.limits.attachmentSweepIntervalMs, batchSize: config.limits.attachmentSweepBatch },
  );

  let base = '';
  const { http, routes } = await buildHttpServer(ctx, () => base, config.webRoot, {
    metricsAccess: config.metricsAccess,
    ...(config.trustProxy ? { trustProxy: config.trustProxy } : {}),
  });
  // Node's default accept backlog (511) overflows when a thousand clients reconnect at once (a node
  // restart, a network blip): the kernel drops the SYNs and each client waits a 1 s retransmission.
  // The kernel caps it at net.core.somaxconn.
  await http.listen({ host: config.host, port: config.port, backlog: config.limits.listenBacklog });
  const port = (http.server.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  base = config.publicUrl ?? `http://${shownHost}:${port}`;
  const live = (gateway = attachGateway(http.server, ctx));
  onResubscribed.fn = () => live.registry.resyncAll();
  sweeper.start();
  pushWorker.start();
  callbacks.start();
  retention.start();

  let closing: Promise<void> | undefined;
  return {
    port,
    httpUrl: base,
    wsUrl: `${base.replace(/^http/, 'ws')}/ws`,
    ctx,
    gateway: live,
    routes,
    createdDemoApp,
    createdAdminToken: operator.created,
    close() {
      closing ??= (async () => {
        await sweeper.stop();
        await pushWorker.stop();
        await retention.stop();
        await live.close();
        await http.close();
        await callbacks.stop();
        await ctx.attachments.thumbnails.close();
        await credentials.hasher.close();
        await sessions.close().catch(() => undefined);
        stopAppReload();
        stopCacheEvents();
        metrics.close();
        await bus.close();
        await storage.close();
        dirLock?.release();
      })();
      return closing;
    },
  };
}
