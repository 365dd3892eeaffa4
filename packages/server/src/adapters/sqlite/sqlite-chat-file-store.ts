import type { ChatFileRecord, ChatFileStore, SaveOutcome } from '../../domain/ports/chat-files.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

interface Row {
  uuid: string;
  app_id: number;
  owner: string;
  chat_type: string;
  chat_target: string;
  secret: string;
  filename: string;
  content_type: string;
  size: number;
  storage_key: string;
  created_at: number;
  expires_at: number;
  holder: number;
}

const record = (r: Row): ChatFileRecord => ({
  uuid: r.uuid,
  appId: r.app_id,
  owner: r.owner,
  chatType: r.chat_type,
  chatTarget: r.chat_target,
  secret: r.secret,
  filename: r.filename,
  contentType: r.content_type,
  size: r.size,
  storageKey: r.storage_key,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  holder: r.holder,
});

export function sqliteChatFileStore(db: SqliteDb, durable: Durability): ChatFileStore {
  const insert = db.prepare(
    `INSERT INTO chat_files (uuid, app_id, owner, chat_type, chat_target, secret, filename, content_type, size,
                             storage_key, created_at, expires_at, holder)
     VALUES (@uuid, @appId, @owner, @chatType, @chatTarget, @secret, @filename, @contentType, @size,
             @storageKey, @createdAt, @expiresAt, @holder)`,
  );
  const find = db.prepare<[number, string], Row>('SELECT * FROM chat_files WHERE app_id = ? AND uuid = ?');
  const ownerUsage = db.prepare<[number, string, number], { used: number }>(
    'SELECT COALESCE(SUM(size), 0) AS used FROM chat_files WHERE app_id = ? AND owner = ? AND expires_at > ?',
  );
  const appUsage = db.prepare<[number, number], { used: number }>(
    'SELECT COALESCE(SUM(size), 0) AS used FROM chat_files WHERE app_id = ? AND expires_at > ?',
  );
  // One SQLite file has one server: every expired file's bytes are in its data directory (holder unused).
  const expired = db.prepare<[number, number], Row>(
    'SELECT * FROM chat_files WHERE expires_at <= ? ORDER BY expires_at LIMIT ?',
  );
  const usage = (appId: number, owner: string | undefined, now: number) =>
    owner === undefined ? appUsage.get(appId, now)!.used : ownerUsage.get(appId, owner, now)!.used;
  // Synchronous, so the sums and the insert are one step: no other upload can save in between.
  const saveWithin = db.transaction((file: ChatFileRecord, perOwner: number, perApp: number): SaveOutcome => {
    if (perOwner > 0 && usage(file.appId, file.owner, file.createdAt) + file.size > perOwner)
      return 'owner-quota';
    if (perApp > 0 && usage(file.appId, undefined, file.createdAt) + file.size > perApp) return 'app-quota';
    insert.run(file);
    return 'saved';
  });
  const removeOne = db.prepare<[string]>('DELETE FROM chat_files WHERE uuid = ?');
  const removeAll = db.transaction((uuids: readonly string[]) => {
    for (const uuid of uuids) removeOne.run(uuid);
  });
  return {
    save(file, quota) {
      const outcome = saveWithin(file, quota?.perOwnerBytes ?? 0, quota?.perAppBytes ?? 0);
      return outcome === 'saved' ? durable.after(outcome) : Promise.resolve(outcome);
    },
    find(appId, uuid) {
      const r = find.get(appId, uuid);
      return Promise.resolve(r && record(r));
    },
    usage(appId, owner, now) {
      return Promise.resolve(usage(appId, owner, now));
    },
    expired(now, limit) {
      return Promise.resolve(expired.all(now, limit).map(record));
    },
    remove(uuids) {
      if (uuids.length === 0) return Promise.resolve();
      removeAll(uuids);
      return durable.after(undefined);
    },
  };
}
