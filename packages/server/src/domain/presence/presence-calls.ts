// The presence calls of a user (REST spec §1.4 #54–58, §3): publish a description, subscribe with an
// expiry, unsubscribe, list one's subscriptions, read others' presence. Limits in presence-limits.ts.
import { ConfabError, ErrorCode } from '@confab/protocol';
import { announcePresence, type PresenceDeps } from './announce-presence.js';
import {
  MAX_PRESENCE_EXPIRY_SECONDS,
  MAX_PRESENCE_EXT_BYTES,
  MAX_PRESENCE_SUBSCRIBERS,
  MAX_PRESENCE_USERS_PER_CALL,
} from './presence-limits.js';
import { presenceOf, type PresenceValue } from './presence-view.js';

const bad = (message: string) => new ConfabError(ErrorCode.REQUEST_PARAMETER_ERROR, message);

/** 1..100 distinct user ids (strings), else 400. */
export function presenceUsers(raw: unknown): string[] {
  if (!Array.isArray(raw) || raw.length === 0) throw bad('usernames must be a non-empty array');
  if (raw.some((u) => typeof u !== 'string' || u === '')) throw bad('usernames must be user ids');
  const users = [...new Set(raw as string[])];
  if (users.length > MAX_PRESENCE_USERS_PER_CALL)
    throw bad(`at most ${MAX_PRESENCE_USERS_PER_CALL} users per request`);
  return users;
}

/** publishPresence: stores the description (≤1,024 bytes, else 1100) and tells the subscribers. */
export async function publishPresence(
  deps: PresenceDeps,
  appId: number,
  username: string,
  ext: unknown,
): Promise<void> {
  const text = ext === undefined || ext === null ? '' : ext;
  if (typeof text !== 'string') throw bad('ext must be a string');
  if (Buffer.byteLength(text) > MAX_PRESENCE_EXT_BYTES)
    throw new ConfabError(ErrorCode.PRESENCE_PARAM_EXCEED, 'ext is too big ');
  await deps.storage.presence.publish(appId, username, text, deps.clock.now());
  await announcePresence(deps, appId, username);
}

/**
 * subscribePresence: follows `targets` for `expirySeconds` (1..2,592,000) and answers their presence now.
 * A target already followed by 3,000 others refuses the whole call (50), as nothing is half done.
 */
export async function subscribePresence(
  deps: PresenceDeps,
  appId: number,
  subscriber: string,
  targets: string[],
  expirySeconds: number,
): Promise<PresenceValue[]> {
  if (!Number.isInteger(expirySeconds) || expirySeconds < 1 || expirySeconds > MAX_PRESENCE_EXPIRY_SECONDS)
    throw bad(`expiry must be 1..${MAX_PRESENCE_EXPIRY_SECONDS} seconds`);
  const now = deps.clock.now();
  const counts = await deps.storage.presence.subscriberCounts(appId, targets, now, subscriber);
  const full = targets.filter((t) => (counts.get(t) ?? 0) >= MAX_PRESENCE_SUBSCRIBERS);
  if (full.length > 0)
    throw new ConfabError(
      ErrorCode.MAX_LIMIT,
      `${full.join(',')} already has ${MAX_PRESENCE_SUBSCRIBERS} presence subscribers`,
    );
  const expiresAt = now + expirySeconds * 1000;
  await deps.storage.presence.subscribe(appId, subscriber, targets, expiresAt);
  return presenceOf(deps, appId, targets, () => expiresAt);
}

export async function unsubscribePresence(
  deps: PresenceDeps,
  appId: number,
  subscriber: string,
  targets: string[],
): Promise<void> {
  await deps.storage.presence.unsubscribe(appId, subscriber, targets);
}

/** getSubscribedPresenceList: pages are 1-based (`pageNum` 0 reads as 1). */
export async function subscribedPresenceList(
  deps: PresenceDeps,
  appId: number,
  subscriber: string,
  pageNum: number,
  pageSize: number,
): Promise<{ totalnum: number; sublist: { uid: string; expiry: number }[] }> {
  const offset = (Math.max(1, pageNum) - 1) * pageSize;
  const page = await deps.storage.presence.subscriptions(
    appId,
    subscriber,
    deps.clock.now(),
    offset,
    pageSize,
  );
  return {
    totalnum: page.total,
    sublist: page.items.map((s) => ({ uid: s.target, expiry: Math.floor(s.expiresAt / 1000) })),
  };
}

/** getPresenceStatus: anyone's presence, subscribed or not (expiry 0 where the asker has no subscription). */
export async function presenceStatus(
  deps: PresenceDeps,
  appId: number,
  asker: string,
  targets: string[],
): Promise<PresenceValue[]> {
  const expiry = await deps.storage.presence.expiries(appId, asker, targets, deps.clock.now());
  return presenceOf(deps, appId, targets, (u) => expiry.get(u) ?? 0);
}
