// Global mutes, the callback outbox, report review and retention on PostgreSQL (migrations 0020-0022).
import type {
  CallbackOutboxStore,
  ModerationStore,
  OutboxEntry,
  ReportStatus,
  UserMute,
  UserMuteStore,
} from '../../domain/ports/app-server.js';
import { inTransaction, type PgPool } from './postgres-database.js';

type Num = number | bigint | string;

interface MuteRow {
  username: string;
  chat_until: Num;
  groupchat_until: Num;
  chatroom_until: Num;
}
const toMute = (r: MuteRow): UserMute => ({
  username: r.username,
  chatUntil: Number(r.chat_until),
  groupchatUntil: Number(r.groupchat_until),
  chatroomUntil: Number(r.chatroom_until),
});

export function postgresUserMuteStore(pool: PgPool): UserMuteStore {
  return {
    async set(appId, m) {
      await pool.query(
        `INSERT INTO user_mutes (app_id, username, chat_until, groupchat_until, chatroom_until)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (app_id, username) DO UPDATE SET chat_until = EXCLUDED.chat_until,
           groupchat_until = EXCLUDED.groupchat_until, chatroom_until = EXCLUDED.chatroom_until`,
        [appId, m.username, m.chatUntil, m.groupchatUntil, m.chatroomUntil],
      );
    },
    async get(appId, username) {
      const { rows } = await pool.query<MuteRow>(
        'SELECT * FROM user_mutes WHERE app_id = $1 AND username = $2',
        [appId, username],
      );
      return rows[0] && toMute(rows[0]);
    },
    async list(appId, now, offset, limit) {
      const { rows } = await pool.query<MuteRow>(
        `SELECT * FROM user_mutes WHERE app_id = $1 AND (chat_until = -1 OR chat_until > $2
           OR groupchat_until = -1 OR groupchat_until > $2 OR chatroom_until = -1 OR chatroom_until > $2)
         ORDER BY username LIMIT $3 OFFSET $4`,
        [appId, now, limit, offset],
      );
      return rows.map(toMute);
    },
  };
}

interface OutboxRow {
  id: Num;
  app_id: number;
  event_key: string;
  stream: string;
  body: string;
  created_at: Num;
  attempts: number;
  next_at: Num;
}
const toEntry = (r: OutboxRow): OutboxEntry => ({
  id: Number(r.id),
  appId: r.app_id,
  eventKey: r.event_key,
  stream: r.stream,
  body: r.body,
  createdAt: Number(r.created_at),
  attempts: r.attempts,
  nextAt: Number(r.next_at),
});

export function postgresCallbackOutboxStore(pool: PgPool): CallbackOutboxStore {
  return {
    enqueue(e, maxRows) {
      return inTransaction(pool, async (c) => {
        const ins = await c.query(
          `INSERT INTO callback_outbox (app_id, event_key, stream, body, created_at, next_at)
           VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (app_id, event_key) DO NOTHING`,
          [e.appId, e.eventKey, e.stream, e.body, e.createdAt],
        );
        const added = (ins.rowCount ?? 0) > 0;
        let dropped = 0;
        if (added) {
          // Ids only grow (a sequence may skip some), so keeping ids above MAX(id) - maxRows keeps at most
          // maxRows entries without counting a large outbox on every send.
          const del = await c.query(
            'DELETE FROM callback_outbox WHERE id <= (SELECT MAX(id) FROM callback_outbox) - $1',
            [maxRows],
          );
          dropped = del.rowCount ?? 0;
        }
        return { added, dropped };
      });
    },
    async claim(now, leaseUntil, limit) {
      // One statement: the heads due now, leased; SKIP LOCKED lets other nodes take other heads meanwhile.
      const { rows } = await pool.query<OutboxRow>(
        `UPDATE callback_outbox SET next_at = $2 WHERE id IN (
           SELECT o.id FROM callback_outbox o
            WHERE o.next_at <= $1
              AND o.id = (SELECT MIN(i.id) FROM callback_outbox i WHERE i.stream = o.stream)
            ORDER BY o.id LIMIT $3 FOR UPDATE SKIP LOCKED)
         AND next_at <= $1
         RETURNING *`,
        [now, leaseUntil, limit],
      );
      return rows.map(toEntry).sort((a, b) => a.id - b.id);
    },
    async done(id) {
      await pool.query('DELETE FROM callback_outbox WHERE id = $1', [id]);
    },
    async retry(id, attempts, nextAt) {
      await pool.query('UPDATE callback_outbox SET attempts = $1, next_at = $2 WHERE id = $3', [
        attempts,
        nextAt,
        id,
      ]);
    },
    async dropOlderThan(cutoff) {
      const r = await pool.query('DELETE FROM callback_outbox WHERE created_at < $1', [cutoff]);
      return r.rowCount ?? 0;
    },
    async count() {
      const { rows } = await pool.query<{ n: Num }>('SELECT COUNT(*) AS n FROM callback_outbox');
      return Number(rows[0]?.n ?? 0);
    },
  };
}

interface ReportRow {
  id: Num;
  reporter: string;
  message_id: Num;
  report_type: string;
  reason: string;
  created_at: Num;
  status: string | null;
  resolved_at: Num | null;
  resolved_by: string | null;
  note: string | null;
}

export function postgresModerationStore(pool: PgPool): ModerationStore {
  return {
    async listReports(appId, status, offset, limit) {
      const { rows } = await pool.query<ReportRow>(
        `SELECT * FROM message_reports WHERE app_id = $1
           AND ($2::text IS NULL OR COALESCE(status, 'open') = $2::text)
         ORDER BY id DESC LIMIT $3 OFFSET $4`,
        [appId, status ?? null, limit, offset],
      );
      return rows.map((r) => ({
        id: Number(r.id),
        reporter: r.reporter,
        messageId: BigInt(r.message_id),
        reportType: r.report_type,
        reason: r.reason,
        createdAt: Number(r.created_at),
        status: (r.status ?? 'open') as ReportStatus,
        ...(r.resolved_at === null ? {} : { resolvedAt: Number(r.resolved_at) }),
        ...(r.resolved_by === null ? {} : { resolvedBy: r.resolved_by }),
        ...(r.note === null ? {} : { note: r.note }),
      }));
    },
    async resolveReport(appId, id, status, by, note, at) {
      const r = await pool.query(
        `UPDATE message_reports SET status = $1, resolved_at = $2, resolved_by = $3, note = $4
          WHERE app_id = $5 AND id = $6`,
        [status, at, by, note, appId, id],
      );
      return (r.rowCount ?? 0) > 0;
    },
    deleteMessagesBefore(appId, beforeId, limit) {
      return inTransaction(pool, async (c) => {
        const { rows } = await c.query<{ id: bigint }>(
          'SELECT id FROM messages WHERE id < $1 AND app_id = $2 ORDER BY id LIMIT $3',
          [beforeId.toString(), appId, limit],
        );
        if (rows.length === 0) return 0;
        const ids = rows.map((r) => r.id.toString());
        await c.query('DELETE FROM message_edits WHERE message_id = ANY($1::bigint[])', [ids]);
        await c.query('DELETE FROM messages WHERE id = ANY($1::bigint[])', [ids]);
        return rows.length;
      });
    },
  };
}
