// GET /metrics: the Prometheus text exposition of this node (adapters/metrics/prom-metrics.ts). Who may
// read it is CONFAB_METRICS_ACCESS: the operator token by default, anyone (`public`), or nobody (`off`,
// the route is not registered and answers 404 like any unknown path). Under CONFAB_WORKERS the text is the
// whole host's; when a worker's figures cannot be had the scrape fails (503, the reason as text) rather
// than showing a partial sum.
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import type { ServerConfig } from '../../config/schema.js';
import type { RestAuth } from '../auth.js';

export function metricsRoutes(
  app: FastifyInstance,
  ctx: Pick<ServerContext, 'metrics' | 'logger'>,
  auth: Pick<RestAuth, 'operator'>,
  access: ServerConfig['metricsAccess'],
): void {
  if (access === 'off') return;
  app.get('/metrics', access === 'operator' ? { preHandler: auth.operator } : {}, async (_request, reply) => {
    let rendered: { contentType: string; body: string };
    try {
      rendered = await ctx.metrics.render();
    } catch (err) {
      ctx.logger.warn({ err }, 'metrics unavailable');
      return reply
        .code(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(`metrics unavailable: ${(err as Error).message}\n`);
    }
    const { contentType, body } = rendered;
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}
