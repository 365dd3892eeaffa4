// History REST (agora-rest-api.md §1.3 #40–43): POST …/users/{me}/messageroaming answers base64
// easemob.pb.Meta pages of a 1:1 conversation or of a group the caller is a member of (its whole history,
// as Agora's roaming); DELETE …/sdk/message/roaming/{chat|group}/user/{me}[/time] deletes one-way.
import { ConfabError, Domain, ErrorCode } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { serviceEnabled } from '../../domain/apps/app-settings.js';
import { tellRoamingDelete, type ConversationRef } from '../../domain/conversations/conversation-notify.js';
import { roamingHistory } from '../../domain/conversations/roaming-history.js';
import { directConversation } from '../../domain/conversations/direct-conversation.js';
import { groupQueue } from '../../domain/messages/group-fanout.js';
import { metasWithReactions } from '../../domain/reactions/reaction-history.js';
import type { AppRecord } from '../../domain/ports/storage.js';
import { threadConversationKey } from '../../domain/ports/threads.js';
import { withThreadOverviews } from '../../domain/threads/thread-overview.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest, messageId, optionalMessageId, pageSize, present } from '../params.js';
import type { MeParams } from './app-resolver.js';

interface RoamingBody {
  queue?: unknown;
  start?: unknown;
  pull_number?: unknown;
  is_positive?: unknown;
  msgType?: unknown;
  startTime?: unknown;
  endTime?: unknown;
}

interface KindParams extends MeParams {
  kind: string;
}

interface DeleteQuery {
  userId?: string;
  groupId?: string;
  msgIdList?: string;
  delTime?: string;
  resource?: string;
}

/** Roaming page size (§4: 1–50, 20 by default); one-way delete ≤ 20 ids per call. */
const MAX_PULL = 50;
const MAX_DELETE_IDS = 20;

const notOpen = () => new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'messageroaming function not open');
const notMember = () => new ConfabError(ErrorCode.PERMISSION_DENIED, 'not a member of this conversation');

function time(raw: unknown): number | undefined {
  const v = present(raw);
  if (v === undefined || v === '-1') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw badRequest(`illegal time ${v}`);
  return n;
}

/**
 * The conversation a roaming `queue` names: "peer@easemob.com" (or a bare id) the 1:1 conversation with
 * peer, "id@conference.easemob.com" the group's log. Any other domain names nothing the caller is in.
 */
function conversationOf(me: string, queue: unknown): { key: string; groupId?: string } {
  const q = present(queue);
  if (q === undefined) throw badRequest('queue is required');
  const at = q.indexOf('@');
  const name = at >= 0 ? q.slice(0, at) : q;
  if (name === '') throw badRequest('queue is required');
  const domain = at >= 0 ? q.slice(at + 1) : Domain.USER;
  if (domain === Domain.CONFERENCE) return { key: groupQueue(name), groupId: name };
  if (domain !== Domain.USER) throw notMember();
  return { key: directConversation(me, name).key };
}

export function historyRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const self = { preHandler: auth.adminOrSelf('me') };
  const requireHistory = (target: AppRecord) => {
    if (!serviceEnabled(target, 'history')) throw notOpen();
  };
  const requireMember = async (appId: number, groupId: string, me: string) => {
    if (!(await ctx.storage.mucs.member(appId, groupId, me))) throw notMember();
  };

  app.post<{ Params: MeParams; Body: RoamingBody | undefined }>(
    '/:org/:app/users/:me/messageroaming',
    self,
    async (request) => {
      const { appRecord: target, me } = request;
      requireHistory(target);
      const body = request.body ?? {};
      const kinds = present(body.msgType)
        ?.split(',')
        .map((k) => k.trim())
        .filter(Boolean);
      let conversation = conversationOf(me, body.queue);
      // A thread's history (its id with the conference domain) is its group's members'.
      const thread =
        conversation.groupId === undefined
          ? undefined
          : await ctx.storage.threads.get(target.id, conversation.groupId);
      if (thread) conversation = { key: threadConversationKey(thread.id), groupId: thread.groupId };
      // A group's history is its members' (the whole log, also what was said before they joined).
      if (conversation.groupId !== undefined) await requireMember(target.id, conversation.groupId, me);
      // History is read as a member of the log sees it: a group member outside the thread reads it as one
      // of the thread's members does (one-way deletes are per member; the thread's log has no row for them).
      const viewer =
        thread && !(await ctx.storage.threads.member(target.id, thread.id, me))
          ? ((await ctx.storage.threads.memberNames(target.id, thread.id))[0] ?? me)
          : me;
      // A chat room's is the last messages kept in memory (rooms store nothing).
      const room =
        conversation.groupId === undefined || thread
          ? undefined
          : await ctx.storage.mucs.get(target.id, conversation.groupId);
      const direction = body.is_positive === true || body.is_positive === 'true' ? 'down' : 'up';
      const page =
        room?.kind === 'room'
          ? ctx.recentRoomMessages.page(target.id, room.id, {
              direction,
              cursor: optionalMessageId(body.start),
              limit: pageSize(body.pull_number, 20, MAX_PULL),
              startTime: time(body.startTime),
              endTime: time(body.endTime),
            })
          : await roamingHistory(ctx.storage.conversations, {
              appId: target.id,
              owner: viewer,
              conversationKey: conversation.key,
              direction,
              cursor: optionalMessageId(body.start),
              limit: pageSize(body.pull_number, 20, MAX_PULL),
              startTime: time(body.startTime),
              endTime: time(body.endTime),
              kinds,
            });
      // Group messages carry their thread's overview; every message its reactions.
      const messages =
        thread || conversation.groupId === undefined || room?.kind === 'room'
          ? page.messages
          : await withThreadOverviews(ctx, target.id, page.messages);
      return envelope(target, 'post', `/users/${me}/messageroaming`, baseUrl(), {
        data: {
          msgs: (await metasWithReactions(ctx.storage.reactions, target.id, me, messages)).map((meta) => ({
            msg: Buffer.from(meta).toString('base64'),
          })),
          next_key: page.nextKey,
          is_last: page.isLast,
        },
      });
    },
  );

  const conversation = (query: DeleteQuery, kind: string, me: string) => {
    if (kind === 'group') {
      const groupId = present(query.groupId);
      if (groupId === undefined) throw badRequest('groupId is required');
      return { key: groupQueue(groupId), ref: { kind: 'group', groupId } as ConversationRef };
    }
    if (kind !== 'chat') throw notMember();
    const peer = present(query.userId);
    if (peer === undefined) throw badRequest('userId is required');
    return { key: directConversation(me, peer).key, ref: { kind: 'direct', peer } as ConversationRef };
  };
  // removeHistoryMessages reaches the user's other devices (onMultiDeviceEvent deleteRoaming).
  const tellOthers = (request: FastifyRequest<{ Querystring: DeleteQuery }>, ref: ConversationRef) =>
    tellRoamingDelete(
      ctx,
      { app: request.appRecord, username: request.me, resource: present(request.query.resource) ?? '' },
      ref,
      ctx.clock.now(),
    );

  app.delete<{ Params: KindParams; Querystring: DeleteQuery }>(
    '/:org/:app/sdk/message/roaming/:kind/user/:me',
    self,
    async (request) => {
      const { appRecord: app_, me } = request;
      const { key, ref } = conversation(request.query, request.params.kind, me);
      const ids = (present(request.query.msgIdList) ?? '').split(',').filter(Boolean);
      if (ids.length === 0 || ids.length > MAX_DELETE_IDS)
        throw badRequest(`msgIdList must name 1..${MAX_DELETE_IDS} messages`);
      await ctx.storage.conversations.deleteMessages(
        app_.id,
        me,
        key,
        ids.map((id) => messageId(id)),
      );
      await tellOthers(request, ref);
      return envelope(app_, 'delete', `/sdk/message/roaming/${request.params.kind}/user/${me}`, baseUrl(), {
        data: { result: 'ok' },
      });
    },
  );

  app.delete<{ Params: KindParams; Querystring: DeleteQuery }>(
    '/:org/:app/sdk/message/roaming/:kind/user/:me/time',
    self,
    async (request) => {
      const { appRecord: app_, me } = request;
      const { key, ref } = conversation(request.query, request.params.kind, me);
      const before = time(request.query.delTime);
      if (before === undefined || before < 0) throw badRequest('delTime is required');
      await ctx.storage.conversations.deleteBefore(app_.id, me, key, before);
      await tellOthers(request, ref);
      return envelope(
        app_,
        'delete',
        `/sdk/message/roaming/${request.params.kind}/user/${me}/time`,
        baseUrl(),
        {
          data: { result: 'ok' },
        },
      );
    },
  );

  // deleteAllMessagesAndConversations: every conversation and its history, for the caller only.
  app.post<{ Params: MeParams }>(
    '/:org/:app/sdk/message/roaming/user/:me/delete/all',
    self,
    async (request) => {
      const { appRecord: app_, me } = request;
      for (const c of await ctx.storage.conversations.summaries(app_.id, me))
        await ctx.storage.conversations.hide(app_.id, me, c.key, true);
      return envelope(app_, 'post', `/sdk/message/roaming/user/${me}/delete/all`, baseUrl(), {
        data: { result: 'ok' },
      });
    },
  );
}
