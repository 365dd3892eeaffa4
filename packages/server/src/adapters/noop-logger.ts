import type { Logger } from '../domain/ports/logger.js';

/** The default of adapters given no logger: libraries never log on their own. */
export const noopLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => noopLogger,
};
