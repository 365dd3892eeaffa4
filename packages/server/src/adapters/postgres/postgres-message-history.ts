// Reads over the conversation logs on PostgreSQL; same semantics as sqlite-message-history.ts.
import { MessageType } from '@confab/protocol';
import type { MessageStore } from '../../domain/ports/storage.js';
import type { PgPool } from './postgres-database.js';
import { toMessage, type MessageRow } from './postgres-message-rows.js';

export function postgresMessageHistory(pool: PgPool): Pick<MessageStore, 'findById'> {
  return {
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
