import { mapConcurrently } from '#lib/map-concurrently.ts';
import { nextTransition, statusAt } from '../domain/promotion.ts';
import type { Clock, PricingStore, StoredPromotion } from './ports.ts';
import type { ReconcilePrice } from './reconcile-price.ts';

/** Products reconciled at once: enough to finish a 100-product promotion quickly, few enough to stay polite. */
const CONCURRENCY = 8;

/**
 * Applies a promotion's pending transition (start, end, early end): every product it names is
 * reconciled (version bump + PriceChanged for each whose effective price moved), then the promotion's
 * phase is advanced conditionally on the revision read. A crash in between, a second tick or a
 * concurrent one repeats the reconciliation, which finds nothing left to change, so nothing is
 * announced twice; the phase is only recorded once every product is done.
 */
export const makeApplyPromotion =
  ({ store, clock, reconcile }: { store: PricingStore; clock: Clock; reconcile: ReconcilePrice }) =>
  async (promotionId: string, correlationId: string): Promise<{ changed: number; advanced: boolean }> => {
    const promotion = await store.getPromotion(promotionId);
    if (!promotion) return { changed: 0, advanced: false };
    const results = await mapConcurrently(promotion.productIds, CONCURRENCY, (productId) =>
      reconcile(productId, correlationId),
    );
    const advanced = await advance(store, promotion, clock().toISOString());
    return { changed: results.filter(Boolean).length, advanced };
  };

export type ApplyPromotion = ReturnType<typeof makeApplyPromotion>;

function advance(store: PricingStore, promotion: StoredPromotion, now: string): Promise<boolean> {
  const phase = statusAt(promotion, now);
  return store.advancePromotion(
    promotion.promotionId,
    promotion.rev,
    phase,
    nextTransition(promotion, phase),
  );
}
