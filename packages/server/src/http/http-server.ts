// The REST edge: Fastify with CORS for browsers (the SDK sends Authorization and Content-Type on
// every call, so every call is pre-flighted) and Agora-shaped errors.
import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config/schema.js';
import type { ServerContext } from '../context.js';
import { restAuth } from './auth.js';
import { openApiDocument, type RegisteredRoute } from './openapi.js';
import { lenientJsonBodies } from './json-body.js';
import { errorHandler, routeNotSupported } from './rest-error.js';
import { adminUserRoutes } from './routes/admin-user-routes.js';
import { blockRoutes } from './routes/block-routes.js';
import { chatFileRoutes } from './routes/chat-file-routes.js';
import { contactRoutes } from './routes/contact-routes.js';
import { conversationRoutes } from './routes/conversation-routes.js';
import { groupMemberRoutes } from './routes/group-member-routes.js';
import { groupRoutes } from './routes/group-routes.js';
import { groupListRoutes } from './routes/group-list-routes.js';
import { roomAttributeRoutes } from './routes/room-attribute-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { historyRoutes } from './routes/history-routes.js';
import { operatorRoutes } from './routes/operator-routes.js';
import { presenceRoutes } from './routes/presence-routes.js';
import { userAttributeRoutes } from './routes/user-attribute-routes.js';
import { groupAckRoutes } from './routes/group-ack-routes.js';
import { reactionRoutes } from './routes/reaction-routes.js';
import { messageRoutes } from './routes/message-routes.js';
import { appServerRoutes } from './routes/app-server-routes.js';
import { pushSettingsRoutes } from './routes/push-settings-routes.js';
import { pushRoutes } from './routes/push-routes.js';
import { reportAndPinRoutes } from './routes/report-and-pin-routes.js';
import { clientSessionRoutes } from './routes/client-session-routes.js';
import { tokenRoutes } from './routes/token-routes.js';
import { userRoutes } from './routes/user-routes.js';
import { webClientRoutes } from './routes/web-client-routes.js';
import { chatRoomRoutes } from './routes/room-list-routes.js';
import { threadRoutes } from './routes/thread-routes.js';
import { translationRoutes } from './routes/translation-routes.js';

/**
 * Fastify turns Node's request timeout off (0) and has no headers timeout of its own, so a client that
 * sends headers and then trickles or stalls its body held a connection (and an upload's fd) for good.
 * Node checks the headers and request deadlines every `connectionsCheckingInterval` (30 s by default):
 * a quarter of the shorter deadline keeps a small configured one honest. Upgraded sockets leave Node's
 * connection list and `ws` clears their idle timer, so WebSockets are not touched by any of these.
 */
function httpTimeouts(limits: ServerContext['limits']) {
  const { httpHeadersTimeoutMs: headers, httpRequestTimeoutMs: request, httpIdleTimeoutMs: idle } = limits;
  const check = Math.min(30_000, Math.max(100, Math.floor(Math.min(headers, request) / 4)));
  return {
    requestTimeout: request,
    connectionTimeout: idle,
    keepAliveTimeout: idle,
    http: { headersTimeout: headers, requestTimeout: request, connectionsCheckingInterval: check },
  };
}

/** This package's version (package.json sits two levels above both src/http and dist/http). */
const SERVER_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** A registered route: its method and URL pattern (`/:org/:app/users/:username`). */
export interface RouteInfo {
  readonly method: string;
  readonly url: string;
}

export async function buildHttpServer(
  ctx: ServerContext,
  baseUrl: () => string,
  webRoot?: string,
  options: { metricsAccess?: ServerConfig['metricsAccess']; trustProxy?: string } = {},
): Promise<{ http: FastifyInstance; routes: readonly RouteInfo[] }> {
  const app = Fastify({
    logger: false,
    bodyLimit: ctx.limits.maxBodyBytes,
    ...httpTimeouts(ctx.limits),
    // request.ip from X-Forwarded-For only when the peer is one of these proxies (CONFAB_TRUST_PROXY).
    ...(options.trustProxy ? { trustProxy: options.trustProxy } : {}),
  });
  // Every route, as registered (plugins' scopes included): the authorization matrix and the fuzz test
  // walk them all, so a new route is covered (and must declare its policy) without a list to update.
  const routes: RouteInfo[] = [];
  const registered: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      routes.push({ method, url: route.url });
      registered.push({
        method,
        url: route.url,
        preHandler: route.preHandler,
        schema: route.schema as RegisteredRoute['schema'],
      });
    }
  });
  await app.register(cors, {
    origin: true,
    methods: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'],
    allowedHeaders: [
      'Authorization',
      'Content-Type',
      'Accept',
      'restrict-access',
      'share-secret',
      'X-Requested-With',
    ],
    maxAge: 86400,
  });
  app.setErrorHandler(errorHandler(ctx.logger, ctx.metrics));
  app.setNotFoundHandler((request) => {
    const multipart = request.headers['content-type']?.startsWith('multipart/form-data') ?? false;
    throw routeNotSupported(request.method, request.url.split('?')[0] ?? '', multipart);
  });
  lenientJsonBodies(app);
  const auth = restAuth(app, ctx);
  healthRoutes(app, ctx, auth);
  metricsRoutes(app, ctx, auth, options.metricsAccess ?? 'operator');
  operatorRoutes(app, ctx, auth);
  adminUserRoutes(app, ctx, auth, baseUrl);
  tokenRoutes(app, ctx);
  clientSessionRoutes(app, ctx, auth);
  userRoutes(app, ctx, auth, baseUrl);
  await chatFileRoutes(app, ctx, auth, baseUrl);
  historyRoutes(app, ctx, auth, baseUrl);
  conversationRoutes(app, ctx, auth, baseUrl);
  reportAndPinRoutes(app, ctx, auth, baseUrl);
  groupAckRoutes(app, ctx, auth, baseUrl);
  groupRoutes(app, ctx, auth, baseUrl);
  groupMemberRoutes(app, ctx, auth, baseUrl);
  await groupListRoutes(app, ctx, auth, baseUrl);
  contactRoutes(app, ctx, auth, baseUrl);
  blockRoutes(app, ctx, auth, baseUrl);
  await userAttributeRoutes(app, ctx, auth);
  presenceRoutes(app, ctx, auth);
  roomAttributeRoutes(app, ctx, auth, baseUrl);
  await chatRoomRoutes(app, ctx, auth, baseUrl);
  reactionRoutes(app, ctx, auth, baseUrl);
  threadRoutes(app, ctx, auth, baseUrl);
  translationRoutes(app, ctx, auth, baseUrl);
  pushSettingsRoutes(app, ctx, auth, baseUrl);
  messageRoutes(app, ctx, auth, baseUrl);
  pushRoutes(app, ctx, auth, baseUrl);
  // Public, like Agora's own API reference; generated once, from every route registered above.
  let described: Record<string, unknown> | undefined;
  app.get('/openapi.json', (_request, reply) => {
    described ??= openApiDocument(registered, auth, { version: SERVER_VERSION, serverUrl: baseUrl() });
    return reply.send(described);
  });
  appServerRoutes(app, ctx, auth, baseUrl);
  if (webRoot !== undefined) await webClientRoutes(app, webRoot, ctx.logger);
  return { http: app, routes };
}
