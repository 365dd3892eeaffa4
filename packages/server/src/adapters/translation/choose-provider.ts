// The translation provider the configuration names (CONFAB_TRANSLATE_*), or none.
import type { ServerConfig } from '../../config/schema.js';
import type { TranslationProvider } from '../../domain/ports/translation.js';
import { deepl, deeplDefaultUrl } from './deepl.js';
import { libreTranslate } from './libretranslate.js';

export function translationProvider(
  config: Pick<ServerConfig, 'translateProvider' | 'translateUrl' | 'translateKey' | 'limits'>,
): TranslationProvider | undefined {
  const timeoutMs = config.limits.translateTimeoutMs;
  switch (config.translateProvider) {
    case 'libretranslate':
      if (!config.translateUrl) throw new Error('CONFAB_TRANSLATE_URL is required for LibreTranslate');
      return libreTranslate({
        url: config.translateUrl,
        timeoutMs,
        ...(config.translateKey ? { apiKey: config.translateKey } : {}),
      });
    case 'deepl':
      if (!config.translateKey) throw new Error('CONFAB_TRANSLATE_KEY is required for DeepL');
      return deepl({
        url: config.translateUrl ?? deeplDefaultUrl(config.translateKey),
        timeoutMs,
        authKey: config.translateKey,
      });
    default:
      return undefined;
  }
}
