// Presence subscriptions and published descriptions on PostgreSQL (migration 0012).
import type { PresenceStore, PublishedPresence } from '../../domain/ports/presence.js';
import type { PgPool } from './postgres-database.js';

export function postgresPresenceStore(pool: PgPool): PresenceStore {
  return {
    async subscribe(appId, subscriber, targets, expiresAt) {
      if (targets.length === 0) return;
      await pool.query(
        `INSERT INTO presence_subscriptions (app_id, subscriber, target, expires_at)
         SELECT $1, $2, t, $4 FROM unnest($3::text[]) AS t
         ON CONFLICT (app_id, subscriber, target) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
        [appId, subscriber, [...new Set(targets)], expiresAt],
      );
    },
    async unsubscribe(appId, subscriber, targets) {
      await pool.query(
        'DELETE FROM presence_subscriptions WHERE app_id = $1 AND subscriber = $2 AND target = ANY($3::text[])',
        [appId, subscriber, targets],
      );
    },
    async subscriptions(appId, subscriber, now, offset, limit) {
      const [page, count] = await Promise.all([
        pool.query<{ target: string; expires_at: string }>(
          `SELECT target, expires_at FROM presence_subscriptions
            WHERE app_id = $1 AND subscriber = $2 AND expires_at > $3
            ORDER BY target COLLATE "C" LIMIT $4 OFFSET $5`,
          [appId, subscriber, now, limit, offset],
        ),
        pool.query<{ n: string }>(
          `SELECT COUNT(*)::text AS n FROM presence_subscriptions
            WHERE app_id = $1 AND subscriber = $2 AND expires_at > $3`,
          [appId, subscriber, now],
        ),
      ]);
      return {
        total: Number(count.rows[0]?.n ?? 0),
        items: page.rows.map((r) => ({ target: r.target, expiresAt: Number(r.expires_at) })),
      };
    },
    async expiries(appId, subscriber, targets, now) {
      const { rows } = await pool.query<{ target: string; expires_at: string }>(
        `SELECT target, expires_at FROM presence_subscriptions
          WHERE app_id = $1 AND subscriber = $2 AND target = ANY($3::text[]) AND expires_at > $4`,
        [appId, subscriber, targets, now],
      );
      return new Map(rows.map((r) => [r.target, Number(r.expires_at)]));
    },
    async subscribers(appId, target, now) {
      const { rows } = await pool.query<{ subscriber: string; expires_at: string }>(
        'SELECT subscriber, expires_at FROM presence_subscriptions WHERE app_id = $1 AND target = $2 AND expires_at > $3',
        [appId, target, now],
      );
      return rows.map((r) => ({ subscriber: r.subscriber, expiresAt: Number(r.expires_at) }));
    },
    async subscriberCounts(appId, targets, now, except) {
      const { rows } = await pool.query<{ target: string; n: string }>(
        `SELECT target, COUNT(*)::text AS n FROM presence_subscriptions
          WHERE app_id = $1 AND target = ANY($2::text[]) AND expires_at > $3 AND subscriber <> $4
          GROUP BY target`,
        [appId, targets, now, except],
      );
      return new Map(rows.map((r) => [r.target, Number(r.n)]));
    },
    async publish(appId, username, ext, now) {
      await pool.query(
        `INSERT INTO presence_published (app_id, username, ext, published_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (app_id, username) DO UPDATE SET ext = EXCLUDED.ext, published_at = EXCLUDED.published_at`,
        [appId, username, ext, now],
      );
    },
    async published(appId, usernames) {
      const out = new Map<string, PublishedPresence>();
      if (usernames.length === 0) return out;
      const { rows } = await pool.query<{ username: string; ext: string; published_at: string }>(
        'SELECT username, ext, published_at FROM presence_published WHERE app_id = $1 AND username = ANY($2::text[])',
        [appId, usernames],
      );
      for (const r of rows) out.set(r.username, { ext: r.ext, publishedAt: Number(r.published_at) });
      return out;
    },
  };
}
