import type { AppRecord, AppSettings, AppStore, NewApp } from '../../domain/ports/storage.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

interface AppRow {
  id: number;
  org: string;
  name: string;
  uuid: string;
  client_id: string;
  client_secret_hash: string;
  settings: string;
  created_at: number;
}

const toRecord = (r: AppRow): AppRecord => ({
  id: r.id,
  org: r.org,
  name: r.name,
  uuid: r.uuid,
  clientId: r.client_id,
  clientSecretHash: r.client_secret_hash,
  settings: JSON.parse(r.settings) as AppSettings,
  createdAt: r.created_at,
});

export function sqliteAppStore(db: SqliteDb, durable: Durability): AppStore {
  const insert = db.prepare(
    `INSERT INTO apps (org, name, uuid, client_id, client_secret_hash, settings, created_at)
     VALUES (@org, @name, @uuid, @clientId, @clientSecretHash, @settings, @createdAt)`,
  );
  const byName = db.prepare<[string, string], AppRow>('SELECT * FROM apps WHERE org = ? AND name = ?');
  const byId = db.prepare<[number], AppRow>('SELECT * FROM apps WHERE id = ?');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM apps');
  const all = db.prepare<[], AppRow>('SELECT * FROM apps ORDER BY id');
  const setSettings = db.prepare<[string, number]>('UPDATE apps SET settings = ? WHERE id = ?');
  return {
    create(app: NewApp) {
      const info = insert.run({ ...app, settings: JSON.stringify(app.settings) });
      return durable.after({ ...app, id: Number(info.lastInsertRowid) });
    },
    findByName(org, name) {
      const row = byName.get(org, name);
      return Promise.resolve(row && toRecord(row));
    },
    findById(id) {
      const row = byId.get(id);
      return Promise.resolve(row && toRecord(row));
    },
    count() {
      return Promise.resolve(count.get()?.n ?? 0);
    },
    list() {
      return Promise.resolve(all.all().map(toRecord));
    },
    updateSettings(id, settings) {
      if (setSettings.run(JSON.stringify(settings), id).changes === 0) return Promise.resolve(undefined);
      const row = byId.get(id);
      return durable.after(row && toRecord(row));
    },
  };
}
