// Chat-room attributes on SQLite (migration 0014). SQLite has one writer: a transaction's check of owners
// and of the key budget cannot be overtaken by another call.
import type { RoomAttributeStore } from '../../domain/ports/room-attributes.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

interface Row {
  key: string;
  value: string;
  owner: string;
}

export function sqliteRoomAttributeStore(db: SqliteDb, durable: Durability): RoomAttributeStore {
  const s = {
    one: db.prepare<[number, string, string], Row>(
      'SELECT key, value, owner FROM room_attributes WHERE app_id = ? AND room_id = ? AND key = ?',
    ),
    all: db.prepare<[number, string], Row>(
      'SELECT key, value, owner FROM room_attributes WHERE app_id = ? AND room_id = ? ORDER BY key',
    ),
    count: db.prepare<[number, string], { n: number }>(
      'SELECT COUNT(*) AS n FROM room_attributes WHERE app_id = ? AND room_id = ?',
    ),
    put: db.prepare<[number, string, string, string, string, number, number]>(
      `INSERT INTO room_attributes (app_id, room_id, key, value, owner, auto_delete, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (app_id, room_id, key) DO UPDATE SET value = excluded.value, owner = excluded.owner,
         auto_delete = excluded.auto_delete, updated_at = excluded.updated_at`,
    ),
    drop: db.prepare<[number, string, string]>(
      'DELETE FROM room_attributes WHERE app_id = ? AND room_id = ? AND key = ?',
    ),
    autoOf: db.prepare<[number, string, string], { key: string }>(
      'SELECT key FROM room_attributes WHERE app_id = ? AND room_id = ? AND owner = ? AND auto_delete = 1 ORDER BY key',
    ),
    dropAutoOf: db.prepare<[number, string, string]>(
      'DELETE FROM room_attributes WHERE app_id = ? AND room_id = ? AND owner = ? AND auto_delete = 1',
    ),
    dropRoom: db.prepare<[number, string]>('DELETE FROM room_attributes WHERE app_id = ? AND room_id = ?'),
  };

  const set = db.transaction((appId: number, roomId: string, w: Parameters<RoomAttributeStore['set']>[2]) => {
    const result = { written: [] as string[], notOwned: [] as string[], overLimit: [] as string[] };
    let count = s.count.get(appId, roomId)?.n ?? 0;
    for (const [key, value] of Object.entries(w.entries)) {
      const current = s.one.get(appId, roomId, key);
      if (current && current.owner !== w.owner && !w.forced) {
        result.notOwned.push(key);
        continue;
      }
      if (!current && count >= w.maxKeys) {
        result.overLimit.push(key);
        continue;
      }
      if (!current) count++;
      s.put.run(appId, roomId, key, value, w.owner, w.autoDelete ? 1 : 0, w.updatedAt);
      result.written.push(key);
    }
    return result;
  });

  const remove = db.transaction(
    (appId: number, roomId: string, keys: readonly string[], by: string, forced: boolean) => {
      const result = { removed: [] as string[], notOwned: [] as string[] };
      for (const key of new Set(keys)) {
        const current = s.one.get(appId, roomId, key);
        if (current && current.owner !== by && !forced) {
          result.notOwned.push(key);
          continue;
        }
        if (current) s.drop.run(appId, roomId, key);
        result.removed.push(key);
      }
      return result;
    },
  );

  const removeAuto = db.transaction((appId: number, roomId: string, owner: string) => {
    const keys = s.autoOf.all(appId, roomId, owner).map((r) => r.key);
    if (keys.length > 0) s.dropAutoOf.run(appId, roomId, owner);
    return keys;
  });

  return {
    set: (appId, roomId, write) => durable.after(set(appId, roomId, write)),
    remove: (appId, roomId, keys, by, forced) => durable.after(remove(appId, roomId, keys, by, forced)),
    get(appId, roomId, keys) {
      const out: Record<string, string> = {};
      if (keys && keys.length > 0) {
        for (const key of keys) {
          const row = s.one.get(appId, roomId, key);
          if (row) out[key] = row.value;
        }
      } else {
        for (const row of s.all.all(appId, roomId)) out[row.key] = row.value;
      }
      return Promise.resolve(out);
    },
    removeAutoDeleteOf: (appId, roomId, owner) => durable.after(removeAuto(appId, roomId, owner)),
    forgetRoom(appId, roomId) {
      s.dropRoom.run(appId, roomId);
      return durable.after(undefined);
    },
  };
}
