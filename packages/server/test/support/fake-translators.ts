// Local stand-ins for the translation providers, on port 0, speaking their HTTP APIs as documented:
// LibreTranslate (GET /languages, POST /translate JSON {q, source, target, format, api_key?}) and DeepL v2
// (`Authorization: DeepL-Auth-Key …`; GET /v2/languages?type=target, POST /v2/translate JSON
// {text: [..], target_lang}). Every request is recorded; `mode` makes them fail or stall.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeTranslator {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** `ok`; `fail`: every call errors (500 / DeepL 456); `stall`: never answers. */
  mode: 'ok' | 'fail' | 'stall';
  close(): Promise<void>;
}

const WORDS: Record<string, Record<string, string>> = {
  de: { hello: 'Hallo', 'good morning': 'Guten Morgen' },
  fr: { hello: 'Bonjour', 'good morning': 'Bonjour' },
  es: { hello: 'Hola', 'good morning': 'Buenos días' },
};

/** The fakes' "translation": a small dictionary, else `[lang] text`. */
export function fakeTranslation(text: string, lang: string): string {
  const l = lang.toLowerCase().split('-')[0]!;
  return WORDS[l]?.[text.toLowerCase()] ?? `[${l}] ${text}`;
}

type Handler = (req: RecordedRequest) => { status: number; body: unknown };

async function serve(handler: Handler): Promise<FakeTranslator> {
  const requests: RecordedRequest[] = [];
  const stalled = new Set<() => void>();
  const fake: FakeTranslator = {
    url: '',
    requests,
    mode: 'ok',
    close: async () => {
      for (const end of stalled) end();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      if (fake.mode === 'stall') {
        const end = () => res.destroy();
        stalled.add(end);
        return;
      }
      const { status, body } = handler(recorded);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  (fake as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

const LIBRE_LANGS = ['en', 'de', 'fr', 'es'];
const NAMES: Record<string, string> = { en: 'English', de: 'German', fr: 'French', es: 'Spanish' };

/** LibreTranslate; with `apiKey`, calls without it are refused (403) as a keyed instance does. */
export async function fakeLibreTranslate(options: { apiKey?: string } = {}): Promise<FakeTranslator> {
  const fake: FakeTranslator = await serve((req) => {
    if (fake.mode === 'fail') return { status: 500, body: { error: 'Cannot translate text' } };
    if (req.method === 'GET' && req.path === '/languages')
      return {
        status: 200,
        body: LIBRE_LANGS.map((code) => ({ code, name: NAMES[code], targets: LIBRE_LANGS })),
      };
    if (req.method === 'POST' && req.path === '/translate') {
      if (!String(req.headers['content-type']).startsWith('application/json'))
        return { status: 400, body: { error: 'expected JSON' } };
      const b = JSON.parse(req.body) as Record<string, unknown>;
      if (options.apiKey !== undefined && b['api_key'] !== options.apiKey)
        return { status: 403, body: { error: 'Invalid API key' } };
      if (typeof b['q'] !== 'string' || typeof b['target'] !== 'string' || typeof b['source'] !== 'string')
        return { status: 400, body: { error: 'Invalid request: missing q, source or target parameter' } };
      if (!LIBRE_LANGS.includes(b['target']))
        return { status: 400, body: { error: `${String(b['target'])} is not supported` } };
      return {
        status: 200,
        body: {
          translatedText: fakeTranslation(b['q'], b['target']),
          detectedLanguage: { confidence: 90, language: 'en' },
        },
      };
    }
    return { status: 404, body: { error: 'Not Found' } };
  });
  return fake;
}

const DEEPL_TARGETS = [
  { language: 'DE', name: 'German', supports_formality: true },
  { language: 'EN-GB', name: 'English (British)', supports_formality: false },
  { language: 'FR', name: 'French', supports_formality: true },
  { language: 'ZH-HANS', name: 'Chinese (simplified)', supports_formality: false },
];

/** DeepL API v2 with one valid auth key. */
export async function fakeDeepL(authKey: string): Promise<FakeTranslator> {
  const fake: FakeTranslator = await serve((req) => {
    if (req.headers['authorization'] !== `DeepL-Auth-Key ${authKey}`)
      return { status: 403, body: { message: 'Forbidden' } };
    if (fake.mode === 'fail') return { status: 456, body: { message: 'Quota exceeded' } };
    if (req.method === 'GET' && req.path === '/v2/languages?type=target')
      return { status: 200, body: DEEPL_TARGETS };
    if (req.method === 'POST' && req.path === '/v2/translate') {
      if (!String(req.headers['content-type']).startsWith('application/json'))
        return { status: 415, body: { message: 'expected JSON' } };
      const b = JSON.parse(req.body) as { text?: unknown; target_lang?: unknown };
      const target = typeof b.target_lang === 'string' ? b.target_lang : '';
      if (!Array.isArray(b.text) || !DEEPL_TARGETS.some((l) => l.language === target))
        return { status: 400, body: { message: "Value for 'target_lang' not supported." } };
      return {
        status: 200,
        body: {
          translations: b.text.map((t) => ({
            detected_source_language: 'EN',
            text: fakeTranslation(String(t), target),
          })),
        },
      };
    }
    return { status: 404, body: { message: 'Not found' } };
  });
  return fake;
}
