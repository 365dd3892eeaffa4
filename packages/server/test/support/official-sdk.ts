// Test harness: runs the REAL, unmodified official `agora-chat@1.4.0` Web SDK in Node, inside jsdom, for
// conformance tests against the Confab server.
//
// Every client gets its own jsdom window (own origin, localStorage, timers, WebSocket and XMLHttpRequest), and the
// bundle is executed inside that window exactly as a <script> tag would, so the SDK uses jsdom's browser WebSocket
// and XHR (with CORS enforced), never Node's. The SDK is typed with its own published typings (`Agora-chat.d.ts`);
// all untyped plumbing stays inside this file.
//
// Keeping tests from hanging: always `await client.close()` (or `await using client = ...`), or call
// `closeAllOfficialClients()` in an `after()` hook. close() stops every jsdom timer (the SDK's heartbeat
// setInterval, its 10 s / 15 s request timers), drops the window's sockets and rejects pending `nextEvent()` waits.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { JSDOM, VirtualConsole, type DOMWindow } from 'jsdom';
import type { AgoraChat, AgoraChatStatic } from 'agora-chat';

export type { AgoraChat, AgoraChatStatic } from 'agora-chat';
export type OfficialConnection = AgoraChat.Connection;
export type OfficialSdk = AgoraChatStatic;

/** Constructor options of `new sdk.connection(...)`; `isHttpDNS` defaults to false here. */
export interface OfficialConnectionOptions extends Partial<AgoraChat.ConnectionParameters> {
  appKey: string;
  /** WebSocket URL, passed verbatim to `new WebSocket(url)` (e.g. `ws://127.0.0.1:1234/ws`). */
  url: string;
  /** REST base, e.g. `http://127.0.0.1:1234`. */
  apiUrl: string;
  [option: string]: unknown;
}

export interface OfficialHarnessOptions {
  /**
   * URL of the page the SDK runs in (its origin is the CORS origin of XHRs and the WebSocket `Origin` header).
   * Default `http://localhost/`, i.e. cross-origin to a server on 127.0.0.1, as in a real deployment.
   */
  pageUrl?: string;
  /**
   * Pre-seed `localStorage.localDeviceInfo` with a unique device triple (exactly what the SDK itself stores after its
   * first login with `isFixedDeviceId`), so clients created in the same millisecond never share a resource.
   * Skipped automatically when `deviceId` is given or `isFixedDeviceId` is false. Default true.
   */
  uniqueDevice?: boolean;
  /** Forward the SDK's console output and jsdom errors to Node's console. Default: env CONFAB_DEBUG_OFFICIAL_SDK=1. */
  debug?: boolean;
  /** Default timeout of `nextEvent()`. Default 5000 ms. */
  defaultTimeoutMs?: number;
}

/** Payload type of an SDK event, from the SDK's own `EventHandlerType` (unknown for names it does not declare). */
export type OfficialEventPayload<N extends string> = N extends `listen.${infer L}`
  ? OfficialEventPayload<L>
  : N extends keyof AgoraChat.EventHandlerType
    ? NonNullable<AgoraChat.EventHandlerType[N]> extends (...args: infer A) => unknown
      ? A[0]
      : unknown
    : unknown;

/** Event names the 1.4.0 bundle dispatches through `eventHandler.dispatch(...)` (grep of `Agora-chat.js`). */
export const OFFICIAL_EVENT_NAMES = [
  'onConnected',
  'onDisconnected',
  'onReconnecting',
  'onError',
  'onOnline',
  'onOffline',
  'onTokenWillExpire',
  'onTokenExpired',
  'onOfflineMessageSyncStart',
  'onOfflineMessageSyncFinish',
  'onMessage',
  'onTextMessage',
  'onImageMessage',
  'onFileMessage',
  'onAudioMessage',
  'onVideoMessage',
  'onLocationMessage',
  'onCustomMessage',
  'onCmdMessage',
  'onCombineMessage',
  'onReceivedMessage',
  'onDeliveredMessage',
  'onReadMessage',
  'onChannelMessage',
  'onRecallMessage',
  'onModifiedMessage',
  'onStatisticMessage',
  'onContactAdded',
  'onContactAgreed',
  'onContactDeleted',
  'onContactInvited',
  'onContactRefuse',
  'onGroupChange',
  'onGroupEvent',
  'onChatroomChange',
  'onChatroomEvent',
  'onChatThreadChange',
  'onMultiDeviceEvent',
  'onPresenceStatusChange',
  'onReactionChange',
  'onMessagePinEvent',
] as const;
export type OfficialEventName = (typeof OFFICIAL_EVENT_NAMES)[number];

/**
 * Legacy callbacks the SDK calls as `conn.onX && conn.onX(...)` (the `conn.listen({...})` API). Some notifications
 * go ONLY through this channel, notably the error of a failed password login (REST /token) and "websocket has been
 * disconnected" on a send while offline, so the recorder captures them too, as `listen.onX`.
 */
export const OFFICIAL_LISTEN_NAMES = [
  'onOpened',
  'onClosed',
  'onError',
  'onPresence',
  'onTextMessage',
  'onPictureMessage',
  'onAudioMessage',
  'onVideoMessage',
  'onFileMessage',
  'onLocationMessage',
  'onCmdMessage',
  'onCustomMessage',
  'onReceivedMessage',
  'onDeliveredMessage',
  'onReadMessage',
  'onRecallMessage',
  'onChannelMessage',
  'onOffline',
  'onOnline',
  'onStatisticMessage',
  'onContactInvited',
  'onContactAgreed',
  'onContactRefuse',
  'onContactDeleted',
  'onContactAdded',
  'onTokenWillExpire',
  'onTokenExpired',
  'onPresenceStatusChange',
] as const;
export type OfficialListenEventName = `listen.${(typeof OFFICIAL_LISTEN_NAMES)[number]}`;

export interface RecordedEvent {
  readonly name: string;
  readonly data: unknown;
  /** Order of arrival across all events of this client, from 0. */
  readonly seq: number;
  /** `Date.now()` at dispatch. */
  readonly at: number;
  consumed: boolean;
}

export interface NextEventOptions<T> {
  timeoutMs?: number;
  predicate?: (data: T) => boolean;
}

interface Waiter {
  readonly name: string;
  readonly predicate: (data: unknown) => boolean;
  readonly resolve: (data: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/**
 * Records every event the SDK dispatches to its handlers. `next()` hands each recorded event to at most one caller,
 * oldest first, so an event that fired before the test started waiting is not lost.
 */
export class EventRecorder {
  readonly log: RecordedEvent[] = [];
  private waiters: Waiter[] = [];
  private closedError: Error | undefined;

  constructor(private readonly defaultTimeoutMs: number) {}

  record(name: string, data: unknown): void {
    const event: RecordedEvent = { name, data, seq: this.log.length, at: Date.now(), consumed: false };
    this.log.push(event);
    const waiter = this.waiters.find((w) => w.name === name && safePredicate(w.predicate, data));
    if (waiter === undefined) return;
    event.consumed = true;
    this.removeWaiter(waiter);
    waiter.resolve(data);
  }

  next<N extends string>(
    name: N,
    options: NextEventOptions<OfficialEventPayload<N>> = {},
  ): Promise<OfficialEventPayload<N>> {
    const predicate = (options.predicate ?? (() => true)) as (data: unknown) => boolean;
    const pending = this.log.find((e) => !e.consumed && e.name === name && safePredicate(predicate, e.data));
    if (pending !== undefined) {
      pending.consumed = true;
      return Promise.resolve(pending.data as OfficialEventPayload<N>);
    }
    if (this.closedError !== undefined) return Promise.reject(this.closedError);
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const stack = new Error().stack;
    return new Promise<OfficialEventPayload<N>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.removeWaiter(waiter);
        const seen = this.log.map((e) => (e.consumed ? `${e.name}(consumed)` : e.name)).join(', ') || 'none';
        const error = new Error(
          `timed out after ${timeoutMs} ms waiting for official SDK event ${name}; recorded: ${seen}`,
        );
        if (stack !== undefined)
          error.stack = `${error.name}: ${error.message}\n${stack.split('\n').slice(2).join('\n')}`;
        reject(error);
      }, timeoutMs);
      const waiter: Waiter = { name, predicate, resolve: resolve as (data: unknown) => void, reject, timer };
      this.waiters.push(waiter);
    });
  }

  /** Payloads of all recorded events with that name (consumed or not), in arrival order. */
  events<N extends string>(name: N): OfficialEventPayload<N>[] {
    return this.log.filter((e) => e.name === name).map((e) => e.data as OfficialEventPayload<N>);
  }

  /** Marks everything recorded so far as consumed (so `next()` only sees later events). */
  consumeAll(name?: string): void {
    for (const e of this.log) if (name === undefined || e.name === name) e.consumed = true;
  }

  /** Rejects all current and future waits that are not satisfied by already-recorded events. */
  close(reason: string): void {
    this.closedError = new Error(reason);
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(new Error(`${reason} while waiting for official SDK event ${w.name}`));
    }
  }

  private removeWaiter(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.waiters = this.waiters.filter((w) => w !== waiter);
  }
}

function safePredicate(predicate: (data: unknown) => boolean, data: unknown): boolean {
  try {
    return predicate(data);
  } catch {
    return false;
  }
}

export interface OfficialClient extends AsyncDisposable {
  /** The SDK's `connection` instance (`new sdk.connection(options)`). */
  readonly conn: OfficialConnection;
  /** The SDK namespace the bundle exports (`window.WebIM`, also the UMD `websdk.default`). */
  readonly sdk: OfficialSdk;
  readonly window: DOMWindow;
  readonly dom: JSDOM;
  readonly recorder: EventRecorder;
  /** Uncaught exceptions and other jsdom errors raised inside this window (e.g. a throw in an SDK callback). */
  readonly jsdomErrors: Error[];
  /** Next recorded-but-unconsumed event with that name (and matching predicate), or the next one to arrive. */
  nextEvent<N extends OfficialEventName | OfficialListenEventName | (string & {})>(
    name: N,
    options?: NextEventOptions<OfficialEventPayload<N>>,
  ): Promise<OfficialEventPayload<N>>;
  /** All recorded payloads of that event. */
  events<N extends OfficialEventName | OfficialListenEventName | (string & {})>(
    name: N,
  ): OfficialEventPayload<N>[];
  /** Closes the connection, then the window (all SDK timers and sockets). Idempotent. */
  close(): Promise<void>;
}

// ------------------------------------------------------------------------------------------------------------------

const require = createRequire(import.meta.url);
let bundleScript: vm.Script | undefined;

/** The bundle, read and compiled once per process; each window runs the same compiled script. */
function officialBundle(): vm.Script {
  if (bundleScript === undefined) {
    const path = require.resolve('agora-chat/Agora-chat.js');
    bundleScript = new vm.Script(readFileSync(path, 'utf8'), { filename: path });
  }
  return bundleScript;
}

const LOG_LEVEL_TRACE = 0;
const LOG_LEVEL_SILENT = 5;
let lastDeviceStamp = 0;
const openClients = new Set<OfficialClient>();

function debugFromEnv(): boolean {
  return process.env.CONFAB_DEBUG_OFFICIAL_SDK === '1';
}

/**
 * Starts a fresh browser window with the official SDK loaded and constructs one connection in it. Nothing is sent
 * until the test calls `client.conn.open(...)`.
 */
export function createOfficialClient(
  connectionOptions: OfficialConnectionOptions,
  harnessOptions: OfficialHarnessOptions = {},
): OfficialClient {
  const debug = harnessOptions.debug ?? debugFromEnv();
  const jsdomErrors: Error[] = [];
  const virtualConsole = new VirtualConsole();
  if (debug) virtualConsole.forwardTo(console);
  virtualConsole.on('jsdomError', (error: Error) => {
    jsdomErrors.push(error);
  });

  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    url: harnessOptions.pageUrl ?? 'http://localhost/',
    runScripts: 'outside-only',
    virtualConsole,
  });
  const window = dom.window;

  const seed = harnessOptions.uniqueDevice ?? true;
  if (seed && connectionOptions.deviceId === undefined && connectionOptions.isFixedDeviceId !== false) {
    lastDeviceStamp = Math.max(Date.now(), lastDeviceStamp + 1);
    const uuid = `web_${lastDeviceStamp}`;
    window.localStorage.setItem(
      'localDeviceInfo',
      JSON.stringify({ deviceId: `webim_${uuid}`, deviceName: 'webim', deviceUuid: uuid }),
    );
  }

  const xhrs = trackXhrs(window);
  let sdk: OfficialSdk;
  let conn: OfficialConnection;
  try {
    officialBundle().runInContext(dom.getInternalVMContext());
    const globals = window as unknown as { WebIM?: OfficialSdk; websdk?: { default?: OfficialSdk } };
    const exported = globals.WebIM ?? globals.websdk?.default;
    if (exported === undefined) throw new Error('agora-chat bundle did not export WebIM / websdk.default');
    sdk = exported;
    // The bundle calls logger.enableAll() at load time (TRACE, console). Level 5 is SILENT; `false` = don't persist.
    setLogLevel(sdk, debug ? LOG_LEVEL_TRACE : LOG_LEVEL_SILENT);
    // Throws synchronously on an appKey that is not "org#app".
    conn = new sdk.connection({ isHttpDNS: false, ...connectionOptions });
    setLogLevel(sdk, debug ? LOG_LEVEL_TRACE : LOG_LEVEL_SILENT);
  } catch (error) {
    window.close();
    throw error;
  }

  const recorder = new EventRecorder(harnessOptions.defaultTimeoutMs ?? 5000);
  // The SDK calls `handler[eventName](payload)` for every registered handler object; a Proxy answers every `on*`
  // name, so events this list does not know about are recorded too.
  const handlerTarget: Record<string, (data: unknown) => void> = {};
  const handler = new Proxy(handlerTarget, {
    get: (_target, property) =>
      typeof property === 'string' && property.startsWith('on')
        ? (data: unknown) => recorder.record(property, data)
        : undefined,
  });
  conn.addEventHandler('recorder', handler);
  recordListenCallbacks(conn, recorder);

  let closing: Promise<void> | undefined;
  const client: OfficialClient = {
    conn,
    sdk,
    window,
    dom,
    recorder,
    jsdomErrors,
    nextEvent: (name, options) => recorder.next(name, options),
    events: (name) => recorder.events(name),
    close: () => (closing ??= closeClient()),
    [Symbol.asyncDispose]: () => client.close(),
  };

  async function closeClient(): Promise<void> {
    openClients.delete(client);
    try {
      if (conn.isOpened()) {
        const disconnected = recorder.next('onDisconnected', { timeoutMs: 1000 }).catch(() => undefined);
        conn.close();
        // Let the close frame reach the server so it sees a clean client close rather than a dropped window.
        await disconnected;
      } else {
        conn.close();
      }
    } catch {
      // closing a never-opened or half-open connection may throw inside the SDK; the window goes away anyway
    }
    recorder.close('official SDK client closed');
    window.close(); // stops all jsdom timers (SDK heartbeat, request timers) and drops this window's WebSockets
    // jsdom arms each XHR's `timeout` (the SDK uses 15 s) as a *Node* timer that window.close() does not clear, and
    // it also leaks it after a network error (CORS failure, refused connection); abort() clears it.
    for (const xhr of xhrs) {
      try {
        xhr.abort();
      } catch {
        // already finished
      }
    }
    xhrs.clear();
  }

  openClients.add(client);
  return client;
}

/** Remembers every XMLHttpRequest the page sends, so close() can clear jsdom's Node-side timeout timers. */
function trackXhrs(window: DOMWindow): Set<{ abort(): void }> {
  const xhrs = new Set<{ abort(): void }>();
  type Send = (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['send']>) => void;
  const proto = window.XMLHttpRequest.prototype;
  const send = Object.getOwnPropertyDescriptor(proto, 'send')?.value as Send;
  proto.send = function (this: XMLHttpRequest, ...args: Parameters<XMLHttpRequest['send']>): void {
    xhrs.add(this);
    send.apply(this, args);
  };
  return xhrs;
}

/**
 * Turns each legacy `conn.onX` property into an accessor: the SDK still reads a function (and still calls whatever the
 * test installs with `conn.listen({...})` or `conn.onX = ...`), and every call is recorded as `listen.onX`.
 */
function recordListenCallbacks(conn: OfficialConnection, recorder: EventRecorder): void {
  const target = conn as unknown as Record<string, unknown>;
  for (const name of OFFICIAL_LISTEN_NAMES) {
    let installed: unknown = target[name];
    const wrapper = function (this: unknown, ...args: unknown[]): unknown {
      recorder.record(`listen.${name}`, args[0]);
      return typeof installed === 'function'
        ? (installed as (...a: unknown[]) => unknown).apply(this, args)
        : undefined;
    };
    Object.defineProperty(target, name, {
      configurable: true,
      enumerable: true,
      get: () => wrapper,
      set: (value: unknown) => {
        installed = value;
      },
    });
  }
}

function setLogLevel(sdk: OfficialSdk, level: number): void {
  (sdk.logger as unknown as { setLevel(level: number, persist: boolean): void }).setLevel(level, false);
}

/** Closes every client still open (use in `after()` so a failing test cannot keep the process alive). */
export async function closeAllOfficialClients(): Promise<void> {
  await Promise.all([...openClients].map((c) => c.close()));
}

/**
 * Copies SDK data into plain Node-realm values. Objects made by the SDK live in the jsdom realm (their prototypes are
 * the window's `Object.prototype`/`Array.prototype`, errors are the SDK's own `ErrorEvent` class), so
 * `assert.deepStrictEqual(sdkValue, {...})` fails on prototypes even when every field matches; compare `plain(x)`.
 * Functions and `undefined`-valued fields are dropped, as by JSON.
 */
export function plain<T = unknown>(value: unknown): T {
  return value === undefined ? (undefined as T) : (JSON.parse(JSON.stringify(value)) as T);
}

export interface OfficialTextMessageOptions {
  to: string;
  msg: string;
  chatType?: AgoraChat.ChatType;
  ext?: Record<string, unknown>;
  [option: string]: unknown;
}

/** Builds a text message with the SDK's own `sdk.message.create({type:'txt', ...})`, ready for `conn.send()`. */
export function officialTextMessage(
  sdk: OfficialSdk,
  options: OfficialTextMessageOptions,
): AgoraChat.MessageBody {
  const { chatType = 'singleChat', ...rest } = options;
  return sdk.message.create({ ...rest, type: 'txt', chatType });
}

/**
 * Copies plain objects and arrays made in Node into the window's realm, keeping functions, Blobs and every
 * other non-plain value as they are. The SDK checks some arguments with `instanceof Object` (silent-mode
 * `options`, for instance), which is false for a Node-realm object inside jsdom.
 */
export function inWindowRealm<T>(window: DOMWindow, value: T): T {
  const WindowObject = window.Object;
  const WindowArray = window.Array;
  const convert = (v: unknown): unknown => {
    if (Array.isArray(v)) return WindowArray.from(v.map(convert));
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const out = new WindowObject() as Record<string, unknown>;
      for (const [k, inner] of Object.entries(v)) out[k] = convert(inner);
      return out;
    }
    return v;
  };
  return convert(value) as T;
}
