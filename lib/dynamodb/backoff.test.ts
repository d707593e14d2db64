import fc from 'fast-check';
import { withDeadline } from '../deadline.ts';
import { AppError } from '../errors.ts';
import { backoffDelay, DEADLINE_MARGIN_MS, RETRY, withRetries } from './backoff.ts';

describe('backoffDelay', () => {
  it('waits between 0 and min(cap, base * 2^attempt)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: 1, max: 5000 }),
        (attempt, baseMs, capMs) => {
          const wait = backoffDelay(attempt, { baseMs, capMs });
          return wait >= 0 && wait <= Math.min(capMs, baseMs * 2 ** attempt);
        },
      ),
    );
  });

  it('is jittered: repeated draws for one attempt differ and spread over the range', () => {
    const waits = Array.from({ length: 200 }, () => backoffDelay(10, { baseMs: 10, capMs: 1000 }));
    expect(new Set(waits).size).toBeGreaterThan(150);
    expect(Math.min(...waits)).toBeLessThan(250);
    expect(Math.max(...waits)).toBeGreaterThan(750);
  });

  it('defaults to a 1 s cap', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), (attempt) => backoffDelay(attempt) <= 1000));
  });
});

describe('withRetries', () => {
  it('runs the step again until it stops asking to retry', async () => {
    let calls = 0;
    const result = await withRetries(async () => (++calls < 4 ? RETRY : 'done'));

    expect(result).toBe('done');
    expect(calls).toBe(4);
  });

  it('answers a retryable 429 when the budget runs out', async () => {
    const started = Date.now();
    const failure = await withRetries(async () => RETRY, { budgetMs: 100 }).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({
      code: 'rate_limited',
      status: 429,
      message: 'This is changing too fast right now; try again shortly.',
      headers: { 'retry-after': '1' },
    });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('gives up before the request deadline, however long its own budget', async () => {
    let calls = 0;
    const started = Date.now();
    const failure = await withDeadline(Date.now() + DEADLINE_MARGIN_MS + 150, () =>
      withRetries(
        async () => {
          calls++;
          return RETRY;
        },
        { budgetMs: 60_000 },
      ),
    ).catch((e: unknown) => e);

    expect(failure).toMatchObject({ code: 'rate_limited' });
    expect(calls).toBeGreaterThan(1);
    expect(Date.now() - started).toBeLessThan(DEADLINE_MARGIN_MS + 150);
  });

  it('still tries once when the deadline has already passed', async () => {
    const result = await withDeadline(Date.now() - 1, () => withRetries(async () => 42));

    expect(result).toBe(42);
  });
});
