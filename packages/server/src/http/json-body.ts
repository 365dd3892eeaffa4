// One JSON body parser for every route. Agora's documented curl examples and the official SDK send
// `Content-Type: application/json` on every call, also on POSTs and DELETEs without a body (REST spec T3):
// an empty body is no body, not an unreadable one (Fastify's default parser refuses it with a 400).
import type { FastifyInstance } from 'fastify';

export function lenientJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, parsed) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return parsed(null, undefined);
    try {
      parsed(null, JSON.parse(text) as unknown);
    } catch {
      parsed(Object.assign(new Error('bad json'), { statusCode: 400 }), undefined);
    }
  });
}
