// Named handler sets (addEventHandler/removeEventHandler) and dispatch. Each app callback runs
// inside its own try/catch: a throwing handler is reported as onError {type 31, "on message error"}
// and never breaks the delivery loop, the other handlers, or the SDK's state.
import type { SdkLogger } from './log-events.js';
import { sdkErrors } from './sdk-errors.js';
import type { EventHandlerType, EventName } from './types.js';

type Handler = (...args: unknown[]) => void;

export class EventHub {
  private readonly handlers = new Map<string, EventHandlerType>();

  constructor(private readonly log: SdkLogger) {}

  add(id: string, handlers: EventHandlerType): void {
    this.handlers.set(id, handlers);
  }

  remove(id: string): void {
    this.handlers.delete(id);
  }

  dispatch<E extends EventName>(event: E, ...args: Parameters<NonNullable<EventHandlerType[E]>>): void {
    const failures: unknown[] = [];
    // Snapshot: a handler may add or remove handlers while we iterate.
    for (const set of [...this.handlers.values()]) {
      const fn = set[event] as Handler | undefined;
      if (typeof fn !== 'function') continue;
      try {
        fn.apply(set, args as unknown[]);
      } catch (error) {
        this.log({ kind: 'handler-threw', event, error });
        failures.push(error);
      }
    }
    // onError handlers that throw are only logged: reporting them through onError would recurse.
    if (event === 'onError') return;
    for (const error of failures) this.dispatch('onError', sdkErrors.callbackError(error));
  }
}
