// Composition: builds storage, bus, the REST edge and the msync gateway on one port. Everything is
// passed in explicitly; nothing here reads the environment (main.ts does).
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { inProcessBus } from './adapters/bus/in-process-bus.js';
import { sqliteStorage } from './adapters/sqlite/sqlite-storage.js';
import { appCache, type ServerContext } from './context.js';
import type { ServerConfig } from './config.js';
import { createApp } from './domain/apps/app-admin.js';
import { messageIdGenerator } from './domain/messages/message-id.js';
import { systemClock, type Clock } from './domain/ports/clock.js';
import type { Logger } from './domain/ports/logger.js';
import type { Storage } from './domain/ports/storage.js';
import type { Bus } from './domain/ports/bus.js';
import { attachGateway, type Gateway } from './gateway/ws-gateway.js';
import { buildHttpServer } from './http/http-server.js';

export interface StartOptions {
  config: ServerConfig;
  logger?: Logger;
  clock?: Clock;
  storage?: Storage;
  bus?: Bus;
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
  /** Set when this start created the demo app. */
  readonly createdDemoApp: CreatedDemoApp | undefined;
  close(): Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const logger: Logger = options.logger ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const storage = options.storage ?? sqliteStorage(join(config.dataDir, 'confab.sqlite'));
  const bus = options.bus ?? inProcessBus();

  const ctx: ServerContext = {
    storage,
    bus,
    clock,
    ids: messageIdGenerator(clock, config.nodeId),
    logger,
    limits: {
      syncBatchSize: 50,
      provisionTimeoutMs: 10_000,
      pingIntervalMs: 30_000,
      maxFrameBytes: 256 * 1024,
    },
    findApp: appCache(storage),
  };

  let createdDemoApp: CreatedDemoApp | undefined;
  if (config.demoApp && (await storage.apps.count()) === 0) {
    const { app, clientSecret } = await createApp(storage, clock, config.demoApp.org, config.demoApp.name);
    createdDemoApp = { appKey: `${app.org}#${app.name}`, clientId: app.clientId, clientSecret };
  }

  let base = '';
  const holder: { gateway?: Gateway } = {};
  const http = await buildHttpServer(
    ctx,
    () => base,
    () => holder.gateway?.registry,
  );
  await http.listen({ host: config.host, port: config.port });
  const port = (http.server.address() as AddressInfo).port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  base = config.publicUrl ?? `http://${shownHost}:${port}`;
  const live = (holder.gateway = attachGateway(http.server, ctx));

  let closing: Promise<void> | undefined;
  return {
    port,
    httpUrl: base,
    wsUrl: `${base.replace(/^http/, 'ws')}/ws`,
    ctx,
    gateway: live,
    createdDemoApp,
    close() {
      closing ??= (async () => {
        await live.close();
        await http.close();
        await bus.close();
        await storage.close();
      })();
      return closing;
    },
  };
}
