// Tells every node (this one included) to forget what it keeps of a changed blocklist, mute or user. Not
// being told only delays the change by the cache's TTL, so a failed publish is reported, never thrown.
import type { Bus, CachedChanged } from '../ports/bus.js';

export function announceCachedChange(
  bus: Bus,
  what: CachedChanged['what'],
  appId: number,
  username: string,
  onError: (err: unknown) => void = () => undefined,
): Promise<void> {
  return bus.publish({ kind: 'cached', what, appId, username }).catch(onError);
}
