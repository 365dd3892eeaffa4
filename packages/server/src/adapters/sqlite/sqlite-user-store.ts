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
  return {
    create(user) {
      const info = insert.run({ ...user, activated: user.activated ? 1 : 0 });
      return Promise.resolve(info.changes === 1);
    },
    find(appId, username) {
      const row = find.get(appId, username);
      return Promise.resolve(row && toRecord(row));
    },
  };
}
