// User attributes on PostgreSQL (migration 0012): one JSON object per user.
import type { UserAttributeStore, UserAttributes } from '../../domain/ports/user-attributes.js';
import type { PgPool } from './postgres-database.js';

export function postgresUserAttributeStore(pool: PgPool): UserAttributeStore {
  return {
    async get(appId, usernames) {
      const out = new Map<string, UserAttributes>();
      if (usernames.length === 0) return out;
      const { rows } = await pool.query<{ username: string; attributes: string }>(
        'SELECT username, attributes FROM user_attributes WHERE app_id = $1 AND username = ANY($2::text[])',
        [appId, usernames],
      );
      for (const r of rows) out.set(r.username, JSON.parse(r.attributes) as UserAttributes);
      return out;
    },
    async put(appId, username, attributes, now) {
      if (Object.keys(attributes).length === 0) {
        await pool.query('DELETE FROM user_attributes WHERE app_id = $1 AND username = $2', [
          appId,
          username,
        ]);
        return;
      }
      const json = JSON.stringify(attributes);
      await pool.query(
        `INSERT INTO user_attributes (app_id, username, attributes, bytes, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (app_id, username) DO UPDATE SET attributes = EXCLUDED.attributes, bytes = EXCLUDED.bytes,
           updated_at = EXCLUDED.updated_at`,
        [appId, username, json, Buffer.byteLength(json), now],
      );
    },
    async delete(appId, username) {
      const { rowCount } = await pool.query(
        'DELETE FROM user_attributes WHERE app_id = $1 AND username = $2',
        [appId, username],
      );
      return (rowCount ?? 0) > 0;
    },
    async usedBytes(appId) {
      const { rows } = await pool.query<{ n: string | null }>(
        'SELECT SUM(bytes)::text AS n FROM user_attributes WHERE app_id = $1',
        [appId],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
