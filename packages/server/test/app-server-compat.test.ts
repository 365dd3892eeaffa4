// The app-server part of docs/compatibility.md (test/support/compat/app-server-rows.ts) against a real server:
// every route a row names is registered, and the test file a row cites sends requests to it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { APP_SERVER_ROWS } from './support/compat/app-server-rows.js';

/** "GET /users/{username}/x" → "GET /:org/:app/users/:/x": parameters compared by place, not by name. */
const routeKey = (route: string) => {
  const [method, path] = route.split(' ') as [string, string];
  return `${method} /:/:${path.replace(/\{\w+\}/g, ':')}`;
};
const servedKey = (method: string, url: string) => `${method} ${url.replace(/:\w+/g, ':')}`;

describe('app-server rows of docs/compatibility.md', () => {
  let env: TestServer;
  before(async () => {
    env = await startTestServer();
  });
  after(async () => {
    await env.close();
  });

  test('every route a row names is served', () => {
    const served = new Set(env.server.routes.map((r) => servedKey(r.method, r.url)));
    const missing = APP_SERVER_ROWS.flatMap((r) => r.routes)
      .map(routeKey)
      .filter((k) => !served.has(k));
    assert.deepEqual(missing, []);
  });

  test('every row cites a test file that calls its routes', () => {
    for (const row of APP_SERVER_ROWS) {
      const source = readFileSync(new URL(row.test, import.meta.url), 'utf8');
      for (const route of row.routes) {
        const stem = route.split(' ')[1]!.split('/{')[0]!;
        assert.ok(source.includes(stem), `${row.test} does not call ${route}`);
      }
      if (row.routes.length === 0) {
        assert.ok(row.mentions, `${row.function} names no route and nothing to mention`);
        assert.ok(source.includes(row.mentions), `${row.test} does not mention ${row.mentions}`);
      }
    }
  });
});
