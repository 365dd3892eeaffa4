// The layer boundaries are enforced by `npm run lint` (eslint.config.js), with the reason in the message.
// Each case lints a one-line snippet as if it were a file of that layer; type-aware rules are off, so
// only the import restrictions run and no TypeScript program is built.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const RULE = '@typescript-eslint/no-restricted-imports';

const eslint = new ESLint({
  cwd: root,
  overrideConfig: [tseslint.configs.disableTypeChecked],
  ruleFilter: ({ ruleId }) => ruleId === RULE,
});

/** The restriction messages for `source` imported from a (new) file at `path`. */
async function violations(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import { x } from '${source}';\nexport { x };\n`, {
    filePath: `${root}${path}`,
  });
  assert.ok(result, `no lint result for ${path}`);
  assert.deepEqual(
    result.messages.filter((m) => m.ruleId !== RULE),
    [],
    'only the import rule should report',
  );
  return result.messages.map((m) => m.message);
}

const fails = async (path: string, source: string, reason: RegExp) => {
  const messages = await violations(path, source);
  assert.equal(messages.length, 1, `${path} importing ${source}: ${JSON.stringify(messages)}`);
  assert.match(messages[0]!, reason);
};
const passes = async (path: string, source: string) =>
  assert.deepEqual(await violations(path, source), [], `${path} importing ${source}`);

test('domain imports ports and protocol, never adapters, edges, the server context or drivers', async () => {
  const file = 'packages/server/src/domain/messages/boundary-probe.ts';
  const why = /the domain talks to ports .*docs\/architecture\.md/;
  await fails(file, '../../adapters/sqlite/sqlite-storage.js', why);
  await fails(file, '../../gateway/session.js', why);
  await fails(file, '../../http/http-server.js', why);
  await fails(file, '../../context.js', why);
  for (const driver of ['pg', 'fastify', 'ioredis', 'better-sqlite3', 'ws']) await fails(file, driver, why);
  await passes(file, '../ports/storage.js');
  await passes(file, '../conversations/read-pointer.js');
  await passes(file, '@confab/protocol');
});

test('http and gateway are edges: neither imports adapters or the other edge', async () => {
  await fails(
    'packages/server/src/http/routes/boundary-probe.ts',
    '../../gateway/session-registry.js',
    /http is an edge/,
  );
  await fails(
    'packages/server/src/http/routes/boundary-probe.ts',
    '../../adapters/files/thumbnailer.js',
    /http is an edge/,
  );
  await passes('packages/server/src/http/routes/boundary-probe.ts', '../../domain/users/user-admin.js');
  await fails(
    'packages/server/src/gateway/boundary-probe.ts',
    '../http/http-server.js',
    /the gateway is an edge/,
  );
  await fails(
    'packages/server/src/gateway/boundary-probe.ts',
    '../adapters/bus/redis-bus.js',
    /the gateway is an edge/,
  );
  await passes('packages/server/src/gateway/boundary-probe.ts', '../domain/ports/bus.js');
});

test('adapters implement ports and know nothing of the edges', async () => {
  const file = 'packages/server/src/adapters/sqlite/boundary-probe.ts';
  await fails(file, '../../gateway/session.js', /adapters implement domain ports/);
  await fails(file, '../../context.js', /adapters implement domain ports/);
  await passes(file, '../../domain/ports/storage.js');
});

test('the bench uses public package exports only', async () => {
  const file = 'bench/lib/boundary-probe.ts';
  await fails(file, '../../packages/server/test/support/accounts.js', /public package exports only/);
  await fails(file, '../../packages/server/src/server.js', /public package exports only/);
  await passes(file, '@confab/server/testkit');
  await passes(file, '@confab/protocol');
});
