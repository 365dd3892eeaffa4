// Helpers for the accounts tests (issue 5): the app-server REST API, and one device per SDK (ours or the
// official one in jsdom) that records how it ends (kick code, disconnect, reconnect attempts).
import OurSdk from '@confab/sdk';
import { createOfficialClient, plain, type OfficialClient } from './official-sdk.js';

export type SdkKind = 'ours' | 'official';
export const SDK_KINDS: readonly SdkKind[] = ['ours', 'official'];

export interface AppTarget {
  apiUrl: string;
  wsUrl: string;
  org: string;
  app: string;
}

export const appKeyOf = (t: Pick<AppTarget, 'org' | 'app'>) => `${t.org}#${t.app}`;

export interface Reply {
  status: number;
  body: any;
}

export async function call(method: string, url: string, token?: string, body?: unknown): Promise<Reply> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed };
}

/** The app admin token (client_credentials). */
export async function adminToken(t: AppTarget, clientId: string, clientSecret: string): Promise<string> {
  const r = await call('POST', `${t.apiUrl}/${t.org}/${t.app}/token`, undefined, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: clientSecret,
  });
  if (r.status !== 200) throw new Error(`client_credentials: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.access_token as string;
}

/** Calls `{apiUrl}/{org}/{app}{path}`. */
export const appCall = (t: AppTarget, method: string, path: string, token?: string, body?: unknown) =>
  call(method, `${t.apiUrl}/${t.org}/${t.app}${path}`, token, body);

export async function createUsers(
  t: AppTarget,
  admin: string,
  names: string[],
  password = 'pw',
): Promise<void> {
  const r = await appCall(
    t,
    'POST',
    '/users',
    admin,
    names.map((username) => ({ username, password })),
  );
  if (r.status !== 200 || r.body.entities.length !== names.length)
    throw new Error(`batch register: ${r.status} ${JSON.stringify(r.body)}`);
}

export interface SdkError {
  type: number;
  message?: string;
  data?: any;
}

/** One logged-in device of either SDK. */
export interface Device {
  readonly kind: SdkKind;
  readonly resource: string;
  /** The first onError with a kick code (206/207/216/217). */
  readonly kicked: Promise<SdkError>;
  readonly disconnected: Promise<SdkError | undefined>;
  /** Everything recorded, by event name. */
  count(event: 'onReconnecting' | 'onConnected' | 'onTokenWillExpire' | 'onTokenExpired'): number;
  /** Resolves on the next occurrence of the event (or at once if it already happened `already` times). */
  waitFor(event: 'onTokenWillExpire' | 'onTokenExpired', times?: number, timeoutMs?: number): Promise<number>;
  renewToken(token: string): Promise<any>;
  otherDevices(): Promise<string[]>;
  isOpened(): boolean;
  close(): Promise<void>;
}

const KICKS = new Set([206, 207, 216, 217]);

export interface OpenOptions {
  pwd?: string;
  accessToken?: string;
  loginExt?: string;
}

/** Logs a device in; rejects with the SDK's error when the login is refused. */
export async function openDevice(
  kind: SdkKind,
  t: AppTarget,
  user: string,
  opts: OpenOptions = {},
): Promise<Device> {
  const counts = new Map<string, number>();
  const at = new Map<string, number[]>();
  const bump = (name: string) => {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    at.set(name, [...(at.get(name) ?? []), Date.now()]);
  };
  let onKick!: (e: SdkError) => void;
  let onDisconnected!: (e: SdkError | undefined) => void;
  const kicked = new Promise<SdkError>((r) => (onKick = r));
  const disconnected = new Promise<SdkError | undefined>((r) => (onDisconnected = r));
  const handlers = {
    onError: (e: SdkError) => {
      if (KICKS.has(e?.type)) onKick(plain(e));
    },
    onDisconnected: (e?: SdkError) => onDisconnected(e === undefined ? undefined : plain(e)),
    onReconnecting: () => bump('onReconnecting'),
    onConnected: () => bump('onConnected'),
    onTokenWillExpire: () => bump('onTokenWillExpire'),
    onTokenExpired: () => bump('onTokenExpired'),
  };
  const params = {
    user,
    ...(opts.accessToken ? { accessToken: opts.accessToken } : { pwd: opts.pwd ?? 'pw' }),
  };
  const waitFor = async (name: string, times = 1, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while ((counts.get(name) ?? 0) < times) {
      if (Date.now() > deadline) throw new Error(`${kind}: ${name} did not happen ${times} time(s)`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return at.get(name)![times - 1]!;
  };

  if (kind === 'ours') {
    const conn = new OurSdk.connection({ appKey: appKeyOf(t), url: t.wsUrl, apiUrl: t.apiUrl });
    conn.addEventHandler('accounts-test', handlers);
    if (opts.loginExt) conn.setLoginInfoCustomExt(opts.loginExt);
    await conn.open(params);
    return {
      kind,
      resource: conn.clientResource,
      kicked,
      disconnected,
      count: (e) => counts.get(e) ?? 0,
      waitFor,
      renewToken: (token) => (conn as any).renewToken(token),
      otherDevices: async () =>
        ((await (conn as any).getSelfIdsOnOtherPlatform()) as { data: string[] }).data,
      isOpened: () => conn.isOpened(),
      close: () => {
        conn.close();
        return Promise.resolve();
      },
    };
  }
  const client: OfficialClient = createOfficialClient({
    appKey: appKeyOf(t),
    url: t.wsUrl,
    apiUrl: t.apiUrl,
  });
  client.conn.addEventHandler('accounts-test', handlers);
  if (opts.loginExt) client.conn.setLoginInfoCustomExt(opts.loginExt);
  try {
    await client.conn.open(params);
  } catch (err) {
    await client.close();
    throw plain(err);
  }
  return {
    kind,
    resource: (client.conn as any).clientResource as string,
    kicked,
    disconnected,
    count: (e) => counts.get(e) ?? 0,
    waitFor,
    renewToken: async (token) => plain(await (client.conn as any).renewToken(token)),
    otherDevices: async () => plain<{ data: string[] }>(await client.conn.getSelfIdsOnOtherPlatform()).data,
    isOpened: () => client.conn.isOpened(),
    close: () => client.close(),
  };
}

/** Refused login: the SDK error. */
export async function failedLogin(
  kind: SdkKind,
  t: AppTarget,
  user: string,
  opts: OpenOptions = {},
): Promise<SdkError> {
  try {
    const d = await openDevice(kind, t, user, opts);
    await d.close();
  } catch (err) {
    return plain(err);
  }
  throw new Error(`${kind}: login of ${user} should have been refused`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits for `check` to hold (polling), for the server side of asynchronous effects. */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}
