// The server's configuration: one typed object, defaults here, environment names here. Only the
// composition root (main.ts) hands it the real environment.
import { resolve } from 'node:path';

export interface ServerConfig {
  host: string;
  port: number;
  /** Where the SQLite file and uploaded files live. */
  dataDir: string;
  /** 0..1023, unique per node of a cluster: part of every message id. */
  nodeId: number;
  logLevel: string;
  /** Base URL clients use (printed at start); derived from host/port when unset. */
  publicUrl: string | undefined;
  /** The app created on first start with an empty store; null to create none. */
  demoApp: { org: string; name: string } | null;
}

export const CONFIG_ENV = {
  host: 'CONFAB_HOST',
  port: 'CONFAB_PORT',
  dataDir: 'CONFAB_DATA_DIR',
  nodeId: 'CONFAB_NODE_ID',
  logLevel: 'CONFAB_LOG_LEVEL',
  publicUrl: 'CONFAB_PUBLIC_URL',
} as const;

export const DEFAULT_CONFIG: ServerConfig = {
  host: '0.0.0.0',
  port: 8080,
  dataDir: './data',
  nodeId: 0,
  logLevel: 'info',
  publicUrl: undefined,
  demoApp: { org: 'confab', name: 'demo' },
};

function integer(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be an integer in ${min}..${max}, got "${raw}"`);
  return n;
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
    publicUrl: get('publicUrl')?.replace(/\/+$/, ''),
  };
}
