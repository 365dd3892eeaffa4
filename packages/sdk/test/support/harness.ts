// Helpers for the SDK's integration tests against the real Confab server: clients that record every
// event, a WebSocket class that lets a test cut the line, and server-side session drops.
import WebSocket from 'ws';
import { CloseCode } from '@confab/protocol';
import { startTestServer } from '@confab/server/testing';
import type { TestServer } from '@confab/server/testing';
import AgoraChat from '@confab/sdk';
import type { Connection, ConnectionParameters, EventHandlerType, EventName, SdkLogEvent } from '@confab/sdk';

export type Recorded = { event: EventName; arg: unknown; at: number };

/** Every live socket a test client opened, so a test can drop one abruptly (no close handshake). */
export const sockets = new Set<TrackedWebSocket>();
export class TrackedWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    sockets.add(this);
    this.on('close', () => sockets.delete(this));
  }
}

const EVENTS: EventName[] = [
  'onConnected',
  'onDisconnected',
  'onReconnecting',
  'onError',
  'onTextMessage',
  'onMessage',
  'onReceivedMessage',
  'onOfflineMessageSyncStart',
  'onOfflineMessageSyncFinish',
  'onTokenWillExpire',
  'onTokenExpired',
];

/** A connection plus the list of everything it dispatched, with awaitable waits. */
export class Client {
  readonly events: Recorded[] = [];
  readonly logs: SdkLogEvent[] = [];
  readonly conn: Connection;
  private waiters: Array<() => void> = [];

  constructor(
    srv: Pick<TestServer, 'appKey' | 'wsUrl' | 'apiUrl'>,
    options: Partial<ConnectionParameters> = {},
  ) {
    this.conn = new AgoraChat.connection({
      appKey: srv.appKey,
      url: srv.wsUrl,
      apiUrl: srv.apiUrl,
      WebSocket: TrackedWebSocket as never,
      log: (e) => this.logs.push(e),
      ...options,
    });
    const handlers: EventHandlerType = {};
    for (const event of EVENTS) {
      (handlers as Record<string, (arg: unknown) => void>)[event] = (arg: unknown) => {
        this.events.push({ event, arg, at: Date.now() });
        for (const w of this.waiters.splice(0)) w();
      };
    }
    this.conn.addEventHandler('recorder', handlers);
  }

  of<T = unknown>(event: EventName): T[] {
    return this.events.filter((e) => e.event === event).map((e) => e.arg as T);
  }

  /** Resolves with the first recorded `event` (from index `from`) matching `match`. */
  async next<T = unknown>(
    event: EventName,
    match: (arg: T) => boolean = () => true,
    timeoutMs = 5000,
    from = 0,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.slice(from).find((e) => e.event === event && match(e.arg as T));
      if (hit) return hit.arg as T;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for ${event}; got ${this.events.map((e) => e.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Text messages received, in dispatch order. */
  texts(): Array<{ id: string; msg: string; from: string; to: string }> {
    return this.of('onTextMessage');
  }
}

let seq = 0;
/** Unique user names per test run, so tests never see each other's messages. */
export const uniqueUser = (prefix: string) => `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}`;

export interface World {
  srv: TestServer;
  clients: Client[];
  /** A client (closed by `dispose`). */
  client(options?: Partial<ConnectionParameters>): Client;
  /** Registers a user and returns name and password. */
  user(prefix: string): Promise<{ user: string; pwd: string }>;
  /** A logged-in client for a fresh user. */
  online(
    prefix: string,
    options?: Partial<ConnectionParameters>,
  ): Promise<Client & { user: string; pwd: string }>;
  dispose(): Promise<void>;
}

export async function world(): Promise<World> {
  const srv = await startTestServer();
  const clients: Client[] = [];
  const w: World = {
    srv,
    clients,
    client(options) {
      const c = new Client(srv, options);
      clients.push(c);
      return c;
    },
    async user(prefix) {
      const user = uniqueUser(prefix);
      const pwd = `pw-${user}`;
      await w.client().conn.registerUser({ username: user, password: pwd });
      return { user, pwd };
    },
    async online(prefix, options) {
      const creds = await w.user(prefix);
      const c = w.client(options);
      await c.conn.open(creds);
      return Object.assign(c, creds);
    },
    async dispose() {
      for (const c of clients) c.conn.close();
      await srv.close();
    },
  };
  return w;
}

/** Closes the server side of every socket of `user` (a server-initiated drop). */
export async function dropOnServer(srv: TestServer, user: string): Promise<number> {
  const app = await srv.server.ctx.storage.apps.findByName(srv.org, srv.app);
  if (!app) throw new Error('test app not found');
  let n = 0;
  for (const session of srv.server.gateway.registry.sessionsOf(app.id, user)) {
    (session as unknown as { close(code: number, reason: string): void }).close(
      CloseCode.INTERNAL_ERROR,
      'dropped by test',
    );
    n += 1;
  }
  return n;
}

/** Kicks every session of `user` the way the server does (STATISTIC push, then close). */
export async function kickOnServer(
  srv: TestServer,
  user: string,
  code: number,
  reason?: string,
): Promise<number> {
  const app = await srv.server.ctx.storage.apps.findByName(srv.org, srv.app);
  if (!app) throw new Error('test app not found');
  const sessions = [...srv.server.gateway.registry.sessionsOf(app.id, user)];
  for (const session of sessions) session.kick(code, reason);
  return sessions.length;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
