// Result shapes of the scenarios that are not a message stream (the streams use drive.ts's RunResult).

export interface IdleResult {
  scenario: 'idle';
  backend: string;
  connections: number;
  /** The size asked for when the machine's fd limit capped `connections` below it. */
  requested?: number;
  opened: number;
  connectSeconds: number;
  serverRssMbBefore: number;
  serverRssMbAfter: number;
  /** (server RSS after − before) / connections opened. */
  serverKbPerConn: number;
  /** The load client's own RSS growth per connection, reported separately. */
  clientKbPerConn: number;
  note?: string;
}

export interface LoginStormResult {
  scenario: 'login-storm';
  backend: string;
  /** What one login is for this system. */
  what: string;
  clients: number;
  ok: number;
  failed: number;
  seconds: number;
  loginsPerSec: number;
  latencyMs: { p50: number; p99: number; max: number };
  serverCpuSecPer1000: number;
  /** Which storm of the same size on the same server: 1 (cold) or 3 (steady state). */
  storm?: number;
}

export interface BacklogResult {
  scenario: 'offline-backlog';
  backend: string;
  queued: number;
  delivered: number;
  /** Time to queue the messages (sender side, window of in-flight sends). */
  queueSeconds: number;
  /** From the receiver opening its connection to the last backlog message decoded. */
  drainSeconds: number;
  drainedPerSec: number;
  serverRssMb: number;
}

export type SkippedResult = { scenario: string; backend: string; skipped: string };
