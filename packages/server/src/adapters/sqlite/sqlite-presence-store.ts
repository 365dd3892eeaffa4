// Presence subscriptions and published descriptions on SQLite (migration 0012).
import type { PresenceStore, PublishedPresence } from '../../domain/ports/presence.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

const IN = '(SELECT value FROM json_each(?))';

export function sqlitePresenceStore(db: SqliteDb, durable: Durability): PresenceStore {
  const upsert = db.prepare<[number, string, string, number]>(
    `INSERT INTO presence_subscriptions (app_id, subscriber, target, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (app_id, subscriber, target) DO UPDATE SET expires_at = excluded.expires_at`,
  );
  const subscribeAll = db.transaction(
    (appId: number, subscriber: string, targets: readonly string[], at: number) => {
      for (const t of targets) upsert.run(appId, subscriber, t, at);
    },
  );
  const remove = db.prepare<[number, string, string]>(
    `DELETE FROM presence_subscriptions WHERE app_id = ? AND subscriber = ? AND target IN ${IN}`,
  );
  const page = db.prepare<[number, string, number, number, number], { target: string; expires_at: number }>(
    `SELECT target, expires_at FROM presence_subscriptions
      WHERE app_id = ? AND subscriber = ? AND expires_at > ? ORDER BY target LIMIT ? OFFSET ?`,
  );
  const total = db.prepare<[number, string, number], { n: number }>(
    'SELECT COUNT(*) AS n FROM presence_subscriptions WHERE app_id = ? AND subscriber = ? AND expires_at > ?',
  );
  const expiries = db.prepare<[number, string, string, number], { target: string; expires_at: number }>(
    `SELECT target, expires_at FROM presence_subscriptions
      WHERE app_id = ? AND subscriber = ? AND target IN ${IN} AND expires_at > ?`,
  );
  const subscribers = db.prepare<[number, string, number], { subscriber: string; expires_at: number }>(
    'SELECT subscriber, expires_at FROM presence_subscriptions WHERE app_id = ? AND target = ? AND expires_at > ?',
  );
  const counts = db.prepare<[number, string, number, string], { target: string; n: number }>(
    `SELECT target, COUNT(*) AS n FROM presence_subscriptions
      WHERE app_id = ? AND target IN ${IN} AND expires_at > ? AND subscriber <> ? GROUP BY target`,
  );
  const publish = db.prepare<[number, string, string, number]>(
    `INSERT INTO presence_published (app_id, username, ext, published_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (app_id, username) DO UPDATE SET ext = excluded.ext, published_at = excluded.published_at`,
  );
  const published = db.prepare<[number, string], { username: string; ext: string; published_at: number }>(
    `SELECT username, ext, published_at FROM presence_published WHERE app_id = ? AND username IN ${IN}`,
  );
  return {
    subscribe(appId, subscriber, targets, expiresAt) {
      subscribeAll(appId, subscriber, targets, expiresAt);
      return durable.after(undefined);
    },
    unsubscribe(appId, subscriber, targets) {
      remove.run(appId, subscriber, JSON.stringify(targets));
      return durable.after(undefined);
    },
    subscriptions(appId, subscriber, now, offset, limit) {
      const items = page
        .all(appId, subscriber, now, limit, offset)
        .map((r) => ({ target: r.target, expiresAt: r.expires_at }));
      return Promise.resolve({ total: total.get(appId, subscriber, now)?.n ?? 0, items });
    },
    expiries(appId, subscriber, targets, now) {
      const rows = expiries.all(appId, subscriber, JSON.stringify(targets), now);
      return Promise.resolve(new Map(rows.map((r) => [r.target, r.expires_at])));
    },
    subscribers(appId, target, now) {
      return Promise.resolve(
        subscribers
          .all(appId, target, now)
          .map((r) => ({ subscriber: r.subscriber, expiresAt: r.expires_at })),
      );
    },
    subscriberCounts(appId, targets, now, except) {
      const out = new Map<string, number>();
      for (const r of counts.all(appId, JSON.stringify(targets), now, except)) out.set(r.target, r.n);
      return Promise.resolve(out);
    },
    publish(appId, username, ext, now) {
      publish.run(appId, username, ext, now);
      return durable.after(undefined);
    },
    published(appId, usernames) {
      const out = new Map<string, PublishedPresence>();
      for (const r of published.all(appId, JSON.stringify(usernames)))
        out.set(r.username, { ext: r.ext, publishedAt: r.published_at });
      return Promise.resolve(out);
    },
  };
}
