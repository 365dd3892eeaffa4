// The operator API (server level, not Agora's): create and list apps, read and change an app's settings. Authorized by the operator token
// (CONFAB_ADMIN_TOKEN, or the one generated and printed at first start).
import { ConfabError, ErrorCode, isConfabError, restError } from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { createApp } from '../../domain/apps/app-admin.js';
import { appSettings, parseAppSettings } from '../../domain/apps/app-settings.js';
import type { AppRecord } from '../../domain/ports/storage.js';
import type { RestAuth } from '../auth.js';
import { badRequest } from '../params.js';

/** Agora's org and app names: letters, digits and hyphens; `management` is this API's own path. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

/** The settings as the operator API shows them: the callback secret is never echoed back. */
function shownSettings(a: AppRecord) {
  const settings = appSettings(a);
  const { callbacks, agoraAppCertificate } = settings;
  // Signing secrets: whether one is set is shown, never its value.
  return {
    ...settings,
    agoraAppCertificate: agoraAppCertificate ? '(set)' : '',
    ...(callbacks.secret === '' ? {} : { callbacks: { ...callbacks, secret: '***' } }),
  };
}

const describeApp = (a: AppRecord) => ({
  org: a.org,
  name: a.name,
  appKey: `${a.org}#${a.name}`,
  uuid: a.uuid,
  clientId: a.clientId,
  settings: shownSettings(a),
  created: a.createdAt,
});

/**
 * The settings checked, with the reason kept in `error_description` (code -3's Agora shape replaces any
 * text with "Request body not readable"; an operator needs to know which setting was wrong).
 */
function readableSettings(input: unknown) {
  try {
    return parseAppSettings(input);
  } catch (err) {
    if (isConfabError(err)) throw new ConfabError(ErrorCode.WEBIM_CONNCTION_AJAX_ERROR, err.message);
    throw err;
  }
}

export function operatorRoutes(app: FastifyInstance, ctx: ServerContext, auth: RestAuth): void {
  const operator = { preHandler: auth.operator };

  app.get('/management/apps', operator, async () => {
    return { apps: (await ctx.storage.apps.list()).map(describeApp) };
  });

  app.post<{ Body: { org?: unknown; name?: unknown; settings?: unknown } | undefined }>(
    '/management/apps',
    operator,
    async (request) => {
      const { org, name, settings } = request.body ?? {};
      if (
        typeof org !== 'string' ||
        typeof name !== 'string' ||
        !NAME.test(org) ||
        !NAME.test(name) ||
        org === 'management'
      ) {
        throw badRequest('org and name must be 1-64 letters, digits or hyphens');
      }
      const parsed = readableSettings(settings);
      if (await ctx.storage.apps.findByName(org, name)) {
        throw restError(
          'WEBIM_CONNCTION_AJAX_ERROR',
          'duplicateUniqueProperty',
          `application ${org}#${name} already exists`,
        );
      }
      const created = await createApp(ctx.storage, ctx.clock, org, name, parsed);
      return { ...describeApp(created.app), clientSecret: created.clientSecret };
    },
  );

  const appNotFound = (org: string, name: string) =>
    restError(
      'WEBIM_CONNCTION_APPKEY_NOT_ASSIGN_ERROR',
      'appNotFound',
      `application ${org}#${name} not found`,
    );
  const findOr404 = async (org: string, name: string) => {
    const found = await ctx.storage.apps.findByName(org, name);
    if (!found) throw appNotFound(org, name);
    return found;
  };

  app.get<{ Params: { org: string; name: string } }>(
    '/management/apps/:org/:name',
    operator,
    async (request) => describeApp(await findOr404(request.params.org, request.params.name)),
  );

  // Changes some settings (the others keep their values); takes effect at once on every node (the cached
  // app is reloaded through the bus). Live sessions keep running: a lower device limit or a closed
  // registration applies to the next login or registration. PUT is the same (the CLI's `apps set`).
  type SettingsRoute = { Params: { org: string; name: string }; Body: { settings?: unknown } | undefined };
  for (const method of ['patch', 'put'] as const) {
    app[method]<SettingsRoute>('/management/apps/:org/:name', operator, async (request) => {
      const existing = await findOr404(request.params.org, request.params.name);
      const body = request.body;
      if (typeof body !== 'object' || body === null || body.settings === undefined)
        throw badRequest('the body must be {"settings": {...}}');
      const changes = readableSettings(body.settings);
      const updated = await ctx.storage.apps.updateSettings(existing.id, {
        ...existing.settings,
        ...changes,
      });
      if (!updated) throw appNotFound(existing.org, existing.name);
      await ctx.reloadApp(updated.id);
      await ctx.bus.publish({ kind: 'app', appId: updated.id });
      return describeApp(updated);
    });
  }
}
