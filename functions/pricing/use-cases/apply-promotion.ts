import type { Clock } from '#lib/clock.ts';
import { mapConcurrently } from '#lib/map-concurrently.ts';
import { nextTransition, statusAt, transitionActor } from '../domain/promotion.ts';
import type { PromotionStore } from '../ports.ts';
import type { ReconcilePrice } from './reconcile-price.ts';

/** Products reconciled at once: enough to finish a 100-product promotion quickly, few enough to stay polite. */
const CONCURRENCY = 8;

interface Deps {
  promotions: PromotionStore;
  clock: Clock;
  reconcile: ReconcilePrice;
}

/**
 * Applies a promotion's pending transition (start, end, early end): every product it names is
 * reconciled (version bump + PriceChanged for each whose effective price moved), then the promotion's
 * phase is advanced conditionally on the revision read. A crash in between, a second tick or a
 * concurrent one repeats the reconciliation, which finds nothing left to change, so nothing is
 * announced twice; the phase is only recorded once every product is done. The PriceChanged events
 * carry the transition's actor, read from the promotion (creator, DELETE's caller or the schedule), so
 * the request and a tick that races it announce the same actor.
 */
export const makeApplyPromotion =
  ({ promotions, clock, reconcile }: Deps) =>
  async (promotionId: string, correlationId: string): Promise<{ changed: number; advanced: boolean }> => {
    // 1. read the promotion as it stands
    const promotion = await promotions.get(promotionId);
    if (!promotion) return { changed: 0, advanced: false };
    // 2. bring each of its products' prices up to date, on behalf of whoever caused this transition
    const actor = transitionActor(promotion, statusAt(promotion, clock.now().toISOString()));
    const results = await mapConcurrently(promotion.productIds, CONCURRENCY, (productId) =>
      reconcile(productId, correlationId, actor),
    );
    // 3. record the phase now applied, at the revision read
    const phase = statusAt(promotion, clock.now().toISOString());
    const advanced = await promotions.advance(
      promotion.promotionId,
      promotion.rev,
      phase,
      nextTransition(promotion, phase),
    );
    return { changed: results.filter(Boolean).length, advanced };
  };

export type ApplyPromotion = ReturnType<typeof makeApplyPromotion>;
