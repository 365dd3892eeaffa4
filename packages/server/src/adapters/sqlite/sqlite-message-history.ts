// Reads over the conversation logs: a message by id, with its recall state. (History pages are
// per-user views: ConversationStore.history.)
import { MessageType } from '@confab/protocol';
import type { MessageStore } from '../../domain/ports/storage.js';
import type { SqliteDb } from './sqlite-database.js';
import { toMessage, type MessageRow } from './sqlite-message-rows.js';

export function sqliteMessageHistory(db: SqliteDb): Pick<MessageStore, 'findById'> {
  const byId = db
    .prepare<[number, bigint], MessageRow & { conversation_id: bigint; recalled: bigint }>(
      `SELECT m.*, EXISTS (SELECT 1 FROM messages r
                            WHERE r.conversation_id = m.conversation_id AND r.ref_id = m.id
                              AND r.chat_type = ${MessageType.RECALL}) AS recalled
         FROM messages m WHERE m.app_id = ? AND m.id = ?`,
    )
    .safeIntegers(true);

  return {
    findById(appId, id) {
      const row = byId.get(appId, id);
      return Promise.resolve(row && { message: toMessage(row), recalled: row.recalled !== 0n });
    },
  };
}
