// One logged-in device of either SDK for chat-room tests: its connection, the SDK's message factory, and
// what it received (onChatroomEvent, room messages), with `next` waiting for the next matching one.
import OurSdk from '@confab/sdk';
import type { TestServer } from '@confab/server/testing';
import { createOfficialClient, plain } from './official-sdk.js';
import { recordingClient } from './our-client.js';
import type { SdkKind } from './accounts.js';

export interface RoomDevice {
  readonly kind: SdkKind;
  readonly user: string;
  conn: any;
  /** The next event of that name (onChatroomEvent, onTextMessage, …) matching `predicate`, as plain data. */
  next(name: string, predicate?: (e: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Every event of that name so far. */
  all(name: string): any[];
  /** Sends a text message to a room; resolves with the send result. */
  sendToRoom(roomId: string, msg: string, extra?: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

export async function roomDevice(env: TestServer, kind: SdkKind, user: string): Promise<RoomDevice> {
  const address = { appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl };
  if (kind === 'ours') {
    const c = recordingClient(address);
    await c.conn.open({ user, pwd: 'pw' });
    return {
      kind,
      user,
      conn: c.conn,
      next: async (name, predicate = () => true, timeoutMs = 5000) =>
        plain(await c.next(name, predicate, timeoutMs)),
      all: (name) => c.all(name).map((e) => plain(e)),
      sendToRoom: (roomId, msg, extra = {}) =>
        c.conn.send(
          OurSdk.message.create({ type: 'txt', chatType: 'chatRoom', to: roomId, msg, ...extra } as any),
        ),
      close: () => Promise.resolve(c.conn.close()),
    };
  }
  const c = createOfficialClient(address);
  await c.conn.open({ user, pwd: 'pw' });
  await c.nextEvent('onConnected');
  return {
    kind,
    user,
    conn: c.conn,
    next: async (name, predicate = () => true, timeoutMs = 5000) =>
      plain(await c.nextEvent(name, { predicate, timeoutMs })),
    all: (name) => c.events(name).map((e) => plain(e)),
    sendToRoom: async (roomId, msg, extra = {}) =>
      plain(
        await c.conn.send(
          c.sdk.message.create({ type: 'txt', chatType: 'chatRoom', to: roomId, msg, ...extra } as any),
        ),
      ),
    close: () => c.close(),
  };
}

/** The SDK's rejection as plain data (`{type, message, data}`). */
export async function rejection(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return plain(err);
  }
  throw new Error('expected a rejection');
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
