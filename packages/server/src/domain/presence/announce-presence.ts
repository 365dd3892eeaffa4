// Telling a user's subscribers that its presence changed: one indexed lookup of the live subscriptions to
// that user (never a scan of the app), then one bus event that every node turns into NOTIFY "presence"
// frames for its own sessions of those subscribers (gateway/presence-frames.ts). Called on publish and
// when any device of the user logs in or out.
import type { Bus } from '../ports/bus.js';
import type { Clock } from '../ports/clock.js';
import type { SessionDirectory } from '../ports/session-directory.js';
import type { Storage } from '../ports/storage.js';
import { OFFLINE, presenceOf } from './presence-view.js';

export interface PresenceDeps {
  readonly storage: Storage;
  readonly sessions: SessionDirectory;
  readonly bus: Bus;
  readonly clock: Clock;
}

/**
 * Announces `username`'s current presence to its subscribers. `left`: a device that just went away; it is
 * reported as offline (0) unless another session of the same device is still online.
 */
export async function announcePresence(
  deps: PresenceDeps,
  appId: number,
  username: string,
  left?: string,
): Promise<void> {
  const now = deps.clock.now();
  const subscribers = await deps.storage.presence.subscribers(appId, username, now);
  if (subscribers.length === 0) return;
  const [value] = await presenceOf(deps, appId, [username]);
  if (!value) return;
  if (left !== undefined && value.status[left] === undefined) value.status[left] = OFFLINE;
  if (left !== undefined) value.last_time = Math.max(value.last_time, Math.floor(now / 1000));
  const { expiry: _none, ...shared } = value;
  await deps.bus.publish({
    kind: 'presence',
    appId,
    publisher: username,
    subscribers: subscribers.map((s) => s.subscriber),
    expiries: subscribers.map((s) => Math.floor(s.expiresAt / 1000)),
    value: shared,
  });
}
