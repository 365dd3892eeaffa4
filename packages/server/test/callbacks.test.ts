// Callbacks to the app server (docs/callbacks.md), against a real HTTP receiver on port 0, with both SDKs:
// pre-send allow, reject (508, nothing stored or delivered), rewrite, and the timeout under fail-open and
// fail-closed; post-send message, login/logout, group and contact callbacks with Agora's fields and both signatures;
// a receiver that fails is retried with backoff and each conversation's callbacks stay in order.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import OurSdk from '@confab/sdk';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';
import { adminToken, call, createUsers, type AppTarget } from './support/accounts.js';
import { startCallbackReceiver, type CallbackReceiver } from './support/callback-receiver.js';
import {
  closeAllOfficialClients,
  createOfficialClient,
  plain,
  type OfficialClient,
} from './support/official-sdk.js';
import { recordingClient, type RecordingClient } from './support/our-client.js';
import { makeGroup } from './support/groups.js';

/** Each suite runs on SQLite, and on PostgreSQL when CONFAB_TEST_PG_URL is set. */
const STORES = [
  { name: 'sqlite', skip: undefined },
  { name: 'postgres', skip: PG_SKIP },
] as const;

const SECRET = 's3cret';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const store of STORES)
  describe(`callbacks to the app server (${store.name})`, { skip: store.skip }, () => {
    let env: TestServer;
    let rx: CallbackReceiver;
    const ours: RecordingClient[] = [];

    async function makeApp(name: string, callbacks: Record<string, unknown>, users: string[]) {
      const made = await call('POST', `${env.apiUrl}/management/apps`, env.adminToken, {
        org: 'cb',
        name,
        settings: { callbacks: { secret: SECRET, ...callbacks } },
      });
      assert.equal(made.status, 200, JSON.stringify(made.body));
      assert.equal(made.body.settings.callbacks.secret, '***', 'the secret is never echoed back');
      const t: AppTarget = { apiUrl: env.apiUrl, wsUrl: env.wsUrl, org: 'cb', app: name };
      await createUsers(t, await adminToken(t, made.body.clientId, made.body.clientSecret), users);
      return { ...t, appKey: `cb#${name}` };
    }
    const our = async (t: { appKey: string }, user: string) => {
      const c = recordingClient({ appKey: t.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
      ours.push(c);
      await c.conn.open({ user, pwd: 'pw' });
      return c;
    };
    const official = async (t: { appKey: string }, user: string): Promise<OfficialClient> => {
      const c = createOfficialClient({ appKey: t.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
      await c.conn.open({ user, pwd: 'pw' });
      await c.nextEvent('onConnected');
      return c;
    };
    const ourText = (c: RecordingClient, to: string, msg: string) =>
      c.conn.send(OurSdk.message.create({ type: 'txt', chatType: 'singleChat', to, msg })).then(
        (r: any) => r.serverMsgId as string,
        (e: any) => e.type as number,
      );
    const officialText = (c: OfficialClient, to: string, msg: string) =>
      c.conn.send(c.sdk.message.create({ type: 'txt', chatType: 'singleChat', to, msg })).then(
        (r: any) => r.serverMsgId as string,
        (e: any) => plain<any>(e).type as number,
      );
    const pre = (path = '/pre') => rx.received.filter((r) => r.path === path);

    let schema: string | undefined;
    before(async () => {
      rx = await startCallbackReceiver();
      schema = store.name === 'postgres' ? freshSchemaName() : undefined;
      const storage = schema ? await postgresStorage({ url: PG_URL!, schema }) : undefined;
      env = await startTestServer({
        ...(storage ? { storage } : {}),
        limits: {
          callbackPollMs: 50,
          callbackRetryBaseMs: 50,
          callbackRetryMaxMs: 200,
          callbackTimeoutMs: 1000,
        },
      });
    });
    after(async () => {
      for (const c of ours) c.conn.close();
      await closeAllOfficialClients();
      await env.close();
      if (schema) await dropSchema(PG_URL!, schema);
      await rx.close();
    });

    test('pre-send: allow, reject → 508 (nothing stored or delivered), rewrite — both SDKs', async () => {
      const t = await makeApp('pre', { preSend: true, preSendUrl: `${rx.url}/pre` }, ['ann', 'bob', 'cat']);
      rx.answer = (r) => {
        if (r.path !== '/pre') return { status: 200 };
        const msg: string = r.body.payload.bodies[0]?.msg ?? '';
        if (msg.includes('forbidden')) return { status: 200, json: { valid: false, code: 'no' } };
        if (msg.includes('rewrite me'))
          return {
            status: 200,
            json: { valid: true, payload: { bodies: [{ type: 'txt', msg: 'rewritten' }] } },
          };
        return { status: 200, json: { valid: true } };
      };
      const ann = await our(t, 'ann');
      const cat = await our(t, 'cat');
      await using bob = await official(t, 'bob');
      assert.equal(typeof (await ourText(ann, 'cat', 'hello')), 'string');
      assert.equal(await ourText(ann, 'cat', 'forbidden words'), 508);
      assert.equal(await officialText(bob, 'cat', 'so forbidden'), 508);
      assert.equal(typeof (await officialText(bob, 'cat', 'please rewrite me')), 'string');
      await cat.next('onTextMessage', (m: any) => m.msg === 'rewritten');
      await sleep(200);
      assert.deepEqual(
        cat
          .all('onTextMessage')
          .map((m: any) => m.msg)
          .sort(),
        ['hello', 'rewritten'],
      );
      // The pre-send request: Agora's fields and its MD5 signature.
      const first = pre()[0]!.body;
      assert.deepEqual(
        [first.eventType, first.chat_type, first.from, first.to],
        ['chat', 'chat', 'ann', 'cat'],
      );
      assert.deepEqual(first.payload.bodies, [{ type: 'txt', msg: 'hello' }]);
      assert.equal(
        first.security,
        createHash('md5').update(`${first.callId}${SECRET}${first.timestamp}`).digest('hex'),
      );
      assert.match(first.callId, /^cb#pre_/);
      // History holds only what was delivered.
      const history: any = await cat.conn.getHistoryMessages({
        targetId: 'ann',
        chatType: 'singleChat',
        pageSize: 20,
      });
      assert.deepEqual(
        history.messages.map((m: any) => m.msg),
        ['hello'],
      );
    });

    test('pre-send timeout: fail-open delivers, fail-closed refuses with 508', async () => {
      const open = await makeApp(
        'open',
        { preSend: true, preSendUrl: `${rx.url}/slow`, preSendTimeoutMs: 100, failOpen: true },
        ['ann', 'bob'],
      );
      const closed = await makeApp(
        'closed',
        { preSend: true, preSendUrl: `${rx.url}/slow`, preSendTimeoutMs: 100, failOpen: false },
        ['ann', 'bob'],
      );
      rx.answer = (r) =>
        r.path === '/slow' ? { status: 200, json: { valid: false }, delayMs: 400 } : { status: 200 };
      const a1 = await our(open, 'ann');
      assert.equal(typeof (await ourText(a1, 'bob', 'late verdict, open')), 'string');
      await using b2 = await official(closed, 'bob');
      assert.equal(await officialText(b2, 'ann', 'late verdict, closed'), 508);
      // A receiver that answers garbage is a failure too.
      rx.answer = (r) => (r.path === '/slow' ? { status: 500 } : { status: 200 });
      assert.equal(await officialText(b2, 'ann', 'error, closed'), 508);
      assert.equal(typeof (await ourText(a1, 'bob', 'error, open')), 'string');
    });

    test('post-send: messages, logins, logouts and group events, signed, with Agora fields', async () => {
      rx.answer = () => ({ status: 200 });
      const t = await makeApp(
        'post',
        { url: `${rx.url}/post`, events: ['message', 'login', 'logout', 'group', 'contact'] },
        ['ann', 'bob'],
      );
      const ann = await our(t, 'ann');
      const id = await ourText(ann, 'bob', 'for the record');
      await rx.until((all) => all.some((r) => r.path === '/post' && r.body.msg_id === id));
      const m = rx.received.find((r) => r.body.msg_id === id)!;
      assert.deepEqual(
        [m.body.eventType, m.body.chat_type, m.body.from, m.body.to, m.body.appkey],
        ['chat', 'chat', 'ann', 'bob', 'cb#post'],
      );
      assert.deepEqual(m.body.payload, { bodies: [{ type: 'txt', msg: 'for the record' }], ext: {} });
      assert.equal(
        m.body.security,
        createHash('md5').update(`${m.body.callId}${SECRET}${m.body.timestamp}`).digest('hex'),
      );
      assert.equal(
        m.headers['x-confab-signature'],
        `sha256=${createHmac('sha256', SECRET).update(m.raw).digest('hex')}`,
      );
      const login = rx.received.find((r) => r.body.appkey === 'cb#post' && r.body.reason === 'login')!;
      assert.equal(login.body.status, 'online');
      assert.match(login.body.user, /^cb#post_ann\//);
      ann.conn.close();
      await rx.until((all) => all.some((r) => r.body.appkey === 'cb#post' && r.body.reason === 'logout'));
      // A group event (made over REST by the app server would do too; here through the store).
      const g = await makeGroup(
        { ...env, org: 'cb', app: 'post' },
        {
          owner: 'ann',
          members: ['bob'],
        },
      );
      const bob = await our(t, 'bob');
      await bob.conn.leaveGroup({ groupId: g });
      await rx.until((all) =>
        all.some((r) => r.body.appkey === 'cb#post' && r.body.eventType === 'group' && r.body.group_id === g),
      );
      // A contact request.
      await bob.conn.addContact('ann', 'hello');
      await rx.until((all) =>
        all.some(
          (r) =>
            r.body.appkey === 'cb#post' &&
            r.body.eventType === 'roster' &&
            r.body.operation === 'add' &&
            r.body.from === 'bob' &&
            r.body.to === 'ann',
        ),
      );
    });

    test('a failing receiver is retried with backoff; each conversation stays in order; sends never wait', async () => {
      const t = await makeApp('retry', { url: `${rx.url}/retry`, events: ['message'] }, [
        'ann',
        'bob',
        'cat',
      ]);
      let failures = 0;
      rx.answer = (r) => {
        if (r.path !== '/retry') return { status: 200 };
        // The receiver is down for the first 20 requests, then flaky (every third fails).
        failures++;
        if (failures <= 20 || failures % 3 === 0) return { status: 503 };
        return { status: 200 };
      };
      const ann = await our(t, 'ann');
      const cat = await our(t, 'cat');
      const sentAnn: string[] = [];
      const sentCat: string[] = [];
      const started = Date.now();
      for (let i = 0; i < 15; i++) {
        sentAnn.push((await ourText(ann, 'bob', `a${i}`)) as string);
        sentCat.push((await ourText(cat, 'bob', `c${i}`)) as string);
      }
      assert.ok(Date.now() - started < 5000, 'sends do not wait for the receiver');
      const ids = new Set([...sentAnn, ...sentCat]);
      await rx.until(
        (all) => [...ids].every((id) => all.some((r) => r.path === '/retry' && r.body.msg_id === id)),
        30_000,
      );
      const order = (from: string) => [
        ...new Set(
          rx.received.filter((r) => r.path === '/retry' && r.body.from === from).map((r) => r.body.msg_id),
        ),
      ];
      assert.deepEqual(order('ann'), sentAnn);
      assert.deepEqual(order('cat'), sentCat);
      // Once everything is delivered the outbox is empty (other apps' last events may still be in flight).
      const end = Date.now() + 5000;
      while ((await env.server.ctx.storage.callbackOutbox.count()) > 0 && Date.now() < end) await sleep(50);
      assert.equal(
        await env.server.ctx.storage.callbackOutbox.count(),
        0,
        'the outbox is empty once delivered',
      );
    });
  });
