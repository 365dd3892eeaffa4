// Per-user conversation state, edits, reports and pinned messages on SQLite (migration 0004).
import { CHAT_TYPES_SQL, MessageType } from '@confab/protocol';
import type {
  ConversationStore,
  ConversationSummary,
  MessageEdit,
} from '../../domain/ports/conversations.js';
import type { HistoryQuery, StoredMessage } from '../../domain/ports/storage.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';
import { toMessage, type MessageRow } from './sqlite-message-rows.js';

interface MemberRow {
  conv: bigint;
  key: string;
  queue: string;
  read_seq: bigint;
  hidden_seq: bigint;
  cleared_seq: bigint;
  cleared_before: bigint;
  pinned_at: bigint | null;
  marks: bigint;
  start_seq: bigint;
}

const MEMBER = `
  SELECT c.id AS conv, c.key AS key, mb.queue AS queue,
         COALESCE(u.read_seq, 0) AS read_seq, COALESCE(u.hidden_seq, 0) AS hidden_seq,
         COALESCE(u.cleared_seq, 0) AS cleared_seq, COALESCE(u.cleared_before, 0) AS cleared_before,
         u.pinned_at AS pinned_at, COALESCE(u.marks, 0) AS marks, mb.start_seq AS start_seq
    FROM conversation_members mb JOIN conversations c ON c.id = mb.conversation_id
    LEFT JOIN user_conversations u
      ON u.app_id = mb.app_id AND u.owner = mb.owner AND u.conversation_id = c.id
   WHERE mb.app_id = @appId AND mb.owner = @owner`;

/**
 * Chat messages the owner can see: not recalled, not deleted for the owner, not online-only (those are
 * not kept for history, as Agora's); edited ones with their new body.
 */
const VISIBLE = `
  SELECT m.id, m.app_id, m.seq, m.sender, m.sender_resource, m.client_msg_id, m.recipient, m.chat_type,
         m.created_at, COALESCE(e.meta, m.meta) AS meta, m.ref_id
    FROM messages m LEFT JOIN message_edits e ON e.message_id = m.id
   WHERE m.conversation_id = @conv AND m.chat_type IN ${CHAT_TYPES_SQL} AND m.online_only = 0
     AND m.seq > @clearedSeq AND m.created_at >= @clearedBefore
     AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = m.conversation_id
                       AND r.ref_id = m.id AND r.chat_type = ${MessageType.RECALL})
     AND NOT EXISTS (SELECT 1 FROM message_deletions d
                      WHERE d.app_id = m.app_id AND d.owner = @owner AND d.message_id = m.id)`;

/** Recalled chat messages the owner could see before the recall (issue 18: placeholders on a new device). */
const RECALLED = `
  SELECT m.id, m.app_id, m.seq, m.sender, m.sender_resource, m.client_msg_id, m.recipient, m.chat_type,
         m.created_at, m.meta AS meta, m.ref_id
    FROM messages m
   WHERE m.conversation_id = @conv AND m.chat_type IN ${CHAT_TYPES_SQL} AND m.online_only = 0
     AND m.seq > @clearedSeq AND m.created_at >= @clearedBefore
     AND EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = m.conversation_id
                   AND r.ref_id = m.id AND r.chat_type = ${MessageType.RECALL})
     AND NOT EXISTS (SELECT 1 FROM message_deletions d
                      WHERE d.app_id = m.app_id AND d.owner = @owner AND d.message_id = m.id)`;

const marksOf = (bits: number): number[] => [...Array(32).keys()].filter((i) => (bits & (1 << i)) !== 0);

export function sqliteConversationStore(db: SqliteDb, durable: Durability): ConversationStore {
  const q = <P extends unknown[], R>(sql: string) => db.prepare<P, R>(sql).safeIntegers(true);
  type Vis = { conv: bigint; owner: string; clearedSeq: bigint; clearedBefore: bigint };
  const s = {
    members: q<[{ appId: number; owner: string }], MemberRow>(MEMBER),
    member: q<[{ appId: number; owner: string; key: string }], MemberRow>(`${MEMBER} AND c.key = @key`),
    last: q<[Vis], MessageRow>(`${VISIBLE} ORDER BY m.seq DESC LIMIT 1`),
    unread: q<[Vis & { readSeq: bigint }], { n: bigint }>(
      `SELECT COUNT(*) AS n FROM (${VISIBLE} AND m.seq > @readSeq AND m.sender <> @owner)`,
    ),
    older: q<[Vis & { seq: bigint; limit: number }], MessageRow>(
      `${VISIBLE} AND m.seq < @seq ORDER BY m.seq DESC LIMIT @limit`,
    ),
    newer: q<[Vis & { seq: bigint; limit: number }], MessageRow>(
      `${VISIBLE} AND m.seq > @seq ORDER BY m.seq ASC LIMIT @limit`,
    ),
    recalled: q<[Vis & { limit: number }], MessageRow>(`${RECALLED} ORDER BY m.seq DESC LIMIT @limit`),
    lastSeq: q<[bigint], { last_seq: bigint }>('SELECT last_seq FROM conversations WHERE id = ?'),
    seqOf: q<[bigint, bigint], { seq: bigint }>(
      'SELECT seq FROM messages WHERE conversation_id = ? AND id = ?',
    ),
    ensure: db.prepare(
      `INSERT INTO user_conversations (app_id, owner, conversation_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    read: db.prepare(
      'UPDATE user_conversations SET read_seq = MAX(read_seq, ?) WHERE app_id = ? AND owner = ? AND conversation_id = ?',
    ),
    pin: db.prepare(
      'UPDATE user_conversations SET pinned_at = ? WHERE app_id = ? AND owner = ? AND conversation_id = ?',
    ),
    markOn: db.prepare(
      'UPDATE user_conversations SET marks = marks | ? WHERE app_id = ? AND owner = ? AND conversation_id = ?',
    ),
    markOff: db.prepare(
      'UPDATE user_conversations SET marks = marks & ~? WHERE app_id = ? AND owner = ? AND conversation_id = ?',
    ),
    hide: db.prepare(
      `UPDATE user_conversations SET hidden_seq = MAX(hidden_seq, @seq),
              cleared_seq = CASE WHEN @history THEN MAX(cleared_seq, @seq) ELSE cleared_seq END
        WHERE app_id = @appId AND owner = @owner AND conversation_id = @conv`,
    ),
    clearBefore: db.prepare(
      `UPDATE user_conversations SET cleared_before = MAX(cleared_before, ?)
        WHERE app_id = ? AND owner = ? AND conversation_id = ?`,
    ),
    deleteOne: db.prepare(
      `INSERT INTO message_deletions (app_id, owner, message_id)
       SELECT ?, ?, id FROM messages WHERE conversation_id = ? AND id = ? ON CONFLICT DO NOTHING`,
    ),
    editOf: q<[number, bigint], { count: bigint; meta: Uint8Array; edited_at: bigint; operator: string }>(
      'SELECT count, meta, edited_at, operator FROM message_edits WHERE app_id = ? AND message_id = ?',
    ),
    firstEdit: db.prepare(
      `INSERT INTO message_edits (message_id, app_id, count, meta, edited_at, operator)
       VALUES (@messageId, @appId, @count, @meta, @editedAt, @operator) ON CONFLICT DO NOTHING`,
    ),
    nextEdit: db.prepare(
      `UPDATE message_edits SET count = @count, meta = @meta, edited_at = @editedAt, operator = @operator
        WHERE app_id = @appId AND message_id = @messageId AND count = @expected`,
    ),
    report: db.prepare(
      `INSERT INTO message_reports (app_id, reporter, message_id, report_type, reason, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    convOf: q<[number, string], { id: bigint }>('SELECT id FROM conversations WHERE app_id = ? AND key = ?'),
    pinMsg: db.prepare(
      `INSERT INTO message_pins (app_id, conversation_id, message_id, operator, pinned_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (app_id, conversation_id, message_id) DO UPDATE SET operator = excluded.operator,
                                                                       pinned_at = excluded.pinned_at`,
    ),
    unpinMsg: db.prepare(
      'DELETE FROM message_pins WHERE app_id = ? AND conversation_id = ? AND message_id = ?',
    ),
    recordRead: db.prepare<[number, bigint, string, number]>(
      'INSERT INTO group_read_acks (app_id, message_id, reader, read_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    readCount: q<[number, bigint], { n: bigint }>(
      'SELECT COUNT(*) AS n FROM group_read_acks WHERE app_id = ? AND message_id = ?',
    ),
    readers: q<[number, bigint, number, number], { reader: string; read_at: bigint }>(
      `SELECT reader, read_at FROM group_read_acks WHERE app_id = ? AND message_id = ?
        ORDER BY read_at, reader LIMIT ? OFFSET ?`,
    ),
    pins: q<
      [{ appId: number; conv: bigint; limit: number; offset: number }],
      MessageRow & { pin_operator: string; pin_at: bigint }
    >(
      `SELECT m.id, m.app_id, m.seq, m.sender, m.sender_resource, m.client_msg_id, m.recipient, m.chat_type,
              m.created_at, COALESCE(e.meta, m.meta) AS meta, m.ref_id, p.operator AS pin_operator,
              p.pinned_at AS pin_at
         FROM message_pins p JOIN messages m ON m.id = p.message_id AND m.conversation_id = p.conversation_id
         LEFT JOIN message_edits e ON e.message_id = m.id
        WHERE p.app_id = @appId AND p.conversation_id = @conv
          AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.conversation_id = m.conversation_id
                            AND r.ref_id = m.id AND r.chat_type = ${MessageType.RECALL})
        ORDER BY p.pinned_at DESC, m.id DESC LIMIT @limit OFFSET @offset`,
    ),
  };

  const vis = (owner: string, r: MemberRow): Vis => ({
    conv: r.conv,
    owner,
    clearedSeq: r.cleared_seq,
    clearedBefore: r.cleared_before,
  });
  const member = (appId: number, owner: string, key: string) => s.member.get({ appId, owner, key });
  /** Runs `fn` on the owner's row of the conversation, created when missing; false when not a member. */
  const withRow = (appId: number, owner: string, key: string, fn: (conv: bigint) => void): boolean => {
    const m = member(appId, owner, key);
    if (!m) return false;
    db.transaction(() => {
      s.ensure.run(appId, owner, m.conv);
      fn(m.conv);
    })();
    return true;
  };

  return {
    summaries(appId, owner): Promise<ConversationSummary[]> {
      const out = s.members.all({ appId, owner }).map((r) => {
        const v = vis(owner, r);
        const last = s.last.get(v);
        return {
          key: r.key,
          queue: r.queue,
          lastMessage: last && toMessage(last),
          // A group member's unread count starts where it joined.
          unread: Number(
            s.unread.get({ ...v, readSeq: r.read_seq > r.start_seq ? r.read_seq : r.start_seq })?.n ?? 0n,
          ),
          pinnedAt: r.pinned_at === null ? undefined : Number(r.pinned_at),
          marks: marksOf(Number(r.marks)),
          hiddenSeq: r.hidden_seq,
        };
      });
      return Promise.resolve(out);
    },

    history(appId, owner, key, query: HistoryQuery): Promise<StoredMessage[]> {
      const m = member(appId, owner, key);
      if (!m) return Promise.resolve([]);
      let seq = query.direction === 'up' ? (s.lastSeq.get(m.conv)?.last_seq ?? 0n) + 1n : 0n;
      if (query.from !== undefined) {
        const at = s.seqOf.get(m.conv, query.from);
        if (!at) return Promise.resolve([]);
        seq = at.seq;
      }
      const stmt = query.direction === 'up' ? s.older : s.newer;
      return Promise.resolve(stmt.all({ ...vis(owner, m), seq, limit: query.limit }).map(toMessage));
    },

    readSeq(appId, owner, key) {
      return Promise.resolve(member(appId, owner, key)?.read_seq);
    },

    recalledMessages(appId, owner, key, limit) {
      const m = member(appId, owner, key);
      if (!m) return Promise.resolve([]);
      return Promise.resolve(s.recalled.all({ ...vis(owner, m), limit }).map(toMessage));
    },

    markRead(appId, owner, key, seq) {
      withRow(appId, owner, key, (conv) => s.read.run(seq, appId, owner, conv));
      return durable.after(undefined);
    },

    setPinned(appId, owner, key, pinnedAt) {
      return durable.after(
        withRow(appId, owner, key, (conv) => s.pin.run(pinnedAt ?? null, appId, owner, conv)),
      );
    },

    setMark(appId, owner, key, mark, on) {
      const bit = 1 << mark;
      return durable.after(
        withRow(appId, owner, key, (conv) => (on ? s.markOn : s.markOff).run(bit, appId, owner, conv)),
      );
    },

    hide(appId, owner, key, history) {
      return durable.after(
        withRow(appId, owner, key, (conv) => {
          const seq = s.lastSeq.get(conv)?.last_seq ?? 0n;
          s.hide.run({ seq, history: history ? 1 : 0, appId, owner, conv });
        }),
      );
    },

    deleteMessages(appId, owner, key, ids) {
      withRow(appId, owner, key, (conv) => {
        for (const id of ids) s.deleteOne.run(appId, owner, conv, id);
      });
      return durable.after(undefined);
    },

    deleteBefore(appId, owner, key, beforeMs) {
      withRow(appId, owner, key, (conv) => s.clearBefore.run(beforeMs, appId, owner, conv));
      return durable.after(undefined);
    },

    editOf(appId, messageId): Promise<MessageEdit | undefined> {
      const r = s.editOf.get(appId, messageId);
      return Promise.resolve(
        r && { count: Number(r.count), meta: r.meta, editedAt: Number(r.edited_at), operator: r.operator },
      );
    },

    recordEdit(appId, messageId, edit, expectedCount) {
      const row = { ...edit, appId, messageId, expected: expectedCount };
      const stmt = expectedCount === 0 ? s.firstEdit : s.nextEdit;
      return durable.after(stmt.run(row).changes === 1);
    },

    saveReport(r) {
      s.report.run(r.appId, r.reporter, r.messageId, r.reportType, r.reason, r.createdAt);
      return durable.after(undefined);
    },

    pinMessage(appId, key, messageId, operator, at) {
      const conv = s.convOf.get(appId, key);
      if (conv) s.pinMsg.run(appId, conv.id, messageId, operator, at);
      return durable.after(undefined);
    },

    unpinMessage(appId, key, messageId) {
      const conv = s.convOf.get(appId, key);
      return durable.after(!!conv && s.unpinMsg.run(appId, conv.id, messageId).changes === 1);
    },

    recordGroupRead(appId, messageId, reader, at) {
      const first = s.recordRead.run(appId, messageId, reader, at).changes === 1;
      const count = Number(s.readCount.get(appId, messageId)?.n ?? 0n);
      return durable.after({ count, first });
    },

    groupReaders(appId, messageId, offset, limit) {
      const readers = s.readers
        .all(appId, messageId, limit, offset)
        .map((r) => ({ username: r.reader, readAt: Number(r.read_at) }));
      return Promise.resolve({ readers, total: Number(s.readCount.get(appId, messageId)?.n ?? 0n) });
    },

    pinnedMessages(appId, key, limit, offset) {
      const conv = s.convOf.get(appId, key);
      if (!conv) return Promise.resolve([]);
      return Promise.resolve(
        s.pins.all({ appId, conv: conv.id, limit, offset }).map((r) => ({
          message: toMessage(r),
          operator: r.pin_operator,
          pinnedAt: Number(r.pin_at),
        })),
      );
    },
  };
}
