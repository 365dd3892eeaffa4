// Message reactions on SQLite (migration 0016). An add is one synchronous transaction, so adds of a
// message are serialised by the single connection: no lost counts, never more distinct reactions than allowed.
import type { ReactionStore, ReactionSummary } from '../../domain/ports/reactions.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

type Key = { appId: number; messageId: bigint; reaction: string; username: string };
type Many = { appId: number; ids: string };

const IN_IDS = 'message_id IN (SELECT value FROM json_each(@ids))';

export function sqliteReactionStore(db: SqliteDb, durable: Durability): ReactionStore {
  const s = {
    has: db.prepare<[Key], { n: number }>(
      `SELECT 1 AS n FROM message_reactions
        WHERE app_id = @appId AND message_id = @messageId AND reaction = @reaction AND username = @username`,
    ),
    shape: db.prepare<[Omit<Key, 'username'>], { n: number | bigint; known: number | bigint | null }>(
      `SELECT COUNT(DISTINCT reaction) AS n, MAX(reaction = @reaction) AS known FROM message_reactions
        WHERE app_id = @appId AND message_id = @messageId`,
    ),
    insert: db.prepare<[Key & { at: number }]>(
      `INSERT INTO message_reactions (app_id, message_id, reaction, username, created_at)
       VALUES (@appId, @messageId, @reaction, @username, @at)`,
    ),
    remove: db.prepare<[Key]>(
      `DELETE FROM message_reactions
        WHERE app_id = @appId AND message_id = @messageId AND reaction = @reaction AND username = @username`,
    ),
    counts: db.prepare<
      [Many & { viewer: string }],
      { mid: string; reaction: string; n: number | bigint; mine: number | bigint }
    >(
      `SELECT CAST(message_id AS TEXT) AS mid, reaction, COUNT(*) AS n, MAX(username = @viewer) AS mine,
              MIN(id) AS first
         FROM message_reactions WHERE app_id = @appId AND ${IN_IDS}
        GROUP BY message_id, reaction ORDER BY first`,
    ),
    sample: db.prepare<[Many & { sample: number }], { mid: string; reaction: string; username: string }>(
      `SELECT mid, reaction, username FROM (
         SELECT CAST(message_id AS TEXT) AS mid, reaction, username,
                ROW_NUMBER() OVER (PARTITION BY message_id, reaction ORDER BY id) AS rn
           FROM message_reactions WHERE app_id = @appId AND ${IN_IDS})
        WHERE rn <= @sample ORDER BY rn`,
    ),
    users: db.prepare<[Omit<Key, 'username'> & { offset: number; limit: number }], { username: string }>(
      `SELECT username FROM message_reactions
        WHERE app_id = @appId AND message_id = @messageId AND reaction = @reaction
        ORDER BY id LIMIT @limit OFFSET @offset`,
    ),
  };

  const add = db.transaction((key: Key, at: number, maxDistinct: number) => {
    if (s.has.get(key)) return 'already' as const;
    const shape = s.shape.get({ appId: key.appId, messageId: key.messageId, reaction: key.reaction });
    if (!Number(shape?.known ?? 0) && Number(shape?.n ?? 0) >= maxDistinct) return 'limit' as const;
    s.insert.run({ ...key, at });
    return 'added' as const;
  });

  return {
    add(appId, messageId, reaction, username, at, maxDistinct) {
      const outcome = add({ appId, messageId, reaction, username }, at, maxDistinct);
      return outcome === 'added' ? durable.after(outcome) : Promise.resolve(outcome);
    },
    remove(appId, messageId, reaction, username) {
      return durable.after(s.remove.run({ appId, messageId, reaction, username }).changes > 0);
    },
    summaries(appId, messageIds, viewer, sample) {
      if (messageIds.length === 0) return Promise.resolve([]);
      const ids = `[${messageIds.map(String).join(',')}]`;
      const users = new Map<string, string[]>();
      for (const r of s.sample.all({ appId, ids, sample })) {
        const k = `${r.mid} ${r.reaction}`;
        users.set(k, [...(users.get(k) ?? []), r.username]);
      }
      const byMessage = new Map<string, ReactionSummary[]>();
      for (const r of s.counts.all({ appId, ids, viewer })) {
        const list = byMessage.get(r.mid) ?? [];
        list.push({
          messageId: BigInt(r.mid),
          reaction: r.reaction,
          count: Number(r.n),
          users: users.get(`${r.mid} ${r.reaction}`) ?? [],
          addedBySelf: Number(r.mine) === 1,
        });
        byMessage.set(r.mid, list);
      }
      return Promise.resolve([...new Set(messageIds.map(String))].flatMap((id) => byMessage.get(id) ?? []));
    },
    users(appId, messageId, reaction, offset, limit) {
      return Promise.resolve(
        s.users.all({ appId, messageId, reaction, offset, limit }).map((r) => r.username),
      );
    },
  };
}
