import type { ServerMetaStore } from '../../domain/ports/storage.js';
import type { PgPool } from './postgres-database.js';

export function postgresServerMetaStore(pool: PgPool): ServerMetaStore {
  return {
    async get(key) {
      const { rows } = await pool.query<{ value: string }>('SELECT value FROM server_meta WHERE key = $1', [
        key,
      ]);
      return rows[0]?.value;
    },
    async putIfAbsent(key, value) {
      const { rowCount } = await pool.query(
        'INSERT INTO server_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
        [key, value],
      );
      return rowCount === 1;
    },
  };
}
