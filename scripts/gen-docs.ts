// Writes the generated docs. Run with `npm run gen:docs`; a test fails when a committed file drifts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../packages/protocol/src/errors-doc.js';
import { renderConfigDoc } from '../packages/server/src/config/config-doc.js';

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
