import type { ServerMetaStore } from '../../domain/ports/storage.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

export function sqliteServerMetaStore(db: SqliteDb, durable: Durability): ServerMetaStore {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM server_meta WHERE key = ?');
  const put = db.prepare<[string, string]>(
    'INSERT INTO server_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  );
  return {
    get(key) {
      return Promise.resolve(get.get(key)?.value);
    },
    putIfAbsent(key, value) {
      return durable.after(put.run(key, value).changes === 1);
    },
  };
}
