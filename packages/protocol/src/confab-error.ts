// The one error class of server and SDK. It carries the numeric code as `type` because the official SDK's
// errors are plain `{ type, message, data? }` objects and apps written for it read `err.type`.
import { errorEntryOf, errorNameOf } from './error-codes.js';

// A registry symbol instead of instanceof alone: two copies of this package (e.g. two bundles) still agree.
const BRAND = Symbol.for('confab.ConfabError');

export class ConfabError extends Error {
  override readonly name = 'ConfabError';
  /** The Agora error code (see errorCatalog). */
  readonly type: number;
  readonly data?: unknown;
  /**
   * Which of the code's REST shapes the server answers with (http-errors.ts `httpShapeVariants`, by code
   * name); set through `restError()`, which types it. Not part of the error the SDK sees.
   */
  declare readonly httpVariant?: string;

  constructor(code: number, message?: string, data?: unknown, options?: { readonly httpVariant?: string }) {
    super(message ?? errorEntryOf(code)?.meaning ?? `Unknown error code ${code}`);
    this.type = code;
    if (data !== undefined) this.data = data;
    if (options?.httpVariant !== undefined) this.httpVariant = options.httpVariant;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** Alias of `type`, for code that follows the usual `err.code` convention. */
  get code(): number {
    return this.type;
  }

  /** The official name of the code, or undefined for a code this version does not know. */
  get codeName(): string | undefined {
    return errorNameOf(this.type);
  }

  /** The plain object shape the official SDK rejects with. */
  toJSON(): { type: number; message: string; data?: unknown } {
    return this.data === undefined
      ? { type: this.type, message: this.message }
      : { type: this.type, message: this.message, data: this.data };
  }
}

export function isConfabError(value: unknown): value is ConfabError {
  return (
    value instanceof ConfabError ||
    (typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true)
  );
}
