import { notFound } from '#lib/errors.ts';
import type { Page } from '#lib/pagination.ts';
import type { HistoryEntry } from '../domain/price.ts';
import type { PriceStore } from '../ports.ts';

/** Every list price a product has had, newest first. A product never priced has no history: 404. */
export const makeListPriceHistory =
  ({ prices }: { prices: PriceStore }) =>
  async (productId: string, limit: number, cursor: string | undefined): Promise<Page<HistoryEntry>> => {
    const page = await prices.listHistory(productId, limit, cursor);
    // Every price has at least one entry, so an empty first page means no price was ever set.
    if (page.items.length === 0 && cursor === undefined) throw notFound('Price of product', productId);
    return page;
  };
