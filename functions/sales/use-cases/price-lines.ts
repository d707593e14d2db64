import { LRUCache } from 'lru-cache';
import { AppError, isAppError } from '#lib/errors.ts';
import {
  type CachedPrice,
  canServeAsFallback,
  isFresh,
  needsRewrite,
  type PricePolicy,
} from '../domain/price.ts';
import type { Clock, Metrics, PriceCache, PriceQuote, PriceSource, PricingGateway } from '../ports.ts';

interface Deps {
  cache: PriceCache;
  pricing: PricingGateway;
  clock: Clock;
  metrics: Metrics;
  policy: PricePolicy;
}

/** Confirmations this instance keeps; one per product recently sold is plenty. */
const CONFIRMATIONS = 10_000;

/**
 * Step 2 of the order flow. A cached price verified within the freshness window is used as is; the
 * others are asked of Pricing in one request (and its answers cached), and only when Pricing cannot
 * answer does a cached price younger than the max age serve. A product Pricing has no price for
 * cannot be sold.
 */
export function makePriceSource({ cache, pricing, clock, metrics, policy }: Deps): PriceSource {
  /**
   * When Pricing last confirmed a stored entry this instance did not write again (needsRewrite): the
   * entry is known current from then, for this instance, while it is still that version.
   */
  const confirmed = new LRUCache<string, { version: number; at: string }>({ max: CONFIRMATIONS });

  const knownCurrent = (entry: CachedPrice, now: number): boolean => {
    if (isFresh(entry, now, policy)) return true;
    const confirmation = confirmed.get(entry.productId);
    return (
      confirmation?.version === entry.version &&
      isFresh({ ...entry, currentAt: confirmation.at }, now, policy)
    );
  };

  /** Pricing's answers for `productIds`, or `undefined` when Pricing cannot answer now. */
  async function askPricing(productIds: string[], cached: Map<string, CachedPrice>, correlationId: string) {
    const askedAt = clock.now().toISOString();
    const now = clock.now().getTime();
    const patient = productIds.some((id) => {
      const entry = cached.get(id);
      return !entry || !canServeAsFallback(entry, now, policy);
    });
    try {
      return { askedAt, quotes: await pricing.currentPrices(productIds, correlationId, { patient }) };
    } catch (error) {
      if (isAppError(error) && error.code === 'dependency_unavailable') return { askedAt, down: error };
      throw error;
    }
  }

  function fallback(productId: string, cached: CachedPrice | undefined, cause: AppError): number {
    if (cached && canServeAsFallback(cached, clock.now().getTime(), policy)) {
      metrics.count('PriceCacheFallback');
      return cached.amount;
    }
    throw new AppError('price_unavailable', `No current price for '${productId}': Pricing is unavailable.`, {
      headers: { 'retry-after': '5' },
      cause,
    });
  }

  /**
   * Pricing's answer is the price now: it is charged, and cached unless a newer change already is, or
   * the cache already holds it (then only this instance remembers the confirmation).
   */
  async function fromPricing(quote: PriceQuote, stored: CachedPrice | undefined, askedAt: string) {
    const now = clock.now();
    const at = now.toISOString();
    if (!needsRewrite(stored, quote, now.getTime(), policy)) {
      confirmed.set(quote.productId, { version: quote.version, at });
      return quote.amount;
    }
    // Caching is an optimisation: a failed write must not fail the sale.
    await cache.putFromPricing({ ...quote, fetchedAt: at, currentAt: at }, askedAt).catch(() => false);
    return quote.amount;
  }

  return {
    async unitPrices(productIds, correlationId) {
      const cached = await cache.getMany(productIds);
      const now = clock.now().getTime();
      const prices = new Map<string, number>();
      const stale: string[] = [];
      for (const id of productIds) {
        const entry = cached.get(id);
        if (entry && knownCurrent(entry, now)) prices.set(id, entry.amount);
        else stale.push(id);
      }
      if (prices.size > 0) metrics.count('PriceCacheHit', prices.size);
      if (stale.length === 0) return prices;
      metrics.count('PriceCacheMiss', stale.length);

      const answer = await askPricing(stale, cached, correlationId);
      const unpriced: string[] = [];
      for (const id of stale) {
        const quote = answer.quotes?.get(id);
        if (answer.down) prices.set(id, fallback(id, cached.get(id), answer.down));
        else if (quote) prices.set(id, await fromPricing(quote, cached.get(id), answer.askedAt));
        else unpriced.push(id);
      }
      if (unpriced.length > 0) {
        throw new AppError(
          'conflict',
          `No price is set for: ${unpriced.join(', ')}; these products cannot be sold.`,
          {
            errors: unpriced.map((productId) => ({ path: 'body.lines', message: 'has no price', productId })),
          },
        );
      }
      return prices;
    },
  };
}
