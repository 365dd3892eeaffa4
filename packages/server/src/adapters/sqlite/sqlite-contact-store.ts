// Contacts, friend requests and blocklists on SQLite (migration 0011).
import type { ContactStore } from '../../domain/ports/contacts.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

type Owner = { appId: number; owner: string };
type Pair = { appId: number; a: string; b: string };
type Page = Owner & { after: string; limit: number };

export function sqliteContactStore(db: SqliteDb, durable: Durability): ContactStore {
  const s = {
    putRequest: db.prepare<
      [{ appId: number; requester: string; invitee: string; reason: string; at: number }]
    >(
      `INSERT INTO contact_requests (app_id, invitee, requester, reason, created_at)
       VALUES (@appId, @invitee, @requester, @reason, @at)
       ON CONFLICT (app_id, invitee, requester) DO UPDATE SET reason = excluded.reason, created_at = excluded.created_at`,
    ),
    request: db.prepare<
      [{ appId: number; requester: string; invitee: string }],
      { reason: string; created_at: number }
    >(
      'SELECT reason, created_at FROM contact_requests WHERE app_id = @appId AND invitee = @invitee AND requester = @requester',
    ),
    dropRequest: db.prepare<[{ appId: number; requester: string; invitee: string }]>(
      'DELETE FROM contact_requests WHERE app_id = @appId AND invitee = @invitee AND requester = @requester',
    ),
    putContact: db.prepare<[Pair & { at: number }]>(
      `INSERT INTO contacts (app_id, owner, friend, remark, created_at) VALUES (@appId, @a, @b, '', @at)
       ON CONFLICT (app_id, owner, friend) DO NOTHING`,
    ),
    dropContact: db.prepare<[Pair]>(
      'DELETE FROM contacts WHERE app_id = @appId AND owner = @a AND friend = @b',
    ),
    // Asked per message (direct-send-rules.ts): bound by position, which is cheaper than by name.
    isContact: db.prepare<[number, string, string], { n: number }>(
      'SELECT 1 AS n FROM contacts WHERE app_id = ? AND owner = ? AND friend = ?',
    ),
    contacts: db.prepare<[Page], { friend: string; remark: string; created_at: number }>(
      `SELECT friend, remark, created_at FROM contacts WHERE app_id = @appId AND owner = @owner AND friend > @after
        ORDER BY friend LIMIT @limit`,
    ),
    countContacts: db.prepare<[Owner], { n: number }>(
      'SELECT COUNT(*) AS n FROM contacts WHERE app_id = @appId AND owner = @owner',
    ),
    remark: db.prepare<[Pair & { remark: string }]>(
      'UPDATE contacts SET remark = @remark WHERE app_id = @appId AND owner = @a AND friend = @b',
    ),
    block: db.prepare<[Pair & { at: number }]>(
      `INSERT INTO user_blocks (app_id, owner, blocked, created_at) VALUES (@appId, @a, @b, @at)
       ON CONFLICT (app_id, owner, blocked) DO NOTHING`,
    ),
    unblock: db.prepare<[Pair]>(
      'DELETE FROM user_blocks WHERE app_id = @appId AND owner = @a AND blocked = @b',
    ),
    blocked: db.prepare<[Page], { blocked: string; created_at: number }>(
      `SELECT blocked, created_at FROM user_blocks WHERE app_id = @appId AND owner = @owner AND blocked > @after
        ORDER BY blocked LIMIT @limit`,
    ),
    countBlocked: db.prepare<[Owner], { n: number }>(
      'SELECT COUNT(*) AS n FROM user_blocks WHERE app_id = @appId AND owner = @owner',
    ),
    isBlocked: db.prepare<[number, string, string], { n: number }>(
      'SELECT 1 AS n FROM user_blocks WHERE app_id = ? AND owner = ? AND blocked = ?',
    ),
  };

  const forget = [
    'DELETE FROM contacts WHERE app_id = @appId AND (owner = @u OR friend = @u)',
    'DELETE FROM contact_requests WHERE app_id = @appId AND (invitee = @u OR requester = @u)',
    'DELETE FROM user_blocks WHERE app_id = @appId AND (owner = @u OR blocked = @u)',
  ].map((sql) => db.prepare<[{ appId: number; u: string }]>(sql));
  const forgetUser = db.transaction((appId: number, u: string) => {
    for (const st of forget) st.run({ appId, u });
  });
  const addContact = db.transaction((appId: number, a: string, b: string, at: number) => {
    const added =
      s.putContact.run({ appId, a, b, at }).changes + s.putContact.run({ appId, a: b, b: a, at }).changes;
    s.dropRequest.run({ appId, requester: a, invitee: b });
    s.dropRequest.run({ appId, requester: b, invitee: a });
    return added > 0;
  });
  const removeContact = db.transaction(
    (appId: number, a: string, b: string) =>
      s.dropContact.run({ appId, a, b }).changes + s.dropContact.run({ appId, a: b, b: a }).changes > 0,
  );
  const block = db.transaction((appId: number, owner: string, users: readonly string[], at: number) =>
    [...new Set(users)].filter((b) => s.block.run({ appId, a: owner, b, at }).changes > 0),
  );
  const unblock = db.transaction((appId: number, owner: string, users: readonly string[]) =>
    [...new Set(users)].filter((b) => s.unblock.run({ appId, a: owner, b }).changes > 0),
  );

  return {
    addRequest(appId, r) {
      s.putRequest.run({
        appId,
        requester: r.requester,
        invitee: r.invitee,
        reason: r.reason,
        at: r.createdAt,
      });
      return durable.after(undefined);
    },
    request(appId, requester, invitee) {
      const row = s.request.get({ appId, requester, invitee });
      return Promise.resolve(row && { requester, invitee, reason: row.reason, createdAt: row.created_at });
    },
    removeRequest(appId, requester, invitee) {
      return durable.after(s.dropRequest.run({ appId, requester, invitee }).changes > 0);
    },
    addContact(appId, a, b, createdAt) {
      return durable.after(addContact(appId, a, b, createdAt));
    },
    removeContact(appId, a, b) {
      return durable.after(removeContact(appId, a, b));
    },
    isContact(appId, owner, friend) {
      return Promise.resolve(s.isContact.get(appId, owner, friend) !== undefined);
    },
    contacts(appId, owner, after, limit) {
      const rows = s.contacts.all({ appId, owner, after: after ?? '', limit });
      return Promise.resolve(
        rows.map((r) => ({ username: r.friend, remark: r.remark, createdAt: r.created_at })),
      );
    },
    countContacts(appId, owner) {
      return Promise.resolve(s.countContacts.get({ appId, owner })?.n ?? 0);
    },
    setRemark(appId, owner, friend, remark) {
      return durable.after(s.remark.run({ appId, a: owner, b: friend, remark }).changes > 0);
    },
    block(appId, owner, usernames, createdAt) {
      return durable.after(block(appId, owner, usernames, createdAt));
    },
    unblock(appId, owner, usernames) {
      return durable.after(unblock(appId, owner, usernames));
    },
    blocked(appId, owner, after, limit) {
      const rows = s.blocked.all({ appId, owner, after: after ?? '', limit });
      return Promise.resolve(rows.map((r) => ({ username: r.blocked, createdAt: r.created_at })));
    },
    countBlocked(appId, owner) {
      return Promise.resolve(s.countBlocked.get({ appId, owner })?.n ?? 0);
    },
    isBlocked(appId, owner, user) {
      return Promise.resolve(s.isBlocked.get(appId, owner, user) !== undefined);
    },
    forgetUser(appId, username) {
      forgetUser(appId, username);
      return durable.after(undefined);
    },
  };
}
