// Group read receipts over REST (agora-rest-api.md §1.5 #103): getGroupMsgReadUser is
// GET {B}/chatgroups/{id}/acks/{msgId}?limit=500&key=… and the SDK hands `data` back as it is:
// {ackmid, is_last, next_key, timestamp, total, userlist}. The rules are in domain/mucs/group-read-receipts.ts.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { groupReadReceipts } from '../../domain/mucs/group-read-receipts.js';
import { appServer, userActor } from '../../domain/mucs/muc-access.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { decodeOffset, encodeOffset, messageId, pageSize } from '../params.js';
import type { AppParams } from './app-resolver.js';

interface AckParams extends AppParams {
  id: string;
  msgId: string;
}

/** The SDK asks for 500 at a time. */
const DEFAULT_READERS = 500;
const MAX_READERS = 1000;

export function groupAckRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  app.get<{ Params: AckParams; Querystring: { limit?: string; key?: string } }>(
    '/:org/:app/chatgroups/:id/acks/:msgId',
    { preHandler: auth.appToken },
    async (request) => {
      const { appRecord: target, token } = request;
      const { id, msgId } = request.params;
      const mid = messageId(msgId);
      const username = token?.username;
      const page = await groupReadReceipts(
        ctx.storage,
        target.id,
        id,
        mid,
        username === undefined ? appServer : userActor(username),
        {
          offset: decodeOffset(request.query.key),
          limit: pageSize(request.query.limit, DEFAULT_READERS, MAX_READERS),
        },
      );
      return envelope(target, 'get', `/chatgroups/${id}/acks/${mid}`, baseUrl(), {
        data: {
          ackmid: String(mid),
          is_last: page.next === undefined,
          next_key: page.next === undefined ? '' : encodeOffset(page.next),
          timestamp: ctx.clock.now(),
          total: page.total,
          userlist: page.readers,
        },
      });
    },
  );
}
