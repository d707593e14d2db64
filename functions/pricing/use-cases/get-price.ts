import type { Clock } from '#lib/clock.ts';
import { notFound } from '#lib/errors.ts';
import type { PriceStore, PromotionStore } from '../ports.ts';
import { type PriceView, priceView, readCurrentPrice } from './current-price.ts';

interface Deps {
  prices: PriceStore;
  promotions: PromotionStore;
  clock: Clock;
}

/** Pricing does not know Inventory's products: a product without a list price is simply not found. */
export const makeGetPrice =
  (deps: Deps) =>
  async (productId: string): Promise<PriceView> => {
    const { price, effective } = await readCurrentPrice(deps, productId, deps.clock.now().toISOString());
    if (!price) throw notFound('Price of product', productId);
    return priceView(price, effective);
  };
