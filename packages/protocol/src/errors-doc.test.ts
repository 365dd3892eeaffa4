// docs/errors.md is generated and committed; this fails when it no longer matches the catalog.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { errorCatalog } from './error-codes.js';
import { renderErrorsDoc } from './errors-doc.js';

const DOC = new URL('../../../docs/errors.md', import.meta.url);

test('docs/errors.md is up to date', () => {
  let committed = '';
  try {
    committed = readFileSync(DOC, 'utf8');
  } catch {
    assert.fail('docs/errors.md is missing: run npm run gen:docs');
  }
  assert.ok(committed === renderErrorsDoc(), 'docs/errors.md is stale: run npm run gen:docs');
});

test('the doc lists every catalog row and the 607 naming note', () => {
  const doc = renderErrorsDoc();
  assert.match(doc, /^<!-- GENERATED .*do not edit/);
  for (const e of errorCatalog) assert.ok(doc.includes(`| ${e.code} | ${e.name} |`), e.name);
  assert.match(doc, /607 "GROUP_NOT_EXIST" by mistake/);
});
