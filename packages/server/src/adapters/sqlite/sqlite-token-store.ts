import type { TokenStore } from '../../domain/ports/storage.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

interface TokenRow {
  token_hash: string;
  app_id: number;
  username: string | null;
  created_at: number;
  expires_at: number;
}

export function sqliteTokenStore(db: SqliteDb, durable: Durability): TokenStore {
  const insert = db.prepare(
    `INSERT INTO tokens (token_hash, app_id, username, created_at, expires_at)
     VALUES (@tokenHash, @appId, @username, @createdAt, @expiresAt)`,
  );
  const find = db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE token_hash = ?');
  const removeForUser = db.prepare<[number, string]>('DELETE FROM tokens WHERE app_id = ? AND username = ?');
  return {
    save(token) {
      insert.run({ ...token, username: token.username ?? null });
      return durable.after(undefined);
    },
    find(tokenHash) {
      const r = find.get(tokenHash);
      return Promise.resolve(
        r && {
          tokenHash: r.token_hash,
          appId: r.app_id,
          username: r.username ?? undefined,
          createdAt: r.created_at,
          expiresAt: r.expires_at,
        },
      );
    },
    deleteForUser(appId, username) {
      return durable.after(removeForUser.run(appId, username).changes);
    },
  };
}
