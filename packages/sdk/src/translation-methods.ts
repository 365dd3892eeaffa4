// The official Connection methods of translation, added to Connection from here so connection.ts stays the
// connection. The calls are in translation-calls.ts.
import { Connection } from './connection.js';
import * as calls from './translation-calls.js';

export interface TranslationMethods {
  getSupportedLanguages(): Promise<{ type: 0; data: calls.SupportLanguage[] }>;
  translateMessage(params: calls.TranslateParams): Promise<{ type: 0; data: calls.TranslationResult[] }>;
}

declare module './connection.js' {
  // Declaration merging: the methods below are Connection's.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Connection extends TranslationMethods {}
}

const methods: TranslationMethods = {
  getSupportedLanguages(this: Connection) {
    return this.withCallbacks(undefined, () => calls.getSupportedLanguages(this.accountContext()));
  },
  translateMessage(this: Connection, params) {
    return this.withCallbacks(undefined, () => calls.translateMessage(this.accountContext(), params));
  },
};

Object.assign(Connection.prototype, methods);
