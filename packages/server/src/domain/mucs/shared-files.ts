// Files shared in a group (REST §1.5 #106–#109): members upload (the bytes go to the FileStore as chat
// files do, at most the configured size), list and download them; the uploader, the owner and admins (and
// the app server) delete them. Uploads and deletions are told to every member (uploadFile / deleteFile).
import { randomUUID } from 'node:crypto';
import { MucOperation, restError } from '@confab/protocol';
import { contentTypeOf } from '../files/chat-file-access.js';
import type { StoredUpload } from '../files/upload-file.js';
import type { FileStore } from '../ports/chat-files.js';
import type { MucSharedFile } from '../ports/muc-lists.js';
import { type Access, accessMuc, type MucActor, permissionDenied, roleOf } from './muc-access.js';
import { everyMember, tell, type MucListDeps } from './muc-list-rules.js';

export type SharedFileDeps = MucListDeps & { store: FileStore };

const fileNotFound = (fileId: string) =>
  restError('WEBIM_CONNCTION_AJAX_ERROR', 'notFound', `shared file ${fileId} not found in this group`);

/** Checked before any byte is received: the caller may upload to the group (members). */
export function checkUploader(
  deps: Pick<MucListDeps, 'mucs'>,
  appId: number,
  groupId: string,
  actor: MucActor,
) {
  return accessMuc(deps, appId, groupId, actor, 'member');
}

/** Records stored bytes as a shared file of the group; on failure the bytes are removed. */
export async function recordSharedFile(
  deps: SharedFileDeps,
  a: Access,
  actor: MucActor,
  stored: StoredUpload,
): Promise<MucSharedFile> {
  const file: MucSharedFile = {
    appId: a.muc.appId,
    mucId: a.muc.id,
    fileId: randomUUID(),
    // The app server has no user of its own: its uploads are the owner's (who may delete them).
    owner: actor.kind === 'user' ? actor.username : a.muc.owner,
    filename: stored.filename,
    contentType: contentTypeOf(stored.mimetype, stored.head),
    size: stored.size,
    storageKey: stored.key,
    createdAt: deps.clock.now(),
  };
  try {
    await deps.lists.saveFile(file);
  } catch (err) {
    await deps.store.remove(stored.key).catch(() => undefined);
    throw err;
  }
  await tell(deps, a, actor, MucOperation.UPLOAD_FILE, everyMember, { reason: file.fileId });
  return file;
}

/** A page of the group's files, newest first (members). */
export async function listSharedFiles(
  deps: Pick<MucListDeps, 'mucs' | 'lists' | 'kind'>,
  appId: number,
  groupId: string,
  actor: MucActor,
  offset: number,
  limit: number,
): Promise<MucSharedFile[]> {
  await accessMuc(deps, appId, groupId, actor, 'member');
  return deps.lists.files(appId, groupId, offset, limit);
}

/** The record of a file to download (members); undefined when the group has no such file. */
export async function sharedFileToDownload(
  deps: Pick<MucListDeps, 'mucs' | 'lists' | 'kind'>,
  appId: number,
  groupId: string,
  actor: MucActor,
  fileId: string,
): Promise<MucSharedFile | undefined> {
  await accessMuc(deps, appId, groupId, actor, 'member');
  return deps.lists.file(appId, groupId, fileId);
}

/** Deletes a file (its uploader, the owner, admins) and its bytes. */
export async function deleteSharedFile(
  deps: SharedFileDeps,
  appId: number,
  groupId: string,
  actor: MucActor,
  fileId: string,
): Promise<void> {
  const a = await accessMuc(deps, appId, groupId, actor, 'member');
  const file = await deps.lists.file(appId, groupId, fileId);
  if (!file) throw fileNotFound(fileId);
  const uploader = actor.kind === 'user' && actor.username === file.owner;
  if (!uploader && roleOf(a) === 'member')
    throw permissionDenied('only the uploader, the owner and admins delete a file');
  const removed = await deps.lists.deleteFile(appId, groupId, fileId);
  if (!removed) throw fileNotFound(fileId);
  await deps.store.remove(removed.storageKey).catch(() => undefined);
  await tell(deps, a, actor, MucOperation.DELETE_FILE, everyMember, { reason: fileId });
}
