import { AppError } from '#lib/errors.ts';

export const RETRY = Symbol('retry');

/**
 * Runs an optimistic step until it stops asking to retry. Concurrent writers of one product each lose
 * to a newer version and plan again from fresh reads; full-jitter backoff spreads them apart.
 */
export async function withRetries<T>(step: () => Promise<T | typeof RETRY>, maxAttempts = 60): Promise<T> {
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (attempt > 0) await sleep(Math.random() * Math.min(100, 4 * 2 ** attempt));
    const result = await step();
    if (result !== RETRY) return result;
  }
  throw new AppError('rate_limited', 'This stock is changing too fast right now; try again shortly.', {
    headers: { 'retry-after': '1' },
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
