import { ConfabError, ErrorCode } from '@confab/protocol';
import type { ServerContext } from '../../context.js';
import type { AppRecord } from '../../domain/ports/storage.js';

export interface AppParams {
  org: string;
  app: string;
}

export async function resolveApp(ctx: ServerContext, params: AppParams): Promise<AppRecord> {
  const app = await ctx.findApp(params.org, params.app);
  if (!app) {
    throw new ConfabError(
      ErrorCode.WEBIM_CONNCTION_APPKEY_NOT_ASSIGN_ERROR,
      `application ${params.org}#${params.app} not found`,
      {
        error: 'organization_application_not_found',
      },
    );
  }
  return app;
}

/** The bearer token of a request, if any. */
export function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
