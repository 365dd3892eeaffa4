// PostgreSQL fixtures: each test run gets its own schema, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env['CONFAB_TEST_PG_URL'];
export const PG_SKIP = PG_URL ? undefined : 'CONFAB_TEST_PG_URL not set';
export const REDIS_URL = process.env['CONFAB_TEST_REDIS_URL'];
/** Why a test of several nodes (PostgreSQL + Redis) is skipped, or undefined when both are set. */
export const CLUSTER_SKIP = PG_SKIP ?? (REDIS_URL ? undefined : 'CONFAB_TEST_REDIS_URL not set');

export function freshSchemaName(): string {
  return `confab_t_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
