// The thread use cases behind the SDK's thread calls and the app-server API: create (one per group
// message: 1301), join, leave, rename, destroy, remove a member. Every one needs the actor in the thread's
// group (602); renaming is for the thread's creator and the group's owner/admins, destroying and removing
// members for the group's owner/admins (and the creator, for removals). Changes are told to the group
// (thread-events.ts).
import { MessageType } from '@confab/protocol';
import { groupQueue } from '../messages/group-fanout.js';
import { newGroupId } from '../mucs/group-ids.js';
import type { MucActor } from '../mucs/muc-access.js';
import type { ThreadRecord } from '../ports/threads.js';
import {
  badParameter,
  checkName,
  denied,
  groupAccess,
  loadThread,
  moderates,
  notThreadMember,
  threadExists,
  type ThreadDeps,
} from './thread-deps.js';
import { MucOperation } from '@confab/protocol';
import { notifyGroupOfThread, notifyOwnDevices, notifyRemoved } from './thread-events.js';

type UserRef = { username: string; resource?: string | undefined };
const userOfActor = (actor: MucActor): UserRef | undefined =>
  actor.kind === 'user' ? { username: actor.username, resource: actor.resource } : undefined;

/** The acting user's other devices hear of it (onMultiDeviceEvent); the app server has none. */
const own = (deps: ThreadDeps, thread: ThreadRecord, actor: MucActor, operation: number) =>
  actor.kind === 'user'
    ? notifyOwnDevices(deps, thread, { username: actor.username, resource: actor.resource }, operation)
    : Promise.resolve();

export interface CreateThreadInput {
  groupId: string;
  msgId: string;
  name: string | undefined;
  /** The thread's owner: the acting user, or the one the app server names. */
  owner: string;
}

export async function createThread(
  deps: ThreadDeps,
  appId: number,
  actor: MucActor,
  input: CreateThreadInput,
): Promise<ThreadRecord> {
  const name = checkName(deps, input.name);
  await groupAccess(deps, appId, input.groupId, actor);
  if (actor.kind === 'app' && !(await deps.storage.mucs.member(appId, input.groupId, input.owner)))
    throw badParameter(`${input.owner} is not a member of group ${input.groupId}`);
  const id = /^\d{1,19}$/.test(input.msgId) ? BigInt(input.msgId) : undefined;
  const found = id === undefined ? undefined : await deps.storage.messages.findById(appId, id);
  const m = found?.message;
  if (
    !m ||
    found.recalled ||
    m.recipient !== groupQueue(input.groupId) ||
    m.chatType !== MessageType.GROUPCHAT
  )
    throw badParameter(`message ${input.msgId} is not a message of group ${input.groupId}`);
  if (await deps.storage.threads.byMessage(appId, input.msgId)) throw threadExists();
  if ((await deps.storage.threads.count(appId)) >= deps.limits.threadsPerApp)
    throw badParameter(`this app has ${deps.limits.threadsPerApp} threads already`);
  for (;;) {
    const r = await deps.storage.threads.create({
      appId,
      id: newGroupId(),
      groupId: input.groupId,
      msgId: input.msgId,
      name,
      owner: input.owner,
      createdAt: deps.clock.now(),
    });
    if (r.ok) {
      await notifyGroupOfThread(deps, r.thread, 'create', userOfActor(actor));
      await own(deps, r.thread, actor, MucOperation.THREAD_CREATE);
      return r.thread;
    }
    if (r.reason === 'message') throw threadExists();
  }
}

/** Joins the acting user (any member of the group may); joining again changes nothing. */
export async function joinThread(deps: ThreadDeps, appId: number, id: string, user: UserRef) {
  const thread = await loadThread(deps, appId, id);
  await groupAccess(deps, appId, thread.groupId, { kind: 'user', username: user.username });
  const r = await deps.storage.threads.join(appId, id, user.username, deps.clock.now());
  if (r === 'gone') return loadThread(deps, appId, id);
  if (r === 'joined') await own(deps, thread, { kind: 'user', ...user }, MucOperation.THREAD_JOIN);
  return (await deps.storage.threads.get(appId, id)) ?? thread;
}

export async function leaveThread(deps: ThreadDeps, appId: number, id: string, user: UserRef) {
  const thread = await loadThread(deps, appId, id);
  const removed = await deps.storage.threads.removeMembers(appId, id, [user.username]);
  if (removed.length === 0) throw notThreadMember(user.username);
  await own(deps, thread, { kind: 'user', ...user }, MucOperation.THREAD_LEAVE);
}

export async function renameThread(
  deps: ThreadDeps,
  appId: number,
  id: string,
  actor: MucActor,
  rawName: string | undefined,
): Promise<ThreadRecord> {
  const name = checkName(deps, rawName);
  const thread = await loadThread(deps, appId, id);
  const access = await groupAccess(deps, appId, thread.groupId, actor);
  if (!moderates(access) && !(actor.kind === 'user' && actor.username === thread.owner))
    throw denied('only the thread creator and the group owner or admins may rename a thread');
  const renamed = (await deps.storage.threads.rename(appId, id, name, deps.clock.now())) ?? thread;
  await notifyGroupOfThread(deps, renamed, 'update', userOfActor(actor));
  await own(deps, renamed, actor, MucOperation.THREAD_UPDATE);
  return renamed;
}

export async function destroyThread(deps: ThreadDeps, appId: number, id: string, actor: MucActor) {
  const thread = await loadThread(deps, appId, id);
  const access = await groupAccess(deps, appId, thread.groupId, actor);
  if (!moderates(access)) throw denied('only the group owner or admins may destroy a thread');
  if (!(await deps.storage.threads.destroy(appId, id))) return;
  await notifyGroupOfThread(deps, thread, 'delete', userOfActor(actor));
  await own(deps, thread, actor, MucOperation.THREAD_DESTROY);
}

/** Removes members (not the acting user); each removed user is told (userRemove). */
export async function removeThreadMembers(
  deps: ThreadDeps,
  appId: number,
  id: string,
  actor: MucActor,
  usernames: readonly string[],
): Promise<string[]> {
  const thread = await loadThread(deps, appId, id);
  const access = await groupAccess(deps, appId, thread.groupId, actor);
  if (!moderates(access) && !(actor.kind === 'user' && actor.username === thread.owner))
    throw denied('only the thread creator and the group owner or admins may remove thread members');
  const removed = await deps.storage.threads.removeMembers(appId, id, usernames);
  const by = actor.kind === 'user' ? actor.username : 'admin';
  for (const u of removed) await notifyRemoved(deps, thread, u, by);
  return removed;
}
