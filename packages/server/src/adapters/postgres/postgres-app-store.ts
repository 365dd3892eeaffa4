import type { AppRecord, AppSettings, AppStore } from '../../domain/ports/storage.js';
import type { PgPool } from './postgres-database.js';

interface AppRow {
  id: number;
  org: string;
  name: string;
  uuid: string;
  client_id: string;
  client_secret_hash: string;
  settings: AppSettings;
  created_at: bigint;
}

const toApp = (r: AppRow): AppRecord => ({
  id: r.id,
  org: r.org,
  name: r.name,
  uuid: r.uuid,
  clientId: r.client_id,
  clientSecretHash: r.client_secret_hash,
  settings: r.settings,
  createdAt: Number(r.created_at),
});

export function postgresAppStore(pool: PgPool): AppStore {
  return {
    async create(app) {
      const { rows } = await pool.query<{ id: number }>(
        `INSERT INTO apps (org, name, uuid, client_id, client_secret_hash, settings, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          app.org,
          app.name,
          app.uuid,
          app.clientId,
          app.clientSecretHash,
          JSON.stringify(app.settings),
          app.createdAt,
        ],
      );
      return { ...app, id: rows[0]!.id };
    },
    async findByName(org, name) {
      const { rows } = await pool.query<AppRow>('SELECT * FROM apps WHERE org = $1 AND name = $2', [
        org,
        name,
      ]);
      return rows[0] && toApp(rows[0]);
    },
    async findById(id) {
      const { rows } = await pool.query<AppRow>('SELECT * FROM apps WHERE id = $1', [id]);
      return rows[0] && toApp(rows[0]);
    },
    async count() {
      const { rows } = await pool.query<{ n: bigint }>('SELECT COUNT(*) AS n FROM apps');
      return Number(rows[0]?.n ?? 0);
    },
    async list() {
      const { rows } = await pool.query<AppRow>('SELECT * FROM apps ORDER BY id');
      return rows.map(toApp);
    },
    async updateSettings(id, settings) {
      const { rows } = await pool.query<AppRow>('UPDATE apps SET settings = $1 WHERE id = $2 RETURNING *', [
        JSON.stringify(settings),
        id,
      ]);
      return rows[0] && toApp(rows[0]);
    },
  };
}
