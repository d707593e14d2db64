import type { Clock } from '#lib/clock.ts';
import { mapConcurrently } from '#lib/map-concurrently.ts';
import type { PriceStore, PromotionStore } from '../ports.ts';
import { type PriceView, priceView, readCurrentPrice } from './current-price.ts';

interface Deps {
  prices: PriceStore;
  promotions: PromotionStore;
  clock: Clock;
}

/** Enough reads in flight to answer a 50-line order at once without a burst against one table. */
const CONCURRENT_READS = 10;

/**
 * The effective prices of several products at one instant, in the order asked; a product without a
 * list price is left out (the caller sees which are missing). Sales prices a whole order with this
 * one request instead of one call per line.
 */
export const makeGetPrices =
  (deps: Deps) =>
  async (productIds: readonly string[]): Promise<PriceView[]> => {
    const now = deps.clock.now().toISOString();
    const current = await mapConcurrently(productIds, CONCURRENT_READS, (productId) =>
      readCurrentPrice(deps, productId, now),
    );
    return current.flatMap(({ price, effective }) => (price ? [priceView(price, effective)] : []));
  };
