import type { Bus, BusEvent } from '../../domain/ports/bus.js';
import type { Logger } from '../../domain/ports/logger.js';
import { noopLogger } from '../noop-logger.js';

export interface InProcessBusOptions {
  /** Where a throwing handler is reported (as the Redis bus does). */
  logger?: Logger;
}

/** Single-node fan-out: events go straight to this process's subscribers. */
export function inProcessBus(options: InProcessBusOptions = {}): Bus {
  const handlers = new Set<(event: BusEvent) => void>();
  const log = (options.logger ?? noopLogger).child({ component: 'in-process-bus' });
  return {
    publish(event) {
      // Same contract as the Redis bus: one throwing handler neither starves the others nor fails the
      // publisher. Delivery is best-effort by design (ports/bus.ts), but the bug is reported.
      for (const h of [...handlers]) {
        try {
          h(event);
        } catch (err) {
          log.error({ err, kind: event.kind }, 'bus handler threw');
        }
      }
      return Promise.resolve();
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    close() {
      handlers.clear();
      return Promise.resolve();
    },
  };
}
