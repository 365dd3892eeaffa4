// The server's configuration: one typed object, defaults here, environment names here. Only the
// composition root (main.ts) hands it the real environment.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServerConfig {
  host: string;
  port: number;
  /** Where the SQLite file and uploaded files live. */
  dataDir: string;
  /** 0..1023, unique per node of a cluster: part of every message id. */
  nodeId: number;
  logLevel: string;
  /** Operator token for the operator API (apps); generated and printed once at first start when unset. */
  adminToken: string | undefined;
  /** Base URL clients use (printed at start); derived from host/port when unset. */
  publicUrl: string | undefined;
  /** The app created on first start with an empty store; null to create none. */
  demoApp: { org: string; name: string } | null;
  /** postgres://… to store everything in PostgreSQL (shared by the nodes of a cluster); SQLite when unset. */
  databaseUrl: string | undefined;
  /** redis://… for cross-node fan-out and the cluster-wide session directory; in-process when unset. */
  redisUrl: string | undefined;
  /** Prefix of Redis keys and channels, so deployments can share one Redis. */
  redisPrefix: string;
  /** The built web client (apps/web/dist) served at `/`; the API runs without it. */
  webRoot: string;
}

export const CONFIG_ENV = {
  host: 'CONFAB_HOST',
  port: 'CONFAB_PORT',
  dataDir: 'CONFAB_DATA_DIR',
  nodeId: 'CONFAB_NODE_ID',
  logLevel: 'CONFAB_LOG_LEVEL',
  adminToken: 'CONFAB_ADMIN_TOKEN',
  publicUrl: 'CONFAB_PUBLIC_URL',
  databaseUrl: 'CONFAB_DATABASE_URL',
  redisUrl: 'CONFAB_REDIS_URL',
  redisPrefix: 'CONFAB_REDIS_PREFIX',
  webRoot: 'CONFAB_WEB_ROOT',
} as const;

export const DEFAULT_CONFIG: ServerConfig = {
  host: '0.0.0.0',
  port: 8080,
  dataDir: './data',
  nodeId: 0,
  logLevel: 'info',
  adminToken: undefined,
  publicUrl: undefined,
  demoApp: { org: 'confab', name: 'demo' },
  databaseUrl: undefined,
  redisUrl: undefined,
  redisPrefix: 'confab',
  // src/config.ts and dist/config.js both sit two levels below the repository's packages/ folder.
  webRoot: fileURLToPath(new URL('../../../apps/web/dist', import.meta.url)),
};

function integer(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer in ${min}..${max}, got "${raw}"`);
  return n;
}

function url(name: string, raw: string | undefined, protocols: string[]): string | undefined {
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`${name} must be a URL (${protocols.join(' or ')}//…)`);
  }
  if (!protocols.includes(parsed.protocol))
    throw new Error(`${name} must start with ${protocols.join(' or ')}//`);
  return raw;
}

export function loadConfig(env: Readonly<Record<string, string | undefined>>, cwd: string): ServerConfig {
  const get = (k: keyof typeof CONFIG_ENV) => {
    const v = env[CONFIG_ENV[k]];
    return v === undefined || v === '' ? undefined : v;
  };
  const port = get('port');
  const nodeId = get('nodeId');
  return {
    ...DEFAULT_CONFIG,
    host: get('host') ?? DEFAULT_CONFIG.host,
    port: port === undefined ? DEFAULT_CONFIG.port : integer(CONFIG_ENV.port, port, 0, 65535),
    dataDir: resolve(cwd, get('dataDir') ?? DEFAULT_CONFIG.dataDir),
    nodeId: nodeId === undefined ? DEFAULT_CONFIG.nodeId : integer(CONFIG_ENV.nodeId, nodeId, 0, 1023),
    logLevel: get('logLevel') ?? DEFAULT_CONFIG.logLevel,
    adminToken: get('adminToken'),
    publicUrl: get('publicUrl')?.replace(/\/+$/, ''),
    databaseUrl: url(CONFIG_ENV.databaseUrl, get('databaseUrl'), ['postgres:', 'postgresql:']),
    redisUrl: url(CONFIG_ENV.redisUrl, get('redisUrl'), ['redis:', 'rediss:']),
    redisPrefix: get('redisPrefix') ?? DEFAULT_CONFIG.redisPrefix,
    webRoot: resolve(cwd, get('webRoot') ?? DEFAULT_CONFIG.webRoot),
  };
}
