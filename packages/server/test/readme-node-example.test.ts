// The README's Node example of the official SDK (under jsdom) runs as written against a real server:
// the code block is taken from README.md, pointed at this server, run as its own Node process, and the
// message it sends reaches bob.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { startTestServer, type TestServer } from '@confab/server/testing';
import { adminToken, createUsers } from './support/accounts.js';
import { recordingClient } from './support/our-client.js';

const README = new URL('../../../README.md', import.meta.url);
// Inside this package, so `agora-chat` and `jsdom` resolve as they would for a user who installed them.
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

let env: TestServer;
before(async () => {
  env = await startTestServer();
  await createUsers(env, await adminToken(env, env.clientId, env.clientSecret), ['alice', 'bob'], 'secret');
});
after(() => env.close());

test('the README Node example (official SDK under jsdom) sends a message', async () => {
  const readme = readFileSync(README, 'utf8');
  const block = /```js\n(\/\/ node official-sdk\.mjs[\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README.md lacks the Node example');
  const script = block
    .replaceAll("'ws://localhost:8080/ws'", JSON.stringify(env.wsUrl))
    .replaceAll("'http://localhost:8080'", JSON.stringify(env.apiUrl))
    .replaceAll("'confab#demo'", JSON.stringify(env.appKey));
  assert.notEqual(script, block, 'the example no longer names the default URLs');

  const bob = recordingClient({ appKey: env.appKey, url: env.wsUrl, apiUrl: env.apiUrl });
  await bob.conn.open({ user: 'bob', pwd: 'secret' });
  const dir = mkdtempSync(join(PACKAGE_DIR, '.readme-example-'));
  try {
    const file = join(dir, 'official-sdk.mjs');
    writeFileSync(file, script);
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [file], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr });
      });
    });
    assert.equal(result.code, 0, result.stderr);
    const got = await bob.next<{ msg: string; from: string }>(
      'onTextMessage',
      (m) => m.msg === 'hi from Node',
    );
    assert.equal(got.from, 'alice');
  } finally {
    bob.conn.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
