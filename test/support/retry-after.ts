import { backoffDelay, sleep } from '#lib/dynamodb/backoff.ts';
import { AppError } from '#lib/errors.ts';

/**
 * Runs `write` as a client honouring `Retry-After` sends a request: a write that lost to the others
 * for its whole budget answers 503 (`dependency_unavailable`, nothing written) and is sent again. How
 * many 503s a busy machine gives depends on its speed; what is recorded in the end must not.
 */
export async function untilAnswered<T>(write: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const busy = error instanceof AppError && error.code === 'dependency_unavailable';
      if (!busy || attempt === attempts) throw error;
      await sleep(100 + backoffDelay(attempt, { baseMs: 200, capMs: 400 }));
    }
  }
}
