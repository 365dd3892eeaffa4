// Composition root for `npm start`: reads the environment, starts the server, prints how to
// connect, and shuts down cleanly on SIGTERM/SIGINT. `npm start -- --check` only validates the
// environment and prints the effective settings. With CONFAB_WORKERS > 1 this process is the cluster
// primary (cluster-primary.ts) and each worker it forks runs this file as node CONFAB_NODE_ID + index.
import cluster from 'node:cluster';
import pino from 'pino';
import { runClusterPrimary, WORKER_INDEX_ENV, type WorkerReady } from './cluster-primary.js';
import { describeConfig } from './config/describe-config.js';
import { loadConfig } from './config/load-config.js';
import type { ServerConfig } from './config/schema.js';
import { startServer } from './server.js';
import { startupBanner } from './startup-banner.js';

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
const rootLogger = pino({ level: config.logLevel });

if (config.workers > 1 && cluster.isPrimary) {
  runClusterPrimary({
    workers: config.workers,
    logger: rootLogger.child({ role: 'cluster-primary' }),
    print: (text) => console.log(text),
  });
} else {
  // A worker: its index from the primary; its node id and log lines carry it.
  const worker = cluster.isWorker ? Number(process.env[WORKER_INDEX_ENV] ?? 0) : undefined;
  const logger = worker === undefined ? rootLogger : rootLogger.child({ worker });
  try {
    const server = await startServer({
      config: worker === undefined ? config : { ...config, nodeId: config.nodeId + worker },
      logger,
      worker,
    });
    logger.info({ port: server.port, dataDir: config.dataDir }, 'confab listening');
    const banner = await startupBanner(server, config);
    if (worker === undefined) console.log(banner);
    else process.send!({ type: 'confab:ready', banner } satisfies WorkerReady);

    let stopping = false; // SIGINT from a terminal reaches workers directly, and the primary passes on SIGTERM
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
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
}
