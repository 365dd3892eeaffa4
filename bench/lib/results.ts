// Result shapes of every scenario: the message streams (one-to-one rows, and drive.ts's RunResult for the
// shared load models) and those that are not a stream. Types only, so libs and scenarios import them
// without importing each other.

export interface OneToOneResult {
  scenario: string;
  backend: string;
  pairs: number;
  mode: 'rate' | 'window';
  offeredPerSec?: number;
  window?: number;
  seconds: number;
  sent: number;
  delivered: number;
  deliveredPerSec: number;
  latencyMs: { p50: number; p99: number; p999: number; max: number };
  serverCpuSecPer1000: number;
  /**
   * Server CPU (user + system, every server process of the row: Confab's nodes, beam.smp, the relay)
   * during the measured window, in µs per delivered message (the same reading as `serverCpuSecPer1000`).
   */
  serverCpuUsPerMsg?: number;
  serverRssMb: number;
  /** Worst server node's event-loop delay p99 during the row (Confab only; from /healthz?detail=1). */
  serverLoopDelayP99Ms?: number;
}

export interface RunResult extends OneToOneResult {
  /** The load generator's own event-loop delay during the row (ms): it must stay small. */
  clientLoopDelayMs?: { p50: number; p99: number; max: number };
  clientCpuSec?: number;
  /** What completes a message for the window: the server's ACK (Confab) or the delivery (baselines). */
  completion?: 'ack' | 'delivery';
  /** Group rows: the group's size (`pairs` is then the number of senders). */
  members?: number;
}

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
  /** Server CPU (user + system) while the connections were opened, in µs per connection opened. */
  serverCpuUsPerConn?: number;
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
  /** Server CPU (user + system) during the storm, in µs per successful login. */
  serverCpuUsPerLogin?: number;
  /** Which storm of the same size on the same server: 1 (cold) or 3 (steady state). */
  storm?: number;
  /**
   * What the client proves itself with: a password checked by the server at each login (Confab: the
   * REST token request with the password, then the msync login with that token; ejabberd: SASL PLAIN)
   * or a token issued beforehand (Confab's token storm).
   */
  credential?: 'password' | 'token';
  /** Attempts refused as busy (HTTP 429 with a retry delay) and retried after it, as a client would. */
  retries?: number;
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
  /** Server CPU (user + system) per message while queueing (stored) and while draining (delivered), µs. */
  serverCpuUsPerMsgQueued?: number;
  serverCpuUsPerMsgDrained?: number;
}

export type SkippedResult = { scenario: string; backend: string; skipped: string };
