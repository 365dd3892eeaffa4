// Writes the generated docs. Run with `npm run gen:docs`; a test fails when a committed file drifts.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderErrorsDoc } from '../packages/protocol/src/errors-doc.js';
import { renderConfigDoc, withReadmeAppSettings } from '../packages/server/src/config/config-doc.js';

const docs = new URL('../docs/', import.meta.url);
mkdirSync(docs, { recursive: true });
for (const [name, render] of [
  ['errors.md', renderErrorsDoc],
  ['configuration.md', renderConfigDoc],
] as const) {
  const target = new URL(name, docs);
  writeFileSync(target, render());
  console.log('wrote', target.pathname);
}

// The README's table of per-app settings (between its markers).
const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, withReadmeAppSettings(readFileSync(readme, 'utf8')));
console.log('wrote', readme.pathname, '(app settings)');

// docs/compatibility.md is a measurement (the official SDK against a real server), so its test writes it.
const root = fileURLToPath(new URL('..', import.meta.url));
const matrix = spawnSync(
  process.execPath,
  ['scripts/test.mjs', 'packages/server/test/compatibility-matrix.test.ts'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CONFAB_UPDATE_DOCS: '1' } },
);
if (matrix.status !== 0) process.exit(matrix.status ?? 1);
console.log('wrote', new URL('compatibility.md', docs).pathname);
