// One node:test run over every *.test.ts in the workspace, so there is one summary.
// Node 20's `node --test` neither expands globs nor discovers .ts files, hence this list.
import { existsSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.length > 2 ? process.argv.slice(2) : ['packages', 'apps', 'bench'];
const skip = new Set(['node_modules', 'dist']);
const files = roots
  .filter(existsSync)
  .flatMap((root) =>
    root.endsWith('.test.ts')
      ? [root]
      : readdirSync(root, { recursive: true, encoding: 'utf8' })
          .filter((p) => p.endsWith('.test.ts') && !p.split(sep).some((s) => skip.has(s)))
          .map((p) => join(root, p)),
  )
  .sort();

if (files.length === 0) {
  console.error('no test files found under', roots.join(', '));
  process.exit(1);
}

const { status } = spawnSync(
  process.execPath,
  [
    '--conditions=@confab/source',
    '--import',
    'tsx',
    '--enable-source-maps',
    '--test',
    '--test-reporter=spec',
    '--test-concurrency=2',
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(status ?? 1);
