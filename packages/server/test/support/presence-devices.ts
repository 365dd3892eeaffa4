// One logged-in device of either SDK for the presence and user-attribute tests: its connection (called by
// the official method names), its resource, and the next onPresenceStatusChange about a user.
import { createOfficialClient, plain } from './official-sdk.js';
import { recordingClient } from './our-client.js';
import type { SdkKind } from './accounts.js';

export interface PresenceDevice {
  conn: any;
  resource: string;
  /** The next onPresenceStatusChange naming `userId` (and passing `pred`), as plain objects. */
  nextPresence(userId: string, pred?: (p: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Every onPresenceStatusChange entry so far (flattened). */
  presences(): any[];
  close(): Promise<void>;
}

export interface Address {
  appKey: string;
  wsUrl: string;
  apiUrl: string;
}

const about = (userId: string, pred: (p: any) => boolean) => (list: any) =>
  Array.isArray(list) && list.some((p: any) => p.userId === userId && pred(p));
const pick = (list: any[], userId: string, pred: (p: any) => boolean) =>
  plain<any[]>(list).find((p) => p.userId === userId && pred(p));

export async function presenceDevice(kind: SdkKind, t: Address, user: string): Promise<PresenceDevice> {
  const address = { appKey: t.appKey, url: t.wsUrl, apiUrl: t.apiUrl };
  if (kind === 'ours') {
    const c = recordingClient(address);
    await c.conn.open({ user, pwd: 'pw' });
    return {
      conn: c.conn,
      resource: c.conn.clientResource,
      nextPresence: async (userId, pred = () => true, timeoutMs = 5000) =>
        pick(await c.next('onPresenceStatusChange', about(userId, pred), timeoutMs), userId, pred),
      presences: () => c.all('onPresenceStatusChange').flat(),
      close: () => Promise.resolve(c.conn.close()),
    };
  }
  const c = createOfficialClient(address);
  await c.conn.open({ user, pwd: 'pw' });
  await c.nextEvent('onConnected');
  return {
    conn: c.conn,
    resource: (c.conn as any).clientResource as string,
    nextPresence: async (userId, pred = () => true, timeoutMs = 5000) =>
      pick(
        (await c.nextEvent('onPresenceStatusChange', {
          predicate: about(userId, pred) as never,
          timeoutMs,
        })) as any[],
        userId,
        pred,
      ),
    presences: () => plain<any[][]>(c.events('onPresenceStatusChange')).flat(),
    close: () => c.close(),
  };
}

/** The SDK's rejection, as a plain `{type, message}`. */
export async function sdkError(p: Promise<unknown>): Promise<{ type: number; message?: string }> {
  try {
    await p;
  } catch (err) {
    return plain(err);
  }
  throw new Error('the call should have failed');
}
