// Chat threads over REST (spec rest §1.7 #149–159 for the SDK, §3 "Threads" for app servers): create,
// join / quit, rename, destroy, detail, members (list, remove; the app server also adds and removes in
// bulk), the threads of a group, those a user joined (optionally of one group), every thread of the app
// (app server), and the last message of threads. Rules in domain/threads/*.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { serviceEnabled } from '../../domain/apps/app-settings.js';
import type { ThreadPage, ThreadRecord } from '../../domain/ports/threads.js';
import {
  createThread,
  destroyThread,
  joinThread,
  leaveThread,
  removeThreadMembers,
  renameThread,
} from '../../domain/threads/manage-threads.js';
import { THREAD_LIMITS, type ThreadDeps } from '../../domain/threads/thread-deps.js';
import {
  groupThreads,
  lastMessages,
  threadDetail,
  threadMembers,
} from '../../domain/threads/thread-queries.js';
import type { RestAuth } from '../auth.js';
import { badRequest, pageSize, present } from '../params.js';
import type { AppParams } from './app-resolver.js';
import { actorOf, bodyOf, text, userList } from './group-route-kit.js';
import { answer } from './group-list-common.js';

interface ThreadParams extends AppParams {
  id: string;
}
interface ThreadUserParams extends ThreadParams {
  username: string;
}
interface UserParams extends AppParams {
  username: string;
}
interface GroupThreadParams extends AppParams {
  groupId: string;
}
interface GroupUserParams extends GroupThreadParams {
  username: string;
}
interface PageQuery {
  limit?: string;
  cursor?: string;
  resource?: string;
}

export const threadDeps = (ctx: ServerContext): ThreadDeps => ({
  storage: ctx.storage,
  bus: ctx.bus,
  ids: ctx.ids,
  clock: ctx.clock,
  logger: ctx.logger,
  limits: THREAD_LIMITS,
});

/** ChatThreadDetail as Agora answers it (the SDK renames msgId, groupId and affiliations_count). */
export const threadJson = (t: ThreadRecord) => ({
  id: t.id,
  name: t.name,
  owner: t.owner,
  msgId: t.msgId,
  groupId: t.groupId,
  created: t.createdAt,
  affiliations_count: t.memberCount,
});

/** A thread of a list: `entities[]`, the cursor in `properties.cursor` (absent on the last page). */
const listAnswer = (request: FastifyRequest, baseUrl: string, path: string, page: ThreadPage<ThreadRecord>) =>
  answer(request, baseUrl, path, {
    entities: page.items.map(threadJson),
    properties: page.cursor === undefined ? {} : { cursor: page.cursor },
  });

function threadsApp(request: FastifyRequest) {
  const app = request.appRecord;
  if (!serviceEnabled(app, 'threads'))
    throw new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'service not open!');
  return app;
}

const page = (q: PageQuery | undefined) => ({
  limit: pageSize(q?.limit, 20, THREAD_LIMITS.threadPageMax),
  cursor: present(q?.cursor),
});

/** The users of an app-server bulk call: `usernames`, 1..10 of them. */
function usernames(request: FastifyRequest): string[] {
  const list = userList(bodyOf(request), 'usernames');
  if (!list || list.length === 0) throw badRequest('usernames is required');
  if (list.length > 10) throw new ConfabError(ErrorCode.MAX_LIMIT, 'at most 10 users per call');
  return list;
}

export function threadRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const deps = threadDeps(ctx);
  const any = { preHandler: auth.appToken };

  // createChatThread: {name, msg_id, group_id, owner} → data.thread_id.
  app.post<{ Params: AppParams; Querystring: PageQuery }>('/:org/:app/thread', any, async (request) => {
    const { id: appId } = threadsApp(request);
    const body = bodyOf(request);
    const actor = actorOf(request);
    const groupId = text(body, 'group_id') ?? '';
    const msgId = text(body, 'msg_id') ?? '';
    if (groupId === '' || msgId === '') throw badRequest('group_id and msg_id are required');
    const owner = actor.kind === 'user' ? actor.username : text(body, 'owner');
    if (owner === undefined || owner === '') throw badRequest('owner is required');
    const thread = await createThread(deps, appId, actor, {
      groupId,
      msgId,
      name: text(body, 'name'),
      owner,
    });
    return answer(request, baseUrl(), '/thread', { data: { thread_id: thread.id } });
  });

  // Every thread of the app (app server): ?limit≤50&cursor.
  app.get<{ Params: AppParams; Querystring: PageQuery }>(
    '/:org/:app/thread',
    { preHandler: auth.admin },
    async (request) => {
      const { id: appId } = threadsApp(request);
      const p = page(request.query);
      const result = await ctx.storage.threads.all(appId, p.limit, p.cursor);
      return listAnswer(request, baseUrl(), '/thread', result);
    },
  );

  app.get<{ Params: ThreadParams }>('/:org/:app/thread/:id', any, async (request) => {
    const { id: appId } = threadsApp(request);
    const thread = await threadDetail(deps, appId, request.params.id, actorOf(request));
    return answer(request, baseUrl(), `/thread/${thread.id}`, { data: threadJson(thread) });
  });

  app.put<{ Params: ThreadParams }>('/:org/:app/thread/:id', any, async (request) => {
    const { id: appId } = threadsApp(request);
    const { id } = request.params;
    const t = await renameThread(deps, appId, id, actorOf(request), text(bodyOf(request), 'name'));
    return answer(request, baseUrl(), `/thread/${id}`, { data: { name: t.name } });
  });

  app.delete<{ Params: ThreadParams }>('/:org/:app/thread/:id', any, async (request) => {
    const { id: appId } = threadsApp(request);
    const { id } = request.params;
    await destroyThread(deps, appId, id, actorOf(request));
    return answer(request, baseUrl(), `/thread/${id}`, { data: { status: 'ok' } });
  });

  // joinChatThread: data.detail is required (the SDK renames its fields).
  app.post<{ Params: ThreadUserParams; Querystring: PageQuery }>(
    '/:org/:app/thread/:id/user/:username/join',
    { preHandler: auth.adminOrSelf('username') },
    async (request) => {
      const { id: appId } = threadsApp(request);
      const { id, username } = request.params;
      const thread = await joinThread(deps, appId, id, {
        username,
        resource: present(request.query.resource),
      });
      return answer(request, baseUrl(), `/thread/${id}/user/${username}/join`, {
        data: { status: 'ok', detail: threadJson(thread) },
      });
    },
  );

  app.delete<{ Params: ThreadUserParams; Querystring: PageQuery }>(
    '/:org/:app/thread/:id/user/:username/quit',
    { preHandler: auth.adminOrSelf('username') },
    async (request) => {
      const { id: appId } = threadsApp(request);
      const { id, username } = request.params;
      await leaveThread(deps, appId, id, { username, resource: present(request.query.resource) });
      return answer(request, baseUrl(), `/thread/${id}/user/${username}/quit`, { data: { result: true } });
    },
  );

  // getChatThreadMembers: ?limit&cursor → data.affiliations (user ids), properties.cursor.
  app.get<{ Params: ThreadParams; Querystring: PageQuery }>(
    '/:org/:app/thread/:id/users',
    any,
    async (request) => {
      const { id: appId } = threadsApp(request);
      const { id } = request.params;
      const result = await threadMembers(deps, appId, id, actorOf(request), page(request.query));
      return answer(request, baseUrl(), `/thread/${id}/users`, {
        data: { affiliations: result.items.map((m) => m.username) },
        properties: result.cursor === undefined ? {} : { cursor: result.cursor },
      });
    },
  );

  // removeChatThreadMember: data {result, user}.
  app.delete<{ Params: ThreadUserParams }>('/:org/:app/thread/:id/users/:username', any, async (request) => {
    const { id: appId } = threadsApp(request);
    const { id, username } = request.params;
    const removed = await removeThreadMembers(deps, appId, id, actorOf(request), [username]);
    return answer(request, baseUrl(), `/thread/${id}/users/${username}`, {
      data: { result: removed.length > 0, user: username },
    });
  });

  // App server: add (join) and remove members in bulk, {usernames ≤ 10}.
  app.post<{ Params: ThreadParams }>(
    '/:org/:app/thread/:id/users',
    { preHandler: auth.admin },
    async (request) => {
      const { id: appId } = threadsApp(request);
      const { id } = request.params;
      const users = usernames(request);
      for (const u of users) await joinThread(deps, appId, id, { username: u });
      return answer(request, baseUrl(), `/thread/${id}/users`, { data: { status: 'ok' } });
    },
  );

  app.delete<{ Params: ThreadParams }>(
    '/:org/:app/thread/:id/users',
    { preHandler: auth.admin },
    async (request) => {
      const { id: appId } = threadsApp(request);
      const { id } = request.params;
      const removed = await removeThreadMembers(deps, appId, id, actorOf(request), usernames(request));
      return answer(request, baseUrl(), `/thread/${id}/users`, {
        data: removed.map((user) => ({ result: true, user })),
      });
    },
  );

  // getChatThreadLastMessage: {threadIds ≤ 20} → entities[] {thread_id, last_message (payload an object)}.
  app.post<{ Params: AppParams }>('/:org/:app/thread/message', any, async (request) => {
    const { id: appId } = threadsApp(request);
    const raw = bodyOf(request)['threadIds'];
    if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string'))
      throw badRequest('threadIds must be a list of thread ids');
    const entities = await lastMessages(deps, appId, raw as string[], actorOf(request));
    return answer(request, baseUrl(), '/thread/message', { entities });
  });

  // getChatThreads: the threads of a group.
  app.get<{ Params: GroupThreadParams; Querystring: PageQuery }>(
    '/:org/:app/threads/chatgroups/:groupId',
    any,
    async (request) => {
      const { id: appId } = threadsApp(request);
      const { groupId } = request.params;
      const result = await groupThreads(deps, appId, groupId, actorOf(request), page(request.query));
      return listAnswer(request, baseUrl(), `/threads/chatgroups/${groupId}`, result);
    },
  );

  // getJoinedChatThreads: all of the user's threads, or those of one group.
  app.get<{ Params: UserParams; Querystring: PageQuery }>(
    '/:org/:app/threads/user/:username',
    { preHandler: auth.adminOrSelf('username') },
    async (request) => {
      const { id: appId } = threadsApp(request);
      const { username } = request.params;
      const result = await ctx.storage.threads.joinedBy(appId, username, page(request.query));
      return listAnswer(request, baseUrl(), `/threads/user/${username}`, result);
    },
  );

  app.get<{ Params: GroupUserParams; Querystring: PageQuery }>(
    '/:org/:app/threads/chatgroups/:groupId/user/:username',
    { preHandler: auth.adminOrSelf('username') },
    async (request) => {
      const { id: appId } = threadsApp(request);
      const { groupId, username } = request.params;
      const result = await ctx.storage.threads.joinedBy(appId, username, { groupId, ...page(request.query) });
      return listAnswer(request, baseUrl(), `/threads/chatgroups/${groupId}/user/${username}`, result);
    },
  );
}
