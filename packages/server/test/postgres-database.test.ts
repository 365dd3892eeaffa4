// The PostgreSQL pool survives and reports a connection lost while idle.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { createPool } from '../src/adapters/postgres/postgres-database.js';
import { PG_SKIP, PG_URL } from './support/postgres.js';
import { recordingLogger } from './support/recording-logger.js';

test(
  'an idle connection killed by the server is logged, and the pool goes on',
  { skip: PG_SKIP },
  async () => {
    const logger = recordingLogger();
    const pool = createPool({ url: PG_URL!, logger });
    const admin = new pg.Client({ connectionString: PG_URL! });
    await admin.connect();
    try {
      const client = await pool.connect();
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      client.release(); // idle in the pool
      const lost = new Promise<void>((resolve) => pool.once('error', () => resolve()));
      await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      await lost;
      const record = logger.records.find((r) => r.level === 'warn');
      assert.equal(record?.msg, 'idle PostgreSQL connection lost; the pool replaces it');
      assert.equal(record?.bindings['component'], 'postgres');
      const again = await pool.query<{ one: number }>('SELECT 1 AS one');
      assert.equal(again.rows[0]?.one, 1);
    } finally {
      await admin.end();
      await pool.end();
    }
  },
);
