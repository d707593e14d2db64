import { notFound } from '#lib/errors.ts';
import { type PriceView, priceView, readCurrentPrice } from './current-price.ts';
import type { Clock, PricingStore } from './ports.ts';

/** Pricing does not know Inventory's products: a product without a list price is simply not found. */
export const makeGetPrice =
  ({ store, clock }: { store: PricingStore; clock: Clock }) =>
  async (productId: string): Promise<PriceView> => {
    const { price, effective } = await readCurrentPrice(store, productId, clock().toISOString());
    if (!price) throw notFound('Price of product', productId);
    return priceView(price, effective);
  };
