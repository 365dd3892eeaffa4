// `npm start -- --check`: validates the environment, prints the effective settings and exits without
// starting the server; an invalid value exits non-zero naming the variable. Also: `npm start` itself
// refuses an invalid value with the same message instead of a stack trace.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
// Resolved here: the child runs in a scratch directory, where `--import tsx` would not be found.
const TSX = import.meta.resolve('tsx');
const scratch = mkdtempSync(join(tmpdir(), 'confab-check-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs main.ts with exactly `env` (plus PATH) and `args`; resolves when it exits (or fails after 20 s). */
function run(env: Record<string, string>, args: string[]) {
  const child = spawn(process.execPath, ['--conditions=@confab/source', '--import', TSX, MAIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    cwd: scratch,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after 20 s (it started the server?):\n${stdout}${stderr}`));
    }, 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('--check with a valid environment prints the effective settings, masked, and starts nothing', async () => {
  const dataDir = join(scratch, 'data-valid');
  const { code, stdout, stderr } = await run(
    {
      CONFAB_DATA_DIR: dataDir,
      CONFAB_PORT: '9090',
      CONFAB_ADMIN_TOKEN: 'op_do_not_print',
      CONFAB_DATABASE_URL: 'postgres://confab:hunter2@db.internal/confab',
      CONFAB_MAX_FRAME_BYTES: '512KiB',
    },
    ['--check'],
  );
  assert.equal(code, 0, stderr);
  assert.match(stdout, /Configuration is valid/);
  assert.match(stdout, /CONFAB_PORT +9090\n/);
  assert.match(stdout, /CONFAB_MAX_FRAME_BYTES +524288 \(512 KiB\)\n/);
  assert.match(stdout, /CONFAB_PING_INTERVAL_MS +30000 \(30 s\) +\(default\)\n/);
  assert.match(stdout, /CONFAB_DATABASE_URL +postgres:\/\/confab:\*\*\*@db\.internal\/confab\n/);
  assert.doesNotMatch(stdout + stderr, /op_do_not_print|hunter2/);
  assert.doesNotMatch(stdout, /Confab is running/);
  assert.ok(!existsSync(dataDir), 'the check must not open the store');
});

test('--check with invalid values exits 1 and names every offending variable', async () => {
  const { code, stdout, stderr } = await run(
    { CONFAB_PORT: 'eighty', CONFAB_REDIS_URL: 'http://cache', CONFAB_SYNC_BATCH_SIZE: '50' },
    ['--check'],
  );
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /CONFAB_PORT must be an integer in 0\.\.65535, got "eighty"/);
  assert.match(stderr, /CONFAB_REDIS_URL must start with redis: or rediss:\/\//);
  assert.doesNotMatch(stderr, /CONFAB_SYNC_BATCH_SIZE/);
});

test('npm start refuses an invalid value with the same message, without a stack trace', async () => {
  const dataDir = join(scratch, 'data-invalid');
  const { code, stderr } = await run({ CONFAB_DATA_DIR: dataDir, CONFAB_NODE_ID: '4096' }, []);
  assert.equal(code, 1);
  assert.match(stderr, /CONFAB_NODE_ID must be an integer in 0\.\.1023, got "4096"/);
  assert.doesNotMatch(stderr, /\n\s+at /);
  assert.ok(!existsSync(dataDir));
});

test('npm start with CONFAB_WORKERS=2 on the embedded SQLite store refuses before forking anything', async () => {
  const dataDir = join(scratch, 'data-workers');
  const { code, stdout, stderr } = await run({ CONFAB_DATA_DIR: dataDir, CONFAB_WORKERS: '2' }, []);
  assert.equal(code, 1);
  assert.match(
    stderr,
    /CONFAB_WORKERS=2 needs CONFAB_DATABASE_URL \(PostgreSQL\): each worker is a full node, and the embedded SQLite store locks its data directory to one process/,
  );
  assert.doesNotMatch(stdout, /Confab is running/);
  assert.ok(!existsSync(dataDir));
});
