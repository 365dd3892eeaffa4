// Reads over the conversation logs: a message by id, with its recall state. (History pages are
// per-user views: ConversationStore.history.)
import { MessageType } from '@confab/protocol';
import type { MessageStore } from '../../domain/ports/storage.js';
import type { SqliteDb } from './sqlite-database.js';
import { toMessage, type MessageRow } from './sqlite-message-rows.js';

export function sqliteMessageHistory(
  db: SqliteDb,
): Pick<MessageStore, 'findById' | 'offlineCount' | 'deliveredTo' | 'listByIdRange'> {
  const offline = db.prepare<[number, string], { n: number | null }>(
    `SELECT SUM(c.last_seq - MAX(m.start_seq, COALESCE(
              (SELECT MAX(d.pos) FROM device_cursors d
                WHERE d.app_id = m.app_id AND d.owner = m.owner AND d.conversation_id = c.id), 0))) AS n
       FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
      WHERE m.app_id = ? AND m.owner = ?
        AND c.last_seq > MAX(m.start_seq, COALESCE(
              (SELECT MAX(d.pos) FROM device_cursors d
                WHERE d.app_id = m.app_id AND d.owner = m.owner AND d.conversation_id = c.id), 0))`,
  );
  const delivered = db.prepare<[string, number, bigint], { one: number }>(
    `SELECT 1 AS one FROM messages msg JOIN device_cursors d
        ON d.app_id = msg.app_id AND d.owner = ? AND d.conversation_id = msg.conversation_id
      WHERE msg.app_id = ? AND msg.id = ? AND d.pos >= msg.seq LIMIT 1`,
  );
  const range = db
    .prepare<[bigint, bigint, number, number], MessageRow>(
      'SELECT * FROM messages WHERE id >= ? AND id < ? AND app_id = ? ORDER BY id LIMIT ?',
    )
    .safeIntegers(true);
  const byId = db
    .prepare<[number, bigint], MessageRow & { conversation_id: bigint; recalled: bigint }>(
      `SELECT m.*, EXISTS (SELECT 1 FROM messages r
                            WHERE r.conversation_id = m.conversation_id AND r.ref_id = m.id
                              AND r.chat_type = ${MessageType.RECALL}) AS recalled
         FROM messages m WHERE m.app_id = ? AND m.id = ?`,
    )
    .safeIntegers(true);

  return {
    offlineCount(appId, owner) {
      return Promise.resolve(Number(offline.get(appId, owner)?.n ?? 0));
    },
    deliveredTo(appId, owner, messageId) {
      return Promise.resolve(delivered.get(owner, appId, messageId) !== undefined);
    },
    listByIdRange(appId, fromId, toId, limit) {
      return Promise.resolve(range.all(fromId, toId, appId, limit).map(toMessage));
    },
    findById(appId, id) {
      const row = byId.get(appId, id);
      return Promise.resolve(row && { message: toMessage(row), recalled: row.recalled !== 0n });
    },
  };
}
