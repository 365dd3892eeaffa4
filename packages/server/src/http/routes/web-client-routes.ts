// The web client (apps/web) at `/`: its index.html and the files of its build, nothing else, so
// REST routes (`/{org}/{app}/...`, `/healthz`) and the WebSocket (`/ws`) are never shadowed. Only
// files present at start are routed (no catch-all); restart the server after rebuilding the client.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../domain/ports/logger.js';

export const WEB_CLIENT_NOT_BUILT = 'web client not built: run npm run build -w @confab/web';

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Confab</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>Confab is running</h1>
<p>The web client is not built. Run <code>npm run build -w @confab/web</code> and restart the server.</p>
<p>The REST API and the WebSocket (<code>/ws</code>) work without it: see <a href="/healthz">/healthz</a>.</p>
</body></html>
`;

export async function webClientRoutes(app: FastifyInstance, webRoot: string, logger: Logger): Promise<void> {
  if (!existsSync(join(webRoot, 'index.html'))) {
    logger.warn({ webRoot }, WEB_CLIENT_NOT_BUILT);
    app.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').send(notBuiltPage));
    return;
  }
  await app.register(fastifyStatic, {
    root: webRoot,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (res, path) => {
      // Vite's hashed assets never change; index.html must be revalidated to pick up a new build.
      res.setHeader(
        'Cache-Control',
        /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
