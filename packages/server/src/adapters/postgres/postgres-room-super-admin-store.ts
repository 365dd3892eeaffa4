// Chat room super admins on PostgreSQL (migration 0013).
import type { RoomSuperAdminStore } from '../../domain/ports/room-super-admins.js';
import type { PgPool } from './postgres-database.js';

export function postgresRoomSuperAdminStore(pool: PgPool): RoomSuperAdminStore {
  return {
    async add(appId, username, createdAt) {
      const r = await pool.query(
        `INSERT INTO room_super_admins (app_id, username, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (app_id, username) DO NOTHING`,
        [appId, username, createdAt],
      );
      return (r.rowCount ?? 0) > 0;
    },
    async remove(appId, username) {
      const r = await pool.query('DELETE FROM room_super_admins WHERE app_id = $1 AND username = $2', [
        appId,
        username,
      ]);
      return (r.rowCount ?? 0) > 0;
    },
    async has(appId, username) {
      const { rows } = await pool.query(
        'SELECT 1 FROM room_super_admins WHERE app_id = $1 AND username = $2',
        [appId, username],
      );
      return rows.length > 0;
    },
    async list(appId, offset, limit) {
      const { rows } = await pool.query<{ username: string }>(
        `SELECT username FROM room_super_admins WHERE app_id = $1
          ORDER BY created_at DESC, username DESC LIMIT $2 OFFSET $3`,
        [appId, limit, offset],
      );
      return rows.map((r) => r.username);
    },
    async count(appId) {
      const { rows } = await pool.query<{ n: string }>(
        'SELECT COUNT(*) AS n FROM room_super_admins WHERE app_id = $1',
        [appId],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
