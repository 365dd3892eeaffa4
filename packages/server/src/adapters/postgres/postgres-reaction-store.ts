// Message reactions on PostgreSQL (migration 0016). An add takes a transaction-scoped advisory lock on
// the message first, so adds of one message run one at a time: no lost counts, never more distinct
// reactions than allowed, whatever the number of nodes.
import type { ReactionStore, ReactionSummary } from '../../domain/ports/reactions.js';
import { inTransaction, type PgPool } from './postgres-database.js';

export function postgresReactionStore(pool: PgPool): ReactionStore {
  return {
    add(appId, messageId, reaction, username, at, maxDistinct) {
      return inTransaction(pool, async (c) => {
        await c.query("SELECT pg_advisory_xact_lock(hashtextextended('reaction:' || $1 || ':' || $2, 0))", [
          appId,
          messageId.toString(),
        ]);
        const { rows } = await c.query<{ n: string; known: boolean | null; mine: boolean | null }>(
          `SELECT COUNT(DISTINCT reaction) AS n, bool_or(reaction = $3) AS known,
                  bool_or(reaction = $3 AND username = $4) AS mine
             FROM message_reactions WHERE app_id = $1 AND message_id = $2`,
          [appId, messageId.toString(), reaction, username],
        );
        const shape = rows[0];
        if (shape?.mine) return 'already' as const;
        if (!shape?.known && Number(shape?.n ?? 0) >= maxDistinct) return 'limit' as const;
        await c.query(
          `INSERT INTO message_reactions (app_id, message_id, reaction, username, created_at)
           VALUES ($1, $2, $3, $4, $5)`,
          [appId, messageId.toString(), reaction, username, at],
        );
        return 'added' as const;
      });
    },
    async remove(appId, messageId, reaction, username) {
      const r = await pool.query(
        `DELETE FROM message_reactions
          WHERE app_id = $1 AND message_id = $2 AND reaction = $3 AND username = $4`,
        [appId, messageId.toString(), reaction, username],
      );
      return (r.rowCount ?? 0) > 0;
    },
    async summaries(appId, messageIds, viewer, sample) {
      if (messageIds.length === 0) return [];
      const ids = messageIds.map(String);
      const counts = await pool.query<{ mid: string; reaction: string; n: string; mine: boolean }>(
        `SELECT message_id::text AS mid, reaction, COUNT(*) AS n, bool_or(username = $3) AS mine
           FROM message_reactions WHERE app_id = $1 AND message_id = ANY($2::bigint[])
          GROUP BY message_id, reaction ORDER BY MIN(id)`,
        [appId, ids, viewer],
      );
      const samples = await pool.query<{ mid: string; reaction: string; username: string }>(
        `SELECT mid, reaction, username FROM (
           SELECT message_id::text AS mid, reaction, username,
                  ROW_NUMBER() OVER (PARTITION BY message_id, reaction ORDER BY id) AS rn
             FROM message_reactions WHERE app_id = $1 AND message_id = ANY($2::bigint[])) t
          WHERE rn <= $3 ORDER BY rn`,
        [appId, ids, sample],
      );
      const users = new Map<string, string[]>();
      for (const r of samples.rows) {
        const k = `${r.mid} ${r.reaction}`;
        users.set(k, [...(users.get(k) ?? []), r.username]);
      }
      const byMessage = new Map<string, ReactionSummary[]>();
      for (const r of counts.rows) {
        const list = byMessage.get(r.mid) ?? [];
        list.push({
          messageId: BigInt(r.mid),
          reaction: r.reaction,
          count: Number(r.n),
          users: users.get(`${r.mid} ${r.reaction}`) ?? [],
          addedBySelf: r.mine,
        });
        byMessage.set(r.mid, list);
      }
      return [...new Set(ids)].flatMap((id) => byMessage.get(id) ?? []);
    },
    async users(appId, messageId, reaction, offset, limit) {
      const { rows } = await pool.query<{ username: string }>(
        `SELECT username FROM message_reactions WHERE app_id = $1 AND message_id = $2 AND reaction = $3
          ORDER BY id LIMIT $4 OFFSET $5`,
        [appId, messageId.toString(), reaction, limit, offset],
      );
      return rows.map((r) => r.username);
    },
  };
}
