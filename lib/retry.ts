import { AppError } from '#lib/errors.ts';

export const RETRY = Symbol('retry');

/**
 * Time, not attempts, bounds the work: how many rounds a writer loses depends on how many others
 * write the same item, so a count that suits 2 writers is far too short or far too long for 200.
 * Callers (Sales waits 9 s for Inventory) must wait longer than this, or they give up on a request
 * that still completes.
 */
export const RETRY_BUDGET_MS = 6000;
const BACKOFF_BASE_MS = 5;
const BACKOFF_CAP_MS = 200;

/**
 * Runs an optimistic step (read, decide, write conditioned on what was read) until it stops asking to
 * retry. Concurrent writers of one item each lose to a newer version and plan again from fresh reads;
 * full-jitter backoff spreads them apart. Out of time, the answer is a retryable 429.
 */
export async function withRetries<T>(
  step: () => Promise<T | typeof RETRY>,
  budgetMs = RETRY_BUDGET_MS,
): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      const wait = Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
      if (Date.now() + wait >= deadline) break;
      await sleep(wait);
    }
    const result = await step();
    if (result !== RETRY) return result;
  }
  throw new AppError('rate_limited', 'This is changing too fast right now; try again shortly.', {
    headers: { 'retry-after': '1' },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
