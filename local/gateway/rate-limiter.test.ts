import type { RateLimit } from '#lib/catalogue/index.ts';
import type { Clock } from '#lib/clock.ts';
import { createRateLimiter } from './rate-limiter.ts';

/** A clock the test moves by hand. */
function manualClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  const clock: Clock = { now: () => new Date(now) };
  return { clock, advance: (ms: number) => (now += ms), set: (ms: number) => (now = ms) };
}

const takeMany = (take: () => { ok: boolean }, count: number) =>
  Array.from({ length: count }, take).filter((admission) => admission.ok).length;

describe('the gateway rate limiter', () => {
  const rate: RateLimit = { perSecond: 10, burst: 20 };

  it('lets a burst through at once, then refuses with the seconds until the next request', () => {
    const { clock } = manualClock();
    const limiter = createRateLimiter(() => rate, clock);

    expect(takeMany(() => limiter.take('GET /a'), 25)).toBe(20);
    expect(limiter.take('GET /a')).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it('refills at the rate, never beyond the burst', () => {
    const { clock, advance } = manualClock();
    const limiter = createRateLimiter(() => rate, clock);
    takeMany(() => limiter.take('GET /a'), 20);

    advance(500);
    expect(takeMany(() => limiter.take('GET /a'), 10)).toBe(5);
    advance(60_000);
    expect(takeMany(() => limiter.take('GET /a'), 30)).toBe(20);
  });

  it('keeps a bucket per key, each with its own rate', () => {
    const { clock } = manualClock();
    const rates: Record<string, RateLimit> = {
      'GET /a': rate,
      'GET /b': { perSecond: 1, burst: 2 },
    };
    const limiter = createRateLimiter((key) => rates[key]!, clock);

    expect(takeMany(() => limiter.take('GET /a'), 30)).toBe(20);
    expect(takeMany(() => limiter.take('GET /b'), 5)).toBe(2);
    expect(limiter.take('GET /b')).toEqual({ ok: false, retryAfterSeconds: 1 });
  });

  it('says how long a slow route makes its caller wait', () => {
    const { clock, advance } = manualClock();
    const limiter = createRateLimiter(() => ({ perSecond: 0.25, burst: 1 }), clock);

    expect(limiter.take('POST /slow')).toEqual({ ok: true });
    expect(limiter.take('POST /slow')).toEqual({ ok: false, retryAfterSeconds: 4 });
    advance(3000);
    expect(limiter.take('POST /slow')).toEqual({ ok: false, retryAfterSeconds: 1 });
    advance(1000);
    expect(limiter.take('POST /slow')).toEqual({ ok: true });
  });

  it('refills nothing when the clock steps back', () => {
    const { clock, advance, set } = manualClock(1_000_000);
    const limiter = createRateLimiter(() => rate, clock);
    takeMany(() => limiter.take('GET /a'), 20);

    set(0);
    expect(limiter.take('GET /a').ok).toBe(false);
    advance(100);
    expect(limiter.take('GET /a').ok).toBe(true);
  });
});
