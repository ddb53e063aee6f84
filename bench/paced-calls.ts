/**
 * The open-loop driver of `paced-post.ts` for any asynchronous operation: call i is due at
 * start + i / rate, at most `parallel` run at once, and a call that waits for a free slot counts
 * its latency from when it was due (a stalled operation is not hidden by calling it less often).
 * For the latency floors beside an HTTP goal: a raw database commit or a disk flush at the same
 * rate as the requests.
 *
 * @example
 *   const m = await pacedCalls(() => pool.query(insertOne, row()), { rate: 1800, parallel: 4, seconds: 10, slowMs: 20 });
 *   m.p99; // ms from due to done
 */
export interface PacedCallsResult {
  /** Calls that succeeded, a second over the run. */
  rate: number;
  p50: number;
  p99: number;
  max: number;
  ok: number;
  failed: number;
  /** Calls that took (from due) longer than `slowMs`. */
  slow: number;
}

export interface PacedCallsOptions {
  rate: number;
  parallel: number;
  seconds: number;
  /** Over this many ms (from due) a call counts as slow: the caller's latency goal. */
  slowMs: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function pacedCalls(
  call: () => Promise<unknown>,
  { rate, parallel, seconds, slowMs }: PacedCallsOptions,
): Promise<PacedCallsResult> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.max(1, parallel) }, async () => {
      while (next < total) {
        const due = started + (next * 1000) / rate;
        next += 1;
        // Node truncates a timer's delay to whole milliseconds: wait again until it is due.
        for (let wait = due - performance.now(); wait > 0; wait = due - performance.now()) {
          await sleep(Math.ceil(wait));
        }
        try {
          await call();
          latencies.push(performance.now() - due);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    rate: latencies.length / Math.max(seconds, elapsed),
    p50: Math.round(percentile(latencies, 0.5) * 10) / 10,
    p99: Math.round(percentile(latencies, 0.99) * 10) / 10,
    max: Math.round((latencies.at(-1) ?? 0) * 10) / 10,
    ok: latencies.length,
    failed,
    slow: latencies.filter((l) => l > slowMs).length,
  };
}
