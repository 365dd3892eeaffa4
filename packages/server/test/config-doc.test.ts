// docs/configuration.md is generated from the config schema and committed; this fails when it drifts.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderConfigDoc, withReadmeAppSettings } from '../src/config/config-doc.js';
import { CONFIG_ROWS } from '../src/config/schema.js';
import { DEFAULT_APP_SETTINGS } from '../src/domain/apps/app-settings.js';

const DOC = new URL('../../../docs/configuration.md', import.meta.url);

test('docs/configuration.md is up to date', () => {
  let committed = '';
  try {
    committed = readFileSync(DOC, 'utf8');
  } catch {
    assert.fail('docs/configuration.md is missing: run npm run gen:docs');
  }
  assert.ok(committed === renderConfigDoc(), 'docs/configuration.md is stale: run npm run gen:docs');
});

test('the doc has a row for every variable and every per-app setting, and no machine path', () => {
  const doc = renderConfigDoc();
  assert.match(doc, /^<!-- GENERATED .*do not edit/);
  for (const { setting } of CONFIG_ROWS) assert.ok(doc.includes(`| \`${setting.env}\` |`), setting.env);
  for (const key of Object.keys(DEFAULT_APP_SETTINGS)) assert.ok(doc.includes(`| \`${key}\` |`), key);
  assert.ok(!doc.includes(process.cwd()), 'the doc must not depend on where it was generated');
});

const REPO = new URL('../../../', import.meta.url);
/** Variables that are not the server's: the CLI's, the tests', the benchmark's, the web client's. */
const NOT_SERVER = /^CONFAB_(SERVER|APP|CLIENT_ID|CLIENT_SECRET|API_URL|CHROMIUM|TEST_\w+|BENCH_\w+)$/;

test('the hand-written docs name only variables the server reads', () => {
  const known = new Set(CONFIG_ROWS.map((r) => r.setting.env));
  for (const file of ['README.md', 'packages/server/README.md', 'docs/limits.md', 'docs/architecture.md']) {
    const text = readFileSync(new URL(file, REPO), 'utf8');
    for (const [name] of text.matchAll(/CONFAB_[A-Z0-9_]+/g)) {
      assert.ok(known.has(name) || NOT_SERVER.test(name), `${file} names ${name}, which no setting reads`);
    }
  }
});

test('docs/limits.md cites the variable of every runtime limit', () => {
  const limits = readFileSync(new URL('docs/limits.md', REPO), 'utf8');
  for (const { group, setting } of CONFIG_ROWS) {
    if (group === 'limits')
      assert.ok(limits.includes(`\`${setting.env}\``), `docs/limits.md lacks ${setting.env}`);
  }
});

test("README.md's configuration section lists every app setting with its default, up to date", () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  assert.ok(
    readme === withReadmeAppSettings(readme),
    'README.md app settings are stale: run npm run gen:docs',
  );
  for (const key of Object.keys(DEFAULT_APP_SETTINGS)) assert.match(readme, new RegExp(`\\| \`${key}\` \\|`));
  // The file retention default is spelled out (issue 18: it was only in docs/limits.md).
  assert.match(readme, /\| `attachmentTtlSeconds` \| `604800` \(7 days\) \|/);
});
