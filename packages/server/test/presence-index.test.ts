// "A login tells only that user's subscribers, never scans everyone": the lookup of a target's live
// subscribers (and the per-target counts of subscribe) must be served by the target index on both stores.
// SQLite's planner is asked directly; PostgreSQL's with sequential scans priced out (a tiny table would
// otherwise be scanned), which fails when no index can serve the query.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pg from 'pg';
import { openSqlite } from '../src/adapters/sqlite/sqlite-database.js';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';

const SUBSCRIBERS =
  'SELECT subscriber, expires_at FROM presence_subscriptions WHERE app_id = 1 AND target = $1 AND expires_at > 5';

test('SQLite: subscribers of a target come from the target index', () => {
  const db = openSqlite(':memory:');
  try {
    const plan = db
      .prepare<[string], { detail: string }>(`EXPLAIN QUERY PLAN ${SUBSCRIBERS.replace('$1', '?')}`)
      .all('bob')
      .map((r) => r.detail)
      .join('\n');
    assert.match(plan, /USING COVERING INDEX presence_subscriptions_by_target/, plan);
    assert.doesNotMatch(plan, /\bSCAN\b/, plan);
  } finally {
    db.close();
  }
});

test('PostgreSQL: subscribers of a target come from the target index', { skip: PG_SKIP }, async () => {
  const schema = freshSchemaName();
  const storage = await postgresStorage({ url: PG_URL!, schema });
  const client = new pg.Client({ connectionString: PG_URL! });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${schema}`);
    await client.query('SET enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${SUBSCRIBERS}`, ['bob']);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    assert.match(plan, /presence_subscriptions_by_target/, plan);
  } finally {
    await client.end();
    await storage.close();
    await dropSchema(PG_URL!, schema);
  }
});
