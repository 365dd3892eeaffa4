import { sqlitePushStore } from './sqlite-push-store.js';
import type { Storage } from '../../domain/ports/storage.js';
import { sqliteAppStore } from './sqlite-app-store.js';
import {
  sqliteCallbackOutboxStore,
  sqliteModerationStore,
  sqliteUserMuteStore,
} from './sqlite-app-server-stores.js';
import { sqliteChatFileStore } from './sqlite-chat-file-store.js';
import { sqliteContactStore } from './sqlite-contact-store.js';
import { sqliteReactionStore } from './sqlite-reaction-store.js';
import { sqliteConversationStore } from './sqlite-conversation-store.js';
import { startCheckpointer } from './sqlite-checkpointer.js';
import { openSqlite } from './sqlite-database.js';
import { volatileDurability, walDurability, type WalFlush } from './sqlite-durability.js';
import { sqliteMessageStore } from './sqlite-message-store.js';
import { sqliteMucListStore } from './sqlite-muc-list-store.js';
import { sqliteMucStore } from './sqlite-muc-store.js';
import { sqlitePresenceStore } from './sqlite-presence-store.js';
import { sqlitePushSettingsStore } from './sqlite-push-settings-store.js';
import { sqliteUserAttributeStore } from './sqlite-user-attribute-store.js';
import { sqliteRoomAttributeStore } from './sqlite-room-attribute-store.js';
import { sqliteRoomSuperAdminStore } from './sqlite-room-super-admin-store.js';
import { sqliteThreadStore } from './sqlite-thread-store.js';
import { sqliteServerMetaStore } from './sqlite-server-meta-store.js';
import { sqliteTokenStore } from './sqlite-token-store.js';
import { sqliteUserStore } from './sqlite-user-store.js';

/** The embedded default store: one SQLite file (or ':memory:' in contract tests). */
export interface SqliteStorageOptions {
  /** Where checkpoint failures (on the worker) are reported. */
  onBackgroundError?: (message: string) => void;
  /** The WAL flush (fdatasync); tests replace it to hold a flush open. */
  flushWal?: WalFlush;
}

export function sqliteStorage(
  path: string,
  o: SqliteStorageOptions = {},
): Storage & { readonly path: string } {
  const onDisk = path !== ':memory:';
  const db = openSqlite(path, { externalCheckpoints: onDisk });
  // Every write is answered only once it is on disk (see sqlite-durability.ts).
  const durable = onDisk ? walDurability(path, o.flushWal) : volatileDurability;
  const checkpointer = onDisk ? startCheckpointer(path, o.onBackgroundError ?? (() => undefined)) : undefined;
  return {
    path,
    apps: sqliteAppStore(db, durable),
    users: sqliteUserStore(db, durable),
    tokens: sqliteTokenStore(db, durable),
    meta: sqliteServerMetaStore(db, durable),
    messages: sqliteMessageStore(db, durable),
    files: sqliteChatFileStore(db, durable),
    conversations: sqliteConversationStore(db, durable),
    mucLists: sqliteMucListStore(db, durable),
    mucs: sqliteMucStore(db, durable),
    contacts: sqliteContactStore(db, durable),
    userAttributes: sqliteUserAttributeStore(db, durable),
    presence: sqlitePresenceStore(db, durable),
    roomAttributes: sqliteRoomAttributeStore(db, durable),
    roomSuperAdmins: sqliteRoomSuperAdminStore(db, durable),
    reactions: sqliteReactionStore(db, durable),
    threads: sqliteThreadStore(db, durable),
    pushSettings: sqlitePushSettingsStore(db, durable),
    push: sqlitePushStore(db, durable),
    userMutes: sqliteUserMuteStore(db, durable),
    callbackOutbox: sqliteCallbackOutboxStore(db, durable),
    moderation: sqliteModerationStore(db, durable),
    async close() {
      await checkpointer?.stop();
      durable.close();
      db.close();
    },
  };
}
