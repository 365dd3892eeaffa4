import { restError } from '@confab/protocol';
import type { ServerContext } from '../../context.js';
import type { AppRecord } from '../../domain/ports/storage.js';

export interface AppParams {
  org: string;
  app: string;
}

/** The per-user routes: `/:org/:app/…/:me/…`. */
export interface MeParams extends AppParams {
  me: string;
}

export async function resolveApp(ctx: ServerContext, params: AppParams): Promise<AppRecord> {
  const app = await ctx.findApp(params.org, params.app);
  if (!app) {
    throw restError(
      'WEBIM_CONNCTION_APPKEY_NOT_ASSIGN_ERROR',
      'appNotFound',
      `application ${params.org}#${params.app} not found`,
    );
  }
  return app;
}

/** The bearer token of a request, if any. */
export function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
