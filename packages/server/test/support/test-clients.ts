// Logged-in clients of both SDKs for one test server, and one place that closes ours.
import { createOfficialClient, type OfficialClient } from './official-sdk.js';
import { recordingClient, type RecordingClient } from './our-client.js';

export interface ServerAddress {
  appKey: string;
  wsUrl: string;
  apiUrl: string;
}

export function testClients(server: () => ServerAddress) {
  const ours: RecordingClient[] = [];
  const address = () => {
    const s = server();
    return { appKey: s.appKey, url: s.wsUrl, apiUrl: s.apiUrl };
  };
  return {
    /** Our SDK, logged in with a password, every event recorded. */
    our: async (user: string, pwd = 'pw'): Promise<RecordingClient> => {
      const c = recordingClient(address());
      ours.push(c);
      await c.conn.open({ user, pwd });
      return c;
    },
    /** The official SDK in jsdom, logged in and connected (close with closeAllOfficialClients). */
    official: async (user: string, pwd = 'pw'): Promise<OfficialClient> => {
      const c = createOfficialClient(address());
      await c.conn.open({ user, pwd });
      await c.nextEvent('onConnected');
      return c;
    },
    closeOurs: (): void => {
      for (const c of ours) c.conn.close();
    },
  };
}
