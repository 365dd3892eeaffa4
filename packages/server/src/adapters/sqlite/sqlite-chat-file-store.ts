import type { ChatFileRecord, ChatFileStore } from '../../domain/ports/chat-files.js';
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
}

export function sqliteChatFileStore(db: SqliteDb, durable: Durability): ChatFileStore {
  const insert = db.prepare(
    `INSERT INTO chat_files (uuid, app_id, owner, chat_type, chat_target, secret, filename, content_type, size,
                             storage_key, created_at, expires_at)
     VALUES (@uuid, @appId, @owner, @chatType, @chatTarget, @secret, @filename, @contentType, @size,
             @storageKey, @createdAt, @expiresAt)`,
  );
  const find = db.prepare<[number, string], Row>('SELECT * FROM chat_files WHERE app_id = ? AND uuid = ?');
  return {
    save(file: ChatFileRecord) {
      insert.run(file);
      return durable.after(undefined);
    },
    find(appId, uuid) {
      const r = find.get(appId, uuid);
      return Promise.resolve(
        r && {
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
        },
      );
    },
  };
}
