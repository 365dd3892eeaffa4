// LibreTranslate (self-hosted, https://libretranslate.com/docs): GET /languages → [{code, name, targets}];
// POST /translate JSON {q, source: "auto", target, format: "text", api_key?} → {translatedText,
// detectedLanguage: {language, confidence 0–100}}. One request per target language, in parallel.
import type {
  ProviderTranslation,
  SupportedLanguage,
  TranslationProvider,
} from '../../domain/ports/translation.js';
import { exchange, isRecord, malformed, nativeName, type ProviderHttpOptions } from './provider-http.js';

const NAME = 'libretranslate';

export function libreTranslate(
  options: ProviderHttpOptions & { readonly apiKey?: string },
): TranslationProvider {
  const { url, timeoutMs, apiKey } = options;
  const post = (body: Record<string, unknown>) =>
    exchange(
      NAME,
      `${url}/translate`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(apiKey ? { ...body, api_key: apiKey } : body),
      },
      timeoutMs,
    );
  return {
    name: NAME,
    async languages(): Promise<SupportedLanguage[]> {
      const list = await exchange(
        NAME,
        `${url}/languages`,
        { headers: { Accept: 'application/json' } },
        timeoutMs,
      );
      if (!Array.isArray(list)) throw malformed(NAME);
      return list.filter(isRecord).flatMap((l) => {
        const code = l['code'];
        if (typeof code !== 'string' || code === '') return [];
        const name = typeof l['name'] === 'string' ? l['name'] : code;
        return [{ code, name, nativeName: nativeName(code, name) }];
      });
    },
    async translate(text: string, targets: readonly string[]): Promise<ProviderTranslation> {
      const answers = await Promise.all(
        targets.map((target) => post({ q: text, source: 'auto', target, format: 'text' })),
      );
      let detected: ProviderTranslation['detectedLanguage'];
      const translations = answers.map((a, i) => {
        if (!isRecord(a) || typeof a['translatedText'] !== 'string') throw malformed(NAME);
        const d = a['detectedLanguage'];
        if (!detected && isRecord(d) && typeof d['language'] === 'string') {
          const confidence = typeof d['confidence'] === 'number' ? d['confidence'] : 100;
          detected = { language: d['language'], score: Math.max(0, Math.min(1, confidence / 100)) };
        }
        return { text: a['translatedText'], to: targets[i]! };
      });
      return detected ? { translations, detectedLanguage: detected } : { translations };
    },
  };
}
