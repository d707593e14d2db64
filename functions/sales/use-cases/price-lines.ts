import { AppError, isAppError } from '#lib/errors.ts';
import { type CachedPrice, canServeAsFallback, isFresh, newer, type PricePolicy } from '../domain/price.ts';
import type { Clock, Metrics, PriceCache, PriceSource, PricingGateway } from '../ports.ts';

interface Deps {
  cache: PriceCache;
  pricing: PricingGateway;
  clock: Clock;
  metrics: Metrics;
  policy: PricePolicy;
}

/**
 * Step 2 of the order flow. A cached price verified within the freshness window is used as is;
 * otherwise Pricing is asked first (and its answer cached), and only when Pricing cannot answer does
 * a cached price younger than the max age serve. A product Pricing has no price for cannot be sold.
 */
export function makePriceSource({ cache, pricing, clock, metrics, policy }: Deps): PriceSource {
  async function priceOf(productId: string, cached: CachedPrice | undefined, correlationId: string) {
    const now = clock.now().getTime();
    if (cached && isFresh(cached, now, policy)) {
      metrics.count('PriceCacheHit');
      return cached.amount;
    }
    metrics.count('PriceCacheMiss');
    try {
      const quote = await pricing.currentPrice(productId, correlationId);
      if (quote === null) return null;
      const at = clock.now().toISOString();
      const fetched: CachedPrice = { ...quote, fetchedAt: at, currentAt: at };
      // Caching is an optimisation: a failed write must not fail the sale.
      await cache.putIfNewer(fetched, { refreshSameVersion: true }).catch(() => false);
      return newer(cached, fetched).amount;
    } catch (error) {
      if (!(isAppError(error) && error.code === 'dependency_unavailable')) throw error;
      if (cached && canServeAsFallback(cached, clock.now().getTime(), policy)) {
        metrics.count('PriceCacheFallback');
        return cached.amount;
      }
      throw new AppError(
        'price_unavailable',
        `No current price for '${productId}': Pricing is unavailable.`,
        {
          headers: { 'retry-after': '5' },
          cause: error,
        },
      );
    }
  }

  return {
    async unitPrices(productIds, correlationId) {
      const cached = await cache.getMany(productIds);
      const settled = await Promise.allSettled(
        productIds.map((id) => priceOf(id, cached.get(id), correlationId)),
      );
      const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
      const prices = new Map<string, number>();
      const unpriced: string[] = [];
      settled.forEach((result, i) => {
        const id = productIds[i]!;
        const amount = (result as PromiseFulfilledResult<number | null>).value;
        if (amount === null) unpriced.push(id);
        else prices.set(id, amount);
      });
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
