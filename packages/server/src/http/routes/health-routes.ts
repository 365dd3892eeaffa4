// GET /healthz: liveness for load balancers; `?detail=1` adds this node's id, event-loop delay (the one
// figure only the process itself can measure) and memory: per process, so under CONFAB_WORKERS those of
// the worker that answered. `&reset=1` restarts the delay histogram so a benchmark can read one interval. Resetting needs the operator token (anyone could otherwise wipe the
// figures an operator is watching); plain /healthz and `detail=1` stay public for load balancers.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../../context.js';
import type { RestAuth } from '../auth.js';

const NS_PER_MS = 1e6;

export function healthRoutes(
  app: FastifyInstance,
  ctx: Pick<ServerContext, 'liveSessions' | 'nodeId'>,
  auth: Pick<RestAuth, 'operator'>,
): void {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  app.addHook('onClose', () => loop.disable());
  type Query = { detail?: string; reset?: string };
  app.get<{ Querystring: Query }>('/healthz', async (request, reply) => {
    if (request.query.detail === '1' && request.query.reset === '1')
      await auth.operator.call(app, request, reply);
    const base = { status: 'ok', sessions: ctx.liveSessions() };
    if (request.query.detail !== '1') return base;
    const ms = (ns: number) => Number((ns / NS_PER_MS).toFixed(2));
    const detail = {
      ...base,
      node: ctx.nodeId,
      // The histogram counts from the timer's resolution up; what matters is the tail.
      eventLoopDelayMs: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
      rssBytes: process.memoryUsage.rss(),
    };
    if (request.query.reset === '1') loop.reset();
    return detail;
  });
}
