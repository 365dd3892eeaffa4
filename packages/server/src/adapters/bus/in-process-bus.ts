import type { Bus, BusEvent } from '../../domain/ports/bus.js';

/** Single-node fan-out: events go straight to this process's subscribers. */
export function inProcessBus(): Bus {
  const handlers = new Set<(event: BusEvent) => void>();
  return {
    publish(event) {
      // Same contract as the Redis bus: one throwing handler neither starves the others nor fails the publisher.
      for (const h of [...handlers]) {
        try {
          h(event);
        } catch {
          // the handler's own failure; delivery is best-effort by design (ports/bus.ts)
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
