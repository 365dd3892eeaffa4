// Presence: what users published about themselves (a description, `ext`) and who subscribed to whose
// presence until when. Subscriptions are indexed by target, so a login (or a publish) finds the users to
// tell in one lookup whatever the app's size; expired subscriptions are ignored by every read.

export interface PresenceSubscription {
  /** The user whose presence is followed. */
  target: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

export interface PublishedPresence {
  /** The description of the last publish ("" when cleared). */
  ext: string;
  /** When it was published, ms since the epoch. */
  publishedAt: number;
}

export interface PresenceStore {
  /** Records (or renews: the new expiry replaces the old) `subscriber`'s subscriptions to `targets`. */
  subscribe(appId: number, subscriber: string, targets: readonly string[], expiresAt: number): Promise<void>;
  /** Ends `subscriber`'s subscriptions to `targets` (unknown ones are ignored). */
  unsubscribe(appId: number, subscriber: string, targets: readonly string[]): Promise<void>;
  /** `subscriber`'s live subscriptions (expiry after `now`) in target order: `offset`, at most `limit`, and how many in all. */
  subscriptions(
    appId: number,
    subscriber: string,
    now: number,
    offset: number,
    limit: number,
  ): Promise<{ total: number; items: PresenceSubscription[] }>;
  /** `subscriber`'s live subscriptions among `targets`: target → expiry (ms). */
  expiries(
    appId: number,
    subscriber: string,
    targets: readonly string[],
    now: number,
  ): Promise<Map<string, number>>;
  /** The users with a live subscription to `target` (by the target index), with its expiry. */
  subscribers(
    appId: number,
    target: string,
    now: number,
  ): Promise<{ subscriber: string; expiresAt: number }[]>;
  /** How many of `targets`' live subscribers are other users than `except`, per target (the per-target cap). */
  subscriberCounts(
    appId: number,
    targets: readonly string[],
    now: number,
    except: string,
  ): Promise<Map<string, number>>;
  /** Stores the user's description (replacing the previous one). */
  publish(appId: number, username: string, ext: string, now: number): Promise<void>;
  /** The last publish of each named user who ever published. */
  published(appId: number, usernames: readonly string[]): Promise<Map<string, PublishedPresence>>;
}
