import type { UserRecord, UserStore } from '../../domain/ports/storage.js';
import type { SqliteDb } from './sqlite-database.js';

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

export function sqliteUserStore(db: SqliteDb): UserStore {
  const insert = db.prepare(
    `INSERT INTO users (app_id, username, uuid, password_hash, nickname, activated, created_at, modified_at)
     VALUES (@appId, @username, @uuid, @passwordHash, @nickname, @activated, @createdAt, @modifiedAt)
     ON CONFLICT (app_id, username) DO NOTHING`,
  );
  const find = db.prepare<[number, string], UserRow>('SELECT * FROM users WHERE app_id = ? AND username = ?');
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
  return {
    create(user) {
      const info = insert.run({ ...user, activated: user.activated ? 1 : 0 });
      return Promise.resolve(info.changes === 1);
    },
    find(appId, username) {
      const row = find.get(appId, username);
      return Promise.resolve(row && toRecord(row));
    },
    list(appId, limit, after) {
      return Promise.resolve(page.all(appId, after ?? '', limit).map(toRecord));
    },
    delete(appId, username) {
      return Promise.resolve(remove.run(appId, username).changes === 1);
    },
    setPassword(appId, username, passwordHash, modifiedAt) {
      return Promise.resolve(setPassword.run(passwordHash, modifiedAt, appId, username).changes === 1);
    },
    setActivated(appId, username, activated, modifiedAt) {
      return Promise.resolve(setActivated.run(activated ? 1 : 0, modifiedAt, appId, username).changes === 1);
    },
  };
}
