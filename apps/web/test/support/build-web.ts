// Builds apps/web when dist/ is missing or older than anything it is built from (the app, the SDK
// and the protocol sources), so a browser test never runs against a stale build.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const DIST_DIR = join(WEB_DIR, 'dist');
const REPO = join(WEB_DIR, '..', '..');
const INPUTS = [
  join(WEB_DIR, 'src'),
  join(WEB_DIR, 'index.html'),
  join(WEB_DIR, 'public'),
  join(WEB_DIR, 'vite.config.ts'),
  join(REPO, 'packages', 'sdk', 'src'),
  join(REPO, 'packages', 'protocol', 'src'),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, encoding: 'utf8' })) {
    newest = Math.max(newest, statSync(join(path, entry)).mtimeMs);
  }
  return newest;
}

/** Returns why a build ran, or undefined when dist/ was up to date. */
export function ensureWebBuilt(): string | undefined {
  const index = join(DIST_DIR, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const newest = Math.max(...INPUTS.map(newestMtime));
  if (built > newest) return undefined;
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: WEB_DIR,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `vite build failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return built === 0 ? 'dist/ was missing' : 'dist/ was older than its sources';
}
