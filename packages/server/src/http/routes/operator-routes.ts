// The operator API (server level, not Agora's): create and list apps. Authorized by the operator token
// (CONFAB_ADMIN_TOKEN, or the one generated and printed at first start).
import { restError } from '@confab/protocol';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import { createApp } from '../../domain/apps/app-admin.js';
import { appSettings, parseAppSettings } from '../../domain/apps/app-settings.js';
import type { AppRecord } from '../../domain/ports/storage.js';
import type { RestAuth } from '../auth.js';
import { badRequest } from '../params.js';

/** Agora's org and app names: letters, digits and hyphens; `management` is this API's own path. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

const describeApp = (a: AppRecord) => ({
  org: a.org,
  name: a.name,
  appKey: `${a.org}#${a.name}`,
  uuid: a.uuid,
  clientId: a.clientId,
  // The certificate is a signing secret: whether one is set is shown, never its value.
  settings: { ...appSettings(a), agoraAppCertificate: appSettings(a).agoraAppCertificate ? '(set)' : '' },
  created: a.createdAt,
});

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
      const parsed = parseAppSettings(settings);
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

  // Changes some settings of an app (e.g. its Agora App ID and certificate): the given keys replace the
  // stored ones, the others stay. Every node sees the change within APP_CACHE_MS, this one at once.
  app.put<{ Params: { org: string; name: string }; Body: { settings?: unknown } | undefined }>(
    '/management/apps/:org/:name',
    operator,
    async (request) => {
      const { org, name } = request.params;
      const parsed = parseAppSettings(request.body?.settings);
      const found = await ctx.storage.apps.findByName(org, name);
      if (!found)
        throw restError(
          'WEBIM_CONNCTION_APPKEY_NOT_ASSIGN_ERROR',
          'appNotFound',
          `application ${org}#${name} not found`,
        );
      const settings = { ...found.settings, ...parsed };
      await ctx.storage.apps.updateSettings(found.id, settings);
      ctx.forgetApp(org, name);
      return describeApp({ ...found, settings });
    },
  );
}
