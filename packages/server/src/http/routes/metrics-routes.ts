// GET /metrics: the Prometheus text exposition of this node (adapters/metrics/prom-metrics.ts). Who may
// read it is CONFAB_METRICS_ACCESS: the operator token by default, anyone (`public`), or nobody (`off`,
// the route is not registered and answers 404 like any unknown path).
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import type { ServerConfig } from '../../config/schema.js';
import type { RestAuth } from '../auth.js';

export function metricsRoutes(
  app: FastifyInstance,
  ctx: Pick<ServerContext, 'metrics'>,
  auth: Pick<RestAuth, 'operator'>,
  access: ServerConfig['metricsAccess'],
): void {
  if (access === 'off') return;
  app.get('/metrics', access === 'operator' ? { preHandler: auth.operator } : {}, async (_request, reply) => {
    const { contentType, body } = await ctx.metrics.render();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
}
