// MUC user lists, member attributes and shared-file records on PostgreSQL (migration 0008).
import {
  attributeBytes,
  mergeAttributes,
  NEVER_EXPIRES,
  type MemberAttributes,
  type MucListStore,
  type MucSharedFile,
} from '../../domain/ports/muc-lists.js';
import { inTransaction, type PgClient, type PgPool } from './postgres-database.js';

interface FileRow {
  app_id: number;
  muc_id: string;
  file_id: string;
  owner: string;
  filename: string;
  content_type: string;
  size: bigint;
  storage_key: string;
  created_at: bigint;
}

const toFile = (r: FileRow): MucSharedFile => ({
  appId: r.app_id,
  mucId: r.muc_id,
  fileId: r.file_id,
  owner: r.owner,
  filename: r.filename,
  contentType: r.content_type,
  size: Number(r.size),
  storageKey: r.storage_key,
  createdAt: Number(r.created_at),
});

/** In force at $now: never expiring, or ending after it. */
const inForce = (now: string) => `(expires_at = ${NEVER_EXPIRES} OR expires_at > ${now})`;

export function postgresMucListStore(pool: PgPool): MucListStore {
  return {
    async add(appId, mucId, list, entries, createdAt) {
      if (entries.length === 0) return;
      // One statement for the batch; a user named twice keeps the last entry.
      const last = new Map(entries.map((e) => [e.username, e.expiresAt]));
      await pool.query(
        `INSERT INTO muc_user_lists (app_id, muc_id, username, list, expires_at, created_at)
         SELECT $1, $2, u, $3, e, $4 FROM UNNEST($5::text[], $6::bigint[]) AS t(u, e)
         ON CONFLICT (app_id, muc_id, username, list)
         DO UPDATE SET expires_at = excluded.expires_at, created_at = excluded.created_at`,
        [appId, mucId, list, createdAt, [...last.keys()], [...last.values()]],
      );
    },
    async remove(appId, mucId, list, usernames) {
      if (usernames.length === 0) return [];
      const { rows } = await pool.query<{ username: string }>(
        `DELETE FROM muc_user_lists WHERE app_id = $1 AND muc_id = $2 AND list = $3 AND username = ANY($4::text[])
         RETURNING username`,
        [appId, mucId, list, [...new Set(usernames)]],
      );
      const removed = new Set(rows.map((r) => r.username));
      return [...new Set(usernames)].filter((u) => removed.has(u));
    },
    async entries(appId, mucId, list, now, offset, limit) {
      const { rows } = await pool.query<{ username: string; expires_at: bigint; created_at: bigint }>(
        `SELECT username, expires_at, created_at FROM muc_user_lists
          WHERE app_id = $1 AND muc_id = $2 AND list = $3 AND ${inForce('$4')}
          ORDER BY created_at DESC, username DESC LIMIT $5 OFFSET $6`,
        [appId, mucId, list, now, limit, offset],
      );
      return rows.map((r) => ({
        username: r.username,
        expiresAt: Number(r.expires_at),
        createdAt: Number(r.created_at),
      }));
    },
    async onList(appId, mucId, list, usernames, now) {
      if (usernames.length === 0) return [];
      const { rows } = await pool.query<{ username: string }>(
        `SELECT username FROM muc_user_lists
          WHERE app_id = $1 AND muc_id = $2 AND list = $3 AND username = ANY($4::text[]) AND ${inForce('$5')}`,
        [appId, mucId, list, [...new Set(usernames)], now],
      );
      const on = new Set(rows.map((r) => r.username));
      return usernames.filter((u) => on.has(u));
    },
    async speakerState(appId, mucId, username, now) {
      // One range of the primary key: every list entry of this user in this MUC.
      const { rows } = await pool.query<{ list: string; expires_at: bigint }>(
        `SELECT list, expires_at FROM muc_user_lists
          WHERE app_id = $1 AND muc_id = $2 AND username = $3 AND ${inForce('$4')}`,
        [appId, mucId, username, now],
      );
      const mute = rows.find((r) => r.list === 'mute');
      return {
        mutedUntil: mute === undefined ? undefined : Number(mute.expires_at),
        allowListed: rows.some((r) => r.list === 'allow'),
        blocked: rows.some((r) => r.list === 'block'),
      };
    },
    setAttributes(appId, mucId, username, patch, maxBytes, updatedAt) {
      return inTransaction(pool, async (client) => {
        // The row is created first so that FOR UPDATE has something to lock: concurrent sets of one
        // member then apply one after the other and the byte budget holds.
        await client.query(
          `INSERT INTO muc_member_attributes (app_id, muc_id, username, attributes, updated_at)
           VALUES ($1, $2, $3, '{}', $4) ON CONFLICT DO NOTHING`,
          [appId, mucId, username, updatedAt],
        );
        const { rows } = await client.query<{ attributes: string }>(
          `SELECT attributes FROM muc_member_attributes
            WHERE app_id = $1 AND muc_id = $2 AND username = $3 FOR UPDATE`,
          [appId, mucId, username],
        );
        const current = JSON.parse(rows[0]?.attributes ?? '{}') as MemberAttributes;
        const next = mergeAttributes(current, patch);
        if (attributeBytes(next) > maxBytes) {
          if (Object.keys(current).length === 0) await dropAttributes(client, appId, mucId, username);
          return { ok: false as const, reason: 'too-large' as const };
        }
        if (Object.keys(next).length === 0) await dropAttributes(client, appId, mucId, username);
        else
          await client.query(
            `UPDATE muc_member_attributes SET attributes = $4, updated_at = $5
              WHERE app_id = $1 AND muc_id = $2 AND username = $3`,
            [appId, mucId, username, JSON.stringify(next), updatedAt],
          );
        return { ok: true as const, attributes: next };
      });
    },
    async attributes(appId, mucId, usernames, keys) {
      if (usernames.length === 0) return {};
      const { rows } = await pool.query<{ username: string; attributes: string }>(
        `SELECT username, attributes FROM muc_member_attributes
          WHERE app_id = $1 AND muc_id = $2 AND username = ANY($3::text[])`,
        [appId, mucId, [...new Set(usernames)]],
      );
      const byUser = new Map(rows.map((r) => [r.username, JSON.parse(r.attributes) as MemberAttributes]));
      const out: Record<string, MemberAttributes> = {};
      for (const username of new Set(usernames)) {
        const all = byUser.get(username) ?? {};
        const picked =
          keys && keys.length > 0
            ? Object.fromEntries(keys.filter((key) => Object.hasOwn(all, key)).map((key) => [key, all[key]!]))
            : all;
        if (Object.keys(picked).length > 0) out[username] = picked;
      }
      return out;
    },
    async saveFile(f) {
      await pool.query(
        `INSERT INTO muc_files (app_id, muc_id, file_id, owner, filename, content_type, size, storage_key, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [f.appId, f.mucId, f.fileId, f.owner, f.filename, f.contentType, f.size, f.storageKey, f.createdAt],
      );
    },
    async file(appId, mucId, fileId) {
      const { rows } = await pool.query<FileRow>(
        'SELECT * FROM muc_files WHERE app_id = $1 AND muc_id = $2 AND file_id = $3',
        [appId, mucId, fileId],
      );
      return rows[0] && toFile(rows[0]);
    },
    async files(appId, mucId, offset, limit) {
      const { rows } = await pool.query<FileRow>(
        `SELECT * FROM muc_files WHERE app_id = $1 AND muc_id = $2
          ORDER BY created_at DESC, file_id DESC LIMIT $3 OFFSET $4`,
        [appId, mucId, limit, offset],
      );
      return rows.map(toFile);
    },
    async deleteFile(appId, mucId, fileId) {
      const { rows } = await pool.query<FileRow>(
        'DELETE FROM muc_files WHERE app_id = $1 AND muc_id = $2 AND file_id = $3 RETURNING *',
        [appId, mucId, fileId],
      );
      return rows[0] && toFile(rows[0]);
    },
    async forgetMembers(appId, mucId, usernames) {
      if (usernames.length === 0) return;
      await inTransaction(pool, async (client) => {
        const names = [...new Set(usernames)];
        await client.query(
          `DELETE FROM muc_user_lists
            WHERE app_id = $1 AND muc_id = $2 AND username = ANY($3::text[]) AND list <> 'block'`,
          [appId, mucId, names],
        );
        await client.query(
          'DELETE FROM muc_member_attributes WHERE app_id = $1 AND muc_id = $2 AND username = ANY($3::text[])',
          [appId, mucId, names],
        );
      });
    },
    forgetMuc(appId, mucId) {
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<{ storage_key: string }>(
          'DELETE FROM muc_files WHERE app_id = $1 AND muc_id = $2 RETURNING storage_key',
          [appId, mucId],
        );
        await client.query('DELETE FROM muc_user_lists WHERE app_id = $1 AND muc_id = $2', [appId, mucId]);
        await client.query('DELETE FROM muc_member_attributes WHERE app_id = $1 AND muc_id = $2', [
          appId,
          mucId,
        ]);
        // A destroyed chat room's attributes (migration 0014) go with it.
        await client.query('DELETE FROM room_attributes WHERE app_id = $1 AND room_id = $2', [appId, mucId]);
        return rows.map((r) => r.storage_key);
      });
    },
  };
}

function dropAttributes(client: PgClient, appId: number, mucId: string, username: string): Promise<unknown> {
  return client.query(
    'DELETE FROM muc_member_attributes WHERE app_id = $1 AND muc_id = $2 AND username = $3',
    [appId, mucId, username],
  );
}
