// Recording an uploaded attachment (REST §1.1 #6): the bytes are already in the FileStore; this makes
// the record that names them: a fresh public uuid, the conversation it was sent for, a share secret,
// the content type (sniffed when the client's is generic), the expiry from the app's settings and the
// node that holds the bytes; the save refuses it past the storage quota (upload-quota.ts).
import { randomUUID } from 'node:crypto';
import { appSettings } from '../apps/app-settings.js';
import type { Clock } from '../ports/clock.js';
import type { ChatFileRecord, ChatFileStore, FileStore, StorageQuota } from '../ports/chat-files.js';
import type { AppRecord } from '../ports/storage.js';
import { contentTypeOf, newShareSecret, uploadTarget } from './chat-file-access.js';
import { quotaFor, quotaRefusal, uploadRefused } from './upload-quota.js';

export interface StoredUpload {
  /** FileStore key and size of the bytes. */
  key: string;
  size: number;
  /** The first bytes (content sniffing). */
  head: Uint8Array;
  filename: string;
  /** What the client declared, if anything. */
  mimetype: string | undefined;
}

export interface UploadDeps {
  files: ChatFileStore;
  store: FileStore;
  clock: Clock;
  /** This node (CONFAB_NODE_ID): its data directory has the bytes. */
  holder: number;
  quota: StorageQuota;
}

/**
 * Saves the record of stored bytes; on failure (the quota included: SDK 101) the bytes are removed, so
 * nothing is left unnamed.
 */
export async function recordUpload(
  deps: UploadDeps,
  app: AppRecord,
  owner: string,
  target: { chatType: unknown; chatTarget: unknown },
  stored: StoredUpload,
): Promise<ChatFileRecord> {
  const now = deps.clock.now();
  const file: ChatFileRecord = {
    uuid: randomUUID(),
    appId: app.id,
    owner,
    ...uploadTarget(target.chatType, target.chatTarget),
    secret: newShareSecret(),
    filename: stored.filename,
    contentType: contentTypeOf(stored.mimetype, stored.head),
    size: stored.size,
    storageKey: stored.key,
    createdAt: now,
    expiresAt: now + appSettings(app).attachmentTtlSeconds * 1000,
    holder: deps.holder,
  };
  const quota = quotaFor(deps.quota, owner);
  let outcome;
  try {
    outcome = await deps.files.save(file, quota);
  } catch (err) {
    await deps.store.remove(stored.key).catch(() => undefined);
    throw err;
  }
  if (outcome !== 'saved') {
    await deps.store.remove(stored.key).catch(() => undefined);
    const used = await deps.files.usage(app.id, outcome === 'owner-quota' ? owner : undefined, now);
    throw uploadRefused(quotaRefusal(outcome, quota, used));
  }
  return file;
}
