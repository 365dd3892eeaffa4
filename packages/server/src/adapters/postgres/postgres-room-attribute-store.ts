// Chat-room attributes on PostgreSQL (migration 0014). A write locks the room's record (mucs row) first,
// so concurrent calls on one room apply one after the other: owners and the key budget hold.
import type { RoomAttributeStore } from '../../domain/ports/room-attributes.js';
import { inTransaction, type PgClient, type PgPool } from './postgres-database.js';

interface Row {
  key: string;
  value: string;
  owner: string;
}

async function lockRoom(client: PgClient, appId: number, roomId: string): Promise<void> {
  await client.query('SELECT 1 FROM mucs WHERE app_id = $1 AND id = $2 FOR UPDATE', [appId, roomId]);
}

async function current(client: PgClient, appId: number, roomId: string, keys: readonly string[]) {
  const { rows } = await client.query<Row>(
    'SELECT key, value, owner FROM room_attributes WHERE app_id = $1 AND room_id = $2 AND key = ANY($3::text[])',
    [appId, roomId, [...keys]],
  );
  return new Map(rows.map((r) => [r.key, r]));
}

export function postgresRoomAttributeStore(pool: PgPool): RoomAttributeStore {
  return {
    set(appId, roomId, w) {
      return inTransaction(pool, async (client) => {
        await lockRoom(client, appId, roomId);
        const result = { written: [] as string[], notOwned: [] as string[], overLimit: [] as string[] };
        const keys = Object.keys(w.entries);
        const existing = await current(client, appId, roomId, keys);
        const { rows } = await client.query<{ n: string }>(
          'SELECT COUNT(*) AS n FROM room_attributes WHERE app_id = $1 AND room_id = $2',
          [appId, roomId],
        );
        let count = Number(rows[0]?.n ?? 0);
        for (const key of keys) {
          const row = existing.get(key);
          if (row && row.owner !== w.owner && !w.forced) {
            result.notOwned.push(key);
            continue;
          }
          if (!row && count >= w.maxKeys) {
            result.overLimit.push(key);
            continue;
          }
          if (!row) count++;
          await client.query(
            `INSERT INTO room_attributes (app_id, room_id, key, value, owner, auto_delete, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (app_id, room_id, key) DO UPDATE SET value = excluded.value, owner = excluded.owner,
               auto_delete = excluded.auto_delete, updated_at = excluded.updated_at`,
            [appId, roomId, key, w.entries[key], w.owner, w.autoDelete, w.updatedAt],
          );
          result.written.push(key);
        }
        return result;
      });
    },
    remove(appId, roomId, keys, by, forced) {
      return inTransaction(pool, async (client) => {
        await lockRoom(client, appId, roomId);
        const unique = [...new Set(keys)];
        const existing = await current(client, appId, roomId, unique);
        const result = { removed: [] as string[], notOwned: [] as string[] };
        const drop: string[] = [];
        for (const key of unique) {
          const row = existing.get(key);
          if (row && row.owner !== by && !forced) {
            result.notOwned.push(key);
            continue;
          }
          if (row) drop.push(key);
          result.removed.push(key);
        }
        if (drop.length > 0)
          await client.query(
            'DELETE FROM room_attributes WHERE app_id = $1 AND room_id = $2 AND key = ANY($3::text[])',
            [appId, roomId, drop],
          );
        return result;
      });
    },
    async get(appId, roomId, keys) {
      const { rows } =
        keys && keys.length > 0
          ? await pool.query<Row>(
              'SELECT key, value, owner FROM room_attributes WHERE app_id = $1 AND room_id = $2 AND key = ANY($3::text[])',
              [appId, roomId, [...keys]],
            )
          : await pool.query<Row>(
              'SELECT key, value, owner FROM room_attributes WHERE app_id = $1 AND room_id = $2 ORDER BY key',
              [appId, roomId],
            );
      const byKey = new Map(rows.map((r) => [r.key, r.value]));
      const out: Record<string, string> = {};
      for (const key of keys && keys.length > 0 ? keys : [...byKey.keys()]) {
        const value = byKey.get(key);
        if (value !== undefined) out[key] = value;
      }
      return out;
    },
    async removeAutoDeleteOf(appId, roomId, owner) {
      const { rows } = await pool.query<{ key: string }>(
        `DELETE FROM room_attributes WHERE app_id = $1 AND room_id = $2 AND owner = $3 AND auto_delete
         RETURNING key`,
        [appId, roomId, owner],
      );
      return rows.map((r) => r.key).sort();
    },
    async forgetRoom(appId, roomId) {
      await pool.query('DELETE FROM room_attributes WHERE app_id = $1 AND room_id = $2', [appId, roomId]);
    },
  };
}
