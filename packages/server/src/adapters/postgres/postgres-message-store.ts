// Messages, conversations and cursors on PostgreSQL; same semantics as the SQLite adapter (one
// contract suite), with the conversation row lock ordering concurrent writers across nodes.
import type {
  AppendResult,
  DeviceRef,
  MessageStore,
  NewMessage,
  QueueBatch,
  StoredMessage,
} from '../../domain/ports/storage.js';
import { postgresMessageHistory } from './postgres-message-history.js';
import { inTransaction, isUniqueViolation, type PgClient, type PgPool } from './postgres-database.js';

export interface MessageRow {
  id: bigint;
  app_id: number;
  seq: bigint;
  sender: string;
  sender_resource: string;
  client_msg_id: string;
  recipient: string;
  chat_type: number;
  created_at: bigint;
  meta: Buffer;
  ref_id: bigint | null;
}

export const toMessage = (r: MessageRow): StoredMessage => ({
  id: r.id,
  appId: r.app_id,
  seq: r.seq,
  sender: r.sender,
  senderResource: r.sender_resource,
  clientMsgId: r.client_msg_id,
  recipient: r.recipient,
  chatType: r.chat_type,
  createdAt: Number(r.created_at),
  meta: r.meta,
  ...(r.ref_id === null ? {} : { refId: r.ref_id }),
});

const SCAN_CHUNK = 200;

const QUEUE_OF = `
  SELECT c.id AS conv, c.last_seq,
         COALESCE((SELECT pos FROM device_cursors d
                    WHERE d.app_id = m.app_id AND d.owner = m.owner AND d.resource = $3
                      AND d.conversation_id = c.id), 0) AS cursor
    FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
   WHERE m.app_id = $1 AND m.owner = $2 AND m.queue = $4`;

async function findByClientId(db: PgPool | PgClient, m: NewMessage): Promise<StoredMessage | undefined> {
  const { rows } = await db.query<MessageRow>(
    'SELECT * FROM messages WHERE app_id = $1 AND sender = $2 AND client_msg_id = $3',
    [m.appId, m.sender, m.clientMsgId],
  );
  return rows[0] && toMessage(rows[0]);
}

export function postgresMessageStore(pool: PgPool): MessageStore {
  const queueOf = async (d: DeviceRef, queue: string) => {
    const { rows } = await pool.query<{ conv: bigint; last_seq: bigint; cursor: bigint }>(QUEUE_OF, [
      d.appId,
      d.owner,
      d.resource,
      queue,
    ]);
    return rows[0];
  };

  return {
    ...postgresMessageHistory(pool),
    async append(message, target): Promise<AppendResult> {
      const existing = await findByClientId(pool, message);
      if (existing) return { message: existing, duplicate: true };
      try {
        return await inTransaction(pool, async (tx) => {
          await tx.query(
            'INSERT INTO conversations (app_id, key) VALUES ($1, $2) ON CONFLICT (app_id, key) DO NOTHING',
            [message.appId, target.key],
          );
          const { rows } = await tx.query<{ id: bigint; last_seq: bigint }>(
            'UPDATE conversations SET last_seq = last_seq + 1 WHERE app_id = $1 AND key = $2 RETURNING id, last_seq',
            [message.appId, target.key],
          );
          const conv = rows[0]!.id;
          const seq = rows[0]!.last_seq;
          for (const m of target.members) {
            await tx.query(
              `INSERT INTO conversation_members (app_id, owner, queue, conversation_id) VALUES ($1, $2, $3, $4)
               ON CONFLICT (app_id, owner, queue) DO NOTHING`,
              [message.appId, m.owner, m.queue, conv],
            );
          }
          await tx.query(
            `INSERT INTO messages (id, app_id, conversation_id, seq, sender, sender_resource, client_msg_id, recipient,
                                   chat_type, created_at, meta, ref_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
            [
              message.id,
              message.appId,
              conv,
              seq,
              message.sender,
              message.senderResource,
              message.clientMsgId,
              message.recipient,
              message.chatType,
              message.createdAt,
              Buffer.from(message.meta),
              message.refId ?? null,
            ],
          );
          // The sender's device (and user) cursor follows its own message when it had everything before.
          const follow = [message.appId, message.sender, conv, seq];
          await tx.query(
            `UPDATE device_cursors SET pos = $4
              WHERE app_id = $1 AND owner = $2 AND conversation_id = $3 AND resource = $5 AND pos = $4 - 1`,
            [...follow, message.senderResource],
          );
          await tx.query(
            'UPDATE user_cursors SET pos = $4 WHERE app_id = $1 AND owner = $2 AND conversation_id = $3 AND pos = $4 - 1',
            follow,
          );
          if (seq === 1n) {
            await tx.query(
              `INSERT INTO device_cursors (app_id, owner, conversation_id, pos, resource) VALUES ($1, $2, $3, $4, $5)
               ON CONFLICT DO NOTHING`,
              [...follow, message.senderResource],
            );
            await tx.query(
              'INSERT INTO user_cursors (app_id, owner, conversation_id, pos) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
              follow,
            );
          }
          return { message: { ...message, seq }, duplicate: false };
        });
      } catch (err) {
        // A concurrent resend of the same client id won the race: answer with its message.
        if (!isUniqueViolation(err)) throw err;
        const winner = await findByClientId(pool, message);
        if (!winner) throw err;
        return { message: winner, duplicate: true };
      }
    },

    async touchDevice(d, now) {
      await inTransaction(pool, async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO devices (app_id, owner, resource, first_seen, last_seen) VALUES ($1, $2, $3, $4, $4)
           ON CONFLICT (app_id, owner, resource) DO NOTHING`,
          [d.appId, d.owner, d.resource, now],
        );
        // Only a device seen for the first time inherits the user's cursors.
        if (inserted.rowCount === 1) {
          await tx.query(
            `INSERT INTO device_cursors (app_id, owner, resource, conversation_id, pos)
             SELECT app_id, owner, $3, conversation_id, pos FROM user_cursors WHERE app_id = $1 AND owner = $2
             ON CONFLICT DO NOTHING`,
            [d.appId, d.owner, d.resource],
          );
        } else {
          await tx.query(
            'UPDATE devices SET last_seen = $4 WHERE app_id = $1 AND owner = $2 AND resource = $3',
            [d.appId, d.owner, d.resource, now],
          );
        }
      });
    },

    async readQueue(d, queue, limit): Promise<QueueBatch> {
      const q = await queueOf(d, queue);
      const batch: QueueBatch = { items: [], scannedTo: q?.cursor ?? 0n };
      if (!q) return batch;
      const chunk = Math.max(limit, SCAN_CHUNK);
      for (;;) {
        const { rows } = await pool.query<{
          seq: bigint;
          sender: string;
          sender_resource: string;
          meta: Buffer;
        }>(
          'SELECT seq, sender, sender_resource, meta FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
          [q.conv, batch.scannedTo, chunk],
        );
        for (const r of rows) {
          if (batch.items.length === limit) return batch;
          batch.scannedTo = r.seq;
          if (r.sender === d.owner && r.sender_resource === d.resource) continue;
          batch.items.push({ pos: r.seq, meta: r.meta });
        }
        if (batch.items.length > 0 || rows.length < chunk) return batch;
      }
    },

    async ackQueue(d, queue, pos) {
      // Clamped to the conversation's end, never moved back; device then user cursor.
      const args = [d.appId, d.owner, queue, pos];
      await pool.query(
        `INSERT INTO device_cursors (app_id, owner, resource, conversation_id, pos)
         SELECT m.app_id, m.owner, $5, c.id, LEAST($4::bigint, c.last_seq)
           FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.app_id = $1 AND m.owner = $2 AND m.queue = $3 AND $4::bigint > 0
         ON CONFLICT (app_id, owner, resource, conversation_id)
         DO UPDATE SET pos = GREATEST(device_cursors.pos, excluded.pos)`,
        [...args, d.resource],
      );
      await pool.query(
        `INSERT INTO user_cursors (app_id, owner, conversation_id, pos)
         SELECT m.app_id, m.owner, c.id, LEAST($4::bigint, c.last_seq)
           FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
          WHERE m.app_id = $1 AND m.owner = $2 AND m.queue = $3 AND $4::bigint > 0
         ON CONFLICT (app_id, owner, conversation_id) DO UPDATE SET pos = GREATEST(user_cursors.pos, excluded.pos)`,
        args,
      );
    },

    async unreadQueues(d) {
      const { rows } = await pool.query<{ queue: string; n: bigint }>(
        `SELECT m.queue, c.last_seq - COALESCE(dc.pos, 0) AS n
           FROM conversation_members m
           JOIN conversations c ON c.id = m.conversation_id
           LEFT JOIN device_cursors dc
             ON dc.app_id = m.app_id AND dc.owner = m.owner AND dc.resource = $3 AND dc.conversation_id = c.id
          WHERE m.app_id = $1 AND m.owner = $2 AND c.last_seq > COALESCE(dc.pos, 0)`,
        [d.appId, d.owner, d.resource],
      );
      return rows.map((r) => ({ queue: r.queue, count: Number(r.n) }));
    },
  };
}
