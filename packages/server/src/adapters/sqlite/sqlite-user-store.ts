import type { UserRecord, UserStore } from '../../domain/ports/storage.js';
import type { SqliteDb } from './sqlite-database.js';
import { rememberBounded } from './bounded-cache.js';
import type { Durability } from './sqlite-durability.js';

interface UserRow {
  app_id: number;
  username: string;
  uuid: string;
  password_hash: string;
  nickname: string;
  activated: number;
  created_at: number;
  modified_at: number;
}

const toRecord = (r: UserRow): UserRecord => ({
  appId: r.app_id,
  username: r.username,
  uuid: r.uuid,
  passwordHash: r.password_hash,
  nickname: r.nickname,
  activated: r.activated === 1,
  createdAt: r.created_at,
  modifiedAt: r.modified_at,
});

/**
 * Users looked up by every send (the recipient must exist) are kept in memory: one SQLite file has one
 * server process, and every change to a user goes through this store, which drops the cached entry.
 */
const CACHED_USERS = 50_000;

export function sqliteUserStore(db: SqliteDb, durable: Durability): UserStore {
  const cache = new Map<string, UserRecord>();
  const keyOf = (appId: number, username: string) => `${appId}\u0000${username}`;
  const forget = <T>(appId: number, username: string, value: T): T => {
    cache.delete(keyOf(appId, username));
    return value;
  };
  const insert = db.prepare(
    `INSERT INTO users (app_id, username, uuid, password_hash, nickname, activated, created_at, modified_at)
     VALUES (@appId, @username, @uuid, @passwordHash, @nickname, @activated, @createdAt, @modifiedAt)
     ON CONFLICT (app_id, username) DO NOTHING`,
  );
  const find = db.prepare<[number, string], UserRow>('SELECT * FROM users WHERE app_id = ? AND username = ?');
  const byUuid = db.prepare<[number, string], UserRow>('SELECT * FROM users WHERE app_id = ? AND uuid = ?');
  const page = db.prepare<[number, string, number], UserRow>(
    'SELECT * FROM users WHERE app_id = ? AND username > ? ORDER BY username LIMIT ?',
  );
  const remove = db.prepare<[number, string]>('DELETE FROM users WHERE app_id = ? AND username = ?');
  const setPassword = db.prepare<[string, number, number, string]>(
    'UPDATE users SET password_hash = ?, modified_at = ? WHERE app_id = ? AND username = ?',
  );
  const setActivated = db.prepare<[number, number, number, string]>(
    'UPDATE users SET activated = ?, modified_at = ? WHERE app_id = ? AND username = ?',
  );
  const setNickname = db.prepare<[string, number, number, string]>(
    'UPDATE users SET nickname = ?, modified_at = ? WHERE app_id = ? AND username = ?',
  );
  return {
    create(user) {
      const info = insert.run({ ...user, activated: user.activated ? 1 : 0 });
      return durable.after(forget(user.appId, user.username, info.changes === 1));
    },
    find(appId, username) {
      const key = keyOf(appId, username);
      const hit = cache.get(key);
      if (hit) return Promise.resolve(hit);
      const row = find.get(appId, username);
      if (!row) return Promise.resolve(undefined);
      const record = toRecord(row);
      rememberBounded(cache, key, record, CACHED_USERS);
      return Promise.resolve(record);
    },
    findByUuid(appId, uuid) {
      const row = byUuid.get(appId, uuid);
      return Promise.resolve(row && toRecord(row));
    },
    list(appId, limit, after) {
      return Promise.resolve(page.all(appId, after ?? '', limit).map(toRecord));
    },
    delete(appId, username) {
      return durable.after(forget(appId, username, remove.run(appId, username).changes === 1));
    },
    setPassword(appId, username, passwordHash, modifiedAt) {
      const changed = setPassword.run(passwordHash, modifiedAt, appId, username).changes === 1;
      return durable.after(forget(appId, username, changed));
    },
    setActivated(appId, username, activated, modifiedAt) {
      const changed = setActivated.run(activated ? 1 : 0, modifiedAt, appId, username).changes === 1;
      return durable.after(forget(appId, username, changed));
    },
    setNickname(appId, username, nickname, modifiedAt) {
      const changed = setNickname.run(nickname, modifiedAt, appId, username).changes === 1;
      return durable.after(forget(appId, username, changed));
    },
  };
}
