import { performance } from 'node:perf_hooks';

export interface LoadResult<T> {
  wallMs: number;
  latenciesMs: number[];
  outcomes: T[];
}

/**
 * Runs `total` calls of `task` with `concurrency` in flight at any time (a closed loop: each slot
 * starts its next call when the last one answers). `task(i, slot)` gets the call index and its slot.
 * After `maxMs` no new call starts (the calls in flight finish), so a slow machine still ends in time.
 */
export async function runClosedLoop<T>(
  total: number,
  concurrency: number,
  task: (index: number, slot: number) => Promise<T>,
  maxMs = Number.POSITIVE_INFINITY,
): Promise<LoadResult<T>> {
  const latenciesMs: number[] = [];
  const outcomes: T[] = [];
  let next = 0;
  const started = performance.now();
  const slot = async (id: number) => {
    while (next < total && performance.now() - started < maxMs) {
      const index = next++;
      const t0 = performance.now();
      const outcome = await task(index, id);
      latenciesMs.push(performance.now() - t0);
      outcomes.push(outcome);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, id) => slot(id)));
  return { wallMs: performance.now() - started, latenciesMs, outcomes };
}

/** How many of each outcome, e.g. `{ "201": 198, "409": 2 }`. */
export const tally = (outcomes: readonly (string | number)[]): Record<string, number> =>
  outcomes.reduce<Record<string, number>>((acc, o) => {
    acc[String(o)] = (acc[String(o)] ?? 0) + 1;
    return acc;
  }, {});
