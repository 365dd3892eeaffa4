// Runs the conformance matrix: one real server, the unmodified official SDK (jsdom) and our SDK each logged
// in as their own user, every declared `Connection` method called with the table's arguments, each call
// bounded by a timeout (several official methods never settle on a failure). Reasons are normalised (no
// timestamps, resources or server ids) and rows sorted, so two runs produce the same doc.
import OurSdk from '@confab/sdk';
import { ContentType, Domain, MessageType, NameSpace, msync, toU64 } from '@confab/protocol';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { createOfficialClient, inWindowRealm, type OfficialClient } from '../official-sdk.js';
import { login, register } from '../rest.js';
import { makeContactFixture } from './contact-fixture.js';
import { makeGroupFixture } from './group-fixture.js';
import { makeRoomFixture } from './room-fixture.js';
import { makeReactionFixture } from './reaction-fixture.js';
import { makeThreadFixture } from './thread-fixture.js';
import { fakeLibreTranslate } from '../fake-translators.js';
import { AREAS } from './matrix-types.js';
import type {
  CallContext,
  ChatKind,
  Fixture,
  MatrixResult,
  MethodResult,
  MethodSpec,
  Verdict,
} from './matrix-types.js';
import { METHOD_TABLE } from './method-table.js';
import { declaredConnectionMethods, runtimeFunctions } from './official-surface.js';

/**
 * One bound for every call, generous because a late answer must not flip a row (the doc is checked for
 * drift) and a call is never retried (most change state); calls that never settle only hold a pool slot.
 * The pool is small on purpose: jsdom's XHRs share one event loop, so on a busy machine many calls in
 * flight make each of them slow (32 at once took over 5 s each under load), while the total stays the same.
 */
const CALL_TIMEOUT_MS = 10_000;
const CONCURRENCY = 6;
const PASSWORD = 'pw';

type Outcome = { ok: true; value: unknown } | { ok: false; reason: string };

/** A connection seen only as "methods by name" (both SDKs' classes are called reflectively). */
type Callable = Record<string, unknown> & { isOpened(): boolean };

interface Subject {
  conn: Callable;
  fixture: Fixture;
  normalize(text: string): string;
  /** Arguments as this SDK must receive them (the official SDK: objects of its own window's realm). */
  prepare(args: unknown[]): unknown[];
}

export async function runCompatibilityMatrix(): Promise<MatrixResult> {
  // Translation needs a provider: a LibreTranslate stand-in on port 0 (support/fake-translators.ts).
  const translator = await fakeLibreTranslate();
  const env = await startTestServer({ translateProvider: 'libretranslate', translateUrl: translator.url });
  let official: OfficialClient | undefined;
  let ours: InstanceType<typeof OurSdk.connection> | undefined;
  try {
    for (const u of ['compat-official', 'compat-ours', 'compat-peer', 'compat-other'])
      await register(env, u, PASSWORD);
    const declared = declaredConnectionMethods();
    const missingSpecs = declared.filter((m) => METHOD_TABLE[m] === undefined);
    const unknownSpecs = Object.keys(METHOD_TABLE).filter((m) => !declared.includes(m));
    if (missingSpecs.length > 0 || unknownSpecs.length > 0)
      throw new Error(
        `method table out of step with the d.ts: no spec for [${missingSpecs.join()}], not declared [${unknownSpecs.join()}]`,
      );

    official = createOfficialClient({
      appKey: env.appKey,
      url: env.wsUrl,
      apiUrl: env.apiUrl,
      deviceId: 'compat',
    });
    const officialClient = official;
    const officialConn = official.conn as unknown as Callable;
    const runtime = runtimeFunctions(officialConn, official.window.Object.prototype);
    const officialSubject: Subject = {
      conn: officialConn,
      fixture: await baseFixture(env, 'compat-official', 'official', {
        text: (to, msg, chatType = 'singleChat') =>
          officialClient.sdk.message.create({ type: 'txt', chatType, to, msg }),
        file: () => ({
          data: new officialClient.window.Blob(['compat']),
          filename: 'compat.txt',
          filetype: 'txt',
        }),
      }),
      normalize: normalizer(env),
      prepare: (args) => inWindowRealm(officialClient.window, args),
    };
    ours = new OurSdk.connection({
      appKey: env.appKey,
      url: env.wsUrl,
      apiUrl: env.apiUrl,
      deviceId: 'compat',
    });
    const oursSubject: Subject = {
      conn: ours as unknown as Callable,
      fixture: await baseFixture(env, 'compat-ours', 'ours', {
        text: (to, msg, chatType = 'singleChat') => OurSdk.message.create({ type: 'txt', chatType, to, msg }),
        file: () => ({ data: new Blob(['compat']), filename: 'compat.txt' }),
      }),
      normalize: normalizer(env),
      prepare: (args) => args,
    };

    const officialVerdicts = await runAll(officialSubject, declared);
    const oursHas = (m: string) => typeof (ours as unknown as Record<string, unknown>)[m] === 'function';
    const oursVerdicts = await runAll(oursSubject, declared.filter(oursHas));

    const rows: MethodResult[] = declared.map((method) => ({
      method,
      area: METHOD_TABLE[method]!.area,
      official: runtime.includes(method)
        ? officialVerdicts.get(method)!
        : { status: 'missing', reason: 'not in the 1.4.0 bundle' },
      ours: oursVerdicts.get(method),
    }));
    // Code-point order, not localeCompare: the doc must not depend on the machine's locale.
    const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    rows.sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area) || byName(a.method, b.method));
    const undeclared = runtime.filter((m) => !declared.includes(m) && !/^on[A-Z]/.test(m));
    return { rows, undeclared };
  } finally {
    ours?.close();
    await official?.close();
    await env.close();
    await translator.close();
  }
}

/** Runs every phase for one SDK; the fixture's messages are sent once the login (phase "first") worked. */
async function runAll(subject: Subject, methods: string[]): Promise<Map<string, Verdict>> {
  const verdicts = new Map<string, Verdict>();
  const byPhase = (phase: NonNullable<MethodSpec['phase']>) =>
    methods.filter((m) => (METHOD_TABLE[m]!.phase ?? 'parallel') === phase);
  for (const m of byPhase('first')) verdicts.set(m, await evaluate(subject, m));
  if (!subject.conn.isOpened()) throw new Error('the matrix could not log in');
  await sendFixtureMessages(subject);
  await pool(byPhase('parallel'), CONCURRENCY, async (m) => {
    verdicts.set(m, await evaluate(subject, m));
  });
  for (const m of [...byPhase('serial'), ...byPhase('cleanup'), ...byPhase('last')])
    verdicts.set(m, await evaluate(subject, m));
  return verdicts;
}

/** Calls every variant of one method, one after the other. */
async function evaluate(subject: Subject, method: string): Promise<Verdict> {
  const spec = METHOD_TABLE[method]!;
  const ctx: CallContext = { fixture: subject.fixture, conn: subject.conn };
  const results: Array<{ name: string | undefined; problem: string | undefined; ok: boolean }> = [];
  for (const variant of spec.variants(subject.fixture)) {
    const outcome = await invoke(subject.conn, method, subject.prepare(variant.args), spec.callbacks);
    if (outcome.ok) {
      let problem: string | undefined;
      try {
        problem = spec.check?.(outcome.value, ctx);
      } catch (error) {
        problem = `unexpected answer (${String(error)})`;
      }
      results.push({ name: variant.name, problem, ok: true });
    } else {
      results.push({ name: variant.name, problem: outcome.reason, ok: false });
    }
  }
  const label = (r: (typeof results)[number]) =>
    subject.normalize(r.name ? `${r.name}: ${r.problem ?? ''}` : (r.problem ?? ''));
  const answered = results.filter((r) => r.ok);
  const bad = results.filter((r) => !r.ok || r.problem !== undefined);
  if (bad.length === 0) return { status: 'works', reason: '' };
  if (answered.length > 0) return { status: 'partly', reason: bad.map(label).join('; ') };
  const distinct = [...new Set(results.map((r) => r.problem))];
  return {
    status: 'missing',
    reason: distinct.length === 1 ? subject.normalize(distinct[0] ?? '') : results.map(label).join('; '),
  };
}

async function invoke(
  conn: Callable,
  method: string,
  args: unknown[],
  callbacks?: MethodSpec['callbacks'],
): Promise<Outcome> {
  let viaCallback: Promise<unknown> | undefined;
  if (callbacks && args[0] && typeof args[0] === 'object') {
    const options = args[0] as Record<string, unknown>;
    viaCallback = new Promise((resolve, reject) => {
      options[callbacks.ok] = resolve;
      options[callbacks.fail] = reject;
    });
  }
  let returned: unknown;
  try {
    returned = (conn[method] as (...a: unknown[]) => unknown).apply(conn, args);
  } catch (error) {
    return { ok: false, reason: describeError(error) };
  }
  if (!isThenable(returned)) {
    if (viaCallback === undefined) return { ok: true, value: returned };
    returned = viaCallback;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    const reason = `no answer in ${CALL_TIMEOUT_MS / 1000} s`;
    timer = setTimeout(() => resolve({ ok: false, reason }), CALL_TIMEOUT_MS);
  });
  const settled = Promise.resolve(returned).then(
    (value): Outcome => ({ ok: true, value }),
    (error: unknown): Outcome => ({ ok: false, reason: describeError(error) }),
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return !!value && typeof (value as { then?: unknown }).then === 'function';
}

/** "<SDK error type> <message>" for SDK errors, "throws <message>" for client-side checks. */
function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { type?: unknown; message?: unknown; reason?: unknown; data?: unknown; xhr?: unknown };
    const text = [e.message, e.reason, serverDescription(e.data), httpStatus(e.xhr)].find(
      (t): t is string => typeof t === 'string' && t !== '',
    );
    if (typeof e.type === 'number') return `${e.type} ${text ?? ''}`.trim();
    if (text !== undefined) return `throws "${text}"`;
  }
  return `throws ${String(error)}`;
}

/** The server's `error_description` when an SDK error carries only the response body (uploads). */
function serverDescription(data: unknown): string | undefined {
  const description = (data as { error_description?: unknown } | null | undefined)?.error_description;
  return typeof description === 'string' ? description : undefined;
}

/** "HTTP <status>" when an SDK error carries only the request (downloads). */
function httpStatus(xhr: unknown): string | undefined {
  const status = (xhr as { status?: unknown } | null | undefined)?.status;
  return typeof status === 'number' && status > 0 ? `HTTP ${status}` : undefined;
}

/** Drops what differs run to run: the server's org/app path, long numbers (ids, timestamps, resources). */
function normalizer(env: TestServer): (text: string) => string {
  const base = `/${env.org}/${env.app}/`;
  return (text) => {
    const out = text
      .split(base)
      .join('/{org}/{app}/')
      .replace(/\d{6,}/g, 'N')
      .replace(/\s+/g, ' ')
      .trim();
    return out.length > 160 ? `${out.slice(0, 157)}...` : out;
  };
}

async function pool<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await run(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
}

// ---- fixtures

interface SdkBits {
  text(to: string, msg: string, chatType?: ChatKind): unknown;
  file(): unknown;
}

async function baseFixture(env: TestServer, me: string, tag: string, sdk: SdkBits): Promise<Fixture> {
  const token = await login(env, me, PASSWORD);
  const people = { me, peer: 'compat-peer', other: 'compat-other', password: PASSWORD };
  const group = await makeGroupFixture(env, tag, people);
  const contacts = await makeContactFixture(env, tag, people);
  const room = await makeRoomFixture(env, tag, people);
  return {
    ...people,
    newUser: `compat-new-${tag}`,
    groupId: group.main,
    group,
    contacts,
    reactions: makeReactionFixture(env),
    roomId: room.main,
    room,
    threads: makeThreadFixture(env),
    threadId: '30001',
    messageId: '',
    recallId: '',
    editId: '',
    combine: await uploadCombineFile(env, token, me, 'compat-peer'),
    freshToken: await login(env, me, PASSWORD),
    ...sdk,
  };
}

/** The three messages the fixture refers to, sent by the SDK under test itself. */
async function sendFixtureMessages(subject: Subject): Promise<void> {
  const f = subject.fixture;
  const send = subject.conn['send'] as (m: unknown) => Promise<{ serverMsgId: string }>;
  const sendOne = async (msg: string) => (await send.call(subject.conn, f.text(f.peer, msg))).serverMsgId;
  f.messageId = await sendOne('compat: act on me');
  f.recallId = await sendOne('compat: recall me');
  f.editId = await sendOne('compat: edit me');
  const sendToGroup = async (msg: string) =>
    (await send.call(subject.conn, f.text(f.groupId, msg, 'groupChat'))).serverMsgId;
  f.group.messageId = await sendToGroup('compat: a group message to act on');
  f.group.recallId = await sendToGroup('compat: a group message to recall');
  // The conversation that deleteConversation / deleteSession remove.
  await send.call(subject.conn, f.text(f.other, 'compat: a conversation to delete'));
  await f.reactions.seed(f);
  await f.threads.seed(f, async (to, msg) => {
    const m = f.text(to, msg, 'groupChat') as Record<string, unknown>;
    // A thread id as `to`: the message goes into that thread (isChatThread).
    if (to !== f.groupId) m['isChatThread'] = true;
    return (await send.call(subject.conn, m)).serverMsgId;
  });
}

/** Uploads a combine file ("cm", length-prefixed metas, XOR checksum) holding two text messages. */
async function uploadCombineFile(env: TestServer, token: string, from: string, to: string) {
  const metas = ['first', 'second'].map((text, i) =>
    msync.Meta.encode({
      id: toU64(1000 + i),
      from: { appKey: env.appKey, name: from, domain: Domain.USER },
      to: { appKey: env.appKey, name: to, domain: Domain.USER },
      ns: NameSpace.CHAT,
      timestamp: toU64(1_700_000_000_000 + i),
      payload: msync.MessageBody.encode({
        type: MessageType.CHAT,
        from: { name: from },
        to: { name: to },
        contents: [{ type: ContentType.TEXT, text }],
      }),
    }),
  );
  const size = 2 + metas.reduce((n, m) => n + 4 + m.length, 0) + 1;
  const file = new Uint8Array(size);
  file.set([0x63, 0x6d]);
  let at = 2;
  for (const m of metas) {
    new DataView(file.buffer).setUint32(at, m.length);
    file.set(m, at + 4);
    at += 4 + m.length;
  }
  let checksum = 0;
  for (let i = 3; i < size - 1; i += 2) checksum ^= file[i]!;
  file[size - 1] = checksum;
  const form = new FormData();
  form.append('file', new Blob([file]), 'compat.cm');
  const res = await fetch(`${env.apiUrl}/${env.org}/${env.app}/chatfiles`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'restrict-access': 'true' },
    body: form,
  });
  const body = (await res.json()) as { entities?: Array<{ uuid: string; 'share-secret': string }> };
  const entity = body.entities?.[0];
  if (res.status !== 200 || !entity) throw new Error(`combine upload failed: ${res.status}`);
  return {
    url: `${env.apiUrl}/${env.org}/${env.app}/chatfiles/${entity.uuid}`,
    secret: entity['share-secret'],
  };
}
