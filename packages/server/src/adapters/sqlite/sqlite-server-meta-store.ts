import type { ServerMetaStore } from '../../domain/ports/storage.js';
import type { SqliteDb } from './sqlite-database.js';

export function sqliteServerMetaStore(db: SqliteDb): ServerMetaStore {
  const get = db.prepare<[string], { value: string }>('SELECT value FROM server_meta WHERE key = ?');
  const put = db.prepare<[string, string]>(
    'INSERT INTO server_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
  );
  return {
    get(key) {
      return Promise.resolve(get.get(key)?.value);
    },
    putIfAbsent(key, value) {
      return Promise.resolve(put.run(key, value).changes === 1);
    },
  };
}
