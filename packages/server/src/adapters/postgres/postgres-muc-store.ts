// Groups (and later rooms) on PostgreSQL; same semantics as sqlite-muc-store.ts (one contract suite).
// Several nodes write at once here: every membership write locks the record's row first (SELECT … FOR
// UPDATE), so concurrent joins see each other's member count and never pass maxUsers, and writers of one
// record take their locks in the same order (record, then member rows).
import {
  mucConversationKey,
  type MucKind,
  type MucMember,
  type MucPatch,
  type MucRecord,
  type MucRole,
  type MucStore,
} from '../../domain/ports/mucs.js';
import { inTransaction, type PgClient, type PgPool } from './postgres-database.js';

interface MucRow {
  app_id: number;
  id: string;
  kind: MucKind;
  name: string;
  description: string;
  avatar: string;
  owner: string;
  public: boolean;
  approval: boolean;
  allow_invites: boolean;
  invite_need_confirm: boolean;
  max_users: number;
  custom: string;
  announcement: string;
  all_muted: boolean;
  disabled: boolean;
  member_count: number;
  created_at: bigint;
  modified_at: bigint;
}

interface MemberRow {
  username: string;
  role: MucRole;
  joined_at: bigint;
}

const toRecord = (r: MucRow): MucRecord => ({
  appId: r.app_id,
  kind: r.kind,
  id: r.id,
  name: r.name,
  description: r.description,
  avatar: r.avatar,
  owner: r.owner,
  public: r.public,
  approval: r.approval,
  allowInvites: r.allow_invites,
  inviteNeedConfirm: r.invite_need_confirm,
  maxUsers: r.max_users,
  custom: r.custom,
  announcement: r.announcement,
  allMuted: r.all_muted,
  disabled: r.disabled,
  memberCount: r.member_count,
  createdAt: Number(r.created_at),
  modifiedAt: Number(r.modified_at),
});

const toMember = (r: MemberRow): MucMember => ({
  username: r.username,
  role: r.role,
  joinedAt: Number(r.joined_at),
});

const COLUMNS: Record<keyof MucPatch, string> = {
  name: 'name',
  description: 'description',
  avatar: 'avatar',
  public: 'public',
  approval: 'approval',
  allowInvites: 'allow_invites',
  inviteNeedConfirm: 'invite_need_confirm',
  maxUsers: 'max_users',
  custom: 'custom',
  announcement: 'announcement',
  allMuted: 'all_muted',
  disabled: 'disabled',
};

const ROLE_ORDER = `CASE role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END`;

const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
const decodeCursor = (c: string | undefined) =>
  c === undefined ? '' : Buffer.from(c, 'base64url').toString('utf8');

const LOCK = 'SELECT * FROM mucs WHERE app_id = $1 AND id = $2 FOR UPDATE';

/** The member's delivery row, at the log's current end (the log created when missing). */
async function deliver(c: PgClient, appId: number, kind: MucKind, id: string, usernames: readonly string[]) {
  if (usernames.length === 0) return;
  const key = mucConversationKey(kind, id);
  await c.query(
    'INSERT INTO conversations (app_id, key) VALUES ($1, $2) ON CONFLICT (app_id, key) DO NOTHING',
    [appId, key],
  );
  // A rejoining member starts at the log's end again: the queue row is rewritten, not kept.
  await c.query(
    `INSERT INTO conversation_members (app_id, owner, queue, conversation_id, start_seq)
     SELECT $1::int, u, $2::text, c.id, c.last_seq FROM conversations c, unnest($3::text[]) AS u
      WHERE c.app_id = $1::int AND c.key = $2::text
     ON CONFLICT (app_id, owner, queue) DO UPDATE SET conversation_id = excluded.conversation_id,
                                                     start_seq = excluded.start_seq`,
    [appId, key, usernames],
  );
}

export function postgresMucStore(pool: PgPool): MucStore {
  const joinedCount = async (appId: number, kind: MucKind, username: string) => {
    const { rows } = await pool.query<{ n: bigint }>(
      `SELECT COUNT(*) AS n FROM muc_members m JOIN mucs g ON g.app_id = m.app_id AND g.id = m.muc_id
        WHERE m.app_id = $1 AND m.username = $2 AND g.kind = $3`,
      [appId, username, kind],
    );
    return Number(rows[0]?.n ?? 0n);
  };
  const tx = <T>(fn: (c: PgClient) => Promise<T>) => inTransaction(pool, fn);
  const lock = async (c: PgClient, appId: number, id: string) =>
    (await c.query<MucRow>(LOCK, [appId, id])).rows[0];

  return {
    create: (muc, members) =>
      tx(async (c) => {
        const { rows } = await c.query<MucRow>(
          `INSERT INTO mucs (app_id, id, kind, name, description, avatar, owner, public, approval, allow_invites,
                             invite_need_confirm, max_users, custom, announcement, all_muted, disabled,
                             member_count, created_at, modified_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18)
           ON CONFLICT (app_id, id) DO NOTHING RETURNING *`,
          [
            ...[muc.appId, muc.id, muc.kind, muc.name, muc.description, muc.avatar, muc.owner],
            ...[muc.public, muc.approval, muc.allowInvites, muc.inviteNeedConfirm, muc.maxUsers],
            ...[muc.custom, muc.announcement, muc.allMuted, muc.disabled, members.length, muc.createdAt],
          ],
        );
        if (!rows[0]) return undefined;
        await c.query(
          `INSERT INTO muc_members (app_id, muc_id, username, role, joined_at)
           SELECT $1::int, $2::text, * FROM unnest($3::text[], $4::text[], $5::bigint[])`,
          [
            muc.appId,
            muc.id,
            members.map((m) => m.username),
            members.map((m) => m.role),
            members.map((m) => m.joinedAt),
          ],
        );
        await deliver(
          c,
          muc.appId,
          muc.kind,
          muc.id,
          members.map((m) => m.username),
        );
        return toRecord(rows[0]);
      }),

    async get(appId, id) {
      const { rows } = await pool.query<MucRow>('SELECT * FROM mucs WHERE app_id = $1 AND id = $2', [
        appId,
        id,
      ]);
      return rows[0] && toRecord(rows[0]);
    },

    async getMany(appId, ids) {
      if (ids.length === 0) return [];
      const { rows } = await pool.query<MucRow>(
        'SELECT * FROM mucs WHERE app_id = $1 AND id = ANY($2::text[])',
        [appId, ids],
      );
      const byId = new Map(rows.map((r) => [r.id, toRecord(r)]));
      return ids.flatMap((id) => {
        const r = byId.get(id);
        return r ? [r] : [];
      });
    },

    async update(appId, id, patch, modifiedAt) {
      const sets = ['modified_at = $3'];
      const values: unknown[] = [appId, id, modifiedAt];
      for (const [key, value] of Object.entries(patch) as [keyof MucPatch, unknown][]) {
        if (value === undefined || !Object.hasOwn(COLUMNS, key)) continue;
        values.push(value);
        sets.push(`${COLUMNS[key]} = $${values.length}`);
      }
      const { rows } = await pool.query<MucRow>(
        `UPDATE mucs SET ${sets.join(', ')} WHERE app_id = $1 AND id = $2 RETURNING *`,
        values,
      );
      return rows[0] && toRecord(rows[0]);
    },

    destroy: (appId, id) =>
      tx(async (c) => {
        const row = await lock(c, appId, id);
        if (!row) return false;
        const key = mucConversationKey(row.kind, id);
        await c.query(
          `DELETE FROM conversation_members WHERE app_id = $1 AND queue = $2
              AND conversation_id = (SELECT id FROM conversations WHERE app_id = $1 AND key = $2)`,
          [appId, key],
        );
        await c.query('DELETE FROM muc_members WHERE app_id = $1 AND muc_id = $2', [appId, id]);
        await c.query('DELETE FROM muc_requests WHERE app_id = $1 AND muc_id = $2', [appId, id]);
        await c.query('DELETE FROM mucs WHERE app_id = $1 AND id = $2', [appId, id]);
        return true;
      }),

    async list(appId, kind, { publicOnly, limit, cursor }) {
      const { rows } = await pool.query<MucRow>(
        `SELECT * FROM mucs WHERE app_id = $1 AND kind = $2 AND ($3::boolean OR public) AND id COLLATE "C" > $4
          ORDER BY id COLLATE "C" LIMIT $5`,
        [appId, kind, !publicOnly, decodeCursor(cursor), limit],
      );
      const items = rows.map(toRecord);
      const last = items.at(-1);
      return items.length === limit && last ? { items, cursor: encodeCursor(last.id) } : { items };
    },

    async joinedBy(appId, kind, username, offset, limit) {
      const { rows } = await pool.query<MucRow & { role: MucRole }>(
        `SELECT g.*, m.role AS role FROM muc_members m JOIN mucs g ON g.app_id = m.app_id AND g.id = m.muc_id
          WHERE m.app_id = $1 AND m.username = $2 AND g.kind = $3
          ORDER BY m.joined_at DESC, m.muc_id DESC LIMIT $4 OFFSET $5`,
        [appId, username, kind, limit, offset],
      );
      const total = await joinedCount(appId, kind, username);
      return { items: rows.map((r) => ({ ...toRecord(r), role: r.role })), total };
    },

    async member(appId, id, username) {
      const { rows } = await pool.query<MemberRow>(
        'SELECT username, role, joined_at FROM muc_members WHERE app_id = $1 AND muc_id = $2 AND username = $3',
        [appId, id, username],
      );
      return rows[0] && toMember(rows[0]);
    },

    async members(appId, id, offset, limit) {
      const { rows } = await pool.query<MemberRow>(
        `SELECT username, role, joined_at FROM muc_members WHERE app_id = $1 AND muc_id = $2
          ORDER BY ${ROLE_ORDER}, joined_at, username COLLATE "C" LIMIT $3 OFFSET $4`,
        [appId, id, limit, offset],
      );
      return rows.map(toMember);
    },

    async deliveryStart(appId, id, username) {
      const { rows } = await pool.query<{ start_seq: bigint }>(
        `SELECT cm.start_seq FROM conversation_members cm
          WHERE cm.app_id = $1 AND cm.owner = $2
            AND cm.queue = COALESCE((SELECT CASE kind WHEN 'group' THEN 'g:' ELSE 'r:' END || id FROM mucs
                                      WHERE app_id = $1 AND id = $3), 'g:' || $3::text)`,
        [appId, username, id],
      );
      return rows[0]?.start_seq;
    },

    async memberNames(appId, id) {
      const { rows } = await pool.query<{ username: string }>(
        'SELECT username FROM muc_members WHERE app_id = $1 AND muc_id = $2',
        [appId, id],
      );
      return rows.map((r) => r.username);
    },

    addMembers: (appId, id, usernames, joinedAt) =>
      tx(async (c) => {
        const row = await lock(c, appId, id);
        if (!row) return { ok: false, reason: 'gone' } as const;
        const wanted = [...new Set(usernames)];
        const { rows } = await c.query<{ username: string }>(
          'SELECT username FROM muc_members WHERE app_id = $1 AND muc_id = $2 AND username = ANY($3::text[])',
          [appId, id, wanted],
        );
        const present = new Set(rows.map((r) => r.username));
        const added = wanted.filter((u) => !present.has(u));
        const already = wanted.filter((u) => present.has(u));
        if (row.member_count + added.length > row.max_users) return { ok: false, reason: 'full' } as const;
        if (added.length > 0) {
          await c.query(
            `INSERT INTO muc_members (app_id, muc_id, username, role, joined_at)
             SELECT $1::int, $2::text, u, 'member', $4::bigint FROM unnest($3::text[]) AS u`,
            [appId, id, added, joinedAt],
          );
          await deliver(c, appId, row.kind, id, added);
          await c.query('UPDATE mucs SET member_count = member_count + $3 WHERE app_id = $1 AND id = $2', [
            appId,
            id,
            added.length,
          ]);
        }
        return { ok: true, added, already } as const;
      }),

    removeMembers: (appId, id, usernames) =>
      tx(async (c) => {
        const row = await lock(c, appId, id);
        if (!row) return [];
        const { rows } = await c.query<{ username: string }>(
          `DELETE FROM muc_members WHERE app_id = $1 AND muc_id = $2 AND username = ANY($3::text[])
              AND role <> 'owner' RETURNING username`,
          [appId, id, [...new Set(usernames)]],
        );
        const removed = rows.map((r) => r.username);
        if (removed.length === 0) return [];
        await c.query(
          'DELETE FROM conversation_members WHERE app_id = $1 AND queue = $2 AND owner = ANY($3::text[])',
          [appId, mucConversationKey(row.kind, id), removed],
        );
        await c.query('UPDATE mucs SET member_count = member_count - $3 WHERE app_id = $1 AND id = $2', [
          appId,
          id,
          removed.length,
        ]);
        // In the order asked, like the SQLite adapter.
        const gone = new Set(removed);
        return [...new Set(usernames)].filter((u) => gone.has(u));
      }),

    async setRole(appId, id, username, role) {
      const { rowCount } = await pool.query(
        `UPDATE muc_members SET role = $4 WHERE app_id = $1 AND muc_id = $2 AND username = $3 AND role <> 'owner'`,
        [appId, id, username, role],
      );
      return rowCount === 1;
    },

    transferOwner: (appId, id, newOwner, modifiedAt) =>
      tx(async (c) => {
        const row = await lock(c, appId, id);
        if (!row) return false;
        const { rows } = await c.query<{ role: MucRole }>(
          'SELECT role FROM muc_members WHERE app_id = $1 AND muc_id = $2 AND username = $3',
          [appId, id, newOwner],
        );
        if (!rows[0] || rows[0].role === 'owner') return false;
        await c.query(
          `UPDATE muc_members SET role = 'member' WHERE app_id = $1 AND muc_id = $2 AND username = $3`,
          [appId, id, row.owner],
        );
        await c.query(
          `UPDATE muc_members SET role = 'owner' WHERE app_id = $1 AND muc_id = $2 AND username = $3`,
          [appId, id, newOwner],
        );
        await c.query('UPDATE mucs SET owner = $3, modified_at = $4 WHERE app_id = $1 AND id = $2', [
          appId,
          id,
          newOwner,
          modifiedAt,
        ]);
        return true;
      }),

    async saveRequest(appId, id, r) {
      await pool.query(
        `INSERT INTO muc_requests (app_id, muc_id, type, username, inviter, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (app_id, muc_id, type, username) DO UPDATE SET inviter = excluded.inviter,
                reason = excluded.reason, created_at = excluded.created_at`,
        [appId, id, r.type, r.username, r.inviter ?? null, r.reason, r.createdAt],
      );
    },

    async findRequest(appId, id, type, username) {
      const { rows } = await pool.query<{ inviter: string | null; reason: string; created_at: bigint }>(
        `SELECT inviter, reason, created_at FROM muc_requests
          WHERE app_id = $1 AND muc_id = $2 AND type = $3 AND username = $4`,
        [appId, id, type, username],
      );
      const r = rows[0];
      return (
        r && {
          type,
          username,
          ...(r.inviter === null ? {} : { inviter: r.inviter }),
          reason: r.reason,
          createdAt: Number(r.created_at),
        }
      );
    },

    async deleteRequest(appId, id, type, username) {
      const { rowCount } = await pool.query(
        'DELETE FROM muc_requests WHERE app_id = $1 AND muc_id = $2 AND type = $3 AND username = $4',
        [appId, id, type, username],
      );
      return rowCount === 1;
    },

    joinedCount,

    async count(appId, kind) {
      const { rows } = await pool.query<{ n: bigint }>(
        'SELECT COUNT(*) AS n FROM mucs WHERE app_id = $1 AND kind = $2',
        [appId, kind],
      );
      return Number(rows[0]?.n ?? 0n);
    },
  };
}
