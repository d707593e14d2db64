import type { RateLimit } from '#lib/catalogue/index.ts';
import { type Clock, systemClock } from '#lib/clock.ts';

export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Spends one request of `key`'s budget, or says how long until the next one is available. */
  take(key: string): Admission;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * API Gateway's throttling, offline: a token bucket per key (a route key) that holds `burst` requests
 * and refills at `perSecond`. A full bucket is what an idle route has, so the first burst passes.
 */
export function createRateLimiter(
  rateOf: (key: string) => RateLimit,
  clock: Clock = systemClock,
): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(key) {
      const { perSecond, burst } = rateOf(key);
      const now = clock.now().getTime();
      const bucket = buckets.get(key) ?? { tokens: burst, at: now };
      // A clock that steps back refills nothing rather than draining the bucket.
      const elapsedMs = Math.max(0, now - bucket.at);
      bucket.tokens = Math.min(burst, bucket.tokens + (elapsedMs * perSecond) / 1000);
      bucket.at = now;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      // Whole seconds, as `Retry-After` takes them; never 0, which would invite an immediate retry.
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
    },
  };
}
