// The app server's moderation levers (issue 19): global mutes (Agora's `/{org}/{app}/mutes`, spec §3
// "Push, silent mode, moderation") and the review of reported messages (Confab's own: Agora reviews
// reports in its Console). All with the app admin token.
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { secondsLeft, setGlobalMute } from '../../domain/app-server/global-mute.js';
import type { ReportStatus, UserMute } from '../../domain/ports/app-server.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest, pageSize } from '../params.js';
import type { AppParams } from './app-resolver.js';
import { announceCachedChange } from '../../domain/cache/cache-events.js';

/** Agora: at most 50 muted users per page. */
const MAX_MUTE_PAGE = 50;
const MAX_REPORT_PAGE = 100;

type Body = Record<string, unknown>;
const bodyOf = (b: unknown): Body => (b && typeof b === 'object' && !Array.isArray(b) ? (b as Body) : {});

function pageNumber(raw: unknown): number {
  if (raw === undefined || raw === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest('pageNum must be a positive integer');
  return n;
}

const muteView = (m: UserMute, now: number) => ({
  username: m.username,
  chat: secondsLeft(m.chatUntil, now),
  groupchat: secondsLeft(m.groupchatUntil, now),
  chatroom: secondsLeft(m.chatroomUntil, now),
});

export function appServerRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const admin = { preHandler: auth.admin };
  const { storage, clock } = ctx;

  // Set a user's global mute: {username, chat, groupchat, chatroom} in seconds (0 lifts, -1 forever).
  app.post<{ Params: AppParams }>('/:org/:app/mutes', admin, async (request) => {
    const target = request.appRecord;
    const body = bodyOf(request.body);
    const username = body['username'];
    if (typeof username !== 'string' || username === '') throw badRequest('username is required');
    if (!(await storage.users.find(target.id, username)))
      throw new ConfabError(ErrorCode.USER_NOT_FOUND, `username ${username} doesn't exist!`, { username });
    await setGlobalMute({ mutes: storage.userMutes, clock }, target.id, username, body);
    ctx.gate.muteChanged(target.id, username);
    await announceCachedChange(ctx.bus, 'mute', target.id, username, (err) =>
      request.log.warn({ err }, 'mute not announced: other nodes apply it within a second'),
    );
    return envelope(target, 'post', '/mutes', baseUrl(), { data: { result: 'ok' } });
  });

  // One user's mute: seconds left of each kind (0 none, -1 forever) and the server time.
  app.get<{ Params: AppParams & { username: string } }>(
    '/:org/:app/mutes/:username',
    admin,
    async (request) => {
      const target = request.appRecord;
      const { username } = request.params;
      const now = clock.now();
      const mute = await storage.userMutes.get(target.id, username);
      const view = mute ? muteView(mute, now) : { username, chat: 0, groupchat: 0, chatroom: 0 };
      return envelope(target, 'get', `/mutes/${username}`, baseUrl(), {
        data: {
          userid: username,
          chat: view.chat,
          groupchat: view.groupchat,
          chatroom: view.chatroom,
          unixtime: Math.floor(now / 1000),
        },
      });
    },
  );

  // Every user muted now, pageNum (from 1) / pageSize (≤ 50); Agora appends {unixtime}.
  app.get<{ Params: AppParams; Querystring: { pageNum?: string; pageSize?: string } }>(
    '/:org/:app/mutes',
    admin,
    async (request) => {
      const target = request.appRecord;
      const size = pageSize(request.query.pageSize, 10, MAX_MUTE_PAGE);
      const page = pageNumber(request.query.pageNum);
      const now = clock.now();
      const rows = await storage.userMutes.list(target.id, now, (page - 1) * size, size);
      return envelope(target, 'get', '/mutes', baseUrl(), {
        data: [...rows.map((m) => muteView(m, now)), { unixtime: Math.floor(now / 1000) }],
      });
    },
  );

  // Reported messages, newest first: ?status=open|resolved|dismissed, limit, offset.
  app.get<{ Params: AppParams; Querystring: { status?: string; limit?: string; offset?: string } }>(
    '/:org/:app/moderation/reports',
    admin,
    async (request) => {
      const target = request.appRecord;
      const { status } = request.query;
      if (status !== undefined && !['open', 'resolved', 'dismissed'].includes(status))
        throw badRequest('status must be open, resolved or dismissed');
      const limit = pageSize(request.query.limit, 50, MAX_REPORT_PAGE);
      const offset = request.query.offset === undefined ? 0 : Number(request.query.offset);
      if (!Number.isInteger(offset) || offset < 0) throw badRequest('offset must be a non-negative integer');
      const rows = await storage.moderation.listReports(
        target.id,
        status as ReportStatus | undefined,
        offset,
        limit,
      );
      return envelope(target, 'get', '/moderation/reports', baseUrl(), {
        data: rows.map((r) => ({ ...r, messageId: r.messageId.toString() })),
        count: rows.length,
      });
    },
  );

  // Close a report: {status: resolved|dismissed, note?}.
  app.put<{ Params: AppParams & { id: string } }>(
    '/:org/:app/moderation/reports/:id',
    admin,
    async (request) => {
      const target = request.appRecord;
      const id = Number(request.params.id);
      if (!Number.isSafeInteger(id) || id < 1) throw badRequest('illegal report id');
      const body = bodyOf(request.body);
      const status = body['status'];
      if (status !== 'resolved' && status !== 'dismissed')
        throw badRequest('status must be resolved or dismissed');
      const note = body['note'] ?? '';
      if (typeof note !== 'string' || note.length > 1024)
        throw badRequest('note must be text of up to 1024 characters');
      const by = 'admin';
      if (!(await storage.moderation.resolveReport(target.id, id, status, by, note, clock.now())))
        throw new ConfabError(ErrorCode.MESSAGE_NOT_FOUND, `report ${id} not found`);
      return envelope(target, 'put', `/moderation/reports/${id}`, baseUrl(), { data: { id, status, note } });
    },
  );
}
