// What a long-running client needs beyond the official API (issue 18): a fresh user token for a still
// valid one, so a session outlives its token without the password (POST …/sdk/users/{u}/token), and the
// app's rules a client shows before it acts (GET …/sdk/client-settings: the recall and edit windows, and
// the user id rules of registration, taken from the validation the server itself applies), and what a
// new device cannot learn from history (GET …/sdk/users/{me}/conversation-state: which of one's sent
// messages the peer has read, and the recalled messages, for "read" ticks and "recalled" placeholders).
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { unauthenticated } from '../../domain/auth/admin-auth.js';
import { issueToken } from '../../domain/auth/tokens.js';
import { appSettings } from '../../domain/apps/app-settings.js';
import { directConversation } from '../../domain/conversations/direct-conversation.js';
import { groupQueue } from '../../domain/messages/group-fanout.js';
import { USERNAME_RULES } from '../../domain/users/username-rules.js';
import { badRequest } from '../params.js';
import type { RestAuth } from '../auth.js';
import type { AppParams } from './app-resolver.js';

interface UserParams extends AppParams {
  username: string;
}

interface MeParams extends AppParams {
  me: string;
}

/** How far back the conversation state looks: the newest this many messages (own ones, recalled ones). */
export const CONVERSATION_STATE_DEPTH = 200;

export function clientSessionRoutes(app: FastifyInstance, ctx: ServerContext, auth: RestAuth): void {
  // Renewal: only the user's own live token (not expired, user activated) gets a new one, with the app's
  // token lifetime. The old token stays valid until it expires (sockets logged in with it keep working).
  app.post<{ Params: UserParams }>(
    '/:org/:app/sdk/users/:username/token',
    { preHandler: auth.anyone },
    async (request) => {
      const token = request.token;
      if (token?.username === undefined || token.username !== request.params.username)
        throw unauthenticated();
      const issued = await issueToken(ctx.storage, ctx.clock, request.appRecord, token.username);
      return {
        access_token: issued.token,
        expires_in: issued.expiresIn,
        expire_timestamp: issued.expiresAt,
      };
    },
  );

  // The caller's own (or the app server's for the user). A group gives no read list (group receipts are
  // per message, getGroupMsgReadUser); a conversation the caller is not in gives empty lists.
  app.get<{ Params: MeParams; Querystring: { conversationId?: string; conversationType?: string } }>(
    '/:org/:app/sdk/users/:me/conversation-state',
    { preHandler: auth.adminOrSelf('me') },
    async (request) => {
      const { appRecord: target, me } = request;
      const peer = request.query.conversationId ?? '';
      const type = (request.query.conversationType ?? 'singleChat').toLowerCase();
      if (peer === '') throw badRequest('conversationId is required');
      if (type !== 'singlechat' && type !== 'groupchat')
        throw badRequest('conversationType must be singleChat or groupChat');
      const direct = type === 'singlechat';
      const key = direct ? directConversation(me, peer).key : groupQueue(peer);
      const conversations = ctx.storage.conversations;
      let read: string[] = [];
      if (direct) {
        const peerSeq = (await conversations.readSeq(target.id, peer, key)) ?? 0n;
        const newest = await conversations.history(target.id, me, key, {
          direction: 'up',
          limit: CONVERSATION_STATE_DEPTH,
        });
        read = newest.filter((m) => m.sender === me && m.seq <= peerSeq).map((m) => String(m.id));
      }
      const recalled = await conversations.recalledMessages(target.id, me, key, CONVERSATION_STATE_DEPTH);
      return {
        data: {
          read,
          recalled: recalled.map((m) => ({
            id: String(m.id),
            from: m.sender,
            to: m.recipient,
            time: m.createdAt,
          })),
        },
      };
    },
  );

  // Public: a registration form shows the rules before anyone has a token.
  app.get<{ Params: AppParams }>('/:org/:app/sdk/client-settings', { preHandler: auth.anyone }, (request) => {
    const s = appSettings(request.appRecord);
    return {
      recallWindowSeconds: s.recallWindowSeconds,
      editWindowSeconds: s.editWindowSeconds,
      maxEditCount: s.maxEditCount,
      openRegistration: s.openRegistration,
      tokenTtlSeconds: s.tokenTtlSeconds,
      username: USERNAME_RULES,
    };
  });
}
