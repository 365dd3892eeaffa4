// Issue 13: a seeded, deterministic fuzzer against a real server. Thousands of mutated msync frames (first
// frames of fresh sockets, and frames on logged-in sessions), then malformed REST requests to every route
// the server registers (odd path parameters, queries, headers, tokens and bodies, and raw bytes that are
// not HTTP). The server must never crash (no uncaught error, no error-level log record), never answer 5xx,
// never close a socket with 1011, still log in and deliver a message afterwards, and hold no more file
// descriptors than before. CONFAB_TEST_FUZZ_SEED picks another run; the counts are printed.
import assert from 'node:assert/strict';
import { readdirSync, readlinkSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CloseCode } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import pino from 'pino';
import WebSocket from 'ws';
import { firstFrame, liveFrame, mutate, oddString, randomJson, Rng } from './support/fuzz.js';
import { RawClient } from './support/raw-client.js';
import { postJson, register } from './support/rest.js';

const SEED = Number(process.env['CONFAB_TEST_FUZZ_SEED'] ?? 0xc0fab);
const SCALE = Number(process.env['CONFAB_TEST_FUZZ_SCALE'] ?? 1);
const FRESH_SOCKET_TRIES = Math.round(500 * SCALE);
const LIVE_FRAME_TRIES = Math.round(3000 * SCALE);
const REST_TRIES = Math.round(1000 * SCALE);
const RAW_HTTP_TRIES = Math.round(150 * SCALE);
const USERS = ['fz0', 'fz1', 'fz2', 'fz3'];

/**
 * One JSON request on a connection of its own, closed after it: no pooled keep-alive connection (as
 * fetch keeps) outlives it and blurs the fd count.
 */
function call(apiUrl: string, method: string, path: string, body?: unknown, token?: string) {
  const url = new URL(apiUrl);
  const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
    const rq = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent: false,
        headers: {
          ...(data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => {
          let parsed: Record<string, unknown> = {};
          try {
            parsed = JSON.parse(text) as Record<string, unknown>;
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    rq.on('error', reject);
    rq.end(data);
  });
}
const credentials = (username: string) => ({ grant_type: 'password', username, password: 'secret-pw' });

const openFds = () => readdirSync('/proc/self/fd').length;
const fdKinds = () =>
  readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).replace(/\d+/g, 'N');
      } catch {
        return 'gone';
      }
    })
    .sort();
/** What `after` has more of than `before`. */
const extra = (before: string[], after: string[]) => {
  const left = [...before];
  return after.filter((k) => {
    const i = left.indexOf(k);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
};

/** Percent-encoding that also takes lone surrogates (as %EF%BF%BD), never throws. */
const encode = (s: string) =>
  encodeURIComponent(
    s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );

describe('fuzz: msync frames and REST requests', () => {
  let env: TestServer;
  const errors: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) {
        if (!line) continue;
        const rec = JSON.parse(line) as { level: number; msg: string; err?: { message?: string } };
        if (rec.level >= 50) errors.push(`${rec.msg}: ${rec.err?.message ?? ''}`);
      }
      done();
    },
  });
  const uncaught: string[] = [];
  const onUncaught = (err: unknown) => uncaught.push(String(err));
  const tokens: Record<string, string> = {};
  let admin = '';

  before(async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    env = await startTestServer({
      logger: pino({ level: 'warn' }, sink),
      webRoot: '/nonexistent-web-root',
      limits: {
        // Let the fuzzer reach the code behind the throttles.
        sendRatePerSecond: 1_000_000,
        sendBurst: 1_000_000,
        loginMaxFailuresPerUser: 1_000_000,
        loginMaxFailuresPerAddress: 1_000_000,
        registerMaxPerAddress: 1_000_000,
        maxBodyBytes: 64 * 1024,
        httpLingerMs: 200,
      },
    });
    for (const u of USERS) await register(env, u);
    await refreshUsers();
    // The canary's app is one the fuzzer never names.
    const created = await postJson(
      `${env.apiUrl}/management/apps`,
      { org: 'canary', name: 'app' },
      env.adminToken,
    );
    assert.equal(created.status, 200, JSON.stringify(created.body));
    for (const u of ['ca', 'cb']) await register({ apiUrl: env.apiUrl, org: 'canary', app: 'app' }, u);
  });
  after(async () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    await env.close();
  });

  /**
   * The fuzz users restored (the fuzzer deletes and deactivates users and changes passwords), with fresh
   * tokens. Workers go on meanwhile and may undo it at once: a user that cannot log in keeps its old token.
   */
  async function refreshUsers() {
    const app = `/${env.org}/${env.app}`;
    const admin_ = await call(env.apiUrl, 'POST', `${app}/token`, {
      grant_type: 'client_credentials',
      client_id: env.clientId,
      client_secret: env.clientSecret,
    });
    admin = admin_.body['access_token'] as string;
    for (const u of USERS) {
      for (let attempt = 0; attempt < 3; attempt++) {
        await call(env.apiUrl, 'POST', `${app}/users`, { username: u, password: 'secret-pw' }, admin);
        await call(env.apiUrl, 'POST', `${app}/users/${u}/activate`, undefined, admin);
        await call(env.apiUrl, 'PUT', `${app}/users/${u}/password`, { newpassword: 'secret-pw' }, admin);
        const token = (await call(env.apiUrl, 'POST', `${app}/token`, credentials(u))).body['access_token'];
        if (typeof token === 'string') {
          tokens[u] = token;
          break;
        }
      }
    }
  }

  const closes = new Map<number, number>();
  const count = (code: number) => closes.set(code, (closes.get(code) ?? 0) + 1);
  const statuses = new Map<number, number>();
  const fiveHundreds: string[] = [];
  const failures: string[] = [];
  let baselineFds = 0;
  let baselineKinds: string[] = [];
  const started = Date.now();

  test(`${FRESH_SOCKET_TRIES} first frames on fresh sockets, ${LIVE_FRAME_TRIES} frames on live sessions`, async (t) => {
    // Warm up (lazy modules, the hashing threads, statements) so the fd baseline is steady.
    (await RawClient.login(env.wsUrl, env.appKey, 'fz0', tokens['fz0']!, 'warm')).client.ws.close();
    await sleep(200);
    baselineFds = openFds();
    baselineKinds = fdKinds();
    const r = new Rng(SEED);

    // Fresh sockets: the first frame, maybe a second; the server answers or closes, or we close.
    let fresh = 0;
    const freshWorker = async () => {
      while (fresh < FRESH_SOCKET_TRIES) {
        fresh++;
        const user = r.pick(USERS);
        const first = firstFrame(r, env.appKey, user, tokens[user]!);
        const second = r.chance(0.3) ? liveFrame(r, env.appKey, USERS) : undefined;
        const ws = new WebSocket(env.wsUrl);
        ws.on('error', () => undefined);
        await new Promise<void>((resolve) => ws.once('open', () => resolve()).once('error', () => resolve()));
        if (ws.readyState !== WebSocket.OPEN) continue;
        const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
        // An answer (a login's, or a refusal before its close) ends the wait sooner.
        const answered = new Promise<number>((resolve) =>
          ws.once('message', () => setTimeout(() => resolve(-1), 30)),
        );
        ws.send(first);
        if (second) ws.send(second);
        const code = await Promise.race([closed, answered, sleep(100, -1, { ref: false })]);
        if (code === -1 && ws.readyState === WebSocket.OPEN) {
          ws.close();
          await closed;
          count(0); // still open (a login that worked): closed by us
        } else count(code === -1 ? await closed : code);
      }
    };
    const phase = Date.now();
    await Promise.all(Array.from({ length: 8 }, freshWorker));
    const freshMs = Date.now() - phase;

    // Live sessions: many frames each; a session the server closes is replaced by a new login.
    let sent = 0;
    let logins = 0;
    const liveWorker = async (w: number) => {
      const user = USERS[w % USERS.length]!;
      let client: RawClient | undefined;
      while (sent < LIVE_FRAME_TRIES) {
        if (!client || client.closed) {
          if (client) count(client.closeCode ?? 0);
          logins++;
          client = (await RawClient.login(env.wsUrl, env.appKey, user, tokens[user]!, `live${w}-${logins}`))
            .client;
        }
        sent++;
        client.ws.send(liveFrame(r, env.appKey, USERS));
        // Pace to the server now and then, so frames are handled before the session is judged.
        if (sent % 25 === 0) await client.unread().catch(() => undefined);
      }
      if (client && !client.closed) {
        await client.unread().catch(() => undefined);
        if (client.closed) count(client.closeCode ?? 0);
        else await client.close();
      } else if (client) count(client.closeCode ?? 0);
    };
    const livePhase = Date.now();
    await Promise.all(Array.from({ length: 4 }, (_, w) => liveWorker(w)));
    const liveMs = Date.now() - livePhase;

    const histogram = [...closes].sort(([a], [b]) => a - b).map(([c, n]) => `${c || 'ours'}×${n}`);
    t.diagnostic(
      `seed ${SEED}: ${fresh} fresh sockets (${freshMs} ms), ${sent} live frames over ${logins} logins (${liveMs} ms); ` +
        `closes ${histogram.join(' ')}; ` +
        `error records ${errors.length}, uncaught ${uncaught.length}`,
    );
    assert.equal(closes.get(CloseCode.INTERNAL_ERROR) ?? 0, 0, 'no socket closed with 1011');
    assert.deepEqual(errors, [], 'no error-level log record');
    assert.deepEqual(uncaught, []);
  });

  /** A value for a path parameter: usually a real one, else an odd one (percent-encoded). */
  function paramValue(r: Rng, name: string): string {
    const real: Record<string, string[]> = {
      org: [env.org],
      app: [env.app],
      username: USERS,
      me: USERS,
      resource: ['r1', 'live0-1'],
      kind: ['chat', 'groupchat', 'x'],
      uuid: ['00000000-0000-4000-8000-000000000000'],
      msgId: ['1', '9223372036854775808'],
    };
    if (r.chance(0.75) && real[name]) return r.pick(real[name]);
    return encode(oddString(r)).slice(0, 2000) || 'x';
  }

  const QUERY_KEYS = [
    'limit',
    'cursor',
    'pagesize',
    'pagenum',
    'type',
    'to',
    'chat-type',
    'chat-target',
    'thumbnail',
    'share-secret',
    'detail',
    'reset',
    'msgIdList',
    'time',
    'mark',
    'activated',
    'q',
    '_v',
  ];

  function requestFor(r: Rng, route: { method: string; url: string }) {
    const path = route.url
      .split('/')
      .map((seg) => (seg.startsWith(':') ? paramValue(r, seg.slice(1)) : seg))
      .join('/');
    const query = Array.from({ length: r.int(4) }, () => {
      const v = r.chance(0.5)
        ? r.pick(['undefined', 'null', '', '-1', '10', '99999999999999999999', 'true'])
        : oddString(r);
      return `${r.pick(QUERY_KEYS)}=${encode(v).slice(0, 500)}`;
    }).join('&');
    const method = r.chance(0.9)
      ? route.method
      : r.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
    const headers: Record<string, string> = {};
    const auth = r.int(7);
    if (auth === 1) headers['authorization'] = `Bearer ${tokens[r.pick(USERS)]}`;
    else if (auth === 2) headers['authorization'] = `Bearer ${admin}`;
    else if (auth === 3) headers['authorization'] = `Bearer ${env.adminToken}`;
    else if (auth === 4) headers['authorization'] = `Bearer ${r.ascii(r.int(80))}`;
    else if (auth === 5)
      headers['authorization'] = r.pick(['Bearer', 'Basic Zm9vOmJhcg==', 'Bearer undefined', r.ascii(300)]);
    let body: Buffer | undefined;
    const kind = r.int(8);
    if (kind <= 2) {
      headers['content-type'] = 'application/json';
      body = Buffer.from(JSON.stringify(randomJson(r)) ?? 'null');
    } else if (kind === 3) {
      headers['content-type'] = r.pick(['application/json', 'application/json; charset=utf-16']);
      const text = JSON.stringify(randomJson(r)) ?? '';
      body = Buffer.from(text.slice(0, r.int(text.length + 1)) + r.ascii(r.int(5)));
    } else if (kind === 4) {
      const boundary = `b${r.int(1e6)}`;
      headers['content-type'] = r.chance(0.9)
        ? `multipart/form-data; boundary=${boundary}`
        : 'multipart/form-data';
      const part = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${r.pick(['file', 'part_file', 'part_number', oddString(r).slice(0, 20)])}"; filename="f"\r\n\r\n`,
        ),
        Buffer.from(r.bytes(r.int(3000))),
        Buffer.from(r.chance(0.7) ? `\r\n--${boundary}--\r\n` : ''),
      ]);
      body = r.chance(0.3) ? Buffer.from(mutate(r, part)) : part;
    } else if (kind === 5) {
      headers['content-type'] = r.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/octet-stream',
        r.ascii(20),
      ]);
      body = Buffer.from(r.bytes(r.int(2000)));
    } else if (kind === 6 && r.chance(0.1)) {
      headers['content-type'] = 'application/json';
      body = Buffer.alloc(70 * 1024, 0x20); // over the body limit
    }
    // Framed honestly (lies about the length are the raw requests' part below).
    if (body) headers['content-length'] = String(body.length);
    if (r.chance(0.1))
      headers[r.pick(['share-secret', 'restrict-access', 'x-forwarded-for', 'accept'])] = r.ascii(r.int(60));
    return { method, path: `${path}${query ? `?${query}` : ''}`, headers, body };
  }

  /** Keep-alive connections, as a browser's: the server must also leave a connection usable after an error. */
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });

  /** One request; the status, or undefined when the client itself refused to send it. */
  function send(req: ReturnType<typeof requestFor>): Promise<number | undefined> {
    const url = new URL(env.apiUrl);
    return new Promise((resolve) => {
      let done = false;
      const finish = (s: number | undefined) => {
        if (!done) {
          done = true;
          resolve(s);
        }
      };
      try {
        const rq = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            method: req.method,
            path: req.path,
            headers: req.headers,
            agent,
            timeout: 10_000,
          },
          (res) => {
            res.resume();
            res.on('end', () => finish(res.statusCode));
            res.on('error', () => finish(res.statusCode));
          },
        );
        rq.on('error', (err: NodeJS.ErrnoException) => {
          failures.push(
            `${err.code ?? err.message} ${req.method} ${req.path.slice(0, 80)} ${JSON.stringify(req.headers).slice(0, 120)} body ${req.body?.length ?? 0}`,
          );
          finish(0);
        });
        rq.on('timeout', () => {
          rq.destroy();
          finish(-1);
        });
        rq.end(req.body);
      } catch {
        finish(undefined); // e.g. a header value the client will not send
      }
    });
  }

  test(`${REST_TRIES} malformed REST requests over every route, ${RAW_HTTP_TRIES} raw non-HTTP ones`, async (t) => {
    const r = new Rng(SEED ^ 0x5eed);
    const routes = env.server.routes.filter((route) => route.url !== '*');
    assert.ok(routes.length > 40, `routes found: ${routes.length}`);
    const hit = new Set<string>();
    let tries = 0;
    let refusedByClient = 0;
    const worker = async () => {
      while (tries < REST_TRIES) {
        const n = ++tries;
        if (n % 500 === 0) await refreshUsers();
        const route = r.pick(routes);
        const req = requestFor(r, route);
        const status = await send(req);
        if (status === undefined) {
          refusedByClient++;
          continue;
        }
        hit.add(`${route.method} ${route.url}`);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status >= 500 || status <= 0)
          fiveHundreds.push(`${status} ${req.method} ${req.path.slice(0, 200)}`);
      }
    };
    const phase = Date.now();
    await Promise.all(Array.from({ length: 8 }, worker));
    const restMs = Date.now() - phase;
    agent.destroy();

    // Bytes that are not HTTP, or HTTP broken in its request line and headers.
    const url = new URL(env.apiUrl);
    const raw = Array.from({ length: RAW_HTTP_TRIES }, () => {
      const length = r.chance(0.3) ? r.int(100) : 2; // sometimes a lie
      const valid = Buffer.from(
        `POST /${env.org}/${env.app}/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${length}\r\n\r\n{}`,
      );
      const pick = r.next();
      return pick < 0.4 ? valid : pick < 0.7 ? mutate(r, valid) : r.bytes(r.int(300));
    });
    const rawTries = raw.length;
    const rawWorker = async () => {
      for (let bytes = raw.pop(); bytes; bytes = raw.pop()) {
        const sent = bytes;
        const answer = await new Promise<string>((resolve) => {
          const s = connect(Number(url.port), url.hostname);
          let got = '';
          s.on('data', (d: Buffer) => (got += d.toString('latin1')));
          s.on('error', () => resolve(got));
          s.on('close', () => resolve(got));
          s.on('connect', () => {
            s.write(sent);
            setTimeout(() => s.end(), 20);
          });
          setTimeout(() => s.destroy(), 1000).unref();
        });
        const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
        if (status >= 500)
          fiveHundreds.push(
            `${status} raw ${JSON.stringify(Buffer.from(sent).toString('latin1').slice(0, 80))}`,
          );
      }
    };
    await Promise.all(Array.from({ length: 8 }, rawWorker));

    const histogram = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    t.diagnostic(
      `seed ${SEED}: ${tries} requests (${restMs} ms; ${refusedByClient} not sendable) over ${hit.size} of ${routes.length} routes, ` +
        `${rawTries} raw; statuses ${histogram.join(' ')}; 5xx/no answer ${fiveHundreds.length}; error records ${errors.length}`,
    );
    for (const f of failures.slice(0, 15)) t.diagnostic(f);
    for (const e of errors.slice(0, 5)) t.diagnostic(`error record: ${e}`);
    assert.deepEqual(fiveHundreds, [], 'no 5xx, every request answered');
    assert.deepEqual(errors, [], 'no error-level log record');
    assert.deepEqual(uncaught, []);
  });

  test('afterwards: a canary logs in and a message is delivered; no fd growth', async (t) => {
    const tokenOf = async (u: string) =>
      (await call(env.apiUrl, 'POST', '/canary/app/token', credentials(u))).body['access_token'] as string;
    const [ta, tb] = [await tokenOf('ca'), await tokenOf('cb')];
    const a = (await RawClient.login(env.wsUrl, 'canary#app', 'ca', ta, 'c1')).client;
    const b = (await RawClient.login(env.wsUrl, 'canary#app', 'cb', tb, 'c1')).client;
    const ack = await a.sendText('cb', 'still alive');
    assert.equal(ack.status?.errorCode ?? 0, 0);
    const got = await b.receive('ca');
    assert.deepEqual(got.texts, ['still alive']);
    await a.close();
    await b.close();
    assert.equal((await call(env.apiUrl, 'GET', '/healthz')).status, 200);
    // Sockets the fuzzer opened are closed: the server holds what it held before.
    const end = Date.now() + 5000;
    let fds = openFds();
    while (fds > baselineFds && Date.now() < end) {
      await sleep(100);
      fds = openFds();
    }
    t.diagnostic(`fds: ${baselineFds} before the fuzz, ${fds} after; whole run ${Date.now() - started} ms`);
    const more = extra(baselineKinds, fdKinds());
    if (more.length > 0) t.diagnostic(`held now, not before: ${more.join(', ')}`);
    assert.ok(fds <= baselineFds + 5, `open fds ${fds} > baseline ${baselineFds}`);
  });
});
