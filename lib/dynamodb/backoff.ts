import { remainingMs } from '../deadline.ts';
import { AppError } from '../errors.ts';

export interface BackoffOptions {
  /** The ceiling of the first retry's wait; it doubles with each attempt. */
  baseMs?: number;
  /** No wait is ever longer than this. */
  capMs?: number;
}

const DEFAULT_BASE_MS = 25;
const DEFAULT_CAP_MS = 1000;

/**
 * Full-jitter backoff (AWS Architecture Blog): a wait drawn uniformly from 0 up to
 * `min(cap, base * 2^attempt)`. The randomness, not the growth, is what spreads concurrent callers
 * apart, so every retry loop in the code uses this one formula.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { baseMs = DEFAULT_BASE_MS, capMs = DEFAULT_CAP_MS } = options;
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.random() * Math.max(0, ceiling);
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export const RETRY: unique symbol = Symbol('retry');

/**
 * Time, not attempts, bounds the work: how many rounds a writer loses depends on how many others
 * write the same item, so a count that suits 2 writers is far too short or far too long for 200.
 * Callers (Sales waits 9 s for Inventory) must wait longer than this, or they give up on a request
 * that still completes.
 */
export const RETRY_BUDGET_MS = 6000;

/** Left of the request deadline for answering the 429 itself. */
export const DEADLINE_MARGIN_MS = 250;

export interface RetryOptions extends BackoffOptions {
  budgetMs?: number;
}

/** The time a loop may spend: its own budget, cut to what the request deadline leaves. */
export const retryBudget = (budgetMs: number): number =>
  Math.max(0, Math.min(budgetMs, remainingMs() - DEADLINE_MARGIN_MS));

/**
 * Runs an optimistic step (read, decide, write conditioned on what was read) until it stops asking to
 * retry. Concurrent writers of one item each lose to a newer version and plan again from fresh reads;
 * full-jitter backoff spreads them apart. Out of time, the answer is a retryable 429.
 */
export async function withRetries<T>(
  step: () => Promise<T | typeof RETRY>,
  options: RetryOptions = {},
): Promise<T> {
  const { budgetMs = RETRY_BUDGET_MS, baseMs = 5, capMs = 200 } = options;
  const deadline = Date.now() + retryBudget(budgetMs);
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      const wait = backoffDelay(attempt, { baseMs, capMs });
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
