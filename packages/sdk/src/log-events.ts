// The SDK never writes to the console (house style B.7): it reports what it does through an optional
// `log` callback with this typed union, so apps choose where diagnostics go.

export type SdkLogEvent =
  | { kind: 'connecting'; url: string; attempt: number }
  | { kind: 'provisioned'; resource: string }
  | { kind: 'login-failed'; type: number; message: string }
  | { kind: 'socket-closed'; code?: number; reason?: string }
  | { kind: 'reconnect-scheduled'; attempt: number; delayMs: number }
  | { kind: 'reconnect-exhausted'; attempts: number }
  | { kind: 'heartbeat' }
  | { kind: 'probe' }
  | { kind: 'probe-timeout' }
  | { kind: 'frame-dropped'; reason: string }
  | { kind: 'sync'; queue: string; key?: string }
  | { kind: 'ack-timeout'; localMsgId: string }
  | { kind: 'kicked'; type: number }
  | { kind: 'handler-threw'; event: string; error: unknown };

export type SdkLogger = (event: SdkLogEvent) => void;

/** A logger that can never throw into the SDK: a broken log callback must not break messaging. */
export function safeLogger(log: SdkLogger | undefined): SdkLogger {
  if (!log) return () => {};
  return (event) => {
    try {
      log(event);
    } catch {
      // ignored on purpose: logging is best effort
    }
  };
}
