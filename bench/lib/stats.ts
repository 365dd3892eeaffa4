// Latency percentiles and process resource readings (Linux /proc) for benchmark reports.
import { readdirSync, readFileSync } from 'node:fs';

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(latencies: number[]) {
  const s = Float64Array.from(latencies).sort();
  return {
    p50: percentile(s, 50),
    p99: percentile(s, 99),
    p999: percentile(s, 99.9),
    max: s.length ? s[s.length - 1]! : NaN,
  };
}

const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) on Linux x86_64

/** The process and its live descendants (a server with `CONFAB_WORKERS` is a primary and its workers). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${out[i]}/task`);
    } catch {
      continue; // exited
    }
    for (const t of tasks) {
      try {
        const kids = readFileSync(`/proc/${out[i]}/task/${t}/children`, 'utf8').trim();
        if (kids) out.push(...kids.split(' ').map(Number));
      } catch {
        // the thread ended
      }
    }
  }
  return out;
}

function ownCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** A /proc reading summed over a process and its live descendants (one that exits meanwhile counts 0). */
function overTree(pid: number, read: (pid: number) => number): number {
  let sum = 0;
  for (const p of processTree(pid)) {
    try {
      sum += read(p);
    } catch {
      // exited between the listing and the reading
    }
  }
  return sum;
}

/** CPU seconds (user + system) a process and its live descendants have used so far. */
export const cpuSeconds = (pid: number): number => overTree(pid, ownCpuSeconds);

function ownRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : 0;
}

/** Resident set size in bytes of a process and its live descendants (NaN when none could be read). */
export const rssBytes = (pid: number): number => overTree(pid, ownRssBytes) || NaN;

/** µs of CPU per unit (message, login, connection), from CPU seconds; NaN when nothing was counted. */
export function usPer(cpuSec: number, units: number): number {
  return units > 0 ? Math.round((cpuSec / units) * 1e6) : NaN;
}

/** CPU seconds of several processes together (a process that has exited counts 0). */
export function cpuSecondsOf(pids: readonly number[]): number {
  let sum = 0;
  for (const p of pids) {
    try {
      sum += cpuSeconds(p);
    } catch {
      // exited
    }
  }
  return sum;
}
