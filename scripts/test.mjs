// One node:test run over every *.test.ts in the workspace, so there is one summary.
// Node 20's `node --test` neither expands globs nor discovers .ts files, hence this list.
import { existsSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { spawnSync } from 'node:child_process';

const USAGE = `Usage: npm test -- [node test options] [file or directory ...]

Runs every *.test.ts under the given files or directories (default: packages, apps, bench) in one
node:test run with one summary.

  npm test                                             every test (about 10 minutes)
  npm test -- packages/server/test/metrics.test.ts     one file
  npm test -- packages/cli                             every test under a directory
  npm test -- --test-name-pattern=backup packages/cli  options starting with -- go to node --test

PostgreSQL and Redis tests run when CONFAB_TEST_PG_URL and CONFAB_TEST_REDIS_URL are set; the web
client's browser tests when Chromium is installed.`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}
const options = args.filter((a) => a.startsWith('-'));
const paths = args.filter((a) => !a.startsWith('-'));
const missing = paths.filter((p) => !existsSync(p));
if (missing.length > 0) {
  console.error(`no such file or directory: ${missing.join(', ')}\n\n${USAGE}`);
  process.exit(2);
}
const roots = paths.length > 0 ? paths : ['packages', 'apps', 'bench'];
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
    ...options,
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(status ?? 1);
