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

/** The settings as the operator API shows them: the callback secret is never echoed back. */
function shownSettings(a: AppRecord) {
  const settings = appSettings(a);
  const { callbacks } = settings;
  return callbacks.secret === '' ? settings : { ...settings, callbacks: { ...callbacks, secret: '***' } };
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
}
