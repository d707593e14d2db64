import type { Envelope } from '#lib/events/envelope.ts';
import type { Clock, PriceCache } from '../ports.ts';

/** How far ahead of Sales' clock an event's times may be: clocks of two machines differ a little. */
export const MAX_CLOCK_SKEW_MS = 60_000;

export type PriceChangeOutcome = 'recorded' | 'stale' | 'not-trusted';

interface Deps {
  cache: PriceCache;
  clock: Clock;
  /** The deployment's one currency: a price in another could not be charged. */
  currency: string;
}

/**
 * PriceChanged → Sales' price cache. The conditional write keeps the highest version, so a repeated
 * or out-of-order event changes nothing. Only Pricing's events in the deployment's currency, dated no
 * later than now (give or take the skew), are taken: in AWS only Pricing can publish to its topic, so
 * this is defence in depth against an event that would pin a wrong price; Pricing's own answer to a
 * later order still replaces any entry it never had (see `putFromPricing`).
 */
export function makeRecordPriceChange({ cache, clock, currency }: Deps) {
  return async (event: Envelope<'PriceChanged'>): Promise<PriceChangeOutcome> => {
    const { data } = event;
    const latest = clock.now().getTime() + MAX_CLOCK_SKEW_MS;
    const fromTheFuture = Date.parse(event.time) > latest || Date.parse(data.effectiveAt) > latest;
    if (event.source !== 'pricing' || data.currency !== currency || fromTheFuture) return 'not-trusted';
    const recorded = await cache.putIfNewer({
      productId: data.productId,
      amount: data.amount,
      currency: data.currency,
      listAmount: data.listAmount,
      version: data.version,
      fetchedAt: clock.now().toISOString(),
      // The price was current when Pricing published it, not necessarily now.
      currentAt: event.time,
    });
    return recorded ? 'recorded' : 'stale';
  };
}
