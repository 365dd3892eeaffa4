// Translation of the official API (REST spec §1.4 #52–53): getSupportedLanguages, translateMessage (the
// official parameter checks; answers raw), and the official send-time translation: a text message whose
// msgConfig.languages lists codes is translated first and goes out carrying `translations` [{code, text}].
import type { AccountContext } from './account-calls.js';
import { restCall } from './rest-call.js';
import { sdkErrors } from './sdk-errors.js';

export interface SupportLanguage {
  code: string;
  name: string;
  nativeName: string;
}

export interface TranslationResult {
  translations: { text: string; to: string }[];
  detectedLanguage: { language: string; score: number };
}

export interface TranslateParams {
  text: string;
  languages: string[];
}

/** What a received (or sent) text message carries after send-time translation. */
export interface MessageTranslation {
  code: string;
  text: string;
}

export function getSupportedLanguages(ctx: AccountContext) {
  return restCall<{ data: SupportLanguage[] }>(ctx, 'GET', `/users/${ctx.user}/translate/support/language`);
}

export function translateMessage(ctx: AccountContext, params: TranslateParams) {
  if (typeof params?.text !== 'string' || params.text === '')
    throw sdkErrors.invalidParameter('Invalid parameter: "text"');
  if (!Array.isArray(params.languages)) throw sdkErrors.invalidParameter('Invalid parameter: "language"');
  return restCall<{ data: TranslationResult[] }>(ctx, 'POST', `/users/${ctx.user}/translate`, {
    body: { text: params.text, to: params.languages },
  });
}

interface Translatable {
  type?: unknown;
  msg?: unknown;
  msgConfig?: { languages?: unknown } | undefined;
}

/** The official rule: a text message with a non-empty msgConfig.languages array is translated on send. */
export function wantsTranslation(message: unknown): boolean {
  const m = message as Translatable | undefined;
  const langs = m?.msgConfig?.languages;
  return m?.type === 'txt' && Array.isArray(langs) && langs.length > 0;
}

/** The message with `translations` set from data[0] of translateMessage (the official SDK's reading). */
export async function translateBeforeSend<M extends object>(ctx: AccountContext, message: M): Promise<M> {
  const m = message as Translatable;
  const result = await translateMessage(ctx, {
    text: m.msg as string,
    languages: m.msgConfig!.languages as string[],
  });
  const translations: MessageTranslation[] = (result.data[0]?.translations ?? []).map((t) => ({
    code: t.to,
    text: t.text,
  }));
  return Object.assign(message, { translations });
}
