// MUC user lists, member attributes and shared-file records on SQLite (migration 0008).
import {
  attributeBytes,
  mergeAttributes,
  NEVER_EXPIRES,
  type MemberAttributes,
  type MucList,
  type MucListStore,
  type MucSharedFile,
} from '../../domain/ports/muc-lists.js';
import type { SqliteDb } from './sqlite-database.js';
import type { Durability } from './sqlite-durability.js';

interface FileRow {
  app_id: number;
  muc_id: string;
  file_id: string;
  owner: string;
  filename: string;
  content_type: string;
  size: number;
  storage_key: string;
  created_at: number;
}

const toFile = (r: FileRow): MucSharedFile => ({
  appId: r.app_id,
  mucId: r.muc_id,
  fileId: r.file_id,
  owner: r.owner,
  filename: r.filename,
  contentType: r.content_type,
  size: r.size,
  storageKey: r.storage_key,
  createdAt: r.created_at,
});

/** An entry is in force when it never expires or ends after `now`. */
const IN_FORCE = `(expires_at = ${NEVER_EXPIRES} OR expires_at > @now)`;

type Key = { appId: number; mucId: string };

export function sqliteMucListStore(db: SqliteDb, durable: Durability): MucListStore {
  const s = {
    upsert: db.prepare<[Key & { username: string; list: MucList; expiresAt: number; createdAt: number }]>(
      `INSERT INTO muc_user_lists (app_id, muc_id, username, list, expires_at, created_at)
       VALUES (@appId, @mucId, @username, @list, @expiresAt, @createdAt)
       ON CONFLICT (app_id, muc_id, username, list)
       DO UPDATE SET expires_at = excluded.expires_at, created_at = excluded.created_at`,
    ),
    remove: db.prepare<[Key & { username: string; list: MucList }]>(
      'DELETE FROM muc_user_lists WHERE app_id = @appId AND muc_id = @mucId AND username = @username AND list = @list',
    ),
    entries: db.prepare<
      [Key & { list: MucList; now: number; offset: number; limit: number }],
      { username: string; expires_at: number; created_at: number }
    >(
      `SELECT username, expires_at, created_at FROM muc_user_lists
        WHERE app_id = @appId AND muc_id = @mucId AND list = @list AND ${IN_FORCE}
        ORDER BY created_at DESC, username DESC LIMIT @limit OFFSET @offset`,
    ),
    one: db.prepare<[Key & { username: string; list: MucList; now: number }], { n: number }>(
      `SELECT 1 AS n FROM muc_user_lists
        WHERE app_id = @appId AND muc_id = @mucId AND username = @username AND list = @list AND ${IN_FORCE}`,
    ),
    // One range of the primary key: every list entry of this user in this MUC.
    speaker: db.prepare<[Key & { username: string; now: number }], { list: MucList; expires_at: number }>(
      `SELECT list, expires_at FROM muc_user_lists
        WHERE app_id = @appId AND muc_id = @mucId AND username = @username AND ${IN_FORCE}`,
    ),
    attrs: db.prepare<[Key & { username: string }], { attributes: string }>(
      'SELECT attributes FROM muc_member_attributes WHERE app_id = @appId AND muc_id = @mucId AND username = @username',
    ),
    putAttrs: db.prepare<[Key & { username: string; attributes: string; updatedAt: number }]>(
      `INSERT INTO muc_member_attributes (app_id, muc_id, username, attributes, updated_at)
       VALUES (@appId, @mucId, @username, @attributes, @updatedAt)
       ON CONFLICT (app_id, muc_id, username)
       DO UPDATE SET attributes = excluded.attributes, updated_at = excluded.updated_at`,
    ),
    dropAttrs: db.prepare<[Key & { username: string }]>(
      'DELETE FROM muc_member_attributes WHERE app_id = @appId AND muc_id = @mucId AND username = @username',
    ),
    forgetLists: db.prepare<[Key & { username: string }]>(
      `DELETE FROM muc_user_lists
        WHERE app_id = @appId AND muc_id = @mucId AND username = @username AND list <> 'block'`,
    ),
    insertFile: db.prepare<[MucSharedFile]>(
      `INSERT INTO muc_files (app_id, muc_id, file_id, owner, filename, content_type, size, storage_key, created_at)
       VALUES (@appId, @mucId, @fileId, @owner, @filename, @contentType, @size, @storageKey, @createdAt)`,
    ),
    file: db.prepare<[Key & { fileId: string }], FileRow>(
      'SELECT * FROM muc_files WHERE app_id = @appId AND muc_id = @mucId AND file_id = @fileId',
    ),
    files: db.prepare<[Key & { offset: number; limit: number }], FileRow>(
      `SELECT * FROM muc_files WHERE app_id = @appId AND muc_id = @mucId
        ORDER BY created_at DESC, file_id DESC LIMIT @limit OFFSET @offset`,
    ),
    deleteFile: db.prepare<[Key & { fileId: string }]>(
      'DELETE FROM muc_files WHERE app_id = @appId AND muc_id = @mucId AND file_id = @fileId',
    ),
    fileKeys: db.prepare<[Key], { storage_key: string }>(
      'SELECT storage_key FROM muc_files WHERE app_id = @appId AND muc_id = @mucId',
    ),
    dropFiles: db.prepare<[Key]>('DELETE FROM muc_files WHERE app_id = @appId AND muc_id = @mucId'),
    dropAllLists: db.prepare<[Key]>('DELETE FROM muc_user_lists WHERE app_id = @appId AND muc_id = @mucId'),
    dropRoomAttrs: db.prepare<[Key]>(
      'DELETE FROM room_attributes WHERE app_id = @appId AND room_id = @mucId',
    ),
    dropAllAttrs: db.prepare<[Key]>(
      'DELETE FROM muc_member_attributes WHERE app_id = @appId AND muc_id = @mucId',
    ),
  };

  const readAttrs = (k: Key, username: string): MemberAttributes => {
    const row = s.attrs.get({ ...k, username });
    return row ? (JSON.parse(row.attributes) as MemberAttributes) : {};
  };

  const add = db.transaction(
    (k: Key, list: MucList, entries: readonly { username: string; expiresAt: number }[], at: number) => {
      for (const e of entries)
        s.upsert.run({ ...k, list, username: e.username, expiresAt: e.expiresAt, createdAt: at });
    },
  );
  const remove = db.transaction((k: Key, list: MucList, usernames: readonly string[]) =>
    [...new Set(usernames)].filter((username) => s.remove.run({ ...k, list, username }).changes > 0),
  );
  const setAttributes = db.transaction(
    (k: Key, username: string, patch: Readonly<MemberAttributes>, maxBytes: number, updatedAt: number) => {
      const next = mergeAttributes(readAttrs(k, username), patch);
      if (attributeBytes(next) > maxBytes) return { ok: false as const, reason: 'too-large' as const };
      if (Object.keys(next).length === 0) s.dropAttrs.run({ ...k, username });
      else s.putAttrs.run({ ...k, username, attributes: JSON.stringify(next), updatedAt });
      return { ok: true as const, attributes: next };
    },
  );
  const forgetMembers = db.transaction((k: Key, usernames: readonly string[]) => {
    for (const username of usernames) {
      s.forgetLists.run({ ...k, username });
      s.dropAttrs.run({ ...k, username });
    }
  });
  const forgetMuc = db.transaction((k: Key) => {
    const keys = s.fileKeys.all(k).map((r) => r.storage_key);
    s.dropFiles.run(k);
    s.dropAllLists.run(k);
    s.dropAllAttrs.run(k);
    s.dropRoomAttrs.run(k); // a destroyed chat room's attributes (migration 0014) go with it
    return keys;
  });

  return {
    add(appId, mucId, list, entries, createdAt) {
      add({ appId, mucId }, list, entries, createdAt);
      return durable.after(undefined);
    },
    remove(appId, mucId, list, usernames) {
      return durable.after(remove({ appId, mucId }, list, usernames));
    },
    entries(appId, mucId, list, now, offset, limit) {
      const rows = s.entries.all({ appId, mucId, list, now, offset, limit });
      return Promise.resolve(
        rows.map((r) => ({ username: r.username, expiresAt: r.expires_at, createdAt: r.created_at })),
      );
    },
    onList(appId, mucId, list, usernames, now) {
      return Promise.resolve(
        usernames.filter((username) => s.one.get({ appId, mucId, list, username, now })),
      );
    },
    speakerState(appId, mucId, username, now) {
      const rows = s.speaker.all({ appId, mucId, username, now });
      const mute = rows.find((r) => r.list === 'mute');
      return Promise.resolve({
        mutedUntil: mute?.expires_at,
        allowListed: rows.some((r) => r.list === 'allow'),
        blocked: rows.some((r) => r.list === 'block'),
      });
    },
    setAttributes(appId, mucId, username, patch, maxBytes, updatedAt) {
      return durable.after(setAttributes({ appId, mucId }, username, patch, maxBytes, updatedAt));
    },
    attributes(appId, mucId, usernames, keys) {
      const out: Record<string, MemberAttributes> = {};
      for (const username of new Set(usernames)) {
        const all = readAttrs({ appId, mucId }, username);
        const picked =
          keys && keys.length > 0
            ? Object.fromEntries(keys.filter((key) => Object.hasOwn(all, key)).map((key) => [key, all[key]!]))
            : all;
        if (Object.keys(picked).length > 0) out[username] = picked;
      }
      return Promise.resolve(out);
    },
    saveFile(file) {
      s.insertFile.run(file);
      return durable.after(undefined);
    },
    file(appId, mucId, fileId) {
      const row = s.file.get({ appId, mucId, fileId });
      return Promise.resolve(row && toFile(row));
    },
    files(appId, mucId, offset, limit) {
      return Promise.resolve(s.files.all({ appId, mucId, offset, limit }).map(toFile));
    },
    deleteFile(appId, mucId, fileId) {
      const row = s.file.get({ appId, mucId, fileId });
      if (!row) return Promise.resolve(undefined);
      s.deleteFile.run({ appId, mucId, fileId });
      return durable.after(toFile(row));
    },
    forgetMembers(appId, mucId, usernames) {
      forgetMembers({ appId, mucId }, usernames);
      return durable.after(undefined);
    },
    forgetMuc(appId, mucId) {
      return durable.after(forgetMuc({ appId, mucId }));
    },
  };
}
