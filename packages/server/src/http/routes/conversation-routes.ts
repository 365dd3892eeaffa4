// Server conversations (agora-rest-api.md §1.3 #30–39): the list with last message, unread count, pin
// and marks; pin/unpin, marks, one-way delete. One-to-one conversations and groups (chat rooms have
// no server conversation). Each change reaches the user's other devices (conversation-notify.ts).
import { ConfabError, ErrorCode, restMessageJson } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import {
  MARK_COUNT,
  listConversations,
  pinConversation,
} from '../../domain/conversations/conversation-list.js';
import {
  tellConversationChange,
  type ConversationRef,
} from '../../domain/conversations/conversation-notify.js';
import { directConversation } from '../../domain/conversations/direct-conversation.js';
import { groupQueue } from '../../domain/messages/group-fanout.js';
import { queueKind, queueName } from '../../domain/messages/queue-ids.js';
import type { ConversationSummary } from '../../domain/ports/conversations.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest, conversationParams, decodeOffset, encodeOffset, pageSize, present } from '../params.js';
import type { MeParams } from './app-resolver.js';

interface ListQuery {
  limit?: string;
  cursor?: string;
  is_top?: string;
  mark?: string;
  pageNum?: string;
  pageSize?: string;
}

const notFound = () => new ConfabError(ErrorCode.CONVERSATION_NOT_EXIST, 'conversation does not exist');

/** "chat" (or absent) is a 1:1 conversation, "groupchat"/"groupChat" a group; anything else 1400. */
function conversationOf(me: string, to: unknown, type: unknown): { key: string; ref: ConversationRef } {
  const { peer, direct } = conversationParams(to, type);
  if (direct) return { key: directConversation(me, peer).key, ref: { kind: 'direct', peer } };
  if (String(type).toLowerCase() === 'groupchat')
    return { key: groupQueue(peer), ref: { kind: 'group', groupId: peer } };
  throw notFound();
}

/** The device a call names (`?resource=`, which the SDKs send); '' for none (every device is told). */
const resourceOf = (request: FastifyRequest) =>
  present((request.query as Record<string, unknown> | undefined)?.['resource']) ?? '';

function markOf(raw: unknown): number {
  const v = present(raw);
  if (v === undefined) throw badRequest('param mark must be not empty, please check!');
  const m = /^mark_(\d{1,2})$/.exec(v);
  if (!m || Number(m[1]) >= MARK_COUNT) throw badRequest('param mark illegal, please check it!');
  return Number(m[1]);
}

const channelInfo = (c: ConversationSummary) => ({
  session_to: queueName(c.queue),
  session_type: queueKind(c.queue) === 'group' ? 'groupchat' : 'chat',
  is_top: c.pinnedAt !== undefined,
  update_top_status_time: c.pinnedAt ?? 0,
  unread_num: c.unread,
  meta: c.lastMessage ? restMessageJson(c.lastMessage.meta) : {},
  marks: c.marks.map((n) => `mark_${n}`),
});

export function conversationRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const self = { preHandler: auth.adminOrSelf('me') };
  const store = ctx.storage.conversations;
  const actorOf = (request: FastifyRequest) => ({
    app: request.appRecord,
    username: request.me,
    resource: resourceOf(request),
  });

  // getServerConversations / getServerPinnedConversations (is_top=true) / ByFilter (mark=mark_N).
  const page = (path: string, byMark: boolean) =>
    app.get<{ Params: MeParams; Querystring: ListQuery }>(path, self, async (request) => {
      const { appRecord: target, me } = request;
      const q = request.query;
      const { items, nextOffset } = await listConversations(store, target.id, me, {
        limit: pageSize(q.limit, byMark ? 10 : 20, 50),
        offset: decodeOffset(q.cursor),
        pinnedOnly: present(q.is_top) === 'true',
        mark: byMark ? markOf(q.mark) : undefined,
      });
      return envelope(target, 'get', `/sdk/user/${me}/user_channels`, baseUrl(), {
        data: {
          cursor: nextOffset === undefined ? '' : encodeOffset(nextOffset),
          channel_infos: items.map(channelInfo),
        },
      });
    });
  page('/:org/:app/sdk/user/:me/user_channels/list', false);
  page('/:org/:app/sdk/user/:me/user_channels/mark/search', true);

  // Legacy getSessionList / getConversationlist (pageNum from 1).
  const legacy = (path: string) =>
    app.get<{ Params: MeParams; Querystring: ListQuery }>(path, self, async (request) => {
      const { appRecord: target, me } = request;
      const size = pageSize(request.query.pageSize, 100, 100);
      const num = Math.max(1, Number(present(request.query.pageNum) ?? 1) || 1);
      const { items } = await listConversations(store, target.id, me, {
        limit: size,
        offset: (num - 1) * size,
      });
      return envelope(target, 'get', `/users/${me}/user_channels`, baseUrl(), {
        data: { channel_infos: items.map(channelInfo) },
      });
    });
  legacy('/:org/:app/users/:me/user_channels');
  legacy('/:org/:app/users/:me/user_channels/page');

  // pinConversation: POST {type,to} pins, DELETE ?type&to unpins.
  const topAnswer = async (me: string, key: string, targetId: number) => {
    const c = (await store.summaries(targetId, me)).find((s) => s.key === key);
    return { is_top: c?.pinnedAt !== undefined, update_top_status_time: c?.pinnedAt ?? 0 };
  };
  app.post<{ Params: MeParams; Body: { type?: unknown; to?: unknown } | undefined }>(
    '/:org/:app/sdk/user/:me/user_channel/top',
    self,
    async (request) => {
      const { appRecord: target, me } = request;
      const { key, ref } = conversationOf(me, request.body?.to, request.body?.type);
      const now = ctx.clock.now();
      await pinConversation(store, target.id, me, key, now);
      await tellConversationChange(ctx, actorOf(request), ref, 'top', now);
      return envelope(target, 'post', `/sdk/user/${me}/user_channel/top`, baseUrl(), {
        data: await topAnswer(me, key, target.id),
      });
    },
  );
  app.delete<{ Params: MeParams; Querystring: { type?: string; to?: string } }>(
    '/:org/:app/sdk/user/:me/user_channel/top',
    self,
    async (request) => {
      const { appRecord: target, me } = request;
      const { key, ref } = conversationOf(me, request.query.to, request.query.type);
      await pinConversation(store, target.id, me, key, undefined);
      await tellConversationChange(ctx, actorOf(request), ref, 'not_top', ctx.clock.now());
      return envelope(target, 'delete', `/sdk/user/${me}/user_channel/top`, baseUrl(), {
        data: await topAnswer(me, key, target.id),
      });
    },
  );

  // addConversationMark / removeConversationMark: {mark, targets:[{to,type}]} (≤ 20 targets).
  type MarkRoute = { Params: MeParams; Body: { mark?: unknown; targets?: unknown } | undefined };
  const mark = (on: boolean) => async (request: FastifyRequest<MarkRoute>) => {
    const { appRecord: target, me } = request;
    const n = markOf(request.body?.mark);
    const targets = request.body?.targets;
    if (!Array.isArray(targets) || targets.length === 0 || targets.length > 20)
      throw badRequest('targets must list 1..20 conversations');
    const ignore: unknown[] = [];
    const now = ctx.clock.now();
    for (const t of targets as { to?: unknown; type?: unknown }[]) {
      const { key, ref } = conversationOf(me, t?.to, t?.type === 'groupchat' ? 'groupchat' : 'chat');
      if (!(await store.setMark(target.id, me, key, n, on))) ignore.push(t);
      else await tellConversationChange(ctx, actorOf(request), ref, on ? 'mark' : 'mark_delete', now, n);
    }
    return envelope(target, on ? 'post' : 'delete', `/sdk/user/${me}/user_channels/mark`, baseUrl(), {
      data: { ignore },
    });
  };
  app.post<MarkRoute>('/:org/:app/sdk/user/:me/user_channels/mark', self, mark(true));
  app.delete<MarkRoute>('/:org/:app/sdk/user/:me/user_channels/mark', self, mark(false));

  // deleteConversation: {channel, type, delete_roam}; one-way, for the caller only.
  // The SDK's one-way delete, and the app server's at Agora's documented path `/users/{u}/…` (REST spec §3).
  for (const segment of ['user', 'users'] as const) {
    app.delete<{
      Params: MeParams;
      Body: { channel?: unknown; type?: unknown; delete_roam?: unknown } | undefined;
    }>(`/:org/:app/${segment}/:me/user_channel`, self, async (request) => {
      const { appRecord: target, me } = request;
      const { key, ref } = conversationOf(me, request.body?.channel, request.body?.type);
      await store.hide(target.id, me, key, request.body?.delete_roam === true);
      // Told even when the server had no such conversation: another device may still list it.
      await tellConversationChange(ctx, actorOf(request), ref, 'del', ctx.clock.now());
      return envelope(target, 'delete', `/${segment}/${me}/user_channel`, baseUrl(), {
        data: { result: 'ok' },
      });
    });
  }
}
