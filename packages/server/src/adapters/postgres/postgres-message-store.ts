// Messages, conversations and cursors on PostgreSQL; same semantics as the SQLite adapter (one
// contract suite), with the conversation row lock ordering concurrent writers across nodes.
import type {
  AppendResult,
  ConversationTarget,
  DeviceRef,
  MessageStore,
  NewMessage,
  QueueBatch,
  StoredMessage,
} from '../../domain/ports/storage.js';
import { postgresMessageHistory } from './postgres-message-history.js';
import { inTransaction, type PgClient, type PgPool } from './postgres-database.js';
import { postgresGroupCommit } from './postgres-group-commit.js';
import { toMessage, type MessageRow } from './postgres-message-rows.js';

const SCAN_CHUNK = 200;

interface ScanRow {
  seq: bigint | null;
  sender: string | null;
  sender_resource: string | null;
  meta: Buffer | null;
  online_only: boolean | null;
  created_at: bigint | null;
}

const ACK = `
  INSERT INTO device_cursors (app_id, owner, resource, conversation_id, pos)
  SELECT m.app_id, m.owner, $5, c.id, LEAST($4::bigint, c.last_seq)
    FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
   WHERE m.app_id = $1 AND m.owner = $2 AND m.queue = $3
  ON CONFLICT (app_id, owner, resource, conversation_id) DO UPDATE SET pos = GREATEST(device_cursors.pos, excluded.pos)`;

/**
 * The acknowledgements of one event-loop turn in one statement: per device and conversation the highest
 * position (clamped to the log's end), rows taken in key order so that batches of two nodes touching
 * one user's cursors lock them in the same order.
 */
const ACK_BATCH = `
  WITH input AS (
    SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::bigint[], $5::text[])
      AS t(app_id, owner, queue, pos, resource)
  ), target AS (
    SELECT i.app_id, i.owner, i.resource, c.id AS conv, LEAST(MAX(i.pos), c.last_seq) AS pos
      FROM input i
      JOIN conversation_members m ON m.app_id = i.app_id AND m.owner = i.owner AND m.queue = i.queue
      JOIN conversations c ON c.id = m.conversation_id
     GROUP BY i.app_id, i.owner, i.resource, c.id, c.last_seq
  )
  INSERT INTO device_cursors (app_id, owner, resource, conversation_id, pos)
  SELECT app_id, owner, resource, conv, pos FROM target ORDER BY app_id, owner, resource, conv
  ON CONFLICT (app_id, owner, resource, conversation_id) DO UPDATE SET pos = GREATEST(device_cursors.pos, excluded.pos)`;

interface PendingAck {
  device: DeviceRef;
  queue: string;
  pos: bigint;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Cursor moves batched per event-loop turn, one statement in flight per node. If a batch fails, its
 * acks are retried one by one, so a failure stays its own.
 */
function ackBatcher(pool: PgPool) {
  let pending: PendingAck[] = [];
  let busy = false;
  const one = (a: PendingAck) =>
    pool.query({
      name: 'confab_ack',
      text: ACK,
      values: [a.device.appId, a.device.owner, a.queue, a.pos, a.device.resource],
    });
  const flush = async () => {
    const batch = pending;
    pending = [];
    busy = true;
    try {
      await pool.query({
        name: 'confab_ack_batch',
        text: ACK_BATCH,
        values: [
          batch.map((a) => a.device.appId),
          batch.map((a) => a.device.owner),
          batch.map((a) => a.queue),
          batch.map((a) => a.pos),
          batch.map((a) => a.device.resource),
        ],
      });
      for (const a of batch) a.resolve();
    } catch {
      for (const a of batch) await one(a).then(() => a.resolve(), a.reject);
    } finally {
      busy = false;
      if (pending.length > 0) void flush();
    }
  };
  return (device: DeviceRef, queue: string, pos: bigint) =>
    new Promise<void>((resolve, reject) => {
      if (pending.push({ device, queue, pos, resolve, reject }) === 1 && !busy)
        setImmediate(() => void flush());
    });
}

/** A batch of appends in one statement and one round trip (migrations 0005, 0009); NULL marks a resend. */
const APPEND_BATCH = `SELECT seq FROM confab_append_batch(
  $1::int[], $2::text[], $3::int[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[], $9::text[],
  $10::text[], $11::int[], $12::bigint[], $13::bytea[], $14::bigint[], $15::boolean[])`;

interface AppendItem {
  lockKey: string;
  message: NewMessage;
  target: ConversationTarget;
}

function appendBatch(client: PgClient, items: AppendItem[]): Promise<Array<bigint | null>> {
  const col = <T>(f: (i: AppendItem) => T) => items.map(f);
  return client
    .query<{ seq: bigint | null }>({
      name: 'confab_append_batch',
      text: APPEND_BATCH,
      values: [
        col((i) => i.message.appId),
        col((i) => i.target.key),
        col((i) => i.target.members.length),
        items.flatMap((i) => i.target.members.map((m) => m.owner)),
        items.flatMap((i) => i.target.members.map((m) => m.queue)),
        col((i) => i.message.id),
        col((i) => i.message.sender),
        col((i) => i.message.senderResource),
        col((i) => i.message.clientMsgId),
        col((i) => i.message.recipient),
        col((i) => i.message.chatType),
        col((i) => i.message.createdAt),
        col((i) => Buffer.from(i.message.meta)),
        col((i) => i.message.refId ?? null),
        col((i) => i.message.onlineOnly === true),
      ],
    })
    .then((r) => r.rows.map((row) => row.seq));
}

const QUEUE_OF = `
  SELECT c.id AS conv, c.last_seq,
         GREATEST(m.start_seq, COALESCE((SELECT pos FROM device_cursors d
                    WHERE d.app_id = m.app_id AND d.owner = m.owner AND d.resource = $3
                      AND d.conversation_id = c.id), 0)) AS cursor
    FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
   WHERE m.app_id = $1 AND m.owner = $2 AND m.queue = $4`;

const READ_FIRST = `
  SELECT q.conv, q.cursor, r.seq, r.sender, r.sender_resource, r.meta, r.online_only, r.created_at
    FROM (${QUEUE_OF}) q
    LEFT JOIN LATERAL (
      SELECT seq, sender, sender_resource, meta, online_only, created_at FROM messages
       WHERE conversation_id = q.conv AND seq > q.cursor ORDER BY seq LIMIT $5
    ) r ON true
   ORDER BY r.seq`;

/** De-duplication is per conversation: the same client id in another conversation is a new message. */
async function findByClientId(
  db: PgPool | PgClient,
  m: NewMessage,
  conversationKey: string,
): Promise<StoredMessage | undefined> {
  const { rows } = await db.query<MessageRow>(
    `SELECT m.* FROM messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE c.app_id = $1 AND c.key = $2 AND m.sender = $3 AND m.client_msg_id = $4`,
    [m.appId, conversationKey, m.sender, m.clientMsgId],
  );
  return rows[0] && toMessage(rows[0]);
}

export function postgresMessageStore(pool: PgPool, relaxed: PgPool = pool): MessageStore {
  let observer: ((size: number) => void) | undefined;
  const commits = postgresGroupCommit(pool, appendBatch, (size) => observer?.(size));
  const acks = ackBatcher(relaxed);
  return {
    ...postgresMessageHistory(pool),
    observeCommitBatches: (fn) => (observer = fn),
    async append(message, target): Promise<AppendResult> {
      const seq = await commits.submit({ lockKey: `${message.appId}:${target.key}`, message, target });
      if (seq !== null) return { message: { ...message, seq }, duplicate: false };
      // A resend of a client id already stored: answer with the first.
      const first = await findByClientId(pool, message, target.key);
      if (!first) throw new Error(`resend of ${message.clientMsgId} has no original`);
      return { message: first, duplicate: true };
    },

    async touchDevice(d, now) {
      await inTransaction(pool, async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO devices (app_id, owner, resource, first_seen, last_seen) VALUES ($1, $2, $3, $4, $4)
           ON CONFLICT (app_id, owner, resource) DO NOTHING`,
          [d.appId, d.owner, d.resource, now],
        );
        // Only a device seen for the first time inherits the user's cursors: each conversation where the
        // user's furthest device is (migration 0006; the same schema as SQLite's).
        if (inserted.rowCount === 1) {
          await tx.query(
            `INSERT INTO device_cursors (app_id, owner, resource, conversation_id, pos)
             SELECT app_id, owner, $3, conversation_id, MAX(pos) FROM device_cursors
              WHERE app_id = $1 AND owner = $2 GROUP BY app_id, owner, conversation_id
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

    async readQueue(d, queue, limit, onlineSince): Promise<QueueBatch> {
      const chunk = Math.max(limit, SCAN_CHUNK);
      // The queue's conversation, the device's cursor and the first rows after it, in one round trip.
      const first = await pool.query<ScanRow & { conv: bigint; cursor: bigint }>({
        name: 'confab_read_first',
        text: READ_FIRST,
        values: [d.appId, d.owner, d.resource, queue, chunk],
      });
      const head = first.rows[0];
      if (!head) return { items: [], scannedTo: 0n };
      const batch: QueueBatch = { items: [], scannedTo: head.cursor };
      let rows: ScanRow[] = head.seq === null ? [] : first.rows;
      for (;;) {
        for (const r of rows) {
          if (batch.items.length === limit) return batch;
          batch.scannedTo = r.seq!;
          if (r.sender === d.owner && r.sender_resource === d.resource) continue; // its own send
          // Online-only entries sent before this session began are skipped the same way.
          if (r.online_only && onlineSince !== undefined && Number(r.created_at) < onlineSince) continue;
          batch.items.push({ pos: r.seq!, meta: r.meta! });
        }
        if (batch.items.length > 0 || rows.length < chunk) return batch;
        ({ rows } = await pool.query<ScanRow>(
          `SELECT seq, sender, sender_resource, meta, online_only, created_at FROM messages
            WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
          [head.conv, batch.scannedTo, chunk],
        ));
      }
    },

    async ackQueue(d, queue, pos) {
      if (pos <= 0n) return;
      // Clamped to the conversation's end and never moved back.
      await acks(d, queue, pos);
    },

    async unreadQueues(d) {
      const { rows } = await pool.query<{ queue: string; n: bigint }>(
        `SELECT m.queue, c.last_seq - GREATEST(m.start_seq, COALESCE(dc.pos, 0)) AS n
           FROM conversation_members m
           JOIN conversations c ON c.id = m.conversation_id
           LEFT JOIN device_cursors dc
             ON dc.app_id = m.app_id AND dc.owner = m.owner AND dc.resource = $3 AND dc.conversation_id = c.id
          WHERE m.app_id = $1 AND m.owner = $2 AND c.last_seq > GREATEST(m.start_seq, COALESCE(dc.pos, 0))`,
        [d.appId, d.owner, d.resource],
      );
      return rows.map((r) => ({ queue: r.queue, count: Number(r.n) }));
    },
  };
}
