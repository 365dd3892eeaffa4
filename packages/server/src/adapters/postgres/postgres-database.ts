// PostgreSQL connection pool and versioned migrations. Several nodes may start at once against one
// database, so migrating holds a transaction-scoped advisory lock.
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import type { Logger } from '../../domain/ports/logger.js';
import { noopLogger } from '../noop-logger.js';

// BIGINT (int8) arrives as a string by default; ids and positions are bigints in the domain. This sets
// pg's process-wide parser at import (it also changes what other pg users in the process read); scoping
// it per pool (`types` option) would be the clean form.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => BigInt(v));

export type PgPool = pg.Pool;
export type PgClient = pg.PoolClient;

const MIGRATIONS = new URL('./migrations/', import.meta.url);
const MIGRATION_LOCK = 742_001; // arbitrary, fixed: the advisory lock id of Confab's migrations

export interface PostgresOptions {
  url: string;
  /** Schema to use (created if missing); tests isolate themselves with one each. */
  schema?: string;
  /** Connections of the query pool (default 10). */
  poolSize?: number;
  /** Connections of the cursor-move pool, synchronous_commit off (default 4). */
  ackPoolSize?: number;
  /** Where connections lost while idle are reported. */
  logger?: Logger;
}

/** A pool; `relaxed` connections commit without waiting for the WAL flush (synchronous_commit=off). */
export function createPool(options: PostgresOptions, relaxed = false): PgPool {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`invalid schema name ${schema}`);
  const settings = [
    ...(schema ? [`-c search_path=${schema}`] : []),
    ...(relaxed ? ['-c synchronous_commit=off'] : []),
  ];
  const pool = new pg.Pool({
    connectionString: options.url,
    max: relaxed ? (options.ackPoolSize ?? 4) : (options.poolSize ?? 10),
    ...(settings.length > 0 ? { options: settings.join(' ') } : {}),
  });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  const log = (options.logger ?? noopLogger).child({ component: 'postgres', relaxed });
  pool.on('error', (err) => log.warn({ err }, 'idle PostgreSQL connection lost; the pool replaces it'));
  return pool;
}

export async function openPostgres(options: PostgresOptions): Promise<PgPool> {
  const pool = createPool(options);
  if (options.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  await migrate(pool);
  return pool;
}

export async function migrate(pool: PgPool): Promise<void> {
  const files = readdirSync(MIGRATIONS)
    .filter((f) => /^\d{4}-.*\.sql$/.test(f))
    .sort();
  const latest = files.length === 0 ? 0 : Number(files.at(-1)!.slice(0, 4));
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)',
    );
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT MAX(version) AS v FROM schema_migrations',
    );
    const current = rows[0]?.v ?? 0;
    if (current > latest) {
      throw new Error(
        `database schema version ${current} is newer than this server (${latest}); upgrade Confab`,
      );
    }
    for (const file of files) {
      const version = Number(file.slice(0, 4));
      if (version <= current) continue;
      await client.query(readFileSync(new URL(file, MIGRATIONS), 'utf8'));
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [version, file]);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** Runs `fn` in a transaction on one pooled client. */
export async function inTransaction<T>(pool: PgPool, fn: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** SQLSTATE of a unique violation. */
export const UNIQUE_VIOLATION = '23505';
export const isUniqueViolation = (err: unknown): boolean =>
  (err as { code?: unknown }).code === UNIQUE_VIOLATION;
