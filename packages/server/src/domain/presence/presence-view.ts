// What the SDK reads about a user's presence (REST spec §1.4 #55/#58, msync §4.9): `{uid, last_time,
// expiry, ext, status: {<device>: "<n>"}}`. Devices come from the cluster's session directory (1 = online);
// the description and its time from the last publish. Times are seconds since the epoch.
import type { SessionDirectory } from '../ports/session-directory.js';
import type { Storage } from '../ports/storage.js';

export interface PresenceValue {
  uid: string;
  last_time: number;
  expiry: number;
  ext: string;
  status: Record<string, string>;
}

export const ONLINE = '1';
export const OFFLINE = '0';

const seconds = (ms: number) => Math.floor(ms / 1000);

/** Presence of each user, in order; `expiry` per user (the asker's subscription), 0 when none. */
export async function presenceOf(
  deps: { storage: Storage; sessions: SessionDirectory },
  appId: number,
  usernames: readonly string[],
  expiryOf: (username: string) => number = () => 0,
): Promise<PresenceValue[]> {
  const published = await deps.storage.presence.published(appId, usernames);
  return Promise.all(
    usernames.map(async (uid) => {
      const devices = await deps.sessions.list(appId, uid);
      const status: Record<string, string> = {};
      let last = published.get(uid)?.publishedAt ?? 0;
      for (const d of devices) {
        status[d.resource] = ONLINE;
        last = Math.max(last, d.since);
      }
      return {
        uid,
        last_time: seconds(last),
        expiry: seconds(expiryOf(uid)),
        ext: published.get(uid)?.ext ?? '',
        status,
      };
    }),
  );
}
