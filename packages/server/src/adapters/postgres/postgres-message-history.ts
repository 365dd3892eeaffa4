// Reads over the conversation logs on PostgreSQL; same semantics as sqlite-message-history.ts.
import type { HistoryQuery, MessageStore, StoredMessage } from '../../domain/ports/storage.js';
import type { PgPool } from './postgres-database.js';
import { toMessage, type MessageRow } from './postgres-message-store.js';

const RECALL = 6;
const VISIBLE = `m.conversation_id = $1 AND m.chat_type IN (1, 2, 3)
  AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = m.conversation_id
                    AND r.ref_id = m.id AND r.chat_type = ${RECALL})`;

export function postgresMessageHistory(pool: PgPool): Pick<MessageStore, 'findById' | 'history'> {
  return {
    async findById(appId, id) {
      const { rows } = await pool.query<MessageRow & { recalled: boolean }>(
        `SELECT m.*, EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = m.conversation_id
                               AND r.ref_id = m.id AND r.chat_type = ${RECALL}) AS recalled
           FROM messages m WHERE m.app_id = $1 AND m.id = $2`,
        [appId, id],
      );
      const row = rows[0];
      return row && { message: toMessage(row), recalled: row.recalled };
    },
    async history(appId, key, query: HistoryQuery): Promise<StoredMessage[]> {
      const conv = await pool.query<{ id: bigint; last_seq: bigint }>(
        'SELECT id, last_seq FROM conversations WHERE app_id = $1 AND key = $2',
        [appId, key],
      );
      const c = conv.rows[0];
      if (!c) return [];
      let seq = query.direction === 'up' ? c.last_seq + 1n : 0n;
      if (query.from !== undefined) {
        const at = await pool.query<{ seq: bigint }>(
          'SELECT seq FROM messages WHERE conversation_id = $1 AND id = $2',
          [c.id, query.from],
        );
        if (!at.rows[0]) return [];
        seq = at.rows[0].seq;
      }
      const sql =
        query.direction === 'up'
          ? `SELECT m.* FROM messages m WHERE ${VISIBLE} AND m.seq < $2 ORDER BY m.seq DESC LIMIT $3`
          : `SELECT m.* FROM messages m WHERE ${VISIBLE} AND m.seq > $2 ORDER BY m.seq ASC LIMIT $3`;
      const { rows } = await pool.query<MessageRow>(sql, [c.id, seq, query.limit]);
      return rows.map(toMessage);
    },
  };
}
