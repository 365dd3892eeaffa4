// User attributes on SQLite (migration 0012): one JSON object per user.
import type { UserAttributeStore, UserAttributes } from '../../domain/ports/user-attributes.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

export function sqliteUserAttributeStore(db: SqliteDb, durable: Durability): UserAttributeStore {
  const get = db.prepare<[number, string], { username: string; attributes: string }>(
    `SELECT username, attributes FROM user_attributes
      WHERE app_id = ? AND username IN (SELECT value FROM json_each(?))`,
  );
  const upsert = db.prepare<[number, string, string, number, number]>(
    `INSERT INTO user_attributes (app_id, username, attributes, bytes, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (app_id, username) DO UPDATE SET attributes = excluded.attributes, bytes = excluded.bytes,
       updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[number, string]>(
    'DELETE FROM user_attributes WHERE app_id = ? AND username = ?',
  );
  const used = db.prepare<[number], { n: number | null }>(
    'SELECT SUM(bytes) AS n FROM user_attributes WHERE app_id = ?',
  );
  return {
    get(appId, usernames) {
      const out = new Map<string, UserAttributes>();
      if (usernames.length === 0) return Promise.resolve(out);
      for (const r of get.all(appId, JSON.stringify(usernames)))
        out.set(r.username, JSON.parse(r.attributes) as UserAttributes);
      return Promise.resolve(out);
    },
    put(appId, username, attributes, now) {
      if (Object.keys(attributes).length === 0) remove.run(appId, username);
      else {
        const json = JSON.stringify(attributes);
        upsert.run(appId, username, json, Buffer.byteLength(json), now);
      }
      return durable.after(undefined);
    },
    delete(appId, username) {
      return durable.after(remove.run(appId, username).changes > 0);
    },
    usedBytes(appId) {
      return Promise.resolve(used.get(appId)?.n ?? 0);
    },
  };
}
