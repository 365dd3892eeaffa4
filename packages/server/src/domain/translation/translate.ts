// Translation (agora-rest-api.md §1.4 #52–53): the languages a provider offers and a text translated into
// some of them. Refusals, in order: the app's `translation` switch off or no provider configured → 505
// (what Agora answers when the service is not open); no text → 400; text longer than the limit → 1201;
// an unknown or missing target → 1200; the provider failing → 1204.
import { ConfabError, ErrorCode } from '@confab/protocol';
import { serviceEnabled } from '../apps/app-settings.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { AppRecord } from '../ports/storage.js';
import {
  TranslationUnavailable,
  type ProviderTranslation,
  type SupportedLanguage,
  type TranslationProvider,
} from '../ports/translation.js';

/** How long a provider's language list is reused before it is asked again. */
const LANGUAGES_TTL_MS = 10 * 60 * 1000;

export interface TranslationDeps {
  /** Undefined when the server has no provider configured. */
  readonly provider: TranslationProvider | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly limits: { readonly translateMaxChars: number };
}

/** The provider behind a language cache; one per server. */
export class Translation {
  private cached: { at: number; list: SupportedLanguage[] } | undefined;
  private loading: Promise<SupportedLanguage[]> | undefined;

  constructor(private readonly deps: TranslationDeps) {}

  /** The languages the app's users may translate into. */
  async supportedLanguages(app: AppRecord): Promise<SupportedLanguage[]> {
    const provider = this.open(app);
    return this.languages(provider);
  }

  /** `text` into each of `targets`, in the SDK's result shape; `to` echoes the code the client sent. */
  async translate(app: AppRecord, text: unknown, targets: unknown): Promise<ProviderTranslation> {
    const provider = this.open(app);
    if (typeof text !== 'string' || text === '')
      throw new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, 'text must be a non-empty string');
    if ([...text].length > this.deps.limits.translateMaxChars)
      throw new ConfabError(ErrorCode.TRANSLATION_TEXT_TOO_LONG, 'The input text is too long.');
    const asked = Array.isArray(targets) ? targets : [targets];
    if (asked.length === 0 || !asked.every((t): t is string => typeof t === 'string' && t !== ''))
      throw notValid();
    const known = new Map((await this.languages(provider)).map((l) => [l.code.toLowerCase(), l.code]));
    const codes = asked.map((t) => known.get(t.toLowerCase()));
    if (codes.some((c) => c === undefined)) throw notValid();
    let result: ProviderTranslation;
    try {
      result = await provider.translate(text, codes as string[]);
    } catch (err) {
      throw this.failed(provider, err);
    }
    return {
      ...result,
      translations: result.translations.map((t, i) => ({ text: t.text, to: asked[i] ?? t.to })),
    };
  }

  private open(app: AppRecord): TranslationProvider {
    const { provider } = this.deps;
    if (!provider || !serviceEnabled(app, 'translation'))
      throw new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'service not open!');
    return provider;
  }

  private async languages(provider: TranslationProvider): Promise<SupportedLanguage[]> {
    const now = this.deps.clock.now();
    if (this.cached && now - this.cached.at < LANGUAGES_TTL_MS) return this.cached.list;
    this.loading ??= provider
      .languages()
      .then((list) => {
        this.cached = { at: this.deps.clock.now(), list };
        return list;
      })
      .finally(() => (this.loading = undefined));
    try {
      return await this.loading;
    } catch (err) {
      throw this.failed(provider, err);
    }
  }

  /** Any provider error is the client's 1204 (Agora's text, typo included: the SDK matches on it). */
  private failed(provider: TranslationProvider, err: unknown): ConfabError {
    this.deps.logger.warn({ err, provider: provider.name }, 'translation provider failed');
    const why = err instanceof TranslationUnavailable ? err.message : 'provider error';
    return new ConfabError(ErrorCode.TRANSLATION_FAILED, `translte failed! ${why}`);
  }
}

const notValid = () => new ConfabError(ErrorCode.TRANSLATION_NOT_VALID, 'The target language is not valid.');
