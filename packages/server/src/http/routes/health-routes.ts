import type { FastifyInstance } from 'fastify';
import type { SessionRegistry } from '../../gateway/session-registry.js';

export function healthRoutes(app: FastifyInstance, registry: () => SessionRegistry | undefined): void {
  app.get('/healthz', () => ({ status: 'ok', sessions: registry()?.size ?? 0 }));
}
