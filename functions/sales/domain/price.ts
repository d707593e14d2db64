/** A price as Sales knows it: Pricing's effective price of a product, with when Sales learned it. */
export interface CachedPrice {
  productId: string;
  amount: number;
  currency: string;
  listAmount: number;
  version: number;
  /** When Sales stored it (from an event or a fetch); the fallback age counts from here. */
  fetchedAt: string;
  /**
   * The instant this price is known to have been Pricing's current one: the fetch time for an
   * answer from Pricing, the change time for a `PriceChanged` event.
   */
  currentAt: string;
}

export interface PricePolicy {
  /** A cache entry known current within this window is charged without asking Pricing. */
  freshMs: number;
  /** When Pricing cannot answer, an entry stored within this age still serves. */
  maxAgeMs: number;
}

/**
 * Freshness is what makes "a new list price is charged on orders placed a second after it was set"
 * true even when the `PriceChanged` event is slow: only a price verified within `freshMs` (< 1 s) is
 * trusted as is, anything older is re-read from Pricing first and only used as a fallback.
 */
export const isFresh = (price: CachedPrice, now: number, policy: PricePolicy): boolean =>
  now - Date.parse(price.currentAt) < policy.freshMs;

export const canServeAsFallback = (price: CachedPrice, now: number, policy: PricePolicy): boolean =>
  now - Date.parse(price.fetchedAt) < policy.maxAgeMs;

/**
 * A stored entry that Pricing's answer only confirms (same version and amount) is not written again
 * while its stored time is within this share of the fallback age: the fallback window then counts from
 * at most a minute (at the default hour) before the last confirmation, never after it, and an order of a
 * product already in the cache costs no cache write.
 */
const REWRITE_SHARE = 1 / 60;

export const needsRewrite = (
  stored: CachedPrice | undefined,
  quote: { amount: number; version: number },
  now: number,
  policy: PricePolicy,
): boolean =>
  !stored ||
  stored.version !== quote.version ||
  stored.amount !== quote.amount ||
  now - Date.parse(stored.fetchedAt) >= policy.maxAgeMs * REWRITE_SHARE;
