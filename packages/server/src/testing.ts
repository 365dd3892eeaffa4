// A disposable server for tests: fresh data directory, port 0 on loopback, silent logs, and an
// open-registration app. Used by this package's tests and by the SDK's integration tests.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DEFAULT_CONFIG, type Limits, type ServerConfig } from './config/schema.js';
import { startServer, type RunningServer, type StartOptions } from './server.js';

export interface TestServer {
  apiUrl: string;
  wsUrl: string;
  appKey: string;
  org: string;
  app: string;
  clientId: string;
  clientSecret: string;
  /** Operator token of the operator API (POST/GET /management/apps). */
  adminToken: string;
  dataDir: string;
  server: RunningServer;
  /** Closes the server side of every socket of `username` without a kick (the client reconnects). */
  dropConnections(username: string): Promise<number>;
  /** Kicks every session of `username` as the server does (STATISTIC push with `code`, then close). */
  kick(username: string, code: number, reason?: string): Promise<number>;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Config overrides (limits one by one, over the defaults) and the adapters of `startServer`. */
export type TestServerOptions = Partial<Omit<ServerConfig, 'limits'>> & {
  limits?: Partial<Limits>;
} & Omit<StartOptions, 'config' | 'worker'>; // a test server is never a CONFAB_WORKERS worker

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'confab-test-'));
  const { logger, clock, storage, bus, sessions, hardening, limits, ...configOverrides } = options;
  // Whatever is not an adapter is configuration: a StartOptions key missing here would silently land in
  // `config` (as `sessions` once did), so this fails to compile until it is listed.
  const adapters = { clock, storage, bus, sessions, hardening } satisfies Record<
    Exclude<keyof StartOptions, 'config' | 'logger' | 'worker'>,
    unknown
  >;
  const config: ServerConfig = {
    ...DEFAULT_CONFIG,
    host: '127.0.0.1',
    port: 0,
    dataDir,
    adminToken: `op_test_${randomBytes(16).toString('hex')}`,
    ...configOverrides,
    limits: { ...DEFAULT_CONFIG.limits, ...limits },
  };
  const server = await startServer({
    config,
    ...adapters,
    logger: logger ?? pino({ level: process.env['CONFAB_TEST_LOG_LEVEL'] ?? 'silent' }),
  });
  const demo = server.createdDemoApp;
  if (!demo || !config.demoApp) throw new Error('test server expected to create its app');
  const close = async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const sessionsOf = async (username: string) => {
    const app = await server.ctx.findApp(config.demoApp!.org, config.demoApp!.name);
    return app ? [...server.gateway.registry.sessionsOf(app.id, username)] : [];
  };
  return {
    dropConnections: async (username) => {
      const sessions = await sessionsOf(username);
      for (const s of sessions) s.close(1011, 'dropped by test');
      return sessions.length;
    },
    kick: async (username, code, reason) => {
      const sessions = await sessionsOf(username);
      for (const s of sessions) s.kick(code, reason);
      return sessions.length;
    },
    apiUrl: server.httpUrl,
    wsUrl: server.wsUrl,
    appKey: demo.appKey,
    org: config.demoApp.org,
    app: config.demoApp.name,
    clientId: demo.clientId,
    clientSecret: demo.clientSecret,
    adminToken: config.adminToken!,
    dataDir,
    server,
    close,
    [Symbol.asyncDispose]: close,
  };
}
