// Push language and silent mode (REST spec §1.4 #59–66, §3 "DND / remind type", "Push translation
// language"): the SDK's calls and the app server's (the same paths with the app admin token).
//   PUT/GET …/users/{u}/notification/user/{u}            app-wide
//   PUT/GET …/users/{u}/notification/{user|chatgroup}/{id} one conversation
//   GET     …/users/{u}/notification?user=a,b&group=c,d    several conversations
//   GET     …/users/{u}/notification/mute/type?limit&cursor conversations with a remind type
//   PUT/GET …/users/{u}/notification/language               push translation language
// Answers are `{…envelope, data}` (the SDK hands over the raw answer). Rules: domain/push/*.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { setPushLanguage } from '../../domain/push/push-devices.js';
import { getSilentMode, modeJson, setSilentMode } from '../../domain/push/silent-mode.js';
import { tellSilentModeChange } from '../../domain/push/silent-mode-notify.js';
import { silentKeyId, type SilentKey } from '../../domain/ports/push-settings.js';
import { requireUser } from '../../domain/users/user-admin.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest, pageSize, present } from '../params.js';
import type { MeParams } from './app-resolver.js';

interface KeyParams extends MeParams {
  scope: string;
  key: string;
}

/** Remind-type page size when the call names none (the SDK's default) and the most per page. */
const DEFAULT_REMIND_PAGE = 10;
const MAX_REMIND_PAGE = 50;
/** Most conversations one getSilentModeForConversations call may name. */
const MAX_CONVERSATIONS_PER_CALL = 100;

function keyOf(me: string, scope: string, target: string): SilentKey {
  if (scope === 'user') return target === me ? { scope: 'all', target: '' } : { scope: 'user', target };
  if (scope === 'chatgroup') return { scope: 'group', target };
  throw badRequest(`unknown notification scope ${scope}`);
}

const ids = (raw: unknown): string[] =>
  (typeof raw === 'string' ? raw : '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');

export function pushSettingsRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const self = { preHandler: auth.adminOrSelf('me') };
  const deps = { storage: ctx.storage, clock: ctx.clock };
  const reply = (request: FastifyRequest, path: string, data: unknown) =>
    envelope(request.appRecord, request.method.toLowerCase(), path, baseUrl(), { data });
  const resourceOf = (request: FastifyRequest) =>
    present((request.query as Record<string, unknown>)['resource']) ?? '';

  app.put<{ Params: MeParams; Body: { translationLanguage?: unknown } | undefined }>(
    '/:org/:app/users/:me/notification/language',
    self,
    async (request) => {
      const { appRecord, me } = request;
      const language = await setPushLanguage(deps, appRecord, me, request.body?.translationLanguage);
      return reply(request, `/users/${me}/notification/language`, { language });
    },
  );

  app.get<{ Params: MeParams }>('/:org/:app/users/:me/notification/language', self, async (request) => {
    const { appRecord, me } = request;
    await requireUser(ctx.storage, appRecord, me);
    const { language } = await ctx.storage.pushSettings.profile(appRecord.id, me);
    return reply(request, `/users/${me}/notification/language`, { language });
  });

  app.get<{ Params: MeParams; Querystring: { limit?: string; cursor?: string } }>(
    '/:org/:app/users/:me/notification/mute/type',
    self,
    async (request) => {
      const { appRecord, me } = request;
      await requireUser(ctx.storage, appRecord, me);
      const limit = pageSize(request.query.limit, DEFAULT_REMIND_PAGE, MAX_REMIND_PAGE);
      const after = present(request.query.cursor) ?? '';
      const rows = await ctx.storage.pushSettings.remindTypes(appRecord.id, me, after, limit + 1);
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const cursor = rows.length > limit && last ? silentKeyId(last.key) : '';
      const data = page.map((r) =>
        r.key.scope === 'user'
          ? { user: r.key.target, value: r.type }
          : { group: r.key.target, value: r.type },
      );
      return { ...reply(request, `/users/${me}/notification/mute/type`, data), cursor };
    },
  );

  app.get<{ Params: MeParams; Querystring: { user?: string; group?: string } }>(
    '/:org/:app/users/:me/notification',
    self,
    async (request) => {
      const { appRecord, me } = request;
      await requireUser(ctx.storage, appRecord, me);
      const users = ids(request.query.user);
      const groups = ids(request.query.group);
      if (users.length + groups.length > MAX_CONVERSATIONS_PER_CALL)
        throw badRequest(`at most ${MAX_CONVERSATIONS_PER_CALL} conversations per call`);
      const keys: SilentKey[] = [
        ...users.map((target) => ({ scope: 'user' as const, target })),
        ...groups.map((target) => ({ scope: 'group' as const, target })),
      ];
      const found = await ctx.storage.pushSettings.silentModes(appRecord.id, me, keys);
      const now = ctx.clock.now();
      const user: Record<string, unknown> = {};
      const group: Record<string, unknown> = {};
      for (const k of keys) {
        const mode = found.get(silentKeyId(k));
        if (mode) (k.scope === 'user' ? user : group)[k.target] = modeJson(mode, k.scope, now);
      }
      return reply(request, `/users/${me}/notification`, { user, group });
    },
  );

  app.get<{ Params: KeyParams }>('/:org/:app/users/:me/notification/:scope/:key', self, async (request) => {
    const { appRecord, me } = request;
    await requireUser(ctx.storage, appRecord, me);
    const key = keyOf(me, request.params.scope, request.params.key);
    const mode = await getSilentMode(deps, appRecord, me, key);
    const path = `/users/${me}/notification/${request.params.scope}/${request.params.key}`;
    return reply(request, path, modeJson(mode, key.scope, ctx.clock.now()));
  });

  app.put<{ Params: KeyParams; Body: unknown }>(
    '/:org/:app/users/:me/notification/:scope/:key',
    self,
    async (request) => {
      const { appRecord, me } = request;
      await requireUser(ctx.storage, appRecord, me);
      const key = keyOf(me, request.params.scope, request.params.key);
      const mode = await setSilentMode(deps, appRecord, me, key, request.body);
      const now = ctx.clock.now();
      const data = modeJson(mode, key.scope, now);
      // The other devices: a cleared conversation travels as `{}` (removeSilentModeForConversation).
      const cleared = key.scope !== 'all' && Object.keys(mode).length === 0;
      await tellSilentModeChange(ctx, appRecord, me, resourceOf(request), key, cleared ? {} : data, now);
      const path = `/users/${me}/notification/${request.params.scope}/${request.params.key}`;
      return reply(request, path, data);
    },
  );
}
