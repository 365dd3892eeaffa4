// Apps, users and tokens on PostgreSQL.
import type {
  AppRecord,
  AppSettings,
  AppStore,
  ServerMetaStore,
  TokenStore,
  UserRecord,
  UserStore,
} from '../../domain/ports/storage.js';
import { isUniqueViolation, type PgPool } from './postgres-database.js';

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
  };
}

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
  };
}

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
