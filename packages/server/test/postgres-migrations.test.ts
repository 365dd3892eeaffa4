// PostgreSQL schema upgrades keep what is stored: a database left by an older schema migrates, and new
// devices still start where their user's furthest device is.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import pg from 'pg';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { directConversation } from '../src/domain/conversations/direct-conversation.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';

const MIGRATIONS = new URL('../src/adapters/postgres/migrations/', import.meta.url);

/** Schema `schema` at `version`, as a server of that version left it (same bookkeeping as migrate()). */
async function schemaAt(client: pg.Client, schema: string, version: number): Promise<void> {
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path = ${schema}`);
  await client.query('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)');
  const files = readdirSync(MIGRATIONS)
    .filter((f) => /^\d{4}-.*\.sql$/.test(f) && Number(f.slice(0, 4)) <= version)
    .sort();
  for (const file of files) {
    await client.query(readFileSync(new URL(file, MIGRATIONS), 'utf8'));
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
      Number(file.slice(0, 4)),
      file,
    ]);
  }
}

test(
  'schema 0006 drops user_cursors: new devices are seeded from device_cursors, appends no longer write it',
  { skip: PG_SKIP },
  async () => {
    const url = PG_URL!;
    const schema = freshSchemaName();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await schemaAt(client, schema, 5);
      await client.query(
        "INSERT INTO conversations (id, app_id, key, last_seq) VALUES (1, 1, 'u:alice:bob', 3)",
      );
      await client.query(
        `INSERT INTO conversation_members (app_id, owner, queue, conversation_id)
         VALUES (1, 'alice', 'bob', 1), (1, 'bob', 'alice', 1)`,
      );
      for (const seq of [1, 2, 3])
        await client.query(
          `INSERT INTO messages (id, app_id, conversation_id, seq, sender, sender_resource, client_msg_id,
                                 recipient, chat_type, created_at, meta, ref_id)
           VALUES ($1, 1, 1, $2, 'bob', 'web', $3, 'alice', 1, 1700000000000, '\\x070707', NULL)`,
          [100 + seq, seq, `c${seq}`],
        );
      await client.query(
        `INSERT INTO device_cursors (app_id, owner, resource, conversation_id, pos)
         VALUES (1, 'alice', 'phone', 1, 2), (1, 'alice', 'web', 1, 1)`,
      );
      // What schema 0005 kept: the furthest position of any device. Nothing may read it any more.
      await client.query(
        "INSERT INTO user_cursors (app_id, owner, conversation_id, pos) VALUES (1, 'alice', 1, 3)",
      );
    } finally {
      await client.end();
    }

    const storage = await postgresStorage({ url, schema });
    try {
      const laptop = { appId: 1, owner: 'alice', resource: 'laptop' };
      await storage.messages.touchDevice(laptop, 1_700_000_000_000);
      assert.deepEqual(await storage.messages.unreadQueues(laptop), [{ queue: 'bob', count: 1 }]);
      const batch = await storage.messages.readQueue(laptop, 'bob', 10);
      assert.deepEqual(
        batch.items.map((i) => i.pos),
        [3n],
      );
      // The replaced confab_append_batch runs without the dropped table, and the sender follows its send.
      const phone = { appId: 1, owner: 'alice', resource: 'phone' };
      await storage.messages.ackQueue(phone, 'bob', 3n);
      const sent = await storage.messages.append(
        {
          id: 200n,
          appId: 1,
          sender: 'alice',
          senderResource: 'phone',
          clientMsgId: 'c4',
          recipient: 'bob',
          chatType: 1,
          createdAt: 1_700_000_000_001,
          meta: new Uint8Array([1]),
        },
        directConversation('alice', 'bob'),
      );
      assert.equal(sent.message.seq, 4n);
      assert.deepEqual(await storage.messages.unreadQueues(phone), []);
    } finally {
      await storage.close();
    }

    const check = new pg.Client({ connectionString: url });
    await check.connect();
    try {
      const { rows } = await check.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [
        `${schema}.user_cursors`,
      ]);
      assert.equal(rows[0]?.t, null);
    } finally {
      await check.end();
      await dropSchema(url, schema);
    }
  },
);
