// Chat threads on PostgreSQL; same semantics as sqlite-thread-store.ts (one contract suite). Membership
// writes lock the thread's row first (SELECT … FOR UPDATE), so concurrent joins keep the count exact; the
// one-thread-per-message rule is a unique index, so two concurrent creates cannot both win.
import {
  threadConversationKey,
  type ThreadMember,
  type ThreadPage,
  type ThreadRecord,
  type ThreadStore,
} from '../../domain/ports/threads.js';
import { decodeOrderCursor, encodeOrderCursor } from '../thread-cursor.js';
import { inTransaction, isUniqueViolation, type PgClient, type PgPool } from './postgres-database.js';

interface ThreadRow {
  app_id: number;
  id: string;
  group_id: string;
  msg_id: string;
  name: string;
  owner: string;
  member_count: number;
  message_count: bigint | string | number;
  last_message_id: string;
  created_at: bigint | string | number;
  modified_at: bigint | string | number;
}

const toRecord = (r: ThreadRow): ThreadRecord => ({
  appId: r.app_id,
  id: r.id,
  groupId: r.group_id,
  msgId: r.msg_id,
  name: r.name,
  owner: r.owner,
  memberCount: Number(r.member_count),
  messageCount: Number(r.message_count),
  lastMessageId: r.last_message_id,
  createdAt: Number(r.created_at),
  modifiedAt: Number(r.modified_at),
});

function page(rows: ThreadRow[], limit: number): ThreadPage<ThreadRecord> {
  const items = rows.map(toRecord);
  const last = items.at(-1);
  return items.length === limit && last
    ? { items, cursor: encodeOrderCursor(last.createdAt, last.id) }
    : { items };
}

const COLS =
  'app_id, id, group_id, msg_id, name, owner, member_count, message_count, last_message_id, created_at, modified_at';
const T_COLS = COLS.split(', ')
  .map((c) => 't.' + c)
  .join(', ');

async function deliver(c: PgClient, appId: number, id: string, username: string) {
  const key = threadConversationKey(id);
  await c.query(
    'INSERT INTO conversations (app_id, key) VALUES ($1, $2) ON CONFLICT (app_id, key) DO NOTHING',
    [appId, key],
  );
  await c.query(
    `INSERT INTO conversation_members (app_id, owner, queue, conversation_id, start_seq)
     SELECT $1::int, $3::text, $2::text, c.id, c.last_seq FROM conversations c
      WHERE c.app_id = $1::int AND c.key = $2::text
     ON CONFLICT (app_id, owner, queue) DO UPDATE SET conversation_id = excluded.conversation_id,
                                                     start_seq = excluded.start_seq`,
    [appId, key, username],
  );
}

export function postgresThreadStore(pool: PgPool): ThreadStore {
  const tx = <T>(fn: (c: PgClient) => Promise<T>) => inTransaction(pool, fn);
  const one = async (sql: string, args: unknown[]) => {
    const row = (await pool.query<ThreadRow>(sql, args)).rows[0];
    return row && toRecord(row);
  };
  const get = (appId: number, id: string) =>
    one(`SELECT ${COLS} FROM threads WHERE app_id = $1 AND id = $2`, [appId, id]);

  return {
    async create(t) {
      try {
        return await tx(async (c) => {
          const taken = await c.query('SELECT 1 FROM threads WHERE app_id = $1 AND id = $2', [t.appId, t.id]);
          if (taken.rowCount) return { ok: false, reason: 'id' } as const;
          const { rows } = await c.query<ThreadRow>(
            `INSERT INTO threads (app_id, id, group_id, msg_id, name, owner, member_count, created_at, modified_at)
             VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) ON CONFLICT (app_id, msg_id) DO NOTHING RETURNING ${COLS}`,
            [t.appId, t.id, t.groupId, t.msgId, t.name, t.owner, t.createdAt],
          );
          if (!rows[0]) return { ok: false, reason: 'message' } as const;
          await c.query(
            'INSERT INTO thread_members (app_id, thread_id, username, joined_at) VALUES ($1, $2, $3, $4)',
            [t.appId, t.id, t.owner, t.createdAt],
          );
          await deliver(c, t.appId, t.id, t.owner);
          return { ok: true, thread: toRecord(rows[0]) } as const;
        });
      } catch (err) {
        if (isUniqueViolation(err)) return { ok: false, reason: 'id' } as const;
        throw err;
      }
    },
    get,
    async getMany(appId, ids) {
      const { rows } = await pool.query<ThreadRow>(
        `SELECT ${COLS} FROM threads WHERE app_id = $1 AND id = ANY($2::text[])`,
        [appId, [...ids]],
      );
      const byId = new Map(rows.map((r) => [r.id, toRecord(r)]));
      return ids.flatMap((id) => byId.get(id) ?? []);
    },
    byMessage: (appId, msgId) =>
      one(`SELECT ${COLS} FROM threads WHERE app_id = $1 AND msg_id = $2`, [appId, msgId]),
    rename: (appId, id, name, at) =>
      one(`UPDATE threads SET name = $3, modified_at = $4 WHERE app_id = $1 AND id = $2 RETURNING ${COLS}`, [
        appId,
        id,
        name,
        at,
      ]),
    destroy: (appId, id) =>
      tx(async (c) => {
        const { rowCount } = await c.query('DELETE FROM threads WHERE app_id = $1 AND id = $2', [appId, id]);
        if (!rowCount) return false;
        await c.query('DELETE FROM thread_members WHERE app_id = $1 AND thread_id = $2', [appId, id]);
        await c.query('DELETE FROM conversation_members WHERE app_id = $1 AND queue = $2', [
          appId,
          threadConversationKey(id),
        ]);
        return true;
      }),
    join: (appId, id, username, joinedAt) =>
      tx(async (c) => {
        const lock = await c.query('SELECT 1 FROM threads WHERE app_id = $1 AND id = $2 FOR UPDATE', [
          appId,
          id,
        ]);
        if (!lock.rowCount) return 'gone' as const;
        const ins = await c.query(
          `INSERT INTO thread_members (app_id, thread_id, username, joined_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [appId, id, username, joinedAt],
        );
        if (!ins.rowCount) return 'already' as const;
        await deliver(c, appId, id, username);
        await c.query('UPDATE threads SET member_count = member_count + 1 WHERE app_id = $1 AND id = $2', [
          appId,
          id,
        ]);
        return 'joined' as const;
      }),
    removeMembers: (appId, id, usernames) =>
      tx(async (c) => {
        const lock = await c.query('SELECT 1 FROM threads WHERE app_id = $1 AND id = $2 FOR UPDATE', [
          appId,
          id,
        ]);
        if (!lock.rowCount) return [];
        const { rows } = await c.query<{ username: string }>(
          `DELETE FROM thread_members WHERE app_id = $1 AND thread_id = $2 AND username = ANY($3::text[])
           RETURNING username`,
          [appId, id, [...new Set(usernames)]],
        );
        const removed = rows.map((r) => r.username);
        if (removed.length === 0) return [];
        await c.query(
          'DELETE FROM conversation_members WHERE app_id = $1 AND queue = $2 AND owner = ANY($3::text[])',
          [appId, threadConversationKey(id), removed],
        );
        await c.query('UPDATE threads SET member_count = member_count - $3 WHERE app_id = $1 AND id = $2', [
          appId,
          id,
          removed.length,
        ]);
        return usernames.filter((u, i) => removed.includes(u) && usernames.indexOf(u) === i);
      }),
    async member(appId, id, username) {
      const { rows } = await pool.query<{ username: string; joined_at: string }>(
        'SELECT username, joined_at FROM thread_members WHERE app_id = $1 AND thread_id = $2 AND username = $3',
        [appId, id, username],
      );
      return rows[0] && { username: rows[0].username, joinedAt: Number(rows[0].joined_at) };
    },
    async members(appId, id, limit, cursor) {
      const { at, key } = decodeOrderCursor(cursor);
      const { rows } = await pool.query<{ username: string; joined_at: string }>(
        `SELECT username, joined_at FROM thread_members WHERE app_id = $1 AND thread_id = $2
            AND (joined_at > $3 OR (joined_at = $3 AND username > $4)) ORDER BY joined_at, username LIMIT $5`,
        [appId, id, at, key, limit],
      );
      const items: ThreadMember[] = rows.map((r) => ({
        username: r.username,
        joinedAt: Number(r.joined_at),
      }));
      const last = items.at(-1);
      return items.length === limit && last
        ? { items, cursor: encodeOrderCursor(last.joinedAt, last.username) }
        : { items };
    },
    async memberNames(appId, id) {
      const { rows } = await pool.query<{ username: string }>(
        'SELECT username FROM thread_members WHERE app_id = $1 AND thread_id = $2',
        [appId, id],
      );
      return rows.map((r) => r.username);
    },
    async ofGroup(appId, groupId, limit, cursor) {
      const { at, key } = decodeOrderCursor(cursor);
      const { rows } = await pool.query<ThreadRow>(
        `SELECT ${COLS} FROM threads WHERE app_id = $1 AND group_id = $2
            AND (created_at > $3 OR (created_at = $3 AND id > $4)) ORDER BY created_at, id LIMIT $5`,
        [appId, groupId, at, key, limit],
      );
      return page(rows, limit);
    },
    async all(appId, limit, cursor) {
      const { at, key } = decodeOrderCursor(cursor);
      const { rows } = await pool.query<ThreadRow>(
        `SELECT ${COLS} FROM threads WHERE app_id = $1
            AND (created_at > $2 OR (created_at = $2 AND id > $3)) ORDER BY created_at, id LIMIT $4`,
        [appId, at, key, limit],
      );
      return page(rows, limit);
    },
    async joinedBy(appId, username, { groupId, limit, cursor }) {
      const { at, key } = decodeOrderCursor(cursor);
      const { rows } = await pool.query<ThreadRow>(
        `SELECT ${T_COLS} FROM thread_members m JOIN threads t ON t.app_id = m.app_id AND t.id = m.thread_id
          WHERE m.app_id = $1 AND m.username = $2 AND ($3::text IS NULL OR t.group_id = $3::text)
            AND (t.created_at > $4 OR (t.created_at = $4 AND t.id > $5)) ORDER BY t.created_at, t.id LIMIT $6`,
        [appId, username, groupId ?? null, at, key, limit],
      );
      return page(rows, limit);
    },
    recordMessage: (appId, id, messageId, at) =>
      one(
        `UPDATE threads SET message_count = message_count + 1, last_message_id = $3, modified_at = $4
          WHERE app_id = $1 AND id = $2 RETURNING ${COLS}`,
        [appId, id, messageId, at],
      ),
    forgetGroupMembers: (appId, groupId, usernames) =>
      tx(async (c) => {
        const threads = await c.query<{ id: string }>(
          'SELECT id FROM threads WHERE app_id = $1 AND group_id = $2 ORDER BY id FOR UPDATE',
          [appId, groupId],
        );
        let n = 0;
        for (const { id } of threads.rows) {
          const { rows } = await c.query<{ username: string }>(
            `DELETE FROM thread_members WHERE app_id = $1 AND thread_id = $2 AND username = ANY($3::text[])
             RETURNING username`,
            [appId, id, [...new Set(usernames)]],
          );
          if (rows.length === 0) continue;
          n += rows.length;
          await c.query(
            'DELETE FROM conversation_members WHERE app_id = $1 AND queue = $2 AND owner = ANY($3::text[])',
            [appId, threadConversationKey(id), rows.map((r) => r.username)],
          );
          await c.query('UPDATE threads SET member_count = member_count - $3 WHERE app_id = $1 AND id = $2', [
            appId,
            id,
            rows.length,
          ]);
        }
        return n;
      }),
    destroyOfGroup: (appId, groupId) =>
      tx(async (c) => {
        const { rows } = await c.query<{ id: string }>(
          'DELETE FROM threads WHERE app_id = $1 AND group_id = $2 RETURNING id',
          [appId, groupId],
        );
        const ids = rows.map((r) => r.id);
        if (ids.length === 0) return [];
        await c.query('DELETE FROM thread_members WHERE app_id = $1 AND thread_id = ANY($2::text[])', [
          appId,
          ids,
        ]);
        await c.query('DELETE FROM conversation_members WHERE app_id = $1 AND queue = ANY($2::text[])', [
          appId,
          ids.map(threadConversationKey),
        ]);
        return ids;
      }),
    async count(appId) {
      const { rows } = await pool.query<{ n: string }>(
        'SELECT COUNT(*) AS n FROM threads WHERE app_id = $1',
        [appId],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
