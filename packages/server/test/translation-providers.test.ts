// The translation adapters against local servers speaking each provider's HTTP API, through the REST
// routes: the exact requests (LibreTranslate: JSON {q, source: "auto", target, format: "text", api_key};
// DeepL: `Authorization: DeepL-Auth-Key …`, JSON {text: [..], target_lang}), one per target language,
// the language list fetched once and reused, and the REST answers the official SDK maps (505 off, 1201,
// 1200, 1204) with Agora's exact texts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { codeFromHttp } from '@confab/protocol';
import { startTestServer } from '@confab/server/testing';
import { translationProvider } from '../src/adapters/translation/choose-provider.js';
import { deeplDefaultUrl } from '../src/adapters/translation/deepl.js';
import { DEFAULT_CONFIG } from '../src/config/schema.js';
import { adminToken, appCall, createUsers, type Reply } from './support/accounts.js';
import { fakeDeepL, fakeLibreTranslate, type FakeTranslator } from './support/fake-translators.js';
import { login } from './support/rest.js';

const sdkCode = (r: Reply, path: string) => codeFromHttp(r.status, JSON.stringify(r.body), path).type;

async function world(options: Parameters<typeof startTestServer>[0]) {
  const env = await startTestServer(options);
  const admin = await adminToken(env, env.clientId, env.clientSecret);
  await createUsers(env, admin, ['ann']);
  const token = await login(env, 'ann', 'pw');
  const languages = () => appCall(env, 'GET', '/users/ann/translate/support/language', token);
  const translate = (text: unknown, to: unknown) =>
    appCall(env, 'POST', '/users/ann/translate', token, { text, to });
  return { env, admin, token, languages, translate };
}

describe('LibreTranslate adapter', () => {
  let fake: FakeTranslator;
  let w: Awaited<ReturnType<typeof world>>;
  before(async () => {
    fake = await fakeLibreTranslate({ apiKey: 'libre-key' });
    w = await world({
      translateProvider: 'libretranslate',
      translateUrl: fake.url,
      translateKey: 'libre-key',
    });
  });
  after(async () => {
    await w.env.close();
    await fake.close();
  });

  test('languages: GET /languages, once, answered as {code, name, nativeName}', async () => {
    const r = await w.languages();
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data.slice(0, 2), [
      { code: 'en', name: 'English', nativeName: 'English' },
      { code: 'de', name: 'German', nativeName: 'Deutsch' },
    ]);
    assert.equal(r.body.path, '/users/ann/translate/support/language');
    await w.languages();
    assert.equal(fake.requests.filter((q) => q.path === '/languages').length, 1, 'the list is cached');
  });

  test('translate: one JSON POST /translate per target with q, source auto, format text and the api key', async () => {
    fake.requests.length = 0;
    const r = await w.translate('hello', ['de', 'fr']);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.data, [
      {
        translations: [
          { text: 'Hallo', to: 'de' },
          { text: 'Bonjour', to: 'fr' },
        ],
        detectedLanguage: { language: 'en', score: 0.9 },
      },
    ]);
    const posts = fake.requests.filter((q) => q.method === 'POST');
    assert.equal(posts.length, 2);
    for (const p of posts) {
      assert.equal(p.path, '/translate');
      assert.match(String(p.headers['content-type']), /^application\/json/);
    }
    assert.deepEqual(
      posts.map((p) => JSON.parse(p.body)).sort((a, b) => a.target.localeCompare(b.target)),
      [
        { q: 'hello', source: 'auto', target: 'de', format: 'text', api_key: 'libre-key' },
        { q: 'hello', source: 'auto', target: 'fr', format: 'text', api_key: 'libre-key' },
      ],
    );
  });

  test('refusals carry the texts the official SDK maps', async () => {
    const long = await w.translate('x'.repeat(5001), ['de']);
    assert.deepEqual([long.status, long.body.error_description], [400, 'The input text is too long.']);
    assert.equal(sdkCode(long, '/users/ann/translate'), 1201);
    const bad = await w.translate('hi', ['xx']);
    assert.deepEqual([bad.status, bad.body.error_description], [400, 'The target language is not valid.']);
    assert.equal(sdkCode(bad, '/users/ann/translate'), 1200);
    const none = await w.translate('', ['de']);
    assert.equal(none.status, 400);
    fake.mode = 'fail';
    try {
      const failed = await w.translate('hi', ['de']);
      assert.equal(failed.status, 500);
      assert.match(failed.body.error_description, /translte failed!/);
      assert.equal(sdkCode(failed, '/users/ann/translate'), 1204);
    } finally {
      fake.mode = 'ok';
    }
  });

  test('the app server (admin token) may translate on behalf of a user', async () => {
    const r = await appCall(w.env, 'POST', '/users/ann/translate', w.admin, { text: 'hello', to: ['es'] });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.data[0].translations, [{ text: 'Hola', to: 'es' }]);
  });
});

describe('DeepL adapter', () => {
  const key = 'deepl-secret:fx';
  let fake: FakeTranslator;
  let w: Awaited<ReturnType<typeof world>>;
  before(async () => {
    fake = await fakeDeepL(key);
    w = await world({ translateProvider: 'deepl', translateUrl: fake.url, translateKey: key });
  });
  after(async () => {
    await w.env.close();
    await fake.close();
  });

  test('every request carries DeepL-Auth-Key; languages from GET /v2/languages?type=target, lower-cased', async () => {
    const r = await w.languages();
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.data.map((l: { code: string }) => l.code),
      ['de', 'en-gb', 'fr', 'zh-hans'],
    );
    assert.equal(r.body.data[0].nativeName, 'Deutsch');
    const first = fake.requests[0]!;
    assert.equal(first.path, '/v2/languages?type=target');
    assert.equal(first.headers['authorization'], `DeepL-Auth-Key ${key}`);
  });

  test('translate: JSON POST /v2/translate {text: [..], target_lang} per target, codes in any case', async () => {
    fake.requests.length = 0;
    const r = await w.translate('hello', ['DE', 'en-GB']);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.data[0], {
      translations: [
        { text: 'Hallo', to: 'DE' },
        { text: '[en] hello', to: 'en-GB' },
      ],
      detectedLanguage: { language: 'en', score: 1 },
    });
    const posts = fake.requests.filter((q) => q.method === 'POST');
    assert.equal(posts.length, 2);
    for (const p of posts) {
      assert.equal(p.path, '/v2/translate');
      assert.equal(p.headers['authorization'], `DeepL-Auth-Key ${key}`);
      assert.match(String(p.headers['content-type']), /^application\/json/);
    }
    assert.deepEqual(
      posts.map((p) => JSON.parse(p.body)).sort((a, b) => a.target_lang.localeCompare(b.target_lang)),
      [
        { text: ['hello'], target_lang: 'DE' },
        { text: ['hello'], target_lang: 'EN-GB' },
      ],
    );
  });

  test('a quota error (456) is 1204', async () => {
    fake.mode = 'fail';
    try {
      const r = await w.translate('hi', ['de']);
      assert.equal(sdkCode(r, '/users/ann/translate'), 1204);
    } finally {
      fake.mode = 'ok';
    }
  });

  test('a wrong key: the language list fails, 1204', async () => {
    const bad = translationProvider({
      ...DEFAULT_CONFIG,
      translateProvider: 'deepl',
      translateUrl: fake.url,
      translateKey: 'wrong',
    })!;
    await assert.rejects(bad.languages(), /deepl answered 403/);
  });

  test('the default host follows the key: api-free for :fx keys, else api', () => {
    assert.equal(deeplDefaultUrl('abc:fx'), 'https://api-free.deepl.com');
    assert.equal(deeplDefaultUrl('abc'), 'https://api.deepl.com');
  });
});

describe('no provider', () => {
  let w: Awaited<ReturnType<typeof world>>;
  before(async () => {
    w = await world({});
  });
  after(() => w.env.close());

  test('both routes answer 403 "service not open!", which the official SDK reports as 505', async () => {
    for (const r of [await w.languages(), await w.translate('hi', ['de'])]) {
      assert.deepEqual([r.status, r.body.error_description], [403, 'service not open!']);
      assert.equal(sdkCode(r, '/users/ann/translate'), 505);
    }
    assert.equal(translationProvider(DEFAULT_CONFIG), undefined);
  });
});
