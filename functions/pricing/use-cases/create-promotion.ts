import type { Clock } from '#lib/clock.ts';
import { AppError } from '#lib/errors.ts';
import { type Discount, normaliseTime, type StoredPromotion } from '../domain/promotion.ts';
import type { Metrics, NewId, PriceStore, PromotionStore } from '../ports.ts';
import type { ApplyPromotion } from './apply-promotion.ts';
import { type PromotionView, promotionView } from './promotion-view.ts';

export interface NewPromotion {
  name: string;
  productIds: string[];
  discount: Discount;
  startsAt: string;
  endsAt: string;
  correlationId: string;
  /** The caller (`principal.actor`), recorded as `createdBy`. */
  actor: string;
}

interface Deps {
  prices: PriceStore;
  promotions: PromotionStore;
  clock: Clock;
  metrics: Metrics;
  newId: NewId;
  applyPromotion: ApplyPromotion;
}

/**
 * 1. refuse a promotion that would already be over; 2. check every product has a list price;
 * 3. store it (links, then the promotion row, due at its start); 4. if it is already active, apply it
 * now so PriceChanged goes out with the answer (the schedule would otherwise do it on its next tick).
 *
 * Products without a list price: 404 `not_found`, with `errors` naming each one. Pricing does not know
 * Inventory's products; for Pricing a product exists once it has a price, the same rule GET uses, so
 * a promotion on an unpriced product is a reference to something not found (not a state conflict).
 */
export const makeCreatePromotion =
  ({ prices, promotions, clock, metrics, newId, applyPromotion }: Deps) =>
  async (input: NewPromotion): Promise<PromotionView> => {
    const now = clock.now().toISOString();
    const startsAt = normaliseTime(input.startsAt);
    const endsAt = normaliseTime(input.endsAt);
    if (endsAt <= now) {
      throw new AppError('validation_failed', 'The promotion would already be over.', {
        errors: [{ path: 'body.endsAt', message: 'must be in the future' }],
      });
    }

    const priced = await prices.pricedProducts(input.productIds);
    const unpriced = input.productIds.flatMap((productId, index) =>
      priced.has(productId) ? [] : [{ productId, index }],
    );
    if (unpriced.length > 0) {
      throw new AppError(
        'not_found',
        `No list price is set for: ${unpriced.map((u) => u.productId).join(', ')}.`,
        {
          errors: unpriced.map(({ productId, index }) => ({
            path: `body.productIds.${index}`,
            message: `product '${productId}' has no list price`,
            productId,
          })),
        },
      );
    }

    const promotion: StoredPromotion = {
      promotionId: newId('promo_'),
      name: input.name,
      productIds: input.productIds,
      discount: input.discount,
      startsAt,
      endsAt,
      endedAt: null,
      createdAt: now,
      createdBy: input.actor,
      endedBy: null,
      phase: 'SCHEDULED',
      rev: 1,
    };
    await promotions.create(promotion);
    metrics.count('PromotionCreated');
    if (startsAt <= now) await applyPromotion(promotion.promotionId, input.correlationId);
    return promotionView(promotion, clock.now().toISOString());
  };
