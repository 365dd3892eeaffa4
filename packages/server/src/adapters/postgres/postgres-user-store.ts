import type { UserRecord, UserStore } from '../../domain/ports/storage.js';
import { isUniqueViolation, type PgPool } from './postgres-database.js';

interface UserRow {
  app_id: number;
  username: string;
  uuid: string;
  password_hash: string;
  nickname: string;
  activated: boolean;
  created_at: bigint;
  modified_at: bigint;
}

const toUser = (r: UserRow): UserRecord => ({
  appId: r.app_id,
  username: r.username,
  uuid: r.uuid,
  passwordHash: r.password_hash,
  nickname: r.nickname,
  activated: r.activated,
  createdAt: Number(r.created_at),
  modifiedAt: Number(r.modified_at),
});

export function postgresUserStore(pool: PgPool): UserStore {
  return {
    async create(u) {
      try {
        const { rowCount } = await pool.query(
          `INSERT INTO users (app_id, username, uuid, password_hash, nickname, activated, created_at, modified_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (app_id, username) DO NOTHING`,
          [u.appId, u.username, u.uuid, u.passwordHash, u.nickname, u.activated, u.createdAt, u.modifiedAt],
        );
        return rowCount === 1;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    },
    async find(appId, username) {
      const { rows } = await pool.query<UserRow>({
        name: 'confab_user',
        text: 'SELECT * FROM users WHERE app_id = $1 AND username = $2',
        values: [appId, username],
      });
      return rows[0] && toUser(rows[0]);
    },
    async findByUuid(appId, uuid) {
      const { rows } = await pool.query<UserRow>('SELECT * FROM users WHERE app_id = $1 AND uuid = $2', [
        appId,
        uuid,
      ]);
      return rows[0] && toUser(rows[0]);
    },
    async list(appId, limit, after) {
      const { rows } = await pool.query<UserRow>(
        'SELECT * FROM users WHERE app_id = $1 AND username COLLATE "C" > $2 ORDER BY username COLLATE "C" LIMIT $3',
        [appId, after ?? '', limit],
      );
      return rows.map(toUser);
    },
    async delete(appId, username) {
      const { rowCount } = await pool.query('DELETE FROM users WHERE app_id = $1 AND username = $2', [
        appId,
        username,
      ]);
      return rowCount === 1;
    },
    async setPassword(appId, username, passwordHash, modifiedAt) {
      const { rowCount } = await pool.query(
        'UPDATE users SET password_hash = $1, modified_at = $2 WHERE app_id = $3 AND username = $4',
        [passwordHash, modifiedAt, appId, username],
      );
      return rowCount === 1;
    },
    async setActivated(appId, username, activated, modifiedAt) {
      const { rowCount } = await pool.query(
        'UPDATE users SET activated = $1, modified_at = $2 WHERE app_id = $3 AND username = $4',
        [activated, modifiedAt, appId, username],
      );
      return rowCount === 1;
    },
    async setNickname(appId, username, nickname, modifiedAt) {
      const { rowCount } = await pool.query(
        'UPDATE users SET nickname = $1, modified_at = $2 WHERE app_id = $3 AND username = $4',
        [nickname, modifiedAt, appId, username],
      );
      return rowCount === 1;
    },
  };
}
