// Writes the generated docs. Run with `npm run gen:docs`; a test fails when a committed file drifts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { renderErrorsDoc } from '../packages/protocol/src/errors-doc.js';

const docs = new URL('../docs/', import.meta.url);
mkdirSync(docs, { recursive: true });
const target = new URL('errors.md', docs);
writeFileSync(target, renderErrorsDoc());
console.log('wrote', target.pathname);
