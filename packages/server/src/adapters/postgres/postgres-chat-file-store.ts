import type { ChatFileStore } from '../../domain/ports/chat-files.js';
import type { PgPool } from './postgres-database.js';

interface Row {
  uuid: string;
  app_id: number;
  owner: string;
  chat_type: string;
  chat_target: string;
  secret: string;
  filename: string;
  content_type: string;
  size: bigint;
  storage_key: string;
  created_at: bigint;
  expires_at: bigint;
}

export function postgresChatFileStore(pool: PgPool): ChatFileStore {
  return {
    async save(f) {
      await pool.query(
        `INSERT INTO chat_files (uuid, app_id, owner, chat_type, chat_target, secret, filename, content_type, size,
                                 storage_key, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          f.uuid,
          f.appId,
          f.owner,
          f.chatType,
          f.chatTarget,
          f.secret,
          f.filename,
          f.contentType,
          f.size,
          f.storageKey,
          f.createdAt,
          f.expiresAt,
        ],
      );
    },
    async find(appId, uuid) {
      const { rows } = await pool.query<Row>('SELECT * FROM chat_files WHERE app_id = $1 AND uuid = $2', [
        appId,
        uuid,
      ]);
      const r = rows[0];
      return (
        r && {
          uuid: r.uuid,
          appId: r.app_id,
          owner: r.owner,
          chatType: r.chat_type,
          chatTarget: r.chat_target,
          secret: r.secret,
          filename: r.filename,
          contentType: r.content_type,
          size: Number(r.size),
          storageKey: r.storage_key,
          createdAt: Number(r.created_at),
          expiresAt: Number(r.expires_at),
        }
      );
    },
  };
}
