// Confab's own event-loop delay, read from each node's `GET /healthz?detail=1` (only the process itself can
// measure it). Reset before a row, read after: the row's worst node. A node of CONFAB_WORKERS processes
// answers from whichever worker the primary hands the connection to (round-robin), so each call goes on a
// fresh connection, ASKS times per node: every worker is reset and read.
import { randomBytes } from 'node:crypto';
import { freshGet } from '@confab/server/testkit';
import { cpus } from 'node:os';

/** The operator token every bench node is started with: resetting the histogram needs it. */
export const BENCH_OPERATOR = `op_bench_${randomBytes(12).toString('hex')}`;

/** Fresh connections per node: twice the most workers a bench node runs (one per core). */
const ASKS = 2 * cpus().length;

const each = <T>(apiUrls: readonly string[], ask: (u: string) => Promise<T>) =>
  Promise.all(apiUrls.flatMap((u) => Array.from({ length: ASKS }, () => ask(u))));

export async function resetServerLoop(apiUrls: readonly string[]): Promise<void> {
  const headers = { authorization: `Bearer ${BENCH_OPERATOR}` };
  await each(apiUrls, (u) => freshGet(`${u}/healthz?detail=1&reset=1`, headers));
}

export async function serverLoopP99(apiUrls: readonly string[]): Promise<number | undefined> {
  if (apiUrls.length === 0) return undefined;
  const p99s = await each(apiUrls, async (u) => {
    const body = JSON.parse((await freshGet(`${u}/healthz?detail=1`)).body) as {
      eventLoopDelayMs?: { p99?: number };
    };
    return body.eventLoopDelayMs?.p99 ?? NaN;
  });
  return Math.max(...p99s);
}
