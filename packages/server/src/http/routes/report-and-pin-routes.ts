// Message reports and message pins (agora-rest-api.md §1.3 #44–47): reportMessage (POST
// …/user/{me}/moderation/report/message/{id}), pinMessage / unpinMessage (POST / DELETE with a body
// …/sdk/user/{me}/user_channel/pin) and getServerPinnedMessages (GET the same path). The rules are in
// domain/messages/report-message.ts and pin-message.ts. A pin or unpin reaches the peer or every group
// member and the operator's other devices as onMessagePinEvent (conversations/conversation-notify.ts).
import { tellMessagePin, type ConversationRef } from '../../domain/conversations/conversation-notify.js';
import { pinConversationKey, pinMessage, unpinMessage } from '../../domain/messages/pin-message.js';
import { reportMessage } from '../../domain/messages/report-message.js';
import { restMessageJson } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { conversationParams, decodeOffset, encodeOffset, messageId, pageSize, present } from '../params.js';
import type { MeParams } from './app-resolver.js';

/** getServerPinnedMessages page size: 10 by default, 1–50. */
const DEFAULT_PIN_PAGE = 10;
const MAX_PIN_PAGE = 50;

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

/** A text field: absent values (T4) and non-strings are missing. */
const text = (v: unknown) => (typeof v === 'string' ? present(v) : undefined);

function conversationOf(me: string, to: unknown, type: unknown): string {
  return conversationRef(me, to, type).key;
}

function conversationRef(me: string, to: unknown, type: unknown): { key: string; ref: ConversationRef } {
  const { peer, direct } = conversationParams(to, type);
  const group = String(type).toLowerCase() === 'groupchat';
  const key = pinConversationKey(me, peer, direct ? 'direct' : group ? 'group' : 'other');
  return { key, ref: direct ? { kind: 'direct', peer } : { kind: 'group', groupId: peer } };
}

/** The device a call names (`?resource=`, which the SDKs send); '' for none (every device is told). */
const resourceOf = (request: FastifyRequest) =>
  present((request.query as Record<string, unknown> | undefined)?.['resource']) ?? '';

export function reportAndPinRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const { messages, conversations, mucs } = ctx.storage;
  const self = { preHandler: auth.adminOrSelf('me') };

  // reportMessage: {username, reportType, reportReason}.
  app.post<{ Params: ReportParams; Body: ReportBody | undefined }>(
    '/:org/:app/user/:me/moderation/report/message/:msgId',
    self,
    async (request) => {
      const { appRecord: target, me } = request;
      const body = request.body ?? {};
      const id = messageId(request.params.msgId);
      await reportMessage({ messages, conversations, mucs, clock: ctx.clock }, target.id, {
        reporter: me,
        messageId: id,
        reportType: text(body.reportType),
        reason: text(body.reportReason),
      });
      return envelope(target, 'post', `/user/${me}/moderation/report/message/${id}`, baseUrl(), {
        data: { result: 'ok' },
      });
    },
  );

  /** The conversation the body names and the message id in it; -3 for an illegal id (§2's exact text). */
  const pinInput = (me: string, body: PinBody) => {
    const { key, ref } = conversationRef(me, body.to, body.type);
    return {
      me,
      conversationKey: key,
      ref,
      messageId: messageId(body.pin_msg_id, 'param pin_msg_id illegal, please check it!'),
    };
  };
  const actorOf = (request: FastifyRequest) => ({
    app: request.appRecord,
    username: request.me,
    resource: resourceOf(request),
  });

  type PinRoute = { Params: MeParams; Body: PinBody | undefined };

  // pinMessage: {to, type, pin_msg_id}; pinning again refreshes operator and time.
  app.post<PinRoute>('/:org/:app/sdk/user/:me/user_channel/pin', self, async (request) => {
    const { appRecord: target, me } = request;
    const input = pinInput(me, request.body ?? {});
    const at = await pinMessage({ messages, conversations, mucs }, target.id, input, ctx.clock.now());
    await tellMessagePin(ctx, actorOf(request), input.ref, input.messageId, 'pin', at);
    return envelope(target, 'post', `/sdk/user/${me}/user_channel/pin`, baseUrl(), {
      data: { pin_msg_id: input.messageId.toString(), pin_opt_at: at, pin_operator: me },
    });
  });

  // unpinMessage: the same body; 51 when the message is not pinned.
  app.delete<PinRoute>('/:org/:app/sdk/user/:me/user_channel/pin', self, async (request) => {
    const { appRecord: target, me } = request;
    const input = pinInput(me, request.body ?? {});
    await unpinMessage({ messages, conversations, mucs }, target.id, input);
    await tellMessagePin(ctx, actorOf(request), input.ref, input.messageId, 'pin_delete', ctx.clock.now());
    return envelope(target, 'delete', `/sdk/user/${me}/user_channel/pin`, baseUrl(), {
      data: { pin_msg_id: input.messageId.toString() },
    });
  });

  // getServerPinnedMessages: ?to&type&limit&cursor → msg_infos[] {message (payload as a JSON string),
  // pin_opt_at, pin_operator}, newest pin first; cursor '' on the last page.
  app.get<{ Params: MeParams; Querystring: PinListQuery }>(
    '/:org/:app/sdk/user/:me/user_channel/pin',
    self,
    async (request) => {
      const { appRecord: target, me } = request;
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
            message: restMessageJson(p.message.meta),
            pin_opt_at: p.pinnedAt,
            pin_operator: p.operator,
          })),
          cursor: pins.length > limit ? encodeOffset(offset + limit) : '',
        },
      });
    },
  );
}
