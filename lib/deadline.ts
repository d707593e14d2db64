import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from './errors.ts';

/**
 * The one request deadline: the pipeline runs each invocation inside the time Lambda gives it
 * (`context.getRemainingTimeInMillis()`), and every retry budget and outbound time-out is cut to fit,
 * so no step can outlive the function's timeout. A use case may narrow it for one step (`within`), to
 * keep time for the steps after it; nothing can widen it.
 */
const current = new AsyncLocalStorage<number>();

/**
 * Kept back from the Lambda's own timeout for what runs after the work: the idempotency record of the
 * answer, the answer itself, logs and metrics. Applied once, where the deadline is taken from the context.
 */
export const SAFETY_MARGIN_MS = 1_000;

/** Runs `work` with a deadline at epoch-millisecond `at`, or the current one if that is earlier. */
export const withDeadline = <T>(at: number, work: () => Promise<T>): Promise<T> =>
  current.run(Math.min(at, current.getStore() ?? Number.POSITIVE_INFINITY), work);

/**
 * The deadline of an invocation: what Lambda (locally, the same) gives it, less the safety margin.
 * A context without the method (a handler called by hand) has no deadline.
 */
export function deadlineFromContext(
  context: { getRemainingTimeInMillis?: () => number } | undefined,
): number {
  const remaining = context?.getRemainingTimeInMillis?.();
  return remaining === undefined ? Number.POSITIVE_INFINITY : Date.now() + remaining - SAFETY_MARGIN_MS;
}

/** Milliseconds left before the current deadline; Infinity outside an invocation (tests, scripts). */
export function remainingMs(): number {
  const at = current.getStore();
  return at === undefined ? Number.POSITIVE_INFINITY : Math.max(0, at - Date.now());
}

/** A time-out or budget for one call: its own cap, cut to what is left of the deadline. */
export const timeoutFor = (capMs: number): number => Math.max(0, Math.min(capMs, remainingMs()));

/** Runs `work` with at most `budgetMs` of the current deadline, keeping the rest for what follows. */
export const within = <T>(budgetMs: number, work: () => Promise<T>): Promise<T> =>
  withDeadline(Date.now() + Math.max(0, budgetMs), work);

/** The answer when too little time is left to start (or go on with) a step: retryable, nothing half done. */
export const outOfTime = (what: string): AppError =>
  new AppError('dependency_unavailable', 'This request ran out of time; try again shortly.', {
    headers: { 'retry-after': '1' },
    cause: new Error(`out of time before ${what} (${remainingMs()} ms left)`),
  });

/** Throws `outOfTime` unless at least `needMs` are left; for a step that must not be cut off. */
export function requireTime(needMs: number, what: string): void {
  if (remainingMs() < needMs) throw outOfTime(what);
}
