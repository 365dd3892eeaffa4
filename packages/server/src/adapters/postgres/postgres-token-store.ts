import type { TokenStore } from '../../domain/ports/storage.js';
import type { PgPool } from './postgres-database.js';

export function postgresTokenStore(pool: PgPool): TokenStore {
  return {
    async save(t) {
      await pool.query(
        'INSERT INTO tokens (token_hash, app_id, username, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
        [t.tokenHash, t.appId, t.username ?? null, t.createdAt, t.expiresAt],
      );
    },
    async find(tokenHash) {
      const { rows } = await pool.query<{
        token_hash: string;
        app_id: number;
        username: string | null;
        created_at: bigint;
        expires_at: bigint;
      }>('SELECT * FROM tokens WHERE token_hash = $1', [tokenHash]);
      const r = rows[0];
      return (
        r && {
          tokenHash: r.token_hash,
          appId: r.app_id,
          username: r.username ?? undefined,
          createdAt: Number(r.created_at),
          expiresAt: Number(r.expires_at),
        }
      );
    },
    async deleteForUser(appId, username) {
      const { rowCount } = await pool.query('DELETE FROM tokens WHERE app_id = $1 AND username = $2', [
        appId,
        username,
      ]);
      return rowCount ?? 0;
    },
  };
}
