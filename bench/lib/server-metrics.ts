// Confab's own event-loop delay, read from each node's `GET /healthz?detail=1` (only the process itself can
// measure it). Reset before a row, read after: the row's worst node.
import { randomBytes } from 'node:crypto';

/** The operator token every bench node is started with: resetting the histogram needs it. */
export const BENCH_OPERATOR = `op_bench_${randomBytes(12).toString('hex')}`;

export async function resetServerLoop(apiUrls: readonly string[]): Promise<void> {
  const headers = { authorization: `Bearer ${BENCH_OPERATOR}` };
  await Promise.all(
    apiUrls.map((u) => fetch(`${u}/healthz?detail=1&reset=1`, { headers }).then((r) => r.arrayBuffer())),
  );
}

export async function serverLoopP99(apiUrls: readonly string[]): Promise<number | undefined> {
  if (apiUrls.length === 0) return undefined;
  const p99s = await Promise.all(
    apiUrls.map(async (u) => {
      const body = (await (await fetch(`${u}/healthz?detail=1`)).json()) as {
        eventLoopDelayMs?: { p99?: number };
      };
      return body.eventLoopDelayMs?.p99 ?? NaN;
    }),
  );
  return Math.max(...p99s);
}
