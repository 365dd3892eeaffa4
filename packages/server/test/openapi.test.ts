// GET /openapi.json: generated from the registered routes, so every route the server registered is in
// it (and nothing else); the document has OpenAPI 3's required structure, path parameters match the
// path templates, and each operation names the token it needs (the operator API the operator token).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { openApiPath } from '../src/http/openapi.js';

interface Operation {
  operationId: string;
  parameters: { name: string; in: string; required: boolean }[];
  responses: Record<string, unknown>;
  security: Record<string, string[]>[];
  tags: string[];
}
interface Doc {
  openapi: string;
  info: { title: string; version: string };
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; scheme: string }> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

describe('GET /openapi.json', () => {
  let env: TestServer;
  let doc: Doc;
  before(async () => {
    env = await startTestServer();
    const res = await fetch(`${env.apiUrl}/openapi.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    doc = (await res.json()) as Doc;
  });
  after(() => env.close());

  test('has the structure OpenAPI 3 requires', () => {
    assert.match(doc.openapi, /^3\.\d+\.\d+$/);
    assert.equal(doc.info.title, 'Confab REST API');
    assert.match(doc.info.version, /^\d+\.\d+\.\d+/);
    assert.equal(doc.servers[0]?.url, env.apiUrl);
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      assert.ok(path.startsWith('/'), path);
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item)) {
        assert.ok(METHODS.has(method), `${method} ${path}`);
        assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`);
        ids.add(op.operationId);
        assert.ok(Object.keys(op.responses).length > 0, `${method} ${path} has no responses`);
        const declared = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
        assert.deepEqual(declared.sort(), [...templated].sort(), `${method} ${path} path parameters`);
        assert.ok(op.parameters.every((p) => p.in !== 'path' || p.required));
        for (const requirement of op.security)
          for (const scheme of Object.keys(requirement))
            assert.ok(doc.components.securitySchemes[scheme], `${method} ${path}: unknown scheme ${scheme}`);
      }
    }
  });

  test('lists every registered route (HEAD and OPTIONS aside), and only those', () => {
    const expected = new Set(
      env.server.routes
        .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
        .map((r) => `${r.method.toLowerCase()} ${openApiPath(r.url).path}`),
    );
    const listed = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m} ${path}`)),
    );
    assert.ok(expected.size > 100, `only ${expected.size} routes`);
    assert.deepEqual([...listed].sort(), [...expected].sort());
    for (const key of [
      'post /{org}/{app}/token',
      'post /{org}/{app}/users',
      'patch /management/apps/{org}/{name}',
      'get /metrics',
      'get /openapi.json',
    ])
      assert.ok(listed.has(key), key);
  });

  test('names the token each operation needs', () => {
    const op = (method: string, path: string) => doc.paths[path]![method]!;
    assert.deepEqual(op('patch', '/management/apps/{org}/{name}').security, [{ operatorToken: [] }]);
    assert.deepEqual(op('get', '/metrics').security, [{ operatorToken: [] }]);
    assert.deepEqual(op('get', '/healthz').security, []);
    assert.deepEqual(op('delete', '/{org}/{app}/users/{username}').security, [{ appToken: [] }]);
    assert.equal(op('get', '/{org}/{app}/users/{username}').tags[0], 'users');
  });
});
