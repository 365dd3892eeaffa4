// Translation with the official SDK and with ours, against local LibreTranslate and DeepL stand-ins
// (support/fake-translators.ts): getSupportedLanguages (code, name, nativeName), translateMessage
// (data[0] = {translations [{text, to}], detectedLanguage}), the codes 1201 (too long), 1200 (unknown or no
// target), 1204 (provider failing), 505 (app switch off; no provider configured), and send-time
// translation: a text message with msgConfig.languages reaches the receiver carrying `translations`
// [{code, text}], while a message without them costs no call to the provider.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { createApp } from '../src/domain/apps/app-admin.js';
import { makeGroup } from './support/groups.js';
import { adminToken, appCall, createUsers } from './support/accounts.js';
import { fakeDeepL, fakeLibreTranslate, type FakeTranslator } from './support/fake-translators.js';
import { closeAllOfficialClients, createOfficialClient, plain } from './support/official-sdk.js';
import { recordingClient } from './support/our-client.js';

type Kind = 'official' | 'ours';
type Provider = 'libretranslate' | 'deepl';

interface Device {
  conn: any;
  next(event: string, predicate?: (e: any) => boolean): Promise<Record<string, any>>;
  send(message: Record<string, unknown>): Promise<any>;
  close(): void;
}

async function rejection(p: () => Promise<unknown>): Promise<{ type?: number; message?: string }> {
  try {
    await p();
  } catch (error) {
    return plain(error);
  }
  assert.fail('expected a rejection');
}

type Address = { appKey: string; url: string; apiUrl: string };

async function device(kind: Kind, address: Address, user: string): Promise<Device> {
  if (kind === 'ours') {
    const c = recordingClient(address);
    await c.conn.open({ user, pwd: 'pw' });
    return {
      conn: c.conn,
      next: async (event, predicate) => plain(await c.next(event, predicate)),
      send: (m) => c.conn.send(OurSdk.message.create(m as never)),
      close: () => c.conn.close(),
    };
  }
  const c = createOfficialClient(address);
  await c.conn.open({ user, pwd: 'pw' });
  await c.nextEvent('onConnected');
  return {
    conn: c.conn,
    next: async (event, predicate) => plain(await c.nextEvent(event, predicate ? { predicate } : {})),
    send: (m) => c.conn.send(c.sdk.message.create(m as never)),
    close: () => void c.close(),
  };
}

const DEEPL_KEY = 'test-key:fx';

for (const provider of ['libretranslate', 'deepl'] as Provider[])
  for (const kind of ['official', 'ours'] as Kind[])
    describe(`translation through ${provider} with the ${kind} SDK`, () => {
      let env: TestServer;
      let fake: FakeTranslator;
      let ann: Device;
      let bob: Device;
      const opened: Device[] = [];
      const translateCalls = () => fake.requests.filter((r) => r.method === 'POST').length;

      before(async () => {
        fake = provider === 'deepl' ? await fakeDeepL(DEEPL_KEY) : await fakeLibreTranslate();
        env = await startTestServer({
          translateProvider: provider,
          translateUrl: fake.url,
          ...(provider === 'deepl' ? { translateKey: DEEPL_KEY } : {}),
          limits: { translateMaxChars: 40, translateTimeoutMs: 500 },
        });
        const admin = await adminToken(env, env.clientId, env.clientSecret);
        await createUsers(env, admin, ['ann', 'bob']);
        const address = { appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl };
        ann = await device(kind, address, 'ann');
        bob = await device(kind, address, 'bob');
        opened.push(ann, bob);
      });
      after(async () => {
        for (const d of opened) d.close();
        await closeAllOfficialClients();
        await env.close();
        await fake.close();
      });

      test('getSupportedLanguages lists code, English name and native name', async () => {
        const r = plain<{ data: Record<string, string>[] }>(await ann.conn.getSupportedLanguages());
        const de = r.data.find((l) => l.code === 'de');
        assert.deepEqual(de, { code: 'de', name: 'German', nativeName: 'Deutsch' });
        const codes = r.data.map((l) => l.code);
        assert.ok(codes.includes('fr'), codes.join());
        if (provider === 'deepl') assert.ok(codes.includes('en-gb'), 'DeepL codes are offered lower-case');
      });

      test('translateMessage answers data[0] with translations and the detected language', async () => {
        const r = plain<any>(await ann.conn.translateMessage({ text: 'hello', languages: ['de', 'FR'] }));
        assert.deepEqual(r.data[0].translations, [
          { text: 'Hallo', to: 'de' },
          { text: 'Bonjour', to: 'FR' },
        ]);
        assert.equal(r.data[0].detectedLanguage.language, 'en');
        assert.ok(r.data[0].detectedLanguage.score > 0 && r.data[0].detectedLanguage.score <= 1);
      });

      test('a text over the limit is 1201, before the provider is asked', async () => {
        const before = translateCalls();
        const e = await rejection(() =>
          ann.conn.translateMessage({ text: 'x'.repeat(41), languages: ['de'] }),
        );
        assert.equal(e.type, 1201);
        assert.equal(translateCalls(), before);
        const ok = await ann.conn.translateMessage({ text: 'é'.repeat(40), languages: ['de'] });
        assert.equal(ok.data[0].translations.length, 1, '40 characters are within the limit');
      });

      test('an unknown target language is 1200, and so is an empty list', async () => {
        assert.equal(
          (await rejection(() => ann.conn.translateMessage({ text: 'hi', languages: ['xx'] }))).type,
          1200,
        );
        assert.equal(
          (await rejection(() => ann.conn.translateMessage({ text: 'hi', languages: ['de', 'klingon'] })))
            .type,
          1200,
        );
        assert.equal(
          (await rejection(() => ann.conn.translateMessage({ text: 'hi', languages: [] }))).type,
          1200,
        );
      });

      test('a failing provider is 1204; a stalled one too, after the timeout', async () => {
        fake.mode = 'fail';
        try {
          assert.equal(
            (await rejection(() => ann.conn.translateMessage({ text: 'hi', languages: ['de'] }))).type,
            1204,
          );
        } finally {
          fake.mode = 'ok';
        }
        fake.mode = 'stall';
        try {
          const started = Date.now();
          assert.equal(
            (await rejection(() => ann.conn.translateMessage({ text: 'hi', languages: ['de'] }))).type,
            1204,
          );
          assert.ok(Date.now() - started < 5000);
        } finally {
          fake.mode = 'ok';
        }
      });

      test('a message sent with msgConfig.languages arrives with its translations', async () => {
        const before = translateCalls();
        const got = bob.next('onTextMessage', (m) => m.msg === 'good morning');
        const sent = await ann.send({
          type: 'txt',
          chatType: 'singleChat',
          to: 'bob',
          msg: 'good morning',
          msgConfig: { languages: ['de', 'fr'] },
        });
        assert.match(String(sent.serverMsgId), /^\d+$/);
        const m = await got;
        assert.deepEqual(m.translations, [
          { code: 'de', text: 'Guten Morgen' },
          { code: 'fr', text: 'Bonjour' },
        ]);
        assert.equal(translateCalls(), before + 2, 'one provider call per language');
      });

      test('a group message sent with msgConfig.languages reaches members with its translations', async () => {
        const groupId = await makeGroup(env, { owner: 'ann', members: ['bob'] });
        const got = bob.next('onTextMessage', (m) => m.to === groupId);
        await ann.send({
          type: 'txt',
          chatType: 'groupChat',
          to: groupId,
          msg: 'hello',
          msgConfig: { languages: ['fr'] },
        });
        const m = await got;
        assert.deepEqual(m.translations, [{ code: 'fr', text: 'Bonjour' }]);
      });

      test('history returns the translations with the message', async () => {
        const r = plain<{ messages: Record<string, unknown>[] }>(
          await bob.conn.getHistoryMessages({ targetId: 'ann', chatType: 'singleChat', pageSize: 20 }),
        );
        const m = r.messages.find((x) => x['msg'] === 'good morning');
        assert.ok(m, 'the translated message is in the history');
        assert.deepEqual(m['translations'], [
          { code: 'de', text: 'Guten Morgen' },
          { code: 'fr', text: 'Bonjour' },
        ]);
      });

      test('a message without languages is sent without asking the provider', async () => {
        const before = translateCalls();
        const got = bob.next('onTextMessage', (m) => m.msg === 'plain');
        await ann.send({ type: 'txt', chatType: 'singleChat', to: 'bob', msg: 'plain' });
        const m = await got;
        assert.equal(m.translations, undefined);
        assert.equal(translateCalls(), before);
      });

      test('send-time translation that fails rejects the send with 1204', async () => {
        fake.mode = 'fail';
        try {
          const e = await rejection(() =>
            ann.send({
              type: 'txt',
              chatType: 'singleChat',
              to: 'bob',
              msg: 'hello again',
              msgConfig: { languages: ['de'] },
            }),
          );
          assert.equal(e.type, 1204);
        } finally {
          fake.mode = 'ok';
        }
      });

      test('an app with the translation switch off answers 505', async () => {
        const name = `notr${kind}${provider}`.replace(/[^a-z]/g, '');
        const { app, clientSecret } = await createApp(
          env.server.ctx.storage,
          env.server.ctx.clock,
          env.org,
          name,
          {
            services: ['files', 'history'],
          },
        );
        const t = { ...env, app: name };
        const token = await adminToken(t, app.clientId, clientSecret);
        const r = await appCall(t, 'POST', '/users', token, { username: 'zed', password: 'pw' });
        assert.equal(r.status, 200);
        const zed = await device(
          kind,
          { appKey: `${env.org}#${name}`, url: env.wsUrl, apiUrl: env.apiUrl },
          'zed',
        );
        opened.push(zed);
        assert.equal((await rejection(() => zed.conn.getSupportedLanguages())).type, 505);
        assert.equal(
          (await rejection(() => zed.conn.translateMessage({ text: 'hi', languages: ['de'] }))).type,
          505,
        );
      });
    });

for (const kind of ['official', 'ours'] as Kind[])
  describe(`translation with no provider configured, ${kind} SDK`, () => {
    let env: TestServer;
    let ann: Device;
    before(async () => {
      env = await startTestServer();
      const admin = await adminToken(env, env.clientId, env.clientSecret);
      await createUsers(env, admin, ['ann']);
      ann = await device(kind, { appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl }, 'ann');
    });
    after(async () => {
      ann.close();
      await closeAllOfficialClients();
      await env.close();
    });

    test('both calls answer 505, as Agora does with the service off', async () => {
      assert.equal((await rejection(() => ann.conn.getSupportedLanguages())).type, 505);
      assert.equal(
        (await rejection(() => ann.conn.translateMessage({ text: 'hi', languages: ['de'] }))).type,
        505,
      );
    });
  });
