// What both translation adapters share: one HTTP exchange with a deadline, every failure (network,
// timeout, non-2xx, non-JSON) as TranslationUnavailable, and a language's name in itself.
import { TranslationUnavailable } from '../../domain/ports/translation.js';

export interface ProviderHttpOptions {
  /** Base URL of the provider's API, without a trailing slash. */
  readonly url: string;
  /** Per-request deadline. */
  readonly timeoutMs: number;
}

export async function exchange(
  provider: string,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new TranslationUnavailable(`${provider} unreachable`, { cause: err });
  }
  const text = await response.text().catch(() => '');
  if (!response.ok)
    throw new TranslationUnavailable(`${provider} answered ${response.status}: ${text.slice(0, 200)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new TranslationUnavailable(`${provider} answered no JSON`, { cause: err });
  }
}

/** `de` → `Deutsch`; the English name when the runtime knows no better. */
export function nativeName(code: string, fallback: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? fallback;
  } catch {
    return fallback;
  }
}

export const malformed = (provider: string) =>
  new TranslationUnavailable(`${provider} answered an unexpected shape`);

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
