// How much one upload may store: the app's attachment size limit (`maxAttachmentBytes`), or less when
// the uploader's (or the app's) storage quota is nearly used up. Quotas count the bytes of files that
// have not expired; the app admin (the app's own server, owner '') has no per-user quota. The record's
// save checks again, atomically, so concurrent uploads cannot pass the quota together.
import { ConfabError, ErrorCode } from '@confab/protocol';
import { appSettings } from '../apps/app-settings.js';
import type { ChatFileStore, SaveOutcome, StorageQuota } from '../ports/chat-files.js';
import type { AppRecord } from '../ports/storage.js';

/** The most an upload may store, and what the refusal says when it is more. */
export interface UploadLimit {
  bytes: number;
  refusal: string;
}

/** The app's attachment size limit. */
export const sizeLimit = (maxBytes: number): UploadLimit => ({
  bytes: maxBytes,
  refusal: `file size exceeds the limit of ${maxBytes} bytes`,
});

/** The quota for files of `owner`. */
export const quotaFor = (quota: StorageQuota, owner: string): StorageQuota =>
  owner === '' ? { ...quota, perOwnerBytes: 0 } : quota;

export function quotaRefusal(
  outcome: Exclude<SaveOutcome, 'saved'>,
  quota: StorageQuota,
  used: number,
): string {
  return outcome === 'owner-quota'
    ? `storage quota exceeded: a user may keep ${quota.perOwnerBytes} bytes of files, ${used} are in use`
    : `storage quota exceeded: the app may keep ${quota.perAppBytes} bytes of files, ${used} are in use`;
}

/** The limit of an upload by `owner` starting `now`. A limit of 0 bytes refuses it before any byte is read. */
export async function uploadLimit(
  files: ChatFileStore,
  app: AppRecord,
  owner: string,
  quota: StorageQuota,
  now: number,
): Promise<UploadLimit> {
  const q = quotaFor(quota, owner);
  let limit = sizeLimit(appSettings(app).maxAttachmentBytes);
  if (q.perOwnerBytes > 0) {
    const used = await files.usage(app.id, owner, now);
    if (q.perOwnerBytes - used < limit.bytes)
      limit = { bytes: Math.max(0, q.perOwnerBytes - used), refusal: quotaRefusal('owner-quota', q, used) };
  }
  if (q.perAppBytes > 0) {
    const used = await files.usage(app.id, undefined, now);
    if (q.perAppBytes - used < limit.bytes)
      limit = { bytes: Math.max(0, q.perAppBytes - used), refusal: quotaRefusal('app-quota', q, used) };
  }
  return limit;
}

/** An upload refused (SDK 101). */
export const uploadRefused = (message: string) => new ConfabError(ErrorCode.WEBIM_UPLOADFILE_ERROR, message);
