// Groups (and later rooms) on SQLite (migration 0007). Every membership write is one transaction with
// the member's delivery row (conversation_members, queue `g:<id>`): SQLite has one writer, so reading
// the member count and adding members in one transaction keeps the count exact without further locks.
import {
  mucConversationKey,
  type MucKind,
  type MucMember,
  type MucPatch,
  type MucRecord,
  type MucRequest,
  type MucRole,
  type MucStore,
} from '../../domain/ports/mucs.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

interface MucRow {
  app_id: number;
  id: string;
  kind: MucKind;
  name: string;
  description: string;
  avatar: string;
  owner: string;
  public: number;
  approval: number;
  allow_invites: number;
  invite_need_confirm: number;
  max_users: number;
  custom: string;
  announcement: string;
  all_muted: number;
  disabled: number;
  member_count: number;
  created_at: number;
  modified_at: number;
}

interface MemberRow {
  username: string;
  role: MucRole;
  joined_at: number;
}

const toRecord = (r: MucRow): MucRecord => ({
  appId: r.app_id,
  kind: r.kind,
  id: r.id,
  name: r.name,
  description: r.description,
  avatar: r.avatar,
  owner: r.owner,
  public: r.public === 1,
  approval: r.approval === 1,
  allowInvites: r.allow_invites === 1,
  inviteNeedConfirm: r.invite_need_confirm === 1,
  maxUsers: r.max_users,
  custom: r.custom,
  announcement: r.announcement,
  allMuted: r.all_muted === 1,
  disabled: r.disabled === 1,
  memberCount: r.member_count,
  createdAt: r.created_at,
  modifiedAt: r.modified_at,
});

const toMember = (r: MemberRow): MucMember => ({ username: r.username, role: r.role, joinedAt: r.joined_at });

/** MucPatch keys → columns (booleans stored as 0/1). */
const COLUMNS: Record<keyof MucPatch, string> = {
  name: 'name',
  description: 'description',
  avatar: 'avatar',
  public: 'public',
  approval: 'approval',
  allowInvites: 'allow_invites',
  inviteNeedConfirm: 'invite_need_confirm',
  maxUsers: 'max_users',
  custom: 'custom',
  announcement: 'announcement',
  allMuted: 'all_muted',
  disabled: 'disabled',
};

const ROLE_ORDER = `CASE role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END`;

/** Opaque list cursor: the last id of the page. */
const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
const decodeCursor = (c: string | undefined) =>
  c === undefined ? '' : Buffer.from(c, 'base64url').toString('utf8');

export function sqliteMucStore(db: SqliteDb, durable: Durability): MucStore {
  const s = {
    insert: db.prepare(
      `INSERT INTO mucs (app_id, id, kind, name, description, avatar, owner, public, approval, allow_invites,
                         invite_need_confirm, max_users, custom, announcement, all_muted, disabled,
                         member_count, created_at, modified_at)
       VALUES (@appId, @id, @kind, @name, @description, @avatar, @owner, @public, @approval, @allowInvites,
               @inviteNeedConfirm, @maxUsers, @custom, @announcement, @allMuted, @disabled,
               @memberCount, @createdAt, @createdAt)
       ON CONFLICT (app_id, id) DO NOTHING`,
    ),
    get: db.prepare<[number, string], MucRow>('SELECT * FROM mucs WHERE app_id = ? AND id = ?'),
    remove: db.prepare<[number, string]>('DELETE FROM mucs WHERE app_id = ? AND id = ?'),
    page: db.prepare<[{ appId: number; kind: MucKind; all: number; after: string; limit: number }], MucRow>(
      `SELECT * FROM mucs WHERE app_id = @appId AND kind = @kind AND (@all = 1 OR public = 1) AND id > @after
        ORDER BY id LIMIT @limit`,
    ),
    joined: db.prepare<
      [{ appId: number; kind: MucKind; username: string; offset: number; limit: number }],
      MucRow & { role: MucRole }
    >(
      `SELECT g.*, m.role AS role FROM muc_members m JOIN mucs g ON g.app_id = m.app_id AND g.id = m.muc_id
        WHERE m.app_id = @appId AND m.username = @username AND g.kind = @kind
        ORDER BY m.joined_at DESC, m.muc_id DESC LIMIT @limit OFFSET @offset`,
    ),
    joinedCount: db.prepare<[number, string, MucKind], { n: number }>(
      `SELECT COUNT(*) AS n FROM muc_members m JOIN mucs g ON g.app_id = m.app_id AND g.id = m.muc_id
        WHERE m.app_id = ? AND m.username = ? AND g.kind = ?`,
    ),
    count: db.prepare<[number, MucKind], { n: number }>(
      'SELECT COUNT(*) AS n FROM mucs WHERE app_id = ? AND kind = ?',
    ),
    member: db.prepare<[number, string, string], MemberRow>(
      'SELECT username, role, joined_at FROM muc_members WHERE app_id = ? AND muc_id = ? AND username = ?',
    ),
    members: db.prepare<[number, string, number, number], MemberRow>(
      `SELECT username, role, joined_at FROM muc_members WHERE app_id = ? AND muc_id = ?
        ORDER BY ${ROLE_ORDER}, joined_at, username LIMIT ? OFFSET ?`,
    ),
    names: db
      .prepare<[number, string], string>('SELECT username FROM muc_members WHERE app_id = ? AND muc_id = ?')
      .pluck(),
    addMember: db.prepare<[number, string, string, MucRole, number]>(
      'INSERT INTO muc_members (app_id, muc_id, username, role, joined_at) VALUES (?, ?, ?, ?, ?)',
    ),
    removeMember: db.prepare<[number, string, string]>(
      `DELETE FROM muc_members WHERE app_id = ? AND muc_id = ? AND username = ? AND role <> 'owner'`,
    ),
    removeAllMembers: db.prepare<[number, string]>('DELETE FROM muc_members WHERE app_id = ? AND muc_id = ?'),
    setCount: db.prepare<[number, number, string]>(
      'UPDATE mucs SET member_count = member_count + ? WHERE app_id = ? AND id = ?',
    ),
    setRole: db.prepare<[MucRole, number, string, string]>(
      `UPDATE muc_members SET role = ? WHERE app_id = ? AND muc_id = ? AND username = ? AND role <> 'owner'`,
    ),
    forceRole: db.prepare<[MucRole, number, string, string]>(
      'UPDATE muc_members SET role = ? WHERE app_id = ? AND muc_id = ? AND username = ?',
    ),
    setOwner: db.prepare<[string, number, number, string]>(
      'UPDATE mucs SET owner = ?, modified_at = ? WHERE app_id = ? AND id = ?',
    ),
    ensureConversation: db.prepare<[number, string]>(
      'INSERT INTO conversations (app_id, key) VALUES (?, ?) ON CONFLICT (app_id, key) DO NOTHING',
    ),
    conversation: db.prepare<[number, string], { id: number; last_seq: number }>(
      'SELECT id, last_seq FROM conversations WHERE app_id = ? AND key = ?',
    ),
    // A rejoining member starts at the log's end again: the queue row is rewritten, not kept.
    deliver: db.prepare<[number, string, string, number, number]>(
      `INSERT INTO conversation_members (app_id, owner, queue, conversation_id, start_seq) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (app_id, owner, queue) DO UPDATE SET conversation_id = excluded.conversation_id,
                                                       start_seq = excluded.start_seq`,
    ),
    start: db
      .prepare<[number, string, string], { start_seq: bigint }>(
        'SELECT start_seq FROM conversation_members WHERE app_id = ? AND owner = ? AND queue = ?',
      )
      .safeIntegers(true),
    undeliver: db.prepare<[number, string, string]>(
      'DELETE FROM conversation_members WHERE app_id = ? AND owner = ? AND queue = ?',
    ),
    undeliverAll: db.prepare<[{ appId: number; key: string }]>(
      `DELETE FROM conversation_members WHERE app_id = @appId AND queue = @key
          AND conversation_id = (SELECT id FROM conversations WHERE app_id = @appId AND key = @key)`,
    ),
    saveRequest: db.prepare(
      `INSERT INTO muc_requests (app_id, muc_id, type, username, inviter, reason, created_at)
       VALUES (@appId, @id, @type, @username, @inviter, @reason, @createdAt)
       ON CONFLICT (app_id, muc_id, type, username) DO UPDATE SET inviter = excluded.inviter,
              reason = excluded.reason, created_at = excluded.created_at`,
    ),
    findRequest: db.prepare<
      [number, string, string, string],
      {
        type: MucRequest['type'];
        username: string;
        inviter: string | null;
        reason: string;
        created_at: number;
      }
    >(
      `SELECT type, username, inviter, reason, created_at FROM muc_requests
        WHERE app_id = ? AND muc_id = ? AND type = ? AND username = ?`,
    ),
    deleteRequest: db.prepare<[number, string, string, string]>(
      'DELETE FROM muc_requests WHERE app_id = ? AND muc_id = ? AND type = ? AND username = ?',
    ),
    deleteRequests: db.prepare<[number, string]>('DELETE FROM muc_requests WHERE app_id = ? AND muc_id = ?'),
  };

  /** The member's delivery row, at the log's current end (created with the log when missing). */
  const deliver = (appId: number, kind: MucKind, id: string, username: string) => {
    const key = mucConversationKey(kind, id);
    s.ensureConversation.run(appId, key);
    const conv = s.conversation.get(appId, key)!;
    s.deliver.run(appId, username, key, conv.id, conv.last_seq);
  };

  const createTx = db.transaction((muc: Parameters<MucStore['create']>[0], members: readonly MucMember[]) => {
    const row = {
      ...muc,
      public: muc.public ? 1 : 0,
      approval: muc.approval ? 1 : 0,
      allowInvites: muc.allowInvites ? 1 : 0,
      inviteNeedConfirm: muc.inviteNeedConfirm ? 1 : 0,
      allMuted: muc.allMuted ? 1 : 0,
      disabled: muc.disabled ? 1 : 0,
      memberCount: members.length,
    };
    if (s.insert.run(row).changes === 0) return undefined;
    for (const m of members) {
      s.addMember.run(muc.appId, muc.id, m.username, m.role, m.joinedAt);
      deliver(muc.appId, muc.kind, muc.id, m.username);
    }
    return toRecord(s.get.get(muc.appId, muc.id)!);
  });

  const updateTx = db.transaction((appId: number, id: string, patch: MucPatch, modifiedAt: number) => {
    const sets: string[] = ['modified_at = @modifiedAt'];
    const values: Record<string, unknown> = { appId, id, modifiedAt };
    for (const [key, value] of Object.entries(patch) as [keyof MucPatch, unknown][]) {
      if (value === undefined || !Object.hasOwn(COLUMNS, key)) continue;
      sets.push(`${COLUMNS[key]} = @${key}`);
      values[key] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    }
    db.prepare(`UPDATE mucs SET ${sets.join(', ')} WHERE app_id = @appId AND id = @id`).run(values);
    const row = s.get.get(appId, id);
    return row && toRecord(row);
  });

  const destroyTx = db.transaction((appId: number, id: string) => {
    const row = s.get.get(appId, id);
    if (!row) return false;
    const key = mucConversationKey(row.kind, id);
    s.undeliverAll.run({ appId, key });
    s.removeAllMembers.run(appId, id);
    s.deleteRequests.run(appId, id);
    s.remove.run(appId, id);
    return true;
  });

  const addTx = db.transaction(
    (appId: number, id: string, usernames: readonly string[], joinedAt: number) => {
      const row = s.get.get(appId, id);
      if (!row) return { ok: false as const, reason: 'gone' as const };
      const added: string[] = [];
      const already: string[] = [];
      for (const u of new Set(usernames)) (s.member.get(appId, id, u) ? already : added).push(u);
      if (row.member_count + added.length > row.max_users)
        return { ok: false as const, reason: 'full' as const };
      for (const u of added) {
        s.addMember.run(appId, id, u, 'member', joinedAt);
        deliver(appId, row.kind, id, u);
      }
      if (added.length > 0) s.setCount.run(added.length, appId, id);
      return { ok: true as const, added, already };
    },
  );

  const removeTx = db.transaction((appId: number, id: string, usernames: readonly string[]) => {
    const row = s.get.get(appId, id);
    if (!row) return [];
    const key = mucConversationKey(row.kind, id);
    const removed: string[] = [];
    for (const u of new Set(usernames)) {
      if (s.removeMember.run(appId, id, u).changes === 0) continue;
      s.undeliver.run(appId, u, key);
      removed.push(u);
    }
    if (removed.length > 0) s.setCount.run(-removed.length, appId, id);
    return removed;
  });

  const transferTx = db.transaction((appId: number, id: string, newOwner: string, modifiedAt: number) => {
    const row = s.get.get(appId, id);
    const next = s.member.get(appId, id, newOwner);
    if (!row || !next || next.role === 'owner') return false;
    s.forceRole.run('member', appId, id, row.owner);
    s.forceRole.run('owner', appId, id, newOwner);
    s.setOwner.run(newOwner, modifiedAt, appId, id);
    return true;
  });

  return {
    create: (muc, members) => durable.after(createTx(muc, members)),
    get(appId, id) {
      const row = s.get.get(appId, id);
      return Promise.resolve(row && toRecord(row));
    },
    getMany(appId, ids) {
      const out: MucRecord[] = [];
      for (const id of ids) {
        const row = s.get.get(appId, id);
        if (row) out.push(toRecord(row));
      }
      return Promise.resolve(out);
    },
    update: (appId, id, patch, modifiedAt) => durable.after(updateTx(appId, id, patch, modifiedAt)),
    destroy: (appId, id) => durable.after(destroyTx(appId, id)),
    list(appId, kind, { publicOnly, limit, cursor }) {
      const rows = s.page.all({ appId, kind, all: publicOnly ? 0 : 1, after: decodeCursor(cursor), limit });
      const items = rows.map(toRecord);
      const last = items.at(-1);
      return Promise.resolve(
        items.length === limit && last ? { items, cursor: encodeCursor(last.id) } : { items },
      );
    },
    joinedBy(appId, kind, username, offset, limit) {
      const items = s.joined
        .all({ appId, kind, username, offset, limit })
        .map((r) => ({ ...toRecord(r), role: r.role }));
      const total = s.joinedCount.get(appId, username, kind)?.n ?? 0;
      return Promise.resolve({ items, total });
    },
    member(appId, id, username) {
      const row = s.member.get(appId, id, username);
      return Promise.resolve(row && toMember(row));
    },
    members: (appId, id, offset, limit) =>
      Promise.resolve(s.members.all(appId, id, limit, offset).map(toMember)),
    deliveryStart(appId, id, username) {
      const row = s.get.get(appId, id);
      const key = mucConversationKey(row?.kind ?? 'group', id);
      return Promise.resolve(s.start.get(appId, username, key)?.start_seq);
    },
    memberNames: (appId, id) => Promise.resolve(s.names.all(appId, id)),
    addMembers: (appId, id, usernames, joinedAt) => durable.after(addTx(appId, id, usernames, joinedAt)),
    removeMembers: (appId, id, usernames) => durable.after(removeTx(appId, id, usernames)),
    setRole: (appId, id, username, role) =>
      durable.after(s.setRole.run(role, appId, id, username).changes === 1),
    transferOwner: (appId, id, newOwner, modifiedAt) =>
      durable.after(transferTx(appId, id, newOwner, modifiedAt)),
    saveRequest(appId, id, r) {
      s.saveRequest.run({ appId, id, ...r, inviter: r.inviter ?? null });
      return durable.after(undefined);
    },
    findRequest(appId, id, type, username) {
      const r = s.findRequest.get(appId, id, type, username);
      return Promise.resolve(
        r && {
          type: r.type,
          username: r.username,
          ...(r.inviter === null ? {} : { inviter: r.inviter }),
          reason: r.reason,
          createdAt: r.created_at,
        },
      );
    },
    deleteRequest: (appId, id, type, username) =>
      durable.after(s.deleteRequest.run(appId, id, type, username).changes === 1),
    joinedCount: (appId, kind, username) => Promise.resolve(s.joinedCount.get(appId, username, kind)?.n ?? 0),
    count: (appId, kind) => Promise.resolve(s.count.get(appId, kind)?.n ?? 0),
  };
}
