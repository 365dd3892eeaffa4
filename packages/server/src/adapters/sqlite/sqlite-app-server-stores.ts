// Global mutes, the callback outbox, report review and retention on SQLite (migrations 0020-0022).
import type {
  CallbackOutboxStore,
  ModerationStore,
  OutboxEntry,
  ReportRecord,
  ReportStatus,
  UserMute,
  UserMuteStore,
} from '../../domain/ports/app-server.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

interface MuteRow {
  username: string;
  chat_until: number;
  groupchat_until: number;
  chatroom_until: number;
}
const toMute = (r: MuteRow): UserMute => ({
  username: r.username,
  chatUntil: r.chat_until,
  groupchatUntil: r.groupchat_until,
  chatroomUntil: r.chatroom_until,
});

export function sqliteUserMuteStore(db: SqliteDb, durable: Durability): UserMuteStore {
  const s = {
    set: db.prepare(
      `INSERT INTO user_mutes (app_id, username, chat_until, groupchat_until, chatroom_until)
       VALUES (@appId, @username, @chatUntil, @groupchatUntil, @chatroomUntil)
       ON CONFLICT (app_id, username) DO UPDATE SET chat_until = excluded.chat_until,
         groupchat_until = excluded.groupchat_until, chatroom_until = excluded.chatroom_until`,
    ),
    get: db.prepare<[number, string], MuteRow>('SELECT * FROM user_mutes WHERE app_id = ? AND username = ?'),
    list: db.prepare<[{ appId: number; now: number; offset: number; limit: number }], MuteRow>(
      `SELECT * FROM user_mutes WHERE app_id = @appId AND (chat_until = -1 OR chat_until > @now
         OR groupchat_until = -1 OR groupchat_until > @now OR chatroom_until = -1 OR chatroom_until > @now)
       ORDER BY username LIMIT @limit OFFSET @offset`,
    ),
  };
  return {
    set(appId, mute) {
      s.set.run({ appId, ...mute });
      return durable.after(undefined);
    },
    get(appId, username) {
      const row = s.get.get(appId, username);
      return Promise.resolve(row && toMute(row));
    },
    list(appId, now, offset, limit) {
      return Promise.resolve(s.list.all({ appId, now, offset, limit }).map(toMute));
    },
  };
}

interface OutboxRow {
  id: number;
  app_id: number;
  event_key: string;
  stream: string;
  body: string;
  created_at: number;
  attempts: number;
  next_at: number;
}
const toEntry = (r: OutboxRow): OutboxEntry => ({
  id: r.id,
  appId: r.app_id,
  eventKey: r.event_key,
  stream: r.stream,
  body: r.body,
  createdAt: r.created_at,
  attempts: r.attempts,
  nextAt: r.next_at,
});

export function sqliteCallbackOutboxStore(db: SqliteDb, durable: Durability): CallbackOutboxStore {
  const s = {
    insert: db.prepare(
      `INSERT INTO callback_outbox (app_id, event_key, stream, body, created_at, next_at)
       VALUES (@appId, @eventKey, @stream, @body, @createdAt, @createdAt)
       ON CONFLICT (app_id, event_key) DO NOTHING`,
    ),
    count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM callback_outbox'),
    // Ids grow by one per entry, so keeping ids above MAX(id) - maxRows keeps at most maxRows entries: two
    // index lookups, not a count of a large outbox on every send.
    dropOldest: db.prepare<[number]>(
      'DELETE FROM callback_outbox WHERE id <= (SELECT MAX(id) FROM callback_outbox) - ?',
    ),
    heads: db.prepare<[number, number], OutboxRow>(
      `SELECT o.* FROM callback_outbox o
        WHERE o.next_at <= ? AND o.id = (SELECT MIN(i.id) FROM callback_outbox i WHERE i.stream = o.stream)
        ORDER BY o.id LIMIT ?`,
    ),
    lease: db.prepare<[number, number]>('UPDATE callback_outbox SET next_at = ? WHERE id = ?'),
    done: db.prepare<[number]>('DELETE FROM callback_outbox WHERE id = ?'),
    retry: db.prepare<[number, number, number]>(
      'UPDATE callback_outbox SET attempts = ?, next_at = ? WHERE id = ?',
    ),
    dropOld: db.prepare<[number]>('DELETE FROM callback_outbox WHERE created_at < ?'),
  };
  const enqueue = db.transaction((e: Parameters<CallbackOutboxStore['enqueue']>[0], maxRows: number) => {
    const added = s.insert.run(e).changes > 0;
    let dropped = 0;
    if (added) dropped = s.dropOldest.run(maxRows).changes;
    return { added, dropped };
  });
  const claim = db.transaction((now: number, leaseUntil: number, limit: number) => {
    const rows = s.heads.all(now, limit);
    for (const r of rows) s.lease.run(leaseUntil, r.id);
    return rows.map(toEntry);
  });
  return {
    enqueue(entry, maxRows) {
      return durable.after(enqueue(entry, maxRows));
    },
    claim(now, leaseUntil, limit) {
      return durable.after(claim(now, leaseUntil, limit));
    },
    done(id) {
      s.done.run(id);
      return durable.after(undefined);
    },
    retry(id, attempts, nextAt) {
      s.retry.run(attempts, nextAt, id);
      return durable.after(undefined);
    },
    dropOlderThan(cutoff) {
      return durable.after(s.dropOld.run(cutoff).changes);
    },
    count() {
      return Promise.resolve(s.count.get()?.n ?? 0);
    },
  };
}

interface ReportRow {
  id: number;
  reporter: string;
  message_id: number | bigint;
  report_type: string;
  reason: string;
  created_at: number;
  status: string | null;
  resolved_at: number | null;
  resolved_by: string | null;
  note: string | null;
}
export const reportRecord = (r: ReportRow): ReportRecord => ({
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
});

export function sqliteModerationStore(db: SqliteDb, durable: Durability): ModerationStore {
  const s = {
    list: db
      .prepare<[{ appId: number; status: string | null; offset: number; limit: number }], ReportRow>(
        `SELECT * FROM message_reports WHERE app_id = @appId
           AND (@status IS NULL OR COALESCE(status, 'open') = @status)
         ORDER BY id DESC LIMIT @limit OFFSET @offset`,
      )
      .safeIntegers(true),
    resolve: db.prepare(
      `UPDATE message_reports SET status = @status, resolved_at = @at, resolved_by = @by, note = @note
        WHERE app_id = @appId AND id = @id`,
    ),
    oldIds: db
      .prepare<[number, bigint, number], { id: bigint }>(
        'SELECT id FROM messages WHERE id < ? AND app_id = ? ORDER BY id LIMIT ?',
      )
      .safeIntegers(true),
    delMessage: db.prepare<[bigint]>('DELETE FROM messages WHERE id = ?'),
    delEdit: db.prepare<[bigint]>('DELETE FROM message_edits WHERE message_id = ?'),
  };
  const deleteBatch = db.transaction((appId: number, beforeId: bigint, limit: number) => {
    const ids = s.oldIds.all(beforeId as never, appId as never, limit).map((r) => r.id);
    for (const id of ids) {
      s.delEdit.run(id);
      s.delMessage.run(id);
    }
    return ids.length;
  });
  return {
    listReports(appId, status, offset, limit) {
      return Promise.resolve(s.list.all({ appId, status: status ?? null, offset, limit }).map(reportRecord));
    },
    resolveReport(appId, id, status, by, note, at) {
      return durable.after(s.resolve.run({ appId, id, status, by, note, at }).changes > 0);
    },
    deleteMessagesBefore(appId, beforeId, limit) {
      return durable.after(deleteBatch(appId, beforeId, limit));
    },
  };
}
