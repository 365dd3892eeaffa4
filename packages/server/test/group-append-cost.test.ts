// A group message is stored once: an append to a group of 3,000 members writes one messages row and no
// member rows (SQLite on disk and PostgreSQL, counted in the database itself).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { MessageType } from '@confab/protocol';
import { postgresStorage } from '../src/adapters/postgres/postgres-storage.js';
import { sqliteStorage } from '../src/adapters/sqlite/sqlite-storage.js';
import type { MucMember } from '../src/domain/ports/mucs.js';
import type { Storage } from '../src/domain/ports/storage.js';
import { dropSchema, freshSchemaName, PG_SKIP, PG_URL } from './support/postgres.js';

const MEMBERS = 3000;
const APPENDS = 20;
const TABLES = ['messages', 'conversation_members', 'device_cursors', 'conversations'] as const;
type Counts = Record<(typeof TABLES)[number], number>;

async function appendToBigGroup(s: Storage, count: () => Promise<Counts>): Promise<[Counts, Counts]> {
  const app = await s.apps.create({
    org: 'o',
    name: 'a',
    uuid: 'u',
    clientId: 'c',
    clientSecretHash: 'h',
    settings: { openRegistration: true, tokenTtlSeconds: 60, maxMessageBytes: 5120 },
    createdAt: 1,
  });
  const members: MucMember[] = Array.from({ length: MEMBERS }, (_, i) => ({
    username: i === 0 ? 'owner' : `m${i}`,
    role: i === 0 ? 'owner' : 'member',
    joinedAt: 1,
  }));
  const made = await s.mucs.create(
    {
      appId: app.id,
      kind: 'group',
      id: '300000000000001',
      name: 'big',
      description: '',
      avatar: '',
      owner: 'owner',
      public: true,
      approval: false,
      allowInvites: false,
      inviteNeedConfirm: false,
      maxUsers: MEMBERS,
      custom: '',
      announcement: '',
      allMuted: false,
      disabled: false,
      createdAt: 1,
    },
    members,
  );
  assert.equal(made?.memberCount, MEMBERS);
  const target = { key: 'g:300000000000001', members: [] };
  // The first append may start the sender's cursor; measured from the second on.
  const send = (i: number) =>
    s.messages.append(
      {
        id: BigInt(1000 + i),
        appId: app.id,
        sender: `m${1 + (i % 5)}`,
        senderResource: 'r',
        clientMsgId: `c${i}`,
        recipient: target.key,
        chatType: MessageType.GROUPCHAT,
        createdAt: 1_700_000_000_000 + i,
        meta: new Uint8Array([1, 2, 3]),
      },
      target,
    );
  await send(0);
  const before = await count();
  for (let i = 1; i <= APPENDS; i++) await send(i);
  return [before, await count()];
}

function assertOneRowPerMessage([before, after]: [Counts, Counts]): void {
  assert.equal(after.messages - before.messages, APPENDS, 'one messages row per append');
  assert.equal(after.conversation_members, before.conversation_members, 'no member rows');
  assert.equal(after.conversations, before.conversations);
  assert.equal(before.conversation_members, MEMBERS, 'the members’ rows were written with the membership');
  assert.ok(after.device_cursors - before.device_cursors <= 5, 'at most the senders’ own cursors');
}

test('SQLite: a group append writes one message row and no member rows (3,000 members)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'confab-group-cost-'));
  const path = join(dir, 'confab.sqlite');
  const storage = sqliteStorage(path);
  const reader = new Database(path, { readonly: true });
  try {
    const count = () =>
      Promise.resolve(
        Object.fromEntries(
          TABLES.map((t) => [t, (reader.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]),
        ) as Counts,
      );
    assertOneRowPerMessage(await appendToBigGroup(storage, count));
  } finally {
    reader.close();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test(
  'PostgreSQL: a group append writes one message row and no member rows (3,000 members)',
  { skip: PG_SKIP },
  async () => {
    const schema = freshSchemaName();
    const storage = await postgresStorage({ url: PG_URL!, schema });
    const client = new pg.Client({ connectionString: PG_URL! });
    await client.connect();
    try {
      const count = async () => {
        const out: Partial<Counts> = {};
        for (const t of TABLES)
          out[t] = Number((await client.query(`SELECT COUNT(*) AS n FROM ${schema}.${t}`)).rows[0].n);
        return out as Counts;
      };
      assertOneRowPerMessage(await appendToBigGroup(storage, count));
    } finally {
      await client.end();
      await storage.close();
      await dropSchema(PG_URL!, schema);
    }
  },
);
