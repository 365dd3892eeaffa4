// Reads over the conversation logs on PostgreSQL; same semantics as sqlite-message-history.ts.
import { MessageType } from '@confab/protocol';
import type { MessageStore } from '../../domain/ports/storage.js';
import type { PgPool } from './postgres-database.js';
import { toMessage, type MessageRow } from './postgres-message-rows.js';

export function postgresMessageHistory(
  pool: PgPool,
): Pick<MessageStore, 'findById' | 'offlineCount' | 'deliveredTo' | 'listByIdRange'> {
  return {
    async offlineCount(appId, owner) {
      const { rows } = await pool.query<{ n: string | null }>(
        `SELECT SUM(c.last_seq - GREATEST(m.start_seq, COALESCE(x.pos, 0))) AS n
           FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
           LEFT JOIN LATERAL (SELECT MAX(d.pos) AS pos FROM device_cursors d
                               WHERE d.app_id = m.app_id AND d.owner = m.owner AND d.conversation_id = c.id) x
             ON true
          WHERE m.app_id = $1 AND m.owner = $2 AND c.last_seq > GREATEST(m.start_seq, COALESCE(x.pos, 0))`,
        [appId, owner],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async deliveredTo(appId, owner, messageId) {
      const { rows } = await pool.query(
        `SELECT 1 FROM messages msg JOIN device_cursors d
            ON d.app_id = msg.app_id AND d.owner = $1 AND d.conversation_id = msg.conversation_id
          WHERE msg.app_id = $2 AND msg.id = $3 AND d.pos >= msg.seq LIMIT 1`,
        [owner, appId, messageId],
      );
      return rows.length > 0;
    },
    async listByIdRange(appId, fromId, toId, limit) {
      const { rows } = await pool.query<MessageRow>(
        'SELECT * FROM messages WHERE id >= $1 AND id < $2 AND app_id = $3 ORDER BY id LIMIT $4',
        [fromId, toId, appId, limit],
      );
      return rows.map(toMessage);
    },
    async findById(appId, id) {
      const { rows } = await pool.query<MessageRow & { recalled: boolean }>(
        `SELECT m.*, EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = m.conversation_id
                               AND r.ref_id = m.id AND r.chat_type = ${MessageType.RECALL}) AS recalled
           FROM messages m WHERE m.app_id = $1 AND m.id = $2`,
        [appId, id],
      );
      const row = rows[0];
      return row && { message: toMessage(row), recalled: row.recalled };
    },
  };
}
