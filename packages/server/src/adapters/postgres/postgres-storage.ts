import { postgresPushStore } from './postgres-push-store.js';
import type { Storage } from '../../domain/ports/storage.js';
import { postgresAppStore } from './postgres-app-store.js';
import {
  postgresCallbackOutboxStore,
  postgresModerationStore,
  postgresUserMuteStore,
} from './postgres-app-server-stores.js';
import { postgresChatFileStore } from './postgres-chat-file-store.js';
import { postgresContactStore } from './postgres-contact-store.js';
import { postgresReactionStore } from './postgres-reaction-store.js';
import { postgresConversationStore } from './postgres-conversation-store.js';
import { createPool, openPostgres, type PostgresOptions } from './postgres-database.js';
import { postgresMessageStore } from './postgres-message-store.js';
import { postgresMucListStore } from './postgres-muc-list-store.js';
import { postgresMucStore } from './postgres-muc-store.js';
import { postgresPresenceStore } from './postgres-presence-store.js';
import { postgresPushSettingsStore } from './postgres-push-settings-store.js';
import { postgresUserAttributeStore } from './postgres-user-attribute-store.js';
import { postgresRoomAttributeStore } from './postgres-room-attribute-store.js';
import { postgresRoomSuperAdminStore } from './postgres-room-super-admin-store.js';
import { postgresThreadStore } from './postgres-thread-store.js';
import { postgresServerMetaStore } from './postgres-server-meta-store.js';
import { postgresTokenStore } from './postgres-token-store.js';
import { postgresUserStore } from './postgres-user-store.js';

/** Storage on PostgreSQL: what several nodes share when Confab is scaled out. */
export async function postgresStorage(options: PostgresOptions): Promise<Storage> {
  const pool = await openPostgres(options);
  // Cursor moves need no WAL flush of their own: lost in a crash they only cause a redelivery, which
  // clients drop by id. Messages always commit synchronously.
  const relaxed = createPool(options, true);
  return {
    apps: postgresAppStore(pool),
    users: postgresUserStore(pool),
    tokens: postgresTokenStore(pool),
    meta: postgresServerMetaStore(pool),
    messages: postgresMessageStore(pool, relaxed),
    files: postgresChatFileStore(pool),
    conversations: postgresConversationStore(pool),
    mucLists: postgresMucListStore(pool),
    mucs: postgresMucStore(pool),
    contacts: postgresContactStore(pool),
    userAttributes: postgresUserAttributeStore(pool),
    presence: postgresPresenceStore(pool),
    roomAttributes: postgresRoomAttributeStore(pool),
    roomSuperAdmins: postgresRoomSuperAdminStore(pool),
    reactions: postgresReactionStore(pool),
    threads: postgresThreadStore(pool),
    pushSettings: postgresPushSettingsStore(pool),
    push: postgresPushStore(pool),
    userMutes: postgresUserMuteStore(pool),
    callbackOutbox: postgresCallbackOutboxStore(pool),
    moderation: postgresModerationStore(pool),
    close: async () => {
      await relaxed.end();
      await pool.end();
    },
  };
}
