// Message reports and message pins (agora-rest-api.md §1.3 #44–47): reportMessage (POST
// …/user/{me}/moderation/report/message/{id}), pinMessage / unpinMessage (POST / DELETE with a body
// …/sdk/user/{me}/user_channel/pin) and getServerPinnedMessages (GET the same path). Only a member of the
// message's conversation may report or pin it; pins belong to the conversation (both sides see them).
import { ConfabError, ErrorCode, MessageType } from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { messageJson } from '../../domain/conversations/message-json.js';
import { directConversation } from '../../domain/conversations/direct-conversation.js';
import type { StoredMessage } from '../../domain/ports/storage.js';
import { envelope } from '../agora-envelope.js';
import {
  badRequest,
  decodeOffset,
  encodeOffset,
  lenientJsonScope,
  pageSize,
  present,
  requireMe,
  type MeParams,
} from './self-routes-support.js';

/** §4: a report reason is at most 512 bytes (UTF-8); the type is a short category such as "adult". */
export const MAX_REPORT_REASON_BYTES = 512;
export const MAX_REPORT_TYPE_BYTES = 128;
/** getServerPinnedMessages page size: 10 by default, 1–50. */
const DEFAULT_PIN_PAGE = 10;
const MAX_PIN_PAGE = 50;

// The exact texts the official SDK maps (§2): 51 on 400 for reports, 51 on 404 for pins, -3 on 400.
const reportTargetMissing = () =>
  new ConfabError(ErrorCode.MESSAGE_NOT_FOUND, 'report failed, get message by id failed', {
    error: 'service_resource_not_found',
  });
const pinTargetMissing = () =>
  new ConfabError(ErrorCode.MESSAGE_NOT_FOUND, 'user session pin message not exist', {
    error: 'service_resource_not_found',
  });
const illegalPinId = () => badRequest('param pin_msg_id illegal, please check it!');
const notMember = () =>
  new ConfabError(ErrorCode.PERMISSION_DENIED, 'not a member of this conversation', {
    error: 'forbidden_op',
  });

interface ReportParams extends MeParams {
  msgId: string;
}

interface ReportBody {
  username?: unknown;
  reportType?: unknown;
  reportReason?: unknown;
}

interface PinBody {
  to?: unknown;
  type?: unknown;
  pin_msg_id?: unknown;
}

interface PinListQuery {
  to?: string;
  type?: string;
  limit?: string;
  cursor?: string;
}

const decimalId = (raw: unknown): bigint | undefined => {
  const v = present(raw);
  return v !== undefined && /^\d{1,20}$/.test(v) && BigInt(v) > 0n && BigInt(v) < 2n ** 64n
    ? BigInt(v)
    : undefined;
};

const isChatMessage = (m: StoredMessage) => m.chatType <= MessageType.CHATROOM;
const isMemberOf = (m: StoredMessage, user: string) => m.sender === user || m.recipient === user;

/**
 * The 1:1 conversation `{me}` names with `to` and `type` (the SDK's `_map`: chat, groupchat, chatroom).
 * Groups and rooms do not exist yet, so nobody is a member of one.
 */
function conversationOf(me: string, to: unknown, type: unknown): string {
  const peer = present(to);
  if (peer === undefined) throw badRequest('to is required');
  const t = present(type) ?? 'chat';
  if (t !== 'chat' && t !== 'singleChat') throw notMember();
  return directConversation(me, peer).key;
}

const textBytes = (s: string) => Buffer.byteLength(s, 'utf8');

export function reportAndPinRoutes(root: FastifyInstance, ctx: ServerContext, baseUrl: () => string): void {
  lenientJsonScope(root, (app) => routes(app, ctx, baseUrl));
}

function routes(app: FastifyInstance, ctx: ServerContext, baseUrl: () => string): void {
  const { messages, conversations } = ctx.storage;

  // reportMessage: {username, reportType, reportReason}; stored for the operator to review.
  app.post<{ Params: ReportParams; Body: ReportBody | undefined }>(
    '/:org/:app/user/:me/moderation/report/message/:msgId',
    async (request) => {
      const { app: target, me } = await requireMe(ctx, request);
      const body = request.body ?? {};
      const reportType = present(body.reportType);
      const reason = present(body.reportReason);
      if (reportType === undefined || typeof body.reportType !== 'string')
        throw badRequest('reportType is required');
      if (textBytes(reportType) > MAX_REPORT_TYPE_BYTES)
        throw badRequest(`reportType exceeds ${MAX_REPORT_TYPE_BYTES} bytes`);
      if (reason === undefined || typeof body.reportReason !== 'string')
        throw badRequest('reportReason is required');
      if (textBytes(reason) > MAX_REPORT_REASON_BYTES)
        throw badRequest(`reportReason exceeds ${MAX_REPORT_REASON_BYTES} bytes`);
      const id = decimalId(request.params.msgId);
      const found = id === undefined ? undefined : await messages.findById(target.id, id);
      // Recalled messages can still be reported: what was seen is what is reviewed.
      if (!found || !isChatMessage(found.message)) throw reportTargetMissing();
      if (!isMemberOf(found.message, me)) throw notMember();
      await conversations.saveReport({
        appId: target.id,
        reporter: me,
        messageId: found.message.id,
        reportType,
        reason,
        createdAt: ctx.clock.now(),
      });
      return envelope(target, 'post', `/user/${me}/moderation/report/message/${id}`, baseUrl(), {
        data: { result: 'ok' },
      });
    },
  );

  /** The pinned (or to-be-unpinned) message, checked to be in the caller's conversation `to`. */
  const pinTarget = async (appId: number, me: string, body: PinBody) => {
    const key = conversationOf(me, body.to, body.type);
    const id = decimalId(body.pin_msg_id);
    if (id === undefined) throw illegalPinId();
    const found = await messages.findById(appId, id);
    if (!found || found.recalled || !isChatMessage(found.message)) throw pinTargetMissing();
    const m = found.message;
    if (!isMemberOf(m, me)) throw notMember();
    if (directConversation(m.sender, m.recipient).key !== key) throw pinTargetMissing();
    return { key, id };
  };

  type PinRoute = { Params: MeParams; Body: PinBody | undefined };

  // pinMessage: {to, type, pin_msg_id}; pinning again refreshes operator and time.
  app.post<PinRoute>('/:org/:app/sdk/user/:me/user_channel/pin', async (request) => {
    const { app: target, me } = await requireMe(ctx, request);
    const { key, id } = await pinTarget(target.id, me, request.body ?? {});
    const at = ctx.clock.now();
    await conversations.pinMessage(target.id, key, id, me, at);
    return envelope(target, 'post', `/sdk/user/${me}/user_channel/pin`, baseUrl(), {
      data: { pin_msg_id: id.toString(), pin_opt_at: at, pin_operator: me },
    });
  });

  // unpinMessage: the same body; 51 when the message is not pinned.
  app.delete<PinRoute>('/:org/:app/sdk/user/:me/user_channel/pin', async (request) => {
    const { app: target, me } = await requireMe(ctx, request);
    const { key, id } = await pinTarget(target.id, me, request.body ?? {});
    if (!(await conversations.unpinMessage(target.id, key, id))) throw pinTargetMissing();
    return envelope(target, 'delete', `/sdk/user/${me}/user_channel/pin`, baseUrl(), {
      data: { pin_msg_id: id.toString() },
    });
  });

  // getServerPinnedMessages: ?to&type&limit&cursor → msg_infos[] {message (payload as a JSON string),
  // pin_opt_at, pin_operator}, newest pin first; cursor '' on the last page.
  app.get<{ Params: MeParams; Querystring: PinListQuery }>(
    '/:org/:app/sdk/user/:me/user_channel/pin',
    async (request) => {
      const { app: target, me } = await requireMe(ctx, request);
      const q = request.query;
      const key = conversationOf(me, q.to, q.type);
      const limit = pageSize(q.limit, DEFAULT_PIN_PAGE, MAX_PIN_PAGE);
      const offset = decodeOffset(q.cursor);
      // One more than asked tells whether another page follows.
      const pins = await conversations.pinnedMessages(target.id, key, limit + 1, offset);
      const page = pins.slice(0, limit);
      return envelope(target, 'get', `/sdk/user/${me}/user_channel/pin`, baseUrl(), {
        data: {
          msg_infos: page.map((p) => ({
            message: messageJson(p.message.meta),
            pin_opt_at: p.pinnedAt,
            pin_operator: p.operator,
          })),
          cursor: pins.length > limit ? encodeOffset(offset + limit) : '',
        },
      });
    },
  );
}
