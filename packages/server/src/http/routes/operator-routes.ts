// The operator API (server level, not Agora's): create and list apps. Authorized by the operator token
// (CONFAB_ADMIN_TOKEN, or the one generated and printed at first start).
import { ConfabError, ErrorCode } from '@confab/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context.js';
import { createApp } from '../../domain/apps/app-admin.js';
import { appSettings, parseAppSettings } from '../../domain/apps/app-settings.js';
import { unauthenticated } from '../../domain/auth/admin-auth.js';
import { isOperatorToken } from '../../domain/auth/operator-token.js';
import type { AppRecord } from '../../domain/ports/storage.js';
import { bearer } from './app-resolver.js';

/** Agora's org and app names: letters, digits and hyphens; `management` is this API's own path. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

const describeApp = (a: AppRecord) => ({
  org: a.org,
  name: a.name,
  appKey: `${a.org}#${a.name}`,
  uuid: a.uuid,
  clientId: a.clientId,
  settings: appSettings(a),
  created: a.createdAt,
});

export function operatorRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const operator = (request: FastifyRequest) => {
    if (!isOperatorToken(ctx.operatorTokenHash, bearer(request.headers.authorization)))
      throw unauthenticated();
  };

  app.get('/management/apps', async (request) => {
    operator(request);
    return { apps: (await ctx.storage.apps.list()).map(describeApp) };
  });

  app.post<{ Body: { org?: unknown; name?: unknown; settings?: unknown } | undefined }>(
    '/management/apps',
    async (request) => {
      operator(request);
      const { org, name, settings } = request.body ?? {};
      if (
        typeof org !== 'string' ||
        typeof name !== 'string' ||
        !NAME.test(org) ||
        !NAME.test(name) ||
        org === 'management'
      ) {
        throw new ConfabError(
          ErrorCode.REQUEST_PARAMETER_ERROR,
          'org and name must be 1-64 letters, digits or hyphens',
          { error: 'illegal_argument' },
        );
      }
      const parsed = parseAppSettings(settings);
      if (await ctx.storage.apps.findByName(org, name)) {
        throw new ConfabError(
          ErrorCode.WEBIM_CONNCTION_AJAX_ERROR,
          `application ${org}#${name} already exists`,
          {
            error: 'duplicate_unique_property_exists',
          },
        );
      }
      const created = await createApp(ctx.storage, ctx.clock, org, name, parsed);
      return { ...describeApp(created.app), clientSecret: created.clientSecret };
    },
  );
}
