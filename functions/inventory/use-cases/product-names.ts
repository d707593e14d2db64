import { LRUCache } from 'lru-cache';
import type { ProductStore } from '../ports.ts';

/** Names this instance keeps; past that, the least recent is forgotten (and read again when asked for). */
const REMEMBERED_NAMES = 10_000;

/**
 * Products' names by id, for the lines of a new reservation (Sales' receipts). A name never changes
 * once its product is created (store/items.ts), so each is read once per function instance, all of a
 * request's unknown ones in one read, and an order of known products costs no request at all. An
 * unknown product is absent, and asked for again next time.
 */
export function makeProductNames(deps: { products: ProductStore }) {
  const known = new LRUCache<string, string>({ max: REMEMBERED_NAMES });
  return async (productIds: readonly string[]): Promise<Map<string, string>> => {
    const unknown = productIds.filter((productId) => !known.has(productId));
    if (unknown.length > 0) {
      for (const [productId, name] of await deps.products.getNames(unknown)) {
        known.set(productId, name);
      }
    }
    return new Map(
      productIds.flatMap((productId) => {
        const name = known.get(productId);
        return name === undefined ? [] : [[productId, name] as const];
      }),
    );
  };
}
