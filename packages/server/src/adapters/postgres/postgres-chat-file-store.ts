import type { ChatFileRecord, ChatFileStore, SaveOutcome } from '../../domain/ports/chat-files.js';
import { inTransaction, type PgClient, type PgPool } from './postgres-database.js';

interface Row {
  uuid: string;
  app_id: number;
  owner: string;
  chat_type: string;
  chat_target: string;
  secret: string;
  filename: string;
  content_type: string;
  size: bigint;
  storage_key: string;
  created_at: bigint;
  expires_at: bigint;
  holder: number;
}

const record = (r: Row): ChatFileRecord => ({
  uuid: r.uuid,
  appId: r.app_id,
  owner: r.owner,
  chatType: r.chat_type,
  chatTarget: r.chat_target,
  secret: r.secret,
  filename: r.filename,
  contentType: r.content_type,
  size: Number(r.size),
  storageKey: r.storage_key,
  createdAt: Number(r.created_at),
  expiresAt: Number(r.expires_at),
  holder: r.holder,
});

/**
 * Advisory lock namespaces (the first key of pg_advisory_xact_lock(int, int)) of quota checks: an
 * owner's uploads (second key: a hash of app and owner), or with an app quota all of the app's.
 */
const OWNER_QUOTA_LOCK = 742_002;
const APP_QUOTA_LOCK = 742_003;

const INSERT = `INSERT INTO chat_files (uuid, app_id, owner, chat_type, chat_target, secret, filename, content_type, size,
                                       storage_key, created_at, expires_at, holder)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;
const insertParams = (f: ChatFileRecord) => [
  f.uuid,
  f.appId,
  f.owner,
  f.chatType,
  f.chatTarget,
  f.secret,
  f.filename,
  f.contentType,
  f.size,
  f.storageKey,
  f.createdAt,
  f.expiresAt,
  f.holder,
];

async function usage(db: PgPool | PgClient, appId: number, owner: string | undefined, now: number) {
  const { rows } =
    owner === undefined
      ? await db.query<{ used: string }>(
          'SELECT COALESCE(SUM(size), 0)::text AS used FROM chat_files WHERE app_id = $1 AND expires_at > $2',
          [appId, now],
        )
      : await db.query<{ used: string }>(
          `SELECT COALESCE(SUM(size), 0)::text AS used FROM chat_files
           WHERE app_id = $1 AND owner = $2 AND expires_at > $3`,
          [appId, owner, now],
        );
  return Number(rows[0]!.used);
}

export function postgresChatFileStore(pool: PgPool): ChatFileStore {
  return {
    async save(f, quota) {
      const perOwner = quota?.perOwnerBytes ?? 0;
      const perApp = quota?.perAppBytes ?? 0;
      if (perOwner <= 0 && perApp <= 0) {
        await pool.query(INSERT, insertParams(f));
        return 'saved';
      }
      // The sums and the insert under one lock, so two nodes cannot both pass the quota at once. An app
      // quota serialises the app's uploads (its lock covers every owner); else only the owner's.
      return inTransaction(pool, async (client): Promise<SaveOutcome> => {
        if (perApp > 0) await client.query('SELECT pg_advisory_xact_lock($1, $2)', [APP_QUOTA_LOCK, f.appId]);
        else
          await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2::int || ':' || $3))", [
            OWNER_QUOTA_LOCK,
            f.appId,
            f.owner,
          ]);
        if (perOwner > 0 && (await usage(client, f.appId, f.owner, f.createdAt)) + f.size > perOwner)
          return 'owner-quota';
        if (perApp > 0 && (await usage(client, f.appId, undefined, f.createdAt)) + f.size > perApp)
          return 'app-quota';
        await client.query(INSERT, insertParams(f));
        return 'saved';
      });
    },
    async find(appId, uuid) {
      const { rows } = await pool.query<Row>('SELECT * FROM chat_files WHERE app_id = $1 AND uuid = $2', [
        appId,
        uuid,
      ]);
      const r = rows[0];
      return r && record(r);
    },
    usage: (appId, owner, now) => usage(pool, appId, owner, now),
    async expired(now, limit, holder) {
      // Nodes share this table but not their disks: each takes only the files it holds.
      const { rows } = await pool.query<Row>(
        'SELECT * FROM chat_files WHERE holder = $1 AND expires_at <= $2 ORDER BY expires_at LIMIT $3',
        [holder, now, limit],
      );
      return rows.map(record);
    },
    async remove(uuids) {
      if (uuids.length === 0) return;
      await pool.query('DELETE FROM chat_files WHERE uuid = ANY($1::text[])', [uuids]);
    },
  };
}
