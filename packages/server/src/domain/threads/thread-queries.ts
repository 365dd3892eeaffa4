// What the thread reads answer: a thread's detail, its members, the threads of a group, those a user
// joined, and the last message of threads. A user must be a member of the thread's group (602); the app
// server reads everything.
import type { MucActor } from '../mucs/muc-access.js';
import type { ThreadMember, ThreadPage, ThreadRecord } from '../ports/threads.js';
import { badParameter, groupAccess, loadThread, type ThreadDeps } from './thread-deps.js';
import { lastMessageJson } from './thread-events.js';

export async function threadDetail(deps: ThreadDeps, appId: number, id: string, actor: MucActor) {
  const thread = await loadThread(deps, appId, id);
  await groupAccess(deps, appId, thread.groupId, actor);
  return thread;
}

export async function threadMembers(
  deps: ThreadDeps,
  appId: number,
  id: string,
  actor: MucActor,
  page: { limit: number; cursor?: string | undefined },
): Promise<ThreadPage<ThreadMember>> {
  const thread = await loadThread(deps, appId, id);
  await groupAccess(deps, appId, thread.groupId, actor);
  return deps.storage.threads.members(appId, id, page.limit, page.cursor);
}

export async function groupThreads(
  deps: ThreadDeps,
  appId: number,
  groupId: string,
  actor: MucActor,
  page: { limit: number; cursor?: string | undefined },
): Promise<ThreadPage<ThreadRecord>> {
  await groupAccess(deps, appId, groupId, actor);
  return deps.storage.threads.ofGroup(appId, groupId, page.limit, page.cursor);
}

/** The last message of each thread the caller may read, in the order asked (≤ threadLastMessageIdsMax). */
export async function lastMessages(
  deps: ThreadDeps,
  appId: number,
  ids: readonly string[],
  actor: MucActor,
): Promise<{ thread_id: string; last_message: Record<string, unknown> }[]> {
  if (ids.length > deps.limits.threadLastMessageIdsMax)
    throw badParameter(`at most ${deps.limits.threadLastMessageIdsMax} thread ids per call`);
  const threads = await deps.storage.threads.getMany(appId, [...new Set(ids)]);
  const out: { thread_id: string; last_message: Record<string, unknown> }[] = [];
  for (const t of threads) {
    if (actor.kind === 'user' && !(await deps.storage.mucs.member(appId, t.groupId, actor.username)))
      continue;
    out.push({ thread_id: t.id, last_message: await lastMessageJson(deps, appId, t) });
  }
  return out;
}
