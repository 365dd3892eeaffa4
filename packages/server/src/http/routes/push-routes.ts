// Offline push, app server side (REST spec §3 "Push, silent mode, moderation"; issue 20):
//   PUT/GET/DELETE …/push/providers[/{webpush|fcm|apns}]  each provider's credentials (app admin; GET
//                                                          shows only what is public, never keys)
//   GET    …/push/vapid_public_key                         the Web Push VAPID key (any token of the app:
//                                                          browsers subscribe with it)
//   POST   …/notification/template; GET/DELETE …/{name}    push templates (em_push_template)
//   POST   …/push/single                                   a notification to named users
//   POST   …/push/list/label                               a notification to the members of labels
//   POST/GET …/push/label; GET/DELETE …/push/label/{name}; POST/GET/DELETE …/push/label/{name}/user[/{u}]
// Notifications go through the same durable queue and worker as offline message push.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ConfabError, ErrorCode, restError } from '@confab/protocol';
import type { ServerContext } from '../../context.js';
import type { NewPushJob, PushNotification, PushProviderKind } from '../../domain/ports/push-delivery.js';
import { PROVIDER_KINDS, providerFor } from '../../domain/push/offline-push.js';
import type { AppRecord } from '../../domain/ports/storage.js';
import { envelope } from '../agora-envelope.js';
import type { RestAuth } from '../auth.js';
import { badRequest, pageSize, present } from '../params.js';
import type { AppParams } from './app-resolver.js';

const MAX_NAME = 64;
const MAX_PATTERN = 1024;
const MAX_TARGETS = 100;
const MAX_LABEL_USERS = 100;
const MAX_TITLE = 256;
const MAX_CONTENT = 2048;

const notFound = (what: string) => restError('WEBIM_CONNCTION_AJAX_ERROR', 'notFound', `${what} not found`);

function name(v: unknown, field = 'name'): string {
  if (typeof v !== 'string' || v === '' || v.length > MAX_NAME || !/^[A-Za-z0-9_.-]+$/.test(v))
    throw badRequest(`${field} must be 1-${MAX_NAME} letters, digits, '_', '.' or '-'`);
  return v;
}

function text(v: unknown, field: string, max: number, allowEmpty = false): string {
  if (v === undefined && allowEmpty) return '';
  if (typeof v !== 'string' || (!allowEmpty && v === '') || v.length > max)
    throw badRequest(`${field} must be a string of at most ${max} characters`);
  return v;
}

function names(v: unknown, field: string, max: number): string[] {
  if (
    !Array.isArray(v) ||
    v.length === 0 ||
    v.length > max ||
    !v.every((x) => typeof x === 'string' && x !== '')
  )
    throw badRequest(`${field} must list 1-${max} names`);
  return [...new Set(v as string[])];
}

function kindOf(raw: string): PushProviderKind {
  if (!(PROVIDER_KINDS as readonly string[]).includes(raw)) throw badRequest(`unknown push provider ${raw}`);
  return raw as PushProviderKind;
}

/** `pushMessage: {title, content, sub_title?}` of the push endpoints. */
function pushMessage(v: unknown): PushNotification {
  if (typeof v !== 'object' || v === null) throw badRequest('pushMessage is required');
  const m = v as Record<string, unknown>;
  const title = text(m['title'], 'pushMessage.title', MAX_TITLE, true);
  const body = text(m['content'], 'pushMessage.content', MAX_CONTENT);
  const data: Record<string, string> = { kind: 'push' };
  if (typeof m['sub_title'] === 'string') data['subTitle'] = m['sub_title'];
  return { title, body, data };
}

export function pushRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  auth: RestAuth,
  baseUrl: () => string,
): void {
  const admin = { preHandler: auth.admin };
  const store = ctx.storage.push;
  const reply = (request: FastifyRequest, path: string, data: unknown, extra: Record<string, unknown> = {}) =>
    envelope(request.appRecord, request.method.toLowerCase(), path, baseUrl(), { data, ...extra });
  const provider = (kind: PushProviderKind) => {
    const p = ctx.push?.worker.provider(kind);
    if (!p) throw new ConfabError(ErrorCode.SERVICE_NOT_ENABLED, 'push is not enabled on this server');
    return p;
  };

  /** Queues `n` for every bound device (of a configured provider) of each user; which users had one. */
  async function pushTo(appRecord: AppRecord, users: readonly string[], n: PushNotification) {
    const configs = new Map<PushProviderKind, Record<string, unknown>>();
    for (const kind of PROVIDER_KINDS) {
      const c = await store.providerConfig(appRecord.id, kind);
      if (c) configs.set(kind, c);
    }
    const jobs: NewPushJob[] = [];
    const result: { username: string; queued: number }[] = [];
    const now = ctx.clock.now();
    for (const username of users) {
      let queued = 0;
      for (const d of await ctx.storage.pushSettings.devices(appRecord.id, username)) {
        const kind = providerFor(d, configs);
        if (!kind) continue;
        jobs.push({
          appId: appRecord.id,
          username,
          deviceId: d.deviceId,
          provider: kind,
          token: d.token,
          notification: n,
          dueAt: now,
        });
        queued++;
      }
      result.push({ username, queued });
    }
    await store.enqueue(jobs);
    if (jobs.length > 0) ctx.push?.worker.wake();
    return result;
  }

  // ── providers ──
  app.put<{ Params: AppParams & { provider: string }; Body: unknown }>(
    '/:org/:app/push/providers/:provider',
    admin,
    async (request) => {
      const kind = kindOf(request.params.provider);
      const body = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw badRequest('a JSON object is required');
      const raw = body as Record<string, unknown>;
      let config: Record<string, unknown>;
      try {
        config = provider(kind).check(raw);
      } catch (err) {
        if (err instanceof ConfabError) throw err;
        throw badRequest(`${kind}: ${(err as Error).message}`);
      }
      if (raw['notifierNames'] !== undefined)
        config['notifierNames'] = names(raw['notifierNames'], 'notifierNames', 20);
      await store.putProviderConfig(request.appRecord.id, kind, config, ctx.clock.now());
      ctx.push?.offline.forgetConfigs(request.appRecord.id);
      return reply(request, `/push/providers/${kind}`, {
        provider: kind,
        ...provider(kind).publicPart(config),
      });
    },
  );

  app.get('/:org/:app/push/providers', admin, async (request) => {
    const data: Record<string, unknown>[] = [];
    for (const kind of PROVIDER_KINDS) {
      const c = await store.providerConfig(request.appRecord.id, kind);
      if (c)
        data.push({
          provider: kind,
          notifierNames: c['notifierNames'] ?? [],
          ...provider(kind).publicPart(c),
        });
    }
    return reply(request, '/push/providers', data);
  });

  app.delete<{ Params: AppParams & { provider: string } }>(
    '/:org/:app/push/providers/:provider',
    admin,
    async (request) => {
      const kind = kindOf(request.params.provider);
      if (!(await store.providerConfig(request.appRecord.id, kind))) throw notFound(`push provider ${kind}`);
      await store.putProviderConfig(request.appRecord.id, kind, undefined, ctx.clock.now());
      ctx.push?.offline.forgetConfigs(request.appRecord.id);
      return reply(request, `/push/providers/${kind}`, { provider: kind });
    },
  );

  app.get('/:org/:app/push/vapid_public_key', { preHandler: auth.appToken }, async (request) => {
    const c = await store.providerConfig(request.appRecord.id, 'webpush');
    if (!c) throw notFound('web push configuration');
    return reply(request, '/push/vapid_public_key', { vapidPublicKey: c['vapidPublicKey'] });
  });

  // ── templates ──
  const templateJson = (t: {
    name: string;
    titlePattern: string;
    contentPattern: string;
    createdAt: number;
    updatedAt: number;
  }) => ({
    name: t.name,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    title_pattern: t.titlePattern,
    content_pattern: t.contentPattern,
  });

  app.post<{ Body: Record<string, unknown> | undefined }>(
    '/:org/:app/notification/template',
    admin,
    async (request) => {
      const b = request.body ?? {};
      const t = {
        name: name(b['name']),
        titlePattern: text(b['title_pattern'], 'title_pattern', MAX_PATTERN, true),
        contentPattern: text(b['content_pattern'], 'content_pattern', MAX_PATTERN),
        createdAt: ctx.clock.now(),
        updatedAt: ctx.clock.now(),
      };
      await store.putTemplate(request.appRecord.id, t);
      const saved = await store.template(request.appRecord.id, t.name);
      return reply(request, '/notification/template', templateJson(saved ?? t));
    },
  );

  app.get<{ Params: AppParams & { name: string } }>(
    '/:org/:app/notification/template/:name',
    admin,
    async (request) => {
      const t = await store.template(request.appRecord.id, request.params.name);
      if (!t) throw notFound(`template ${request.params.name}`);
      return reply(request, `/notification/template/${t.name}`, templateJson(t));
    },
  );

  app.delete<{ Params: AppParams & { name: string } }>(
    '/:org/:app/notification/template/:name',
    admin,
    async (request) => {
      const t = await store.template(request.appRecord.id, request.params.name);
      if (!t) throw notFound(`template ${request.params.name}`);
      await store.deleteTemplate(request.appRecord.id, t.name);
      return reply(request, `/notification/template/${t.name}`, templateJson(t));
    },
  );

  // ── labels ──
  const labelJson = (l: { name: string; description: string; count: number; createdAt: number }) => ({
    name: l.name,
    description: l.description,
    count: l.count,
    createdAt: l.createdAt,
  });
  const labelOr404 = async (appRecord: AppRecord, n: string) => {
    const l = await store.label(appRecord.id, n);
    if (!l) throw notFound(`label ${n}`);
    return l;
  };

  app.post<{ Body: Record<string, unknown> | undefined }>('/:org/:app/push/label', admin, async (request) => {
    const b = request.body ?? {};
    const n = name(b['name']);
    const description = text(b['description'], 'description', 255, true);
    if (!(await store.createLabel(request.appRecord.id, n, description, ctx.clock.now())))
      throw restError('WEBIM_CONNCTION_AJAX_ERROR', 'duplicateUniqueProperty', `label ${n} already exists`);
    return reply(request, '/push/label', labelJson(await labelOr404(request.appRecord, n)));
  });

  app.get<{ Querystring: { limit?: string; cursor?: string } }>(
    '/:org/:app/push/label',
    admin,
    async (request) => {
      const limit = pageSize(request.query.limit, 100, 100);
      const rows = await store.labels(request.appRecord.id, present(request.query.cursor) ?? '', limit + 1);
      const page = rows.slice(0, limit);
      const cursor = rows.length > limit ? (page[page.length - 1]?.name ?? '') : '';
      return reply(request, '/push/label', { list: page.map(labelJson), cursor });
    },
  );

  app.get<{ Params: AppParams & { name: string } }>('/:org/:app/push/label/:name', admin, async (request) =>
    reply(
      request,
      `/push/label/${request.params.name}`,
      labelJson(await labelOr404(request.appRecord, request.params.name)),
    ),
  );

  app.delete<{ Params: AppParams & { name: string } }>(
    '/:org/:app/push/label/:name',
    admin,
    async (request) => {
      const l = await labelOr404(request.appRecord, request.params.name);
      await store.deleteLabel(request.appRecord.id, l.name);
      return reply(request, `/push/label/${l.name}`, 'success');
    },
  );

  app.post<{ Params: AppParams & { name: string }; Body: Record<string, unknown> | undefined }>(
    '/:org/:app/push/label/:name/user',
    admin,
    async (request) => {
      const l = await labelOr404(request.appRecord, request.params.name);
      const users = names(request.body?.['usernames'], 'usernames', MAX_LABEL_USERS);
      const success: string[] = [];
      const fail: Record<string, string> = {};
      for (const u of users)
        if (await ctx.storage.users.find(request.appRecord.id, u)) success.push(u);
        else fail[u] = 'user not found';
      await store.addLabelMembers(request.appRecord.id, l.name, success, ctx.clock.now());
      return reply(request, `/push/label/${l.name}/user`, { success, fail });
    },
  );

  app.get<{ Params: AppParams & { name: string }; Querystring: { limit?: string; cursor?: string } }>(
    '/:org/:app/push/label/:name/user',
    admin,
    async (request) => {
      const l = await labelOr404(request.appRecord, request.params.name);
      const limit = pageSize(request.query.limit, 100, 100);
      const rows = await store.labelMembers(
        request.appRecord.id,
        l.name,
        present(request.query.cursor) ?? '',
        limit + 1,
      );
      const page = rows.slice(0, limit);
      const cursor = rows.length > limit ? (page[page.length - 1] ?? '') : '';
      return reply(request, `/push/label/${l.name}/user`, {
        list: page.map((username) => ({ username })),
        cursor,
      });
    },
  );

  app.get<{ Params: AppParams & { name: string; member: string } }>(
    '/:org/:app/push/label/:name/user/:member',
    admin,
    async (request) => {
      const l = await labelOr404(request.appRecord, request.params.name);
      if (!(await store.isLabelMember(request.appRecord.id, l.name, request.params.member)))
        throw notFound(`user ${request.params.member} in label ${l.name}`);
      return reply(request, `/push/label/${l.name}/user/${request.params.member}`, {
        username: request.params.member,
        label: l.name,
      });
    },
  );

  app.delete<{ Params: AppParams & { name: string }; Body: Record<string, unknown> | undefined }>(
    '/:org/:app/push/label/:name/user',
    admin,
    async (request) => {
      const l = await labelOr404(request.appRecord, request.params.name);
      const users = names(request.body?.['usernames'], 'usernames', MAX_LABEL_USERS);
      await store.removeLabelMembers(request.appRecord.id, l.name, users);
      return reply(request, `/push/label/${l.name}/user`, { success: users, fail: {} });
    },
  );

  // ── sending ──
  app.post<{ Body: Record<string, unknown> | undefined }>(
    '/:org/:app/push/single',
    admin,
    async (request) => {
      const b = request.body ?? {};
      const targets = names(b['targets'], 'targets', MAX_TARGETS);
      const n = pushMessage(b['pushMessage']);
      const result = await pushTo(request.appRecord, targets, n);
      const data = result.map((r) =>
        r.queued > 0
          ? { pushStatus: 'SUCCESS', desc: `queued for ${r.queued} device(s)`, username: r.username }
          : { pushStatus: 'FAIL', desc: 'no bound device token', username: r.username },
      );
      return reply(request, '/push/single', data);
    },
  );

  app.post<{ Body: Record<string, unknown> | undefined }>(
    '/:org/:app/push/list/label',
    admin,
    async (request) => {
      const b = request.body ?? {};
      const labels = names(b['targets'], 'targets', MAX_TARGETS);
      const n = pushMessage(b['pushMessage']);
      const users = new Set<string>();
      for (const label of labels) {
        if (!(await store.label(request.appRecord.id, label))) throw notFound(`label ${label}`);
        for (let after = ''; ;) {
          const page = await store.labelMembers(request.appRecord.id, label, after, 1000);
          for (const u of page) users.add(u);
          if (page.length < 1000) break;
          after = page[page.length - 1]!;
        }
      }
      await pushTo(request.appRecord, [...users], n);
      return reply(request, '/push/list/label', { taskId: ctx.ids.next().toString() });
    },
  );
}
