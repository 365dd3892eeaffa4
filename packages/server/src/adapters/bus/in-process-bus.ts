import type { Bus, BusEvent } from '../../domain/ports/bus.js';

/** Single-node fan-out: events go straight to this process's subscribers. */
export function inProcessBus(): Bus {
  const handlers = new Set<(event: BusEvent) => void>();
  return {
    publish(event) {
      for (const h of handlers) h(event);
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
