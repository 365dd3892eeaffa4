// Chat threads on SQLite (migration 0015). Every membership write is one transaction with the member's
// delivery row (conversation_members, queue `t:<id>`), as for groups (sqlite-muc-store.ts).
import {
  threadConversationKey,
  type ThreadMember,
  type ThreadPage,
  type ThreadRecord,
  type ThreadStore,
} from '../../domain/ports/threads.js';
import { decodeOrderCursor, encodeOrderCursor } from '../thread-cursor.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

interface ThreadRow {
  app_id: number;
  id: string;
  group_id: string;
  msg_id: string;
  name: string;
  owner: string;
  member_count: number;
  message_count: number;
  last_message_id: string;
  created_at: number;
  modified_at: number;
}

const toRecord = (r: ThreadRow): ThreadRecord => ({
  appId: r.app_id,
  id: r.id,
  groupId: r.group_id,
  msgId: r.msg_id,
  name: r.name,
  owner: r.owner,
  memberCount: r.member_count,
  messageCount: r.message_count,
  lastMessageId: r.last_message_id,
  createdAt: r.created_at,
  modifiedAt: r.modified_at,
});

type Bound = { at: number; key: string };

function page(rows: ThreadRow[], limit: number): ThreadPage<ThreadRecord> {
  const items = rows.map(toRecord);
  const last = items.at(-1);
  return items.length === limit && last
    ? { items, cursor: encodeOrderCursor(last.createdAt, last.id) }
    : { items };
}

export function sqliteThreadStore(db: SqliteDb, durable: Durability): ThreadStore {
  const COLS =
    'app_id, id, group_id, msg_id, name, owner, member_count, message_count, last_message_id, created_at, modified_at';
  const ORDER = `(created_at > @at OR (created_at = @at AND id > @key)) ORDER BY created_at, id LIMIT @limit`;
  const s = {
    insert: db.prepare(
      `INSERT INTO threads (app_id, id, group_id, msg_id, name, owner, member_count, created_at, modified_at)
       VALUES (@appId, @id, @groupId, @msgId, @name, @owner, 1, @createdAt, @createdAt)`,
    ),
    get: db.prepare<[number, string], ThreadRow>(`SELECT ${COLS} FROM threads WHERE app_id = ? AND id = ?`),
    byMessage: db.prepare<[number, string], ThreadRow>(
      `SELECT ${COLS} FROM threads WHERE app_id = ? AND msg_id = ?`,
    ),
    rename: db.prepare<[string, number, number, string]>(
      'UPDATE threads SET name = ?, modified_at = ? WHERE app_id = ? AND id = ?',
    ),
    remove: db.prepare<[number, string]>('DELETE FROM threads WHERE app_id = ? AND id = ?'),
    removeMembersAll: db.prepare<[number, string]>(
      'DELETE FROM thread_members WHERE app_id = ? AND thread_id = ?',
    ),
    addMember: db.prepare<[number, string, string, number]>(
      'INSERT INTO thread_members (app_id, thread_id, username, joined_at) VALUES (?, ?, ?, ?)',
    ),
    removeMember: db.prepare<[number, string, string]>(
      'DELETE FROM thread_members WHERE app_id = ? AND thread_id = ? AND username = ?',
    ),
    member: db.prepare<[number, string, string], { username: string; joined_at: number }>(
      'SELECT username, joined_at FROM thread_members WHERE app_id = ? AND thread_id = ? AND username = ?',
    ),
    members: db.prepare<
      [{ appId: number; id: string } & Bound & { limit: number }],
      { username: string; joined_at: number }
    >(
      `SELECT username, joined_at FROM thread_members WHERE app_id = @appId AND thread_id = @id
          AND (joined_at > @at OR (joined_at = @at AND username > @key)) ORDER BY joined_at, username LIMIT @limit`,
    ),
    names: db
      .prepare<[number, string], string>(
        'SELECT username FROM thread_members WHERE app_id = ? AND thread_id = ?',
      )
      .pluck(),
    count: db.prepare<[number, number, string]>(
      'UPDATE threads SET member_count = member_count + ? WHERE app_id = ? AND id = ?',
    ),
    ofGroup: db.prepare<[{ appId: number; groupId: string } & Bound & { limit: number }], ThreadRow>(
      `SELECT ${COLS} FROM threads WHERE app_id = @appId AND group_id = @groupId AND ${ORDER}`,
    ),
    all: db.prepare<[{ appId: number } & Bound & { limit: number }], ThreadRow>(
      `SELECT ${COLS} FROM threads WHERE app_id = @appId AND ${ORDER}`,
    ),
    joined: db.prepare<
      [{ appId: number; username: string; groupId: string | null } & Bound & { limit: number }],
      ThreadRow
    >(
      `SELECT ${COLS.split(', ')
        .map((c) => 't.' + c)
        .join(', ')} FROM thread_members m
         JOIN threads t ON t.app_id = m.app_id AND t.id = m.thread_id
        WHERE m.app_id = @appId AND m.username = @username AND (@groupId IS NULL OR t.group_id = @groupId)
          AND (t.created_at > @at OR (t.created_at = @at AND t.id > @key)) ORDER BY t.created_at, t.id LIMIT @limit`,
    ),
    record: db.prepare<[string, number, number, string]>(
      `UPDATE threads SET message_count = message_count + 1, last_message_id = ?, modified_at = ?
        WHERE app_id = ? AND id = ?`,
    ),
    ofGroupIds: db
      .prepare<[number, string], string>('SELECT id FROM threads WHERE app_id = ? AND group_id = ?')
      .pluck(),
    total: db.prepare<[number], number>('SELECT COUNT(*) FROM threads WHERE app_id = ?').pluck(),
    ensureConversation: db.prepare<[number, string]>(
      'INSERT INTO conversations (app_id, key) VALUES (?, ?) ON CONFLICT (app_id, key) DO NOTHING',
    ),
    conversation: db.prepare<[number, string], { id: number; last_seq: number }>(
      'SELECT id, last_seq FROM conversations WHERE app_id = ? AND key = ?',
    ),
    deliver: db.prepare<[number, string, string, number, number]>(
      `INSERT INTO conversation_members (app_id, owner, queue, conversation_id, start_seq) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (app_id, owner, queue) DO UPDATE SET conversation_id = excluded.conversation_id,
                                                       start_seq = excluded.start_seq`,
    ),
    undeliver: db.prepare<[number, string, string]>(
      'DELETE FROM conversation_members WHERE app_id = ? AND owner = ? AND queue = ?',
    ),
    undeliverAll: db.prepare<[number, string]>(
      'DELETE FROM conversation_members WHERE app_id = ? AND queue = ?',
    ),
  };

  const deliver = (appId: number, id: string, username: string) => {
    const key = threadConversationKey(id);
    s.ensureConversation.run(appId, key);
    const conv = s.conversation.get(appId, key)!;
    s.deliver.run(appId, username, key, conv.id, conv.last_seq);
  };

  const createTx = db.transaction((t: Parameters<ThreadStore['create']>[0]) => {
    if (s.get.get(t.appId, t.id)) return { ok: false as const, reason: 'id' as const };
    if (s.byMessage.get(t.appId, t.msgId)) return { ok: false as const, reason: 'message' as const };
    s.insert.run(t);
    s.addMember.run(t.appId, t.id, t.owner, t.createdAt);
    deliver(t.appId, t.id, t.owner);
    return { ok: true as const, thread: toRecord(s.get.get(t.appId, t.id)!) };
  });

  const destroyTx = db.transaction((appId: number, id: string) => {
    if (!s.get.get(appId, id)) return false;
    s.undeliverAll.run(appId, threadConversationKey(id));
    s.removeMembersAll.run(appId, id);
    s.remove.run(appId, id);
    return true;
  });

  const joinTx = db.transaction((appId: number, id: string, username: string, joinedAt: number) => {
    if (!s.get.get(appId, id)) return 'gone' as const;
    if (s.member.get(appId, id, username)) return 'already' as const;
    s.addMember.run(appId, id, username, joinedAt);
    deliver(appId, id, username);
    s.count.run(1, appId, id);
    return 'joined' as const;
  });

  const removeTx = db.transaction((appId: number, id: string, usernames: readonly string[]) => {
    const removed: string[] = [];
    for (const u of new Set(usernames)) {
      if (s.removeMember.run(appId, id, u).changes === 0) continue;
      s.undeliver.run(appId, u, threadConversationKey(id));
      removed.push(u);
    }
    if (removed.length > 0) s.count.run(-removed.length, appId, id);
    return removed;
  });

  const renameTx = db.transaction((appId: number, id: string, name: string, at: number) => {
    s.rename.run(name, at, appId, id);
    const row = s.get.get(appId, id);
    return row && toRecord(row);
  });

  const recordTx = db.transaction((appId: number, id: string, messageId: string, at: number) => {
    s.record.run(messageId, at, appId, id);
    const row = s.get.get(appId, id);
    return row && toRecord(row);
  });

  const forgetTx = db.transaction((appId: number, groupId: string, usernames: readonly string[]) => {
    let n = 0;
    for (const id of s.ofGroupIds.all(appId, groupId)) n += removeTx(appId, id, usernames).length;
    return n;
  });

  const destroyGroupTx = db.transaction((appId: number, groupId: string) => {
    const ids = s.ofGroupIds.all(appId, groupId);
    for (const id of ids) destroyTx(appId, id);
    return ids;
  });

  return {
    forgetGroupMembers: (appId, groupId, usernames) => durable.after(forgetTx(appId, groupId, usernames)),
    destroyOfGroup: (appId, groupId) => durable.after(destroyGroupTx(appId, groupId)),
    create: (t) => durable.after(createTx(t)),
    get(appId, id) {
      const row = s.get.get(appId, id);
      return Promise.resolve(row && toRecord(row));
    },
    getMany(appId, ids) {
      const out: ThreadRecord[] = [];
      for (const id of ids) {
        const row = s.get.get(appId, id);
        if (row) out.push(toRecord(row));
      }
      return Promise.resolve(out);
    },
    byMessage(appId, msgId) {
      const row = s.byMessage.get(appId, msgId);
      return Promise.resolve(row && toRecord(row));
    },
    rename: (appId, id, name, at) => durable.after(renameTx(appId, id, name, at)),
    destroy: (appId, id) => durable.after(destroyTx(appId, id)),
    join: (appId, id, username, at) => durable.after(joinTx(appId, id, username, at)),
    removeMembers: (appId, id, usernames) => durable.after(removeTx(appId, id, usernames)),
    member(appId, id, username) {
      const row = s.member.get(appId, id, username);
      return Promise.resolve(row && { username: row.username, joinedAt: row.joined_at });
    },
    members(appId, id, limit, cursor) {
      const rows = s.members.all({ appId, id, ...decodeOrderCursor(cursor), limit });
      const items: ThreadMember[] = rows.map((r) => ({ username: r.username, joinedAt: r.joined_at }));
      const last = items.at(-1);
      return Promise.resolve(
        items.length === limit && last
          ? { items, cursor: encodeOrderCursor(last.joinedAt, last.username) }
          : { items },
      );
    },
    memberNames: (appId, id) => Promise.resolve(s.names.all(appId, id)),
    ofGroup: (appId, groupId, limit, cursor) =>
      Promise.resolve(page(s.ofGroup.all({ appId, groupId, ...decodeOrderCursor(cursor), limit }), limit)),
    all: (appId, limit, cursor) =>
      Promise.resolve(page(s.all.all({ appId, ...decodeOrderCursor(cursor), limit }), limit)),
    joinedBy: (appId, username, { groupId, limit, cursor }) =>
      Promise.resolve(
        page(
          s.joined.all({ appId, username, groupId: groupId ?? null, ...decodeOrderCursor(cursor), limit }),
          limit,
        ),
      ),
    recordMessage: (appId, id, messageId, at) => durable.after(recordTx(appId, id, messageId, at)),
    count: (appId) => Promise.resolve(s.total.get(appId) ?? 0),
  };
}
