// Helpers for the processes the benchmarks start: file-descriptor limits, readiness from output, and
// stopping by pid (never by name).
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Raises RLIMIT_NOFILE of a running process to at least `n` and never lowers it: above the hard limit
 * that needs CAP_SYS_RESOURCE (root in a container may lack it), and without it the soft limit is still
 * raised to the hard one. Returns whether the soft limit is now ≥ `n`.
 */
export function raiseNoFile(pid: number, n: number): boolean {
  const [soft, hard] = noFileLimits(pid);
  if (soft >= n) return true;
  const set = (s: number, h: number) => {
    try {
      execFileSync('prlimit', [`--pid=${pid}`, `--nofile=${s}:${h}`], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (n <= hard) return set(n, hard);
  if (set(n, n)) return true;
  if (Number.isFinite(hard)) set(hard, hard);
  return false;
}

/** Soft and hard RLIMIT_NOFILE of a process (NaN when unreadable). */
export function noFileLimits(pid: number): [soft: number, hard: number] {
  try {
    const m = /^Max open files\s+(\d+)\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
    return m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  } catch {
    return [NaN, NaN];
  }
}

/** The soft RLIMIT_NOFILE of a process. */
export function noFile(pid: number): number {
  return noFileLimits(pid)[0];
}

/** Resolves with the first match of `re` in the child's stdout/stderr, or rejects on exit or timeout. */
export function waitForOutput(child: ChildProcess, re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`no ${String(re)} in ${timeoutMs} ms:\n${out}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = re.exec(out);
      if (m) done(undefined, m);
    };
    const onExit = (code: number | null) => done(new Error(`exited with ${code}:\n${out}`));
    const done = (err?: Error, m?: RegExpExecArray) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolve(m!);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Whether a pid is alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
