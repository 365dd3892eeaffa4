// A machine-translation service (LibreTranslate, DeepL: adapters/translation/*). The domain
// (domain/translation/translate.ts) checks the app switch, the length and the target languages; the
// adapter only speaks its provider's HTTP API.

/** One language a provider translates into (the official SDK's SupportLanguage). */
export interface SupportedLanguage {
  /** The code clients send, e.g. `de`, `zh-hans`, `en-gb`. */
  readonly code: string;
  /** English name. */
  readonly name: string;
  /** The language's name in itself. */
  readonly nativeName: string;
}

/** One text translated into each target (the official SDK's TranslationResult). */
export interface ProviderTranslation {
  readonly translations: readonly { readonly text: string; readonly to: string }[];
  /** What the provider detected the source to be (`score` 0–1; 1 when the provider gives none). */
  readonly detectedLanguage?: { readonly language: string; readonly score: number };
}

export interface TranslationProvider {
  /** For logs and docs: `libretranslate`, `deepl`. */
  readonly name: string;
  /** Target languages. Throws TranslationUnavailable when the provider cannot be asked. */
  languages(): Promise<SupportedLanguage[]>;
  /** `text` into every code of `targets` (codes from languages()). Throws TranslationUnavailable on failure. */
  translate(text: string, targets: readonly string[]): Promise<ProviderTranslation>;
}

/** The provider failed or could not be reached (→ 1204 for the client). */
export class TranslationUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TranslationUnavailable';
  }
}
