// GET /openapi.json: an OpenAPI 3.1 description of the REST API, generated from the routes as Fastify
// registered them (the same table the authorization matrix walks), so a new route appears without a list
// to update. Path parameters come from the URL pattern, the security scheme from the route's auth
// preHandler (http/auth.ts), request and response bodies from the route's JSON schema where it has one.
import type { RestAuth } from './auth.js';

/** A registered route as the `onRoute` hook saw it. */
export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
  readonly preHandler?: unknown;
  readonly schema?: {
    body?: unknown;
    querystring?: unknown;
    params?: unknown;
    response?: Record<string, unknown>;
    summary?: string;
    description?: string;
  };
}

type Access = 'operator' | 'admin' | 'token' | 'optional' | 'none';

const SECURITY: Record<Access, Array<Record<string, string[]>>> = {
  operator: [{ operatorToken: [] }],
  admin: [{ appToken: [] }],
  token: [{ appToken: [] }],
  optional: [{}, { appToken: [] }],
  none: [],
};

const DESCRIBE: Record<Access, string> = {
  operator: 'Needs the operator token (CONFAB_ADMIN_TOKEN).',
  admin: "Needs the app's admin token (client_credentials).",
  token:
    'Needs a token of the app (a user token or the admin token; routes of one user accept its own token).',
  optional: 'A token of the app is optional.',
  none: 'No token.',
};

function accessOf(route: RegisteredRoute, auth: RestAuth, operatorPaths: ReadonlySet<string>): Access {
  const handlers = [route.preHandler].flat().filter((h) => h !== undefined);
  if (handlers.includes(auth.operator) || operatorPaths.has(`${route.method} ${route.url}`))
    return 'operator';
  if (handlers.includes(auth.admin)) return 'admin';
  if (handlers.includes(auth.anyone) || handlers.includes(auth.optionalToken)) return 'optional';
  if (handlers.length > 0) return 'token';
  return 'none';
}

/** `/:org/:app/users/:username` → `/{org}/{app}/users/{username}`; a trailing `*` → `{wildcard}`. */
export function openApiPath(url: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = url
    .split('/')
    .map((segment) => {
      if (segment === '*') {
        params.push('wildcard');
        return '{wildcard}';
      }
      // Fastify allows several parameters and literal text in one segment (`:a-:b`).
      return segment.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
        params.push(name);
        return `{${name}}`;
      });
    })
    .join('/');
  return { path, params };
}

const tagOf = (url: string): string => {
  const parts = url.split('/').filter(Boolean);
  if (parts[0] === 'management') return 'operator';
  if (parts[0] === ':org' && parts[1] === ':app') return parts[2]?.replace(/^:.*/, 'app') ?? 'app';
  return parts[0] ?? 'server';
};

export function openApiDocument(
  routes: readonly RegisteredRoute[],
  auth: RestAuth,
  info: { version: string; serverUrl?: string },
  operatorPaths: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const method = route.method.toLowerCase();
    if (method === 'head' || method === 'options') continue; // HEAD answers as GET; OPTIONS is CORS
    const { path, params } = openApiPath(route.url);
    const access = accessOf(route, auth, operatorPaths);
    const schema = route.schema ?? {};
    const responses: Record<string, unknown> = {};
    for (const [status, body] of Object.entries(schema.response ?? {}))
      responses[status] = {
        description: `HTTP ${status}`,
        content: { 'application/json': { schema: body } },
      };
    if (Object.keys(responses).length === 0) responses['200'] = { description: 'OK (JSON, Agora-shaped)' };
    responses['default'] = { $ref: '#/components/responses/Error' };
    const operation: Record<string, unknown> = {
      operationId: `${method} ${route.url}`,
      summary: schema.summary ?? `${route.method} ${route.url}`,
      description: [schema.description, DESCRIBE[access]].filter(Boolean).join(' '),
      tags: [tagOf(route.url)],
      security: SECURITY[access],
      parameters: params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      responses,
    };
    if (schema.body !== undefined)
      operation['requestBody'] = { content: { 'application/json': { schema: schema.body } } };
    else if (method === 'post' || method === 'put' || method === 'patch')
      operation['requestBody'] = {
        required: false,
        content: { 'application/json': { schema: { type: 'object' } } },
      };
    (paths[path] ??= {})[method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Confab REST API',
      version: info.version,
      description:
        "Agora Chat's REST API as Confab serves it (docs/compatibility.md), plus the operator API " +
        '(/management/apps), /healthz and /metrics. Generated from the registered routes.',
    },
    ...(info.serverUrl ? { servers: [{ url: info.serverUrl }] } : {}),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      securitySchemes: {
        operatorToken: { type: 'http', scheme: 'bearer', description: 'The operator token' },
        appToken: {
          type: 'http',
          scheme: 'bearer',
          description: "A user token or the app's admin token (POST /{org}/{app}/token)",
        },
      },
      responses: {
        Error: {
          description: 'Agora-shaped error body',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['error', 'error_description'],
                properties: {
                  error: { type: 'string' },
                  error_description: { type: 'string' },
                  exception: { type: 'string' },
                  timestamp: { type: 'integer' },
                  duration: { type: 'integer' },
                  error_code: { type: 'integer' },
                },
              },
            },
          },
        },
      },
    },
  };
}
