import type { Clock } from '#lib/clock.ts';
import { RETRY, withRetries } from '#lib/dynamodb/backoff.ts';
import { notFound } from '#lib/errors.ts';
import { statusAt } from '../domain/promotion.ts';
import type { PromotionStore } from '../ports.ts';
import type { ApplyPromotion } from './apply-promotion.ts';
import { type PromotionView, promotionView } from './promotion-view.ts';

/**
 * Ends a promotion now: it is marked ended (conditional on the revision read, so a concurrent tick or
 * DELETE cannot be overwritten), then applied at once, so the prices it lowered go back and PriceChanged
 * is published with the answer. Ending an ended promotion changes nothing and answers the same (its
 * `endedBy` stays the first caller's). `actor` is the caller, recorded as `endedBy`.
 */
export const makeEndPromotion =
  ({
    promotions,
    clock,
    applyPromotion,
  }: {
    promotions: PromotionStore;
    clock: Clock;
    applyPromotion: ApplyPromotion;
  }) =>
  (promotionId: string, correlationId: string, actor: string): Promise<PromotionView> =>
    withRetries(async () => {
      const promotion = await promotions.get(promotionId);
      if (!promotion) throw notFound('Promotion', promotionId);
      const now = clock.now().toISOString();
      if (statusAt(promotion, now) === 'ENDED') {
        // Already over (by DELETE or by its end): same answer; a pending transition is the schedule's.
        if (promotion.phase !== 'ENDED') await applyPromotion(promotionId, correlationId);
        return promotionView(promotion, now);
      }
      if (await promotions.end(promotionId, promotion.rev, now, actor)) {
        await applyPromotion(promotionId, correlationId);
        return promotionView({ ...promotion, endedAt: now, endedBy: actor }, now);
      }
      return RETRY;
    });
