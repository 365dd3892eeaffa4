// Per-user conversation state, edits, reports and pinned messages on PostgreSQL; same semantics as
// sqlite-conversation-store.ts (one contract suite).
import { CHAT_TYPES_SQL, MessageType } from '@confab/protocol';
import type {
  ConversationStore,
  ConversationSummary,
  MessageEdit,
} from '../../domain/ports/conversations.js';
import type { StoredMessage } from '../../domain/ports/storage.js';
import type { PgPool } from './postgres-database.js';
import { toMessage, type MessageRow } from './postgres-message-rows.js';

interface MemberRow {
  conv: bigint;
  key: string;
  queue: string;
  read_seq: bigint;
  hidden_seq: bigint;
  cleared_seq: bigint;
  cleared_before: bigint;
  pinned_at: bigint | null;
  marks: number;
  start_seq: bigint;
}

const MEMBER = `
  SELECT c.id AS conv, c.key, mb.queue,
         COALESCE(u.read_seq, 0) AS read_seq, COALESCE(u.hidden_seq, 0) AS hidden_seq,
         COALESCE(u.cleared_seq, 0) AS cleared_seq, COALESCE(u.cleared_before, 0) AS cleared_before,
         u.pinned_at, COALESCE(u.marks, 0) AS marks, mb.start_seq
    FROM conversation_members mb JOIN conversations c ON c.id = mb.conversation_id
    LEFT JOIN user_conversations u
      ON u.app_id = mb.app_id AND u.owner = mb.owner AND u.conversation_id = c.id
   WHERE mb.app_id = $1 AND mb.owner = $2`;

/**
 * $1 conversation, $2 owner, $3 cleared_seq, $4 cleared_before; further parameters from $5. Online-only
 * messages are not kept for history (as Agora's).
 */
const VISIBLE = `
  SELECT m.id, m.app_id, m.seq, m.sender, m.sender_resource, m.client_msg_id, m.recipient, m.chat_type,
         m.created_at, COALESCE(e.meta, m.meta) AS meta, m.ref_id
    FROM messages m LEFT JOIN message_edits e ON e.message_id = m.id
   WHERE m.conversation_id = $1 AND m.chat_type IN ${CHAT_TYPES_SQL} AND NOT m.online_only
     AND m.seq > $3 AND m.created_at >= $4
     AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = m.conversation_id
                       AND r.ref_id = m.id AND r.chat_type = ${MessageType.RECALL})
     AND NOT EXISTS (SELECT 1 FROM message_deletions d
                      WHERE d.app_id = m.app_id AND d.owner = $2 AND d.message_id = m.id)`;

/** Recalled chat messages the owner could see before the recall (issue 18: placeholders on a new device). */
const RECALLED = `
  SELECT m.id, m.app_id, m.seq, m.sender, m.sender_resource, m.client_msg_id, m.recipient, m.chat_type,
         m.created_at, m.meta AS meta, m.ref_id
    FROM messages m
   WHERE m.conversation_id = $1 AND m.chat_type IN ${CHAT_TYPES_SQL} AND NOT m.online_only
     AND m.seq > $3 AND m.created_at >= $4
     AND EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = m.conversation_id
                   AND r.ref_id = m.id AND r.chat_type = ${MessageType.RECALL})
     AND NOT EXISTS (SELECT 1 FROM message_deletions d
                      WHERE d.app_id = m.app_id AND d.owner = $2 AND d.message_id = m.id)`;

const marksOf = (bits: number): number[] => [...Array(32).keys()].filter((i) => (bits & (1 << i)) !== 0);

export function postgresConversationStore(pool: PgPool): ConversationStore {
  const member = async (appId: number, owner: string, key: string) =>
    (await pool.query<MemberRow>(`${MEMBER} AND c.key = $3`, [appId, owner, key])).rows[0];
  const vis = (owner: string, r: MemberRow) => [r.conv, owner, r.cleared_seq, r.cleared_before];
  /** Runs `sql` ($1 app, $2 owner, $3 conversation, then `args`) on the owner's row, created when missing. */
  const onRow = async (appId: number, owner: string, key: string, sql: string, args: unknown[] = []) => {
    const m = await member(appId, owner, key);
    if (!m) return undefined;
    await pool.query(
      'INSERT INTO user_conversations (app_id, owner, conversation_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
      [appId, owner, m.conv],
    );
    await pool.query(sql, [appId, owner, m.conv, ...args]);
    return m;
  };
  const ROW = 'WHERE app_id = $1 AND owner = $2 AND conversation_id = $3';
  const convOf = async (appId: number, key: string) =>
    (
      await pool.query<{ id: bigint }>('SELECT id FROM conversations WHERE app_id = $1 AND key = $2', [
        appId,
        key,
      ])
    ).rows[0]?.id;

  const readCount = async (appId: number, messageId: bigint) =>
    Number(
      (
        await pool.query<{ n: bigint }>(
          'SELECT COUNT(*) AS n FROM group_read_acks WHERE app_id = $1 AND message_id = $2',
          [appId, messageId],
        )
      ).rows[0]?.n ?? 0,
    );

  return {
    async summaries(appId, owner): Promise<ConversationSummary[]> {
      const { rows } = await pool.query<MemberRow>(MEMBER, [appId, owner]);
      const out: ConversationSummary[] = [];
      for (const r of rows) {
        const last = await pool.query<MessageRow>(`${VISIBLE} ORDER BY m.seq DESC LIMIT 1`, vis(owner, r));
        const unread = await pool.query<{ n: bigint }>(
          `SELECT COUNT(*) AS n FROM (${VISIBLE} AND m.seq > $5 AND m.sender <> $2) v`,
          // A group member's unread count starts where it joined.
          [...vis(owner, r), r.read_seq > r.start_seq ? r.read_seq : r.start_seq],
        );
        out.push({
          key: r.key,
          queue: r.queue,
          lastMessage: last.rows[0] && toMessage(last.rows[0]),
          unread: Number(unread.rows[0]?.n ?? 0n),
          pinnedAt: r.pinned_at === null ? undefined : Number(r.pinned_at),
          marks: marksOf(r.marks),
          hiddenSeq: r.hidden_seq,
        });
      }
      return out;
    },

    async history(appId, owner, key, query): Promise<StoredMessage[]> {
      const m = await member(appId, owner, key);
      if (!m) return [];
      let seq: bigint;
      if (query.from !== undefined) {
        const at = await pool.query<{ seq: bigint }>(
          'SELECT seq FROM messages WHERE conversation_id = $1 AND id = $2',
          [m.conv, query.from],
        );
        if (!at.rows[0]) return [];
        seq = at.rows[0].seq;
      } else if (query.direction === 'up') {
        const c = await pool.query<{ last_seq: bigint }>('SELECT last_seq FROM conversations WHERE id = $1', [
          m.conv,
        ]);
        seq = (c.rows[0]?.last_seq ?? 0n) + 1n;
      } else seq = 0n;
      const sql =
        query.direction === 'up'
          ? `${VISIBLE} AND m.seq < $5 ORDER BY m.seq DESC LIMIT $6`
          : `${VISIBLE} AND m.seq > $5 ORDER BY m.seq ASC LIMIT $6`;
      const { rows } = await pool.query<MessageRow>(sql, [...vis(owner, m), seq, query.limit]);
      return rows.map(toMessage);
    },

    async readSeq(appId, owner, key) {
      const m = await member(appId, owner, key);
      return m === undefined ? undefined : BigInt(m.read_seq);
    },

    async recalledMessages(appId, owner, key, limit) {
      const m = await member(appId, owner, key);
      if (!m) return [];
      const sql = `${RECALLED} ORDER BY m.seq DESC LIMIT $5`;
      const { rows } = await pool.query<MessageRow>(sql, [...vis(owner, m), limit]);
      return rows.map(toMessage);
    },

    async markRead(appId, owner, key, seq) {
      await onRow(
        appId,
        owner,
        key,
        `UPDATE user_conversations SET read_seq = GREATEST(read_seq, $4) ${ROW}`,
        [seq],
      );
    },

    async setPinned(appId, owner, key, pinnedAt) {
      const sql = `UPDATE user_conversations SET pinned_at = $4 ${ROW}`;
      return (await onRow(appId, owner, key, sql, [pinnedAt ?? null])) !== undefined;
    },

    async setMark(appId, owner, key, mark, on) {
      const sql = on
        ? `UPDATE user_conversations SET marks = marks | $4 ${ROW}`
        : `UPDATE user_conversations SET marks = marks & ~$4::integer ${ROW}`;
      return (await onRow(appId, owner, key, sql, [1 << mark])) !== undefined;
    },

    async hide(appId, owner, key, history) {
      const sql = `UPDATE user_conversations u
                      SET hidden_seq = GREATEST(u.hidden_seq, c.last_seq),
                          cleared_seq = CASE WHEN $4 THEN GREATEST(u.cleared_seq, c.last_seq) ELSE u.cleared_seq END
                     FROM conversations c
                    WHERE c.id = u.conversation_id AND u.app_id = $1 AND u.owner = $2 AND u.conversation_id = $3`;
      return (await onRow(appId, owner, key, sql, [history])) !== undefined;
    },

    async deleteMessages(appId, owner, key, ids) {
      const sql = `INSERT INTO message_deletions (app_id, owner, message_id)
                   SELECT $1, $2, id FROM messages WHERE conversation_id = $3 AND id = ANY($4::bigint[])
                   ON CONFLICT DO NOTHING`;
      await onRow(appId, owner, key, sql, [ids.map(String)]);
    },

    async deleteBefore(appId, owner, key, beforeMs) {
      const sql = `UPDATE user_conversations SET cleared_before = GREATEST(cleared_before, $4) ${ROW}`;
      await onRow(appId, owner, key, sql, [beforeMs]);
    },

    async editOf(appId, messageId): Promise<MessageEdit | undefined> {
      const { rows } = await pool.query<{ count: number; meta: Buffer; edited_at: bigint; operator: string }>(
        'SELECT count, meta, edited_at, operator FROM message_edits WHERE app_id = $1 AND message_id = $2',
        [appId, messageId],
      );
      const r = rows[0];
      return r && { count: r.count, meta: r.meta, editedAt: Number(r.edited_at), operator: r.operator };
    },

    async recordEdit(appId, messageId, edit, expectedCount) {
      const args = [messageId, appId, edit.count, Buffer.from(edit.meta), edit.editedAt, edit.operator];
      const res =
        expectedCount === 0
          ? await pool.query(
              `INSERT INTO message_edits (message_id, app_id, count, meta, edited_at, operator)
               VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
              args,
            )
          : await pool.query(
              `UPDATE message_edits SET count = $3, meta = $4, edited_at = $5, operator = $6
                WHERE message_id = $1 AND app_id = $2 AND count = $7`,
              [...args, expectedCount],
            );
      return res.rowCount === 1;
    },

    async saveReport(r) {
      await pool.query(
        `INSERT INTO message_reports (app_id, reporter, message_id, report_type, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [r.appId, r.reporter, r.messageId, r.reportType, r.reason, r.createdAt],
      );
    },

    async pinMessage(appId, key, messageId, operator, at) {
      const conv = await convOf(appId, key);
      if (conv === undefined) return;
      await pool.query(
        `INSERT INTO message_pins (app_id, conversation_id, message_id, operator, pinned_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (app_id, conversation_id, message_id)
         DO UPDATE SET operator = excluded.operator, pinned_at = excluded.pinned_at`,
        [appId, conv, messageId, operator, at],
      );
    },

    async unpinMessage(appId, key, messageId) {
      const conv = await convOf(appId, key);
      if (conv === undefined) return false;
      const res = await pool.query(
        'DELETE FROM message_pins WHERE app_id = $1 AND conversation_id = $2 AND message_id = $3',
        [appId, conv, messageId],
      );
      return res.rowCount === 1;
    },

    async recordGroupRead(appId, messageId, reader, at) {
      const inserted = await pool.query(
        `INSERT INTO group_read_acks (app_id, message_id, reader, read_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [appId, messageId, reader, at],
      );
      return { count: await readCount(appId, messageId), first: inserted.rowCount === 1 };
    },

    async groupReaders(appId, messageId, offset, limit) {
      const { rows } = await pool.query<{ reader: string; read_at: bigint }>(
        `SELECT reader, read_at FROM group_read_acks WHERE app_id = $1 AND message_id = $2
          ORDER BY read_at, reader LIMIT $3 OFFSET $4`,
        [appId, messageId, limit, offset],
      );
      return {
        readers: rows.map((r) => ({ username: r.reader, readAt: Number(r.read_at) })),
        total: await readCount(appId, messageId),
      };
    },

    async pinnedMessages(appId, key, limit, offset) {
      const conv = await convOf(appId, key);
      if (conv === undefined) return [];
      const { rows } = await pool.query<MessageRow & { pin_operator: string; pin_at: bigint }>(
        `SELECT m.id, m.app_id, m.seq, m.sender, m.sender_resource, m.client_msg_id, m.recipient, m.chat_type,
                m.created_at, COALESCE(e.meta, m.meta) AS meta, m.ref_id, p.operator AS pin_operator,
                p.pinned_at AS pin_at
           FROM message_pins p JOIN messages m ON m.id = p.message_id AND m.conversation_id = p.conversation_id
           LEFT JOIN message_edits e ON e.message_id = m.id
          WHERE p.app_id = $1 AND p.conversation_id = $2
            AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = m.conversation_id
                              AND r.ref_id = m.id AND r.chat_type = ${MessageType.RECALL})
          ORDER BY p.pinned_at DESC, m.id DESC LIMIT $3 OFFSET $4`,
        [appId, conv, limit, offset],
      );
      return rows.map((r) => ({
        message: toMessage(r),
        operator: r.pin_operator,
        pinnedAt: Number(r.pin_at),
      }));
    },
  };
}
