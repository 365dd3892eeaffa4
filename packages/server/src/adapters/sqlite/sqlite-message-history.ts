// Reads over the conversation logs: a message by id (with its recall state) and history pages.
// History holds chat messages only (not acks, recalls or edits) and leaves recalled ones out.
import type { HistoryQuery, MessageStore, StoredMessage } from '../../domain/ports/storage.js';
import type { SqliteDb } from './sqlite-database.js';
import { toMessage, type MessageRow } from './sqlite-message-store.js';

/** MessageBody types that are chat messages (CHAT, GROUPCHAT, CHATROOM). */
const CHAT_TYPES = '(1, 2, 3)';
/** MessageBody.Type RECALL. */
const RECALL = 6;

export function sqliteMessageHistory(db: SqliteDb): Pick<MessageStore, 'findById' | 'history'> {
  const byId = db
    .prepare<[number, bigint], MessageRow & { conversation_id: bigint; recalled: bigint }>(
      `SELECT m.*, EXISTS (SELECT 1 FROM messages r
                            WHERE r.conversation_id = m.conversation_id AND r.ref_id = m.id
                              AND r.chat_type = ${RECALL}) AS recalled
         FROM messages m WHERE m.app_id = ? AND m.id = ?`,
    )
    .safeIntegers(true);
  const conversation = db
    .prepare<[number, string], { id: bigint; last_seq: bigint }>(
      'SELECT id, last_seq FROM conversations WHERE app_id = ? AND key = ?',
    )
    .safeIntegers(true);
  const seqOf = db
    .prepare<[bigint, bigint], { seq: bigint }>(
      'SELECT seq FROM messages WHERE conversation_id = ? AND id = ?',
    )
    .safeIntegers(true);
  const visible = `m.conversation_id = @conv AND m.chat_type IN ${CHAT_TYPES}
      AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = m.conversation_id
                        AND r.ref_id = m.id AND r.chat_type = ${RECALL})`;
  const older = db
    .prepare<[{ conv: bigint; seq: bigint; limit: number }], MessageRow>(
      `SELECT m.* FROM messages m WHERE ${visible} AND m.seq < @seq ORDER BY m.seq DESC LIMIT @limit`,
    )
    .safeIntegers(true);
  const newer = db
    .prepare<[{ conv: bigint; seq: bigint; limit: number }], MessageRow>(
      `SELECT m.* FROM messages m WHERE ${visible} AND m.seq > @seq ORDER BY m.seq ASC LIMIT @limit`,
    )
    .safeIntegers(true);

  return {
    findById(appId, id) {
      const row = byId.get(appId, id);
      return Promise.resolve(row && { message: toMessage(row), recalled: row.recalled !== 0n });
    },
    history(appId, key, query: HistoryQuery): Promise<StoredMessage[]> {
      const conv = conversation.get(appId, key);
      if (!conv) return Promise.resolve([]);
      let seq = query.direction === 'up' ? conv.last_seq + 1n : 0n;
      if (query.from !== undefined) {
        const at = seqOf.get(conv.id, query.from);
        if (!at) return Promise.resolve([]);
        seq = at.seq;
      }
      const stmt = query.direction === 'up' ? older : newer;
      return Promise.resolve(stmt.all({ conv: conv.id, seq, limit: query.limit }).map(toMessage));
    },
  };
}
