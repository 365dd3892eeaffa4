import type { Storage } from '../../domain/ports/storage.js';
import { sqliteAppStore } from './sqlite-app-store.js';
import { sqliteChatFileStore } from './sqlite-chat-file-store.js';
import { sqliteConversationStore } from './sqlite-conversation-store.js';
import { openSqlite } from './sqlite-database.js';
import { sqliteMessageStore } from './sqlite-message-store.js';
import { sqliteServerMetaStore } from './sqlite-server-meta-store.js';
import { sqliteTokenStore } from './sqlite-token-store.js';
import { sqliteUserStore } from './sqlite-user-store.js';

/** The embedded default store: one SQLite file (or ':memory:' in contract tests). */
export function sqliteStorage(path: string): Storage & { readonly path: string } {
  const db = openSqlite(path);
  return {
    path,
    apps: sqliteAppStore(db),
    users: sqliteUserStore(db),
    tokens: sqliteTokenStore(db),
    meta: sqliteServerMetaStore(db),
    messages: sqliteMessageStore(db),
    files: sqliteChatFileStore(db),
    conversations: sqliteConversationStore(db),
    close() {
      db.close();
      return Promise.resolve();
    },
  };
}
