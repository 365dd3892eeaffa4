// The server's `/` for the web client: index.html and the build's files are served, nothing shadows
// the REST API, and without a build the server still starts, warns once and says so at `/`.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startTestServer } from '@confab/server/testing';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'confab-web-'));
  dirs.push(root);
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  return root;
}

interface Entry {
  level: string;
  msg: string | undefined;
}
function recorder(entries: Entry[]) {
  const log = (level: string) => (_obj: object, msg?: string) => void entries.push({ level, msg });
  const logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: () => logger,
  };
  return logger;
}

test('serves index.html at / and the build files, without shadowing the API', async () => {
  await using server = await startTestServer({ webRoot: fakeBuild() });
  const base = server.apiUrl;

  const index = await fetch(`${base}/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type') ?? '', /text\/html/);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.match(await index.text(), /<div id="root">/);

  const asset = await fetch(`${base}/assets/index-abc123.js`);
  assert.equal(asset.status, 200);
  assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
  await asset.arrayBuffer();

  const health = await fetch(`${base}/healthz`);
  assert.equal(health.status, 200);
  assert.equal(((await health.json()) as { status: string }).status, 'ok');

  // REST keeps its own routes and its JSON errors; unknown paths are not answered with the SPA.
  const login = await fetch(`${base}/${server.org}/${server.app}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'password', username: 'nobody', password: 'x' }),
  });
  assert.notEqual(login.status, 200);
  assert.match(login.headers.get('content-type') ?? '', /application\/json/);
  await login.arrayBuffer();

  for (const path of ['/no/such/route', '/assets/missing.js', '/chat']) {
    const res = await fetch(`${base}${path}`);
    assert.ok(res.status >= 400, `${path}: ${res.status}`);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/, path);
    await res.arrayBuffer();
  }
});

test('without a build the API still runs, / says so and the warning is logged once', async () => {
  const entries: Entry[] = [];
  const missing = join(tmpdir(), `confab-web-missing-${process.pid}`);
  await using server = await startTestServer({ webRoot: missing, logger: recorder(entries) });

  const page = await fetch(`${server.apiUrl}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /web client is not built.*npm run build -w @confab\/web/s);
  const again = await fetch(`${server.apiUrl}/`);
  await again.arrayBuffer();

  const health = await fetch(`${server.apiUrl}/healthz`);
  assert.equal(health.status, 200);
  await health.arrayBuffer();

  const warnings = entries.filter((e) => e.level === 'warn' && e.msg?.includes('web client not built'));
  assert.deepEqual(
    warnings.map((w) => w.msg),
    ['web client not built: run npm run build -w @confab/web'],
  );
});
