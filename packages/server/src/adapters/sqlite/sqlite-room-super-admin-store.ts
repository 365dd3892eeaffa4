// Chat room super admins on SQLite (migration 0013).
import type { RoomSuperAdminStore } from '../../domain/ports/room-super-admins.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

export function sqliteRoomSuperAdminStore(db: SqliteDb, durable: Durability): RoomSuperAdminStore {
  const s = {
    add: db.prepare<[{ appId: number; username: string; createdAt: number }]>(
      `INSERT INTO room_super_admins (app_id, username, created_at) VALUES (@appId, @username, @createdAt)
       ON CONFLICT (app_id, username) DO NOTHING`,
    ),
    remove: db.prepare<[{ appId: number; username: string }]>(
      'DELETE FROM room_super_admins WHERE app_id = @appId AND username = @username',
    ),
    has: db.prepare<[{ appId: number; username: string }], { n: number }>(
      'SELECT 1 AS n FROM room_super_admins WHERE app_id = @appId AND username = @username',
    ),
    list: db.prepare<[{ appId: number; offset: number; limit: number }], { username: string }>(
      `SELECT username FROM room_super_admins WHERE app_id = @appId
        ORDER BY created_at DESC, username DESC LIMIT @limit OFFSET @offset`,
    ),
    count: db.prepare<[{ appId: number }], { n: number }>(
      'SELECT COUNT(*) AS n FROM room_super_admins WHERE app_id = @appId',
    ),
  };
  return {
    add(appId, username, createdAt) {
      return durable.after(s.add.run({ appId, username, createdAt }).changes > 0);
    },
    remove(appId, username) {
      return durable.after(s.remove.run({ appId, username }).changes > 0);
    },
    has(appId, username) {
      return Promise.resolve(s.has.get({ appId, username }) !== undefined);
    },
    list(appId, offset, limit) {
      return Promise.resolve(s.list.all({ appId, offset, limit }).map((r) => r.username));
    },
    count(appId) {
      return Promise.resolve(s.count.get({ appId })?.n ?? 0);
    },
  };
}
