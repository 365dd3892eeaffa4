// DeepL API v2 (https://developers.deepl.com/docs): `Authorization: DeepL-Auth-Key <key>` on every call;
// GET /v2/languages?type=target → [{language: "DE", name: "German"}]; POST /v2/translate JSON
// {text: [..], target_lang} → {translations: [{detected_source_language, text}]}. One request per target
// language, in parallel. Codes are offered lower-case (`de`, `en-gb`), DeepL takes them in any case.
import type {
  ProviderTranslation,
  SupportedLanguage,
  TranslationProvider,
} from '../../domain/ports/translation.js';
import { exchange, isRecord, malformed, nativeName, type ProviderHttpOptions } from './provider-http.js';

const NAME = 'deepl';

/** DeepL's API host for a key: free-plan keys end in `:fx`. */
export const deeplDefaultUrl = (key: string): string =>
  key.endsWith(':fx') ? 'https://api-free.deepl.com' : 'https://api.deepl.com';

export function deepl(options: ProviderHttpOptions & { readonly authKey: string }): TranslationProvider {
  const { url, timeoutMs, authKey } = options;
  const auth = { Authorization: `DeepL-Auth-Key ${authKey}`, Accept: 'application/json' };
  return {
    name: NAME,
    async languages(): Promise<SupportedLanguage[]> {
      const list = await exchange(NAME, `${url}/v2/languages?type=target`, { headers: auth }, timeoutMs);
      if (!Array.isArray(list)) throw malformed(NAME);
      return list.filter(isRecord).flatMap((l) => {
        const raw = l['language'];
        if (typeof raw !== 'string' || raw === '') return [];
        const code = raw.toLowerCase();
        const name = typeof l['name'] === 'string' ? l['name'] : raw;
        return [{ code, name, nativeName: nativeName(code, name) }];
      });
    },
    async translate(text: string, targets: readonly string[]): Promise<ProviderTranslation> {
      const answers = await Promise.all(
        targets.map((target) =>
          exchange(
            NAME,
            `${url}/v2/translate`,
            {
              method: 'POST',
              headers: { ...auth, 'Content-Type': 'application/json' },
              body: JSON.stringify({ text: [text], target_lang: target.toUpperCase() }),
            },
            timeoutMs,
          ),
        ),
      );
      let detected: ProviderTranslation['detectedLanguage'];
      const translations = answers.map((a, i) => {
        const first: unknown =
          isRecord(a) && Array.isArray(a['translations']) ? a['translations'][0] : undefined;
        if (!isRecord(first) || typeof first['text'] !== 'string') throw malformed(NAME);
        const source = first['detected_source_language'];
        if (!detected && typeof source === 'string') detected = { language: source.toLowerCase(), score: 1 };
        return { text: first['text'], to: targets[i]! };
      });
      return detected ? { translations, detectedLanguage: detected } : { translations };
    },
  };
}
