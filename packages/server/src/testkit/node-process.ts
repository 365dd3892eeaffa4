// Real server processes for cluster and crash tests: `npm start`'s entry point with a given environment,
// on 127.0.0.1 and a free port. The URLs are read from what the process prints at start.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// From sources (the @confab/source condition) or from dist/: the entry point next to this file's folder.
const MAIN = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../main.ts' : '../main.js', import.meta.url),
);

export interface NodeProcess {
  readonly apiUrl: string;
  readonly wsUrl: string;
  readonly child: ChildProcess;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** kill -9: no shutdown code runs. */
  crash(): Promise<void>;
  /** SIGTERM and wait for a graceful exit. */
  stop(): Promise<void>;
}

export async function spawnNode(
  env: Record<string, string>,
  startTimeoutMs = 20_000,
  /** Extra Node flags, e.g. --cpu-prof for profiling. */
  nodeArgs: string[] = [],
): Promise<NodeProcess> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--conditions=@confab/source', '--import', 'tsx', MAIN],
    {
      env: { ...process.env, CONFAB_HOST: '127.0.0.1', CONFAB_PORT: '0', CONFAB_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const urls = await new Promise<{ apiUrl: string; wsUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // a node that never started must not outlive the caller (or keep it running)
      reject(new Error(`node did not start in ${startTimeoutMs} ms:\n${out}`));
    }, startTimeoutMs);
    const check = () => {
      const api = /REST base URL \(apiUrl\): (\S+)/.exec(out)?.[1];
      const ws = /WebSocket URL \(url\):\s+(\S+)/.exec(out)?.[1];
      if (api && ws) {
        clearTimeout(timer);
        resolve({ apiUrl: api, wsUrl: ws });
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code} before starting:\n${out}`));
    });
  });

  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await exited;
  };
  return { ...urls, child, output: () => out, crash: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
