import type { Bus, QueueHint } from '../../domain/ports/bus.js';

/** Single-node fan-out: hints go straight to this process's subscribers. */
export function inProcessBus(): Bus {
  const handlers = new Set<(hint: QueueHint) => void>();
  return {
    publish(hint) {
      for (const h of handlers) h(hint);
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
