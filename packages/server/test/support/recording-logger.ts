// A Logger that keeps what it is given, for tests that check an adapter reports a failure.
import type { Logger } from '../../src/domain/ports/logger.js';

export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object;
  msg: string | undefined;
  bindings: Record<string, unknown>;
}

export function recordingLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const make = (bindings: Record<string, unknown>): Logger => ({
    debug: (obj, msg) => void records.push({ level: 'debug', obj, msg, bindings }),
    info: (obj, msg) => void records.push({ level: 'info', obj, msg, bindings }),
    warn: (obj, msg) => void records.push({ level: 'warn', obj, msg, bindings }),
    error: (obj, msg) => void records.push({ level: 'error', obj, msg, bindings }),
    child: (more) => make({ ...bindings, ...more }),
  });
  return Object.assign(make({}), { records });
}
