// Contacts, friend requests and blocklists on PostgreSQL (migration 0011).
import type { ContactStore } from '../../domain/ports/contacts.js';
import { inTransaction, type PgPool } from './postgres-database.js';

export function postgresContactStore(pool: PgPool): ContactStore {
  return {
    async addRequest(appId, r) {
      await pool.query(
        `INSERT INTO contact_requests (app_id, invitee, requester, reason, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (app_id, invitee, requester) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at`,
        [appId, r.invitee, r.requester, r.reason, r.createdAt],
      );
    },
    async request(appId, requester, invitee) {
      const { rows } = await pool.query<{ reason: string; created_at: bigint }>(
        'SELECT reason, created_at FROM contact_requests WHERE app_id = $1 AND invitee = $2 AND requester = $3',
        [appId, invitee, requester],
      );
      const row = rows[0];
      return row && { requester, invitee, reason: row.reason, createdAt: Number(row.created_at) };
    },
    async removeRequest(appId, requester, invitee) {
      const r = await pool.query(
        'DELETE FROM contact_requests WHERE app_id = $1 AND invitee = $2 AND requester = $3',
        [appId, invitee, requester],
      );
      return (r.rowCount ?? 0) > 0;
    },
    addContact(appId, a, b, createdAt) {
      return inTransaction(pool, async (c) => {
        const r = await c.query(
          `INSERT INTO contacts (app_id, owner, friend, remark, created_at)
           VALUES ($1, $2, $3, '', $4), ($1, $3, $2, '', $4)
           ON CONFLICT (app_id, owner, friend) DO NOTHING`,
          [appId, a, b, createdAt],
        );
        await c.query(
          `DELETE FROM contact_requests WHERE app_id = $1
             AND ((invitee = $2 AND requester = $3) OR (invitee = $3 AND requester = $2))`,
          [appId, a, b],
        );
        return (r.rowCount ?? 0) > 0;
      });
    },
    async removeContact(appId, a, b) {
      const r = await pool.query(
        `DELETE FROM contacts WHERE app_id = $1 AND ((owner = $2 AND friend = $3) OR (owner = $3 AND friend = $2))`,
        [appId, a, b],
      );
      return (r.rowCount ?? 0) > 0;
    },
    async isContact(appId, owner, friend) {
      const { rows } = await pool.query(
        'SELECT 1 FROM contacts WHERE app_id = $1 AND owner = $2 AND friend = $3',
        [appId, owner, friend],
      );
      return rows.length > 0;
    },
    async contacts(appId, owner, after, limit) {
      const { rows } = await pool.query<{ friend: string; remark: string; created_at: bigint }>(
        `SELECT friend, remark, created_at FROM contacts WHERE app_id = $1 AND owner = $2 AND friend > $3
          ORDER BY friend COLLATE "C" LIMIT $4`,
        [appId, owner, after ?? '', limit],
      );
      return rows.map((r) => ({ username: r.friend, remark: r.remark, createdAt: Number(r.created_at) }));
    },
    async countContacts(appId, owner) {
      const { rows } = await pool.query<{ n: string }>(
        'SELECT COUNT(*) AS n FROM contacts WHERE app_id = $1 AND owner = $2',
        [appId, owner],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async setRemark(appId, owner, friend, remark) {
      const r = await pool.query(
        'UPDATE contacts SET remark = $4 WHERE app_id = $1 AND owner = $2 AND friend = $3',
        [appId, owner, friend, remark],
      );
      return (r.rowCount ?? 0) > 0;
    },
    async block(appId, owner, usernames, createdAt) {
      const users = [...new Set(usernames)];
      if (users.length === 0) return [];
      const { rows } = await pool.query<{ blocked: string }>(
        `INSERT INTO user_blocks (app_id, owner, blocked, created_at)
         SELECT $1, $2, u, $3 FROM UNNEST($4::text[]) AS t(u)
         ON CONFLICT (app_id, owner, blocked) DO NOTHING RETURNING blocked`,
        [appId, owner, createdAt, users],
      );
      const added = new Set(rows.map((r) => r.blocked));
      return users.filter((u) => added.has(u));
    },
    async unblock(appId, owner, usernames) {
      const users = [...new Set(usernames)];
      if (users.length === 0) return [];
      const { rows } = await pool.query<{ blocked: string }>(
        `DELETE FROM user_blocks WHERE app_id = $1 AND owner = $2 AND blocked = ANY($3::text[]) RETURNING blocked`,
        [appId, owner, users],
      );
      const removed = new Set(rows.map((r) => r.blocked));
      return users.filter((u) => removed.has(u));
    },
    async blocked(appId, owner, after, limit) {
      const { rows } = await pool.query<{ blocked: string; created_at: bigint }>(
        `SELECT blocked, created_at FROM user_blocks WHERE app_id = $1 AND owner = $2 AND blocked > $3
          ORDER BY blocked COLLATE "C" LIMIT $4`,
        [appId, owner, after ?? '', limit],
      );
      return rows.map((r) => ({ username: r.blocked, createdAt: Number(r.created_at) }));
    },
    async countBlocked(appId, owner) {
      const { rows } = await pool.query<{ n: string }>(
        'SELECT COUNT(*) AS n FROM user_blocks WHERE app_id = $1 AND owner = $2',
        [appId, owner],
      );
      return Number(rows[0]?.n ?? 0);
    },
    async isBlocked(appId, owner, user) {
      const { rows } = await pool.query(
        'SELECT 1 FROM user_blocks WHERE app_id = $1 AND owner = $2 AND blocked = $3',
        [appId, owner, user],
      );
      return rows.length > 0;
    },
    forgetUser(appId, username) {
      return inTransaction(pool, async (c) => {
        await c.query('DELETE FROM contacts WHERE app_id = $1 AND (owner = $2 OR friend = $2)', [
          appId,
          username,
        ]);
        await c.query('DELETE FROM contact_requests WHERE app_id = $1 AND (invitee = $2 OR requester = $2)', [
          appId,
          username,
        ]);
        await c.query('DELETE FROM user_blocks WHERE app_id = $1 AND (owner = $2 OR blocked = $2)', [
          appId,
          username,
        ]);
      });
    },
  };
}
