// Composition root for `npm start`: reads the environment, starts the server, prints how to
// connect, and shuts down cleanly on SIGTERM/SIGINT. `npm start -- --check` only validates the
// environment and prints the effective settings.
import pino from 'pino';
import { describeConfig } from './config/describe-config.js';
import { loadConfig } from './config/load-config.js';
import type { ServerConfig } from './config/schema.js';
import { startServer } from './server.js';

let config: ServerConfig;
try {
  config = loadConfig(process.env, process.cwd());
} catch (err) {
  // One line per invalid variable, without a stack: the operator has a setting to fix, not a bug.
  console.error(
    `Invalid configuration (see docs/configuration.md):\n  ${(err as Error).message.split('\n').join('\n  ')}`,
  );
  process.exit(1);
}
if (process.argv.includes('--check')) {
  console.log(`Configuration is valid. Effective settings:\n\n${describeConfig(config, process.env)}`);
  process.exit(0);
}
const logger = pino({ level: config.logLevel });

try {
  const server = await startServer({ config, logger });
  const demo = config.demoApp ? `${config.demoApp.org}#${config.demoApp.name}` : undefined;
  logger.info({ port: server.port, dataDir: config.dataDir }, 'confab listening');
  const lines = [
    '',
    `Confab is running.`,
    `  REST base URL (apiUrl): ${server.httpUrl}`,
    `  WebSocket URL (url):    ${server.wsUrl}`,
    `  Web client:             ${server.httpUrl}/`,
    `  Health:                 ${server.httpUrl}/healthz`,
    `  Data directory:         ${config.dataDir}`,
  ];
  if (demo) lines.push(`  App key (appKey):       ${demo}`);
  if (server.createdDemoApp) {
    lines.push(
      `  App admin client id:     ${server.createdDemoApp.clientId}`,
      `  App admin client secret: ${server.createdDemoApp.clientSecret}   (shown once: store it now)`,
      `  Registration is open to anyone: close it with npm exec confab -- apps settings ${demo} --close-registration`,
    );
  } else if (demo) {
    const app = await server.ctx.findApp(config.demoApp!.org, config.demoApp!.name);
    if (app) lines.push(`  App admin client id:    ${app.clientId} (secret was shown on first start)`);
  }
  if (server.createdAdminToken) {
    lines.push(
      `  Operator token (CLI):    ${server.createdAdminToken}   (shown once: store it now; or set CONFAB_ADMIN_TOKEN)`,
    );
  }
  lines.push(
    '',
    'Point the official SDK at it:',
    `  new AgoraChat.connection({ appKey: '${demo ?? 'org#app'}', isHttpDNS: false, url: '${server.wsUrl}', apiUrl: '${server.httpUrl}' })`,
    '',
  );
  console.log(lines.join('\n'));

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (err) {
  logger.fatal({ err }, 'confab failed to start');
  process.exit(1);
}
